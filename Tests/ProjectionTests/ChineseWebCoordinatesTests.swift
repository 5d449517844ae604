import Foundation
import Testing
@testable import Projection

/// GCJ-02 and BD-09 against an independent implementation: the reference table is made by
/// `scripts/make_gcj02_fixtures.py` with coordtransform (checked there against prcoords),
/// 1,000 points over China, around the edges of the box where the offset stops, and
/// elsewhere in the world.
@Suite("GCJ-02 and BD-09")
struct ChineseWebCoordinatesTests {
    struct Reference {
        var wgs: [Double] = [], gcj: [Double] = [], bd: [Double] = []
    }

    static let reference: Reference = {
        let path = String(#filePath).replacingOccurrences(of: "ChineseWebCoordinatesTests.swift", with: "Fixtures/gcj02-bd09-reference.csv")
        let text = try! String(contentsOfFile: path, encoding: .utf8)
        var r = Reference()
        for line in text.split(separator: "\n") where !line.hasPrefix("#") && !line.hasPrefix("lon") {
            let v = line.split(separator: ",").map { Double($0)! }
            r.wgs += [v[0], v[1]]
            r.gcj += [v[2], v[3]]
            r.bd += [v[4], v[5]]
        }
        return r
    }()

    /// Ground distance in metres between two nearby longitude/latitude points.
    static func metres(_ a: [Double], _ b: [Double], _ i: Int) -> Double {
        let lat = a[2 * i + 1] * .pi / 180
        let dx = (a[2 * i] - b[2 * i]) * cos(lat) * 111_320, dy = (a[2 * i + 1] - b[2 * i + 1]) * 110_574
        return (dx * dx + dy * dy).squareRoot()
    }

    /// The largest distance over all points, and where.
    static func worst(_ a: [Double], _ b: [Double]) -> (metres: Double, point: Int) {
        (0..<(a.count / 2)).map { (metres(a, b, $0), $0) }.max { $0.0 < $1.0 }!
    }

    func transformed(_ xy: [Double], from: CRS, to: CRS, _ direction: Transformer.Direction = .forward) throws -> [Double] {
        var out = xy
        let failed = try out.withUnsafeMutableBufferPointer { try Transformer(from: from, to: to).transform($0, direction) }
        #expect(failed == 0)
        return out
    }

    @Test func theTableHasAThousandPointsInsideAndOutsideChina() {
        let r = Self.reference
        #expect(r.wgs.count == 2000)
        let outside = (0..<1000).filter { !GCJ02.isInChina(longitude: r.wgs[2 * $0], latitude: r.wgs[2 * $0 + 1]) }
        #expect(outside.count >= 100)
        // Outside the box GCJ-02 is WGS84, as the formulas define.
        for i in outside { #expect(r.gcj[2 * i] == r.wgs[2 * i] && r.gcj[2 * i + 1] == r.wgs[2 * i + 1]) }
    }

    @Test func forwardMatchesTheReferenceWithinAMillimetre() throws {
        let r = Self.reference
        let gcj = try transformed(r.wgs, from: .wgs84, to: CRS("GCJ-02"))
        let bd = try transformed(r.wgs, from: .wgs84, to: CRS("BD-09"))
        let g = Self.worst(gcj, r.gcj), b = Self.worst(bd, r.bd)
        #expect(g.metres < 0.001, "GCJ-02 off by \(g.metres) m at point \(g.point)")
        #expect(b.metres < 0.001, "BD-09 off by \(b.metres) m at point \(b.point)")
        // GCJ-02 → BD-09 directly: Baidu's rotation alone.
        let gb = Self.worst(try transformed(r.gcj, from: CRS("gcj02"), to: CRS("bd09")), r.bd)
        #expect(gb.metres < 0.001, "GCJ-02 → BD-09 off by \(gb.metres) m at point \(gb.point)")
    }

    @Test func inverseOfTheReferenceGivesBackTheWGS84PointWithinACentimetre() throws {
        let r = Self.reference
        let fromGCJ = Self.worst(try transformed(r.gcj, from: CRS("GCJ-02"), to: .wgs84), r.wgs)
        let fromBD = Self.worst(try transformed(r.bd, from: CRS("BD-09"), to: .wgs84), r.wgs)
        let bdToGCJ = Self.worst(try transformed(r.bd, from: CRS("BD-09"), to: CRS("GCJ-02")), r.gcj)
        // The inverse direction of a WGS84 → GCJ-02 transformer is the same thing.
        let inverse = Self.worst(try transformed(r.gcj, from: .wgs84, to: CRS("GCJ-02"), .inverse), r.wgs)
        for (what, w) in [("GCJ-02", fromGCJ), ("BD-09", fromBD), ("BD-09 → GCJ-02", bdToGCJ), ("inverse", inverse)] {
            #expect(w.metres < 0.01, "\(what) → WGS84 off by \(w.metres) m at point \(w.point)")
        }
    }

    @Test func roundTripsWithinACentimetre() throws {
        let r = Self.reference
        for name in ["GCJ-02", "BD-09"] {
            let crs = try CRS(name)
            let back = try transformed(try transformed(r.wgs, from: .wgs84, to: crs), from: crs, to: .wgs84)
            let w = Self.worst(back, r.wgs)
            #expect(w.metres < 0.01, "\(name) round trip off by \(w.metres) m at point \(w.point)")
        }
    }

    /// Through PROJ: GCJ-02 straight to the district's Gauss-Kruger CRS lands where the WGS84
    /// point does, and back.
    @Test func gcj02ToGaussKrugerGoesThroughWGS84() throws {
        let r = Self.reference
        let gk = try CRS("EPSG:4547")
        let viaGCJ = try transformed(Array(r.gcj[0..<20]), from: CRS("GCJ-02"), to: gk)
        let direct = try transformed(Array(r.wgs[0..<20]), from: .wgs84, to: gk)
        for i in 0..<10 {
            #expect(hypot(viaGCJ[2 * i] - direct[2 * i], viaGCJ[2 * i + 1] - direct[2 * i + 1]) < 0.01)
        }
        let back = try transformed(viaGCJ, from: CRS("GCJ-02"), to: gk, .inverse)
        #expect(Self.worst(back, Array(r.gcj[0..<20])).metres < 0.01)
        // The Yuanhui centre's GCJ-02 numbers read as WGS84 land about 550 m east and 165 m
        // south of it: the error the offset is there to remove.
        let misread = try transformed(Array(r.gcj[0..<2]), from: .wgs84, to: gk)
        let dx = misread[0] - direct[0], dy = misread[1] - direct[1]
        #expect(dx > 500 && dx < 600 && dy < -120 && dy > -200, "\(dx), \(dy)")
    }

    @Test func namesAndDescriptions() throws {
        for name in ["GCJ-02", "gcj02", "GCJ02", " gcj-02 "] { #expect(try CRS(name) == CRS("GCJ-02")) }
        for name in ["BD-09", "bd09", "BD09", "bd09ll"] { #expect(try CRS(name) == CRS("BD-09")) }
        let gcj = try CRS("gcj02")
        #expect(gcj.description == "GCJ-02" && gcj.isGeographic && gcj.chineseWebCoordinates == .gcj02)
        #expect(gcj != .wgs84)
        #expect(try Transformer(from: gcj, to: CRS("GCJ-02")).isIdentity)
    }

    @Test func anUnknownNameListsTheSpecialNamesBesidePROJsError() {
        do {
            _ = try CRS("GCJ-2")
            Issue.record("no error")
        } catch {
            let message = error.description
            #expect(message.hasPrefix("unknown CRS 'GCJ-2': "), "\(message)")
            #expect(message.contains("GCJ-02") && message.contains("BD-09") && message.contains("gcj02"), "\(message)")
        }
    }

    @Test func pointsThatAreNotNumbersFail() throws {
        var xy = [114.02, 33.57, .nan, 33.57, .infinity, .infinity, 114.0, 33.5]
        let t = try Transformer(from: CRS("BD-09"), to: CRS("EPSG:4547"))
        let failed = xy.withUnsafeMutableBufferPointer { t.transform($0) }
        #expect(failed == 2)
        #expect(xy[0].isFinite && xy[6].isFinite && xy[2] == .infinity && xy[4] == .infinity)
    }
}
