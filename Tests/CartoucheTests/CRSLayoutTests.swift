import Foundation
import Testing
@testable import Cartouche

/// The demo drawn in three CRSs shows the same ground at the same zoom: the district's
/// outline and the labels sit where they sit in EPSG:4547, except that UTM 50N turns the
/// whole picture by the difference in grid convergence (the district is 3° west of its
/// central meridian), which `PointScale` predicts.
@Suite("Demo layout in every CRS")
struct CRSLayoutTests {
    static let root = String(#filePath).components(separatedBy: "/Tests/")[0]
    static let data = try! MapData(stylePath: "\(root)/Styles/yuanhui.json")
    static let width = 800.0, height = 600.0

    struct Layout {
        var frame: MapFrame
        /// Every vertex of the district boundary, rivers, roads, places and projects, in device pixels.
        var outline: [(x: Double, y: Double)]
        /// Label text → origin, for labels placed once.
        var labels: [String: (x: Double, y: Double)]
    }

    static func layout(_ crs: String) throws -> Layout {
        let renderer = MapRenderer(data: data)
        // The whole district, as in the image test.
        let request = try MapRequest(width: width, height: height, crs: CRS(crs),
                                 extent: .camera(longitude: 113.913, latitude: 33.531, zoom: 11, bearing: 0))
        let (frame, projected) = try renderer.frame(for: request)
        let t = frame.transform
        var outline: [(x: Double, y: Double)] = []
        for id in ["boundary", "rivers", "roads", "places", "projects"] {
            let table = try #require(projected.sources[id]?.table)
            outline += (0..<table.pointCount).map { t.apply(table.x($0), table.y($0)) }
        }
        var labels: [String: (x: Double, y: Double)] = [:]
        var seen: [String: Int] = [:]
        for layer in try renderer.scene(for: request).layers {
            for case .label(let l) in layer.commands {
                labels[l.text] = (l.originX, l.originY)
                seen[l.text, default: 0] += 1
            }
        }
        return Layout(frame: frame, outline: outline, labels: labels.filter { seen[$0.key] == 1 })
    }

    /// Turns device pixels about the image centre by `degrees` clockwise on screen.
    static func turned(_ p: (x: Double, y: Double), by degrees: Double) -> (x: Double, y: Double) {
        let a = degrees * .pi / 180, cx = width / 2, cy = height / 2
        let dx = p.x - cx, dy = p.y - cy
        return (cx + dx * cos(a) - dy * sin(a), cy + dx * sin(a) + dy * cos(a))
    }

    static func largestDistance(_ a: [(x: Double, y: Double)], _ b: [(x: Double, y: Double)]) -> Double {
        zip(a, b).map { hypot($0.x - $1.x, $0.y - $1.y) }.max() ?? .infinity
    }

    @Test func theSameGroundAtTheSameZoom() throws {
        let gk = try Self.layout("EPSG:4547")
        try #require(gk.labels.count > 5)
        for crs in ["EPSG:3857", "EPSG:32650"] {
            let other = try Self.layout(crs)
            #expect(other.frame.zoom == gk.frame.zoom)
            // North on the image turns with the grid convergence at the centre; undo it.
            let c = gk.frame
            let turn = try PointScale(crs: CRS(crs), longitude: c.centerLongitude, latitude: c.centerLatitude).northArrowRotation(bearing: 0)
                - PointScale(crs: c.crs, longitude: c.centerLongitude, latitude: c.centerLatitude).northArrowRotation(bearing: 0)
            // Vertices inside the image: roads run on well beyond it, where Web Mercator's
            // 0.45% difference between its x and y scales (it is not conformal on the
            // ellipsoid) adds up to pixels.
            let inside = gk.outline.indices.filter { i in
                (0...Self.width).contains(gk.outline[i].x) && (0...Self.height).contains(gk.outline[i].y)
            }
            try #require(inside.count > 100, "\(inside.count) of \(gk.outline.count)")
            let distance = Self.largestDistance(inside.map { Self.turned(other.outline[$0], by: -turn) }, inside.map { gk.outline[$0] })
            #expect(distance < 2, "\(crs): the district's lines are up to \(distance) px from EPSG:4547's (turned \(turn)°)")
            // Labels: the same names placed, each within a few pixels (its box stays upright,
            // so only its anchor turns).
            let common = gk.labels.keys.filter { other.labels[$0] != nil }
            #expect(Double(common.count) >= 0.9 * Double(gk.labels.count), "\(crs): \(common.count) of \(gk.labels.count) labels")
            for name in common {
                let p = Self.turned(other.labels[name]!, by: -turn), q = gk.labels[name]!
                #expect(hypot(p.x - q.x, p.y - q.y) < 3, "\(crs): label \(name) at \(p), in EPSG:4547 at \(q)")
            }
        }
    }

    @Test func utmTurnsThePictureByTheConvergence() throws {
        // Without undoing the turn, UTM's outline is far off at the edges: the check above
        // is not passing by accident.
        let gk = try Self.layout("EPSG:4547"), utm = try Self.layout("EPSG:32650")
        #expect(Self.largestDistance(utm.outline, gk.outline) > 5)
    }
}
