import Testing
@testable import Projection

@Suite("Projection")
struct ProjectionTests {
    @Test func projectsTheDistrictCentreToKnownValues() throws {
        let mercator = try Transformer(from: .wgs84, to: CRS("EPSG:3857"))
        let m = try #require(mercator.transform(x: 114.02, y: 33.57))
        #expect(abs(m.x - 12692648.3402) < 1e-3)
        #expect(abs(m.y - 3971208.6419) < 1e-3)

        let gk = try Transformer(from: .wgs84, to: CRS("EPSG:4547"))
        let g = try #require(gk.transform(x: 114.02, y: 33.57))
        #expect(abs(g.x - 501856.9537) < 1e-3)
        #expect(abs(g.y - 3715966.6617) < 1e-3)
        let back = try #require(gk.inverse(x: g.x, y: g.y))
        #expect(abs(back.x - 114.02) < 1e-8 && abs(back.y - 33.57) < 1e-8)
    }

    @Test func unknownCRSNamesItself() {
        do {
            _ = try CRS("EPSG:999999")
            Issue.record("no error")
        } catch {
            #expect(error.description.contains("EPSG:999999"))
        }
    }

    @Test func zoomMeansGroundResolutionInEveryCRS() throws {
        // Web Mercator: MapLibre's 512-pixel world.
        let upp = try GroundScale.unitsPerPixel(zoom: 0, in: .webMercator, longitude: 114, latitude: 33.5)
        #expect(abs(upp - 2 * Double.pi * 6378137 / 512) < 1e-3)
        // Gauss-Kruger near its central meridian shows the same ground at the same zoom.
        let gk = try CRS("EPSG:4547")
        let metres = try GroundScale.unitsPerPixel(zoom: 12, in: gk, longitude: 114.02, latitude: 33.57)
        let ground = GroundScale.groundResolution(zoom: 12, latitude: 33.57)
        #expect(abs(metres / ground - 1) < 0.005)
        let z = try GroundScale.zoom(unitsPerPixel: metres, in: gk, longitude: 114.02, latitude: 33.57)
        #expect(abs(z - 12) < 1e-9)
    }
}
