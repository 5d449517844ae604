import Testing
@testable import Projection

/// The plain Swift Web Mercator path, held to PROJ's numbers.
@Suite("Web Mercator fast path")
struct WebMercatorTests {
    let fast = try! Transformer(from: .wgs84, to: .webMercator)
    let proj = try! Transformer(from: .wgs84, to: .webMercator, engine: .proj)

    @Test func isUsedForWGS84AndWebMercatorOnly() throws {
        #expect(fast.usesWebMercatorFastPath && !proj.usesWebMercatorFastPath)
        #expect(try Transformer(from: CRS("urn:ogc:def:crs:EPSG::3857"), to: CRS("epsg:4326")).usesWebMercatorFastPath)
        #expect(try !Transformer(from: CRS("OGC:CRS84"), to: .webMercator).usesWebMercatorFastPath)
        #expect(try !Transformer(from: .wgs84, to: CRS("EPSG:4547")).usesWebMercatorFastPath)
    }

    /// A world grid, both ways; then the edges: the poles, ±180°, longitudes to wrap, PROJ's
    /// ±10 radian limit, non-finite values.
    @Test func agreesWithPROJEverywhere() {
        var lonLat: [Double] = []
        for i in 0...360 {
            for j in 0...170 { lonLat += [-180 + Double(i) + 0.123 * Double(j % 7), -85 + Double(j) + 0.0457 * Double(i % 11)] }
        }
        lonLat += [180, 0, -180, 0, 190, 10, -190, -10, 540, 45, 572, 1, 573, 1, 600, 0, 0, 90, 0, -90, 0, 90 + 1e-13,
                   0, 90.01, 0, -91, 114.02, 33.57, .nan, 0, 0, .infinity, -.infinity, 0, 1e300, 0]
        let (fastXY, fastFailed) = run(fast, lonLat, .forward)
        let (projXY, projFailed) = run(proj, lonLat, .forward)
        #expect(fastFailed == projFailed && fastFailed > 0)
        var worst = 0.0
        for i in stride(from: 0, to: lonLat.count, by: 2) {
            #expect(fastXY[i].isFinite == projXY[i].isFinite, "(\(lonLat[i]), \(lonLat[i + 1]))")
            if fastXY[i].isFinite { worst = max(worst, abs(fastXY[i] - projXY[i]), abs(fastXY[i + 1] - projXY[i + 1])) }
        }
        #expect(worst < 1e-8, "largest difference \(worst) m")

        // Back: the projected grid, plus x beyond the world to wrap, and non-finite values.
        let xy = Array(projXY.prefix(2 * 361 * 171)) + [3e7, 1e6, -3e7, -1e6, 0, 1e9, .nan, 0, 0, .infinity]
        let (fastLL, fastBack) = run(fast, xy, .inverse)
        let (projLL, projBack) = run(proj, xy, .inverse)
        #expect(fastBack == projBack)
        var worstDegrees = 0.0
        for i in stride(from: 0, to: xy.count, by: 2) {
            #expect(fastLL[i].isFinite == projLL[i].isFinite, "(\(xy[i]), \(xy[i + 1]))")
            if fastLL[i].isFinite { worstDegrees = max(worstDegrees, abs(fastLL[i] - projLL[i]), abs(fastLL[i + 1] - projLL[i + 1])) }
        }
        #expect(worstDegrees < 1e-12, "largest difference \(worstDegrees)°")
    }

    func run(_ t: Transformer, _ points: [Double], _ direction: Transformer.Direction) -> ([Double], Int) {
        var xy = points
        let failed = xy.withUnsafeMutableBufferPointer { t.transform($0, direction) }
        return (xy, failed)
    }
}
