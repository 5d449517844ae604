import Geometry
import Testing
@testable import Projection

@Suite("Transformer")
struct TransformerTests {
    let c = CRSFixtures.centre

    @Test(arguments: [Transformer.Engine.automatic, .proj])
    func projectsTheDistrictCentreToWebMercator(engine: Transformer.Engine) throws {
        let t = try Transformer(from: .wgs84, to: .webMercator, engine: engine)
        let m = try #require(t.transform(x: c.lon, y: c.lat))
        #expect(abs(m.x - CRSFixtures.centreIn3857.x) < 1e-4)
        #expect(abs(m.y - CRSFixtures.centreIn3857.y) < 1e-4)
        let back = try #require(t.inverse(x: m.x, y: m.y))
        #expect(abs(back.x - c.lon) < 1e-8 && abs(back.y - c.lat) < 1e-8)
    }

    @Test func projectsTheDistrictCentreToGaussKruger() throws {
        let t = try Transformer(from: .wgs84, to: CRS("EPSG:4547"))
        let g = try #require(t.transform(x: c.lon, y: c.lat))
        #expect(abs(g.x - CRSFixtures.centreIn4547.x) < 1e-4)
        #expect(abs(g.y - CRSFixtures.centreIn4547.y) < 1e-4)
        let back = try #require(t.inverse(x: g.x, y: g.y))
        #expect(abs(back.x - c.lon) < 1e-8 && abs(back.y - c.lat) < 1e-8)
    }

    /// WKT (lat-first or not), a URN and a PROJ string for the same CRS all give easting
    /// first and the same numbers.
    @Test(arguments: [CRSFixtures.gaussKruger114WKT2, CRSFixtures.gaussKruger114WKT1, CRSFixtures.gaussKruger114PROJ,
                      "urn:ogc:def:crs:EPSG::4547"])
    func everyFormOfACRSGivesTheSameResult(text: String) throws {
        let t = try Transformer(from: .wgs84, to: CRS(text))
        let g = try #require(t.transform(x: c.lon, y: c.lat))
        #expect(abs(g.x - CRSFixtures.centreIn4547.x) < 1e-4, "\(g)")
        #expect(abs(g.y - CRSFixtures.centreIn4547.y) < 1e-4, "\(g)")
    }

    @Test func aLatitudeFirstSourceIsReadLongitudeFirst() throws {
        let t = try Transformer(from: CRS(CRSFixtures.wgs84WKT2), to: CRS(CRSFixtures.gaussKruger114WKT2))
        let g = try #require(t.transform(x: c.lon, y: c.lat))
        #expect(abs(g.x - CRSFixtures.centreIn4547.x) < 1e-4 && abs(g.y - CRSFixtures.centreIn4547.y) < 1e-4)
        // EPSG:4490 (CGCS2000 geographic, latitude first by authority) to EPSG:4326.
        let cgcs = try Transformer(from: CRS("urn:ogc:def:crs:EPSG::4490"), to: .wgs84)
        let w = try #require(cgcs.transform(x: c.lon, y: c.lat))
        #expect(abs(w.x - c.lon) < 1e-6 && abs(w.y - c.lat) < 1e-6)
    }

    @Test func pointsOutsideTheDomainFailWithoutHarm() throws {
        let gk = try Transformer(from: .wgs84, to: CRS("EPSG:4547"))
        // Beyond the pole, 90° from the central meridian, not numbers, too large.
        var xy = [114.02, 33.57, 114, 91, 204, 0, .nan, 33.57, 114, .nan, 1e300, 33.57, .infinity, 0, 114.03, 33.58]
        let failed = xy.withUnsafeMutableBufferPointer { gk.transform($0) }
        #expect(failed == 6)
        #expect(xy[0].isFinite && xy[14].isFinite)
        for i in 1...6 { #expect(xy[2 * i] == .infinity && xy[2 * i + 1] == .infinity, "point \(i)") }
        #expect(gk.inverse(x: 1e20, y: 1e20) == nil)
        #expect(gk.transform(x: 114, y: -90.5) == nil)
        // Web Mercator: beyond the poles and the ±10 radian longitude limit, both engines.
        for engine in [Transformer.Engine.automatic, .proj] {
            let m = try Transformer(from: .wgs84, to: .webMercator, engine: engine)
            #expect(m.transform(x: 0, y: 90.01) == nil)
            #expect(m.transform(x: 600, y: 0) == nil)
            #expect(m.transform(x: -.infinity, y: 0) == nil)
            #expect(m.inverse(x: .nan, y: 0) == nil)
        }
    }

    @Test func featuresWithFailedPointsAreDroppedAndReported() throws {
        let json = """
        {"type": "FeatureCollection", "features": [
         {"type": "Feature", "properties": {"n": 0}, "geometry": {"type": "Point", "coordinates": [114.02, 33.57]}},
         {"type": "Feature", "properties": {"n": 1}, "geometry": {"type": "LineString", "coordinates": [[114, 33], [114, 95], [114, 96]]}},
         {"type": "Feature", "properties": {"n": 2}, "geometry": {"type": "LineString", "coordinates": [[113.9, 33.5], [114.1, 33.6]]}},
         {"type": "Feature", "properties": {"n": 3}, "geometry": {"type": "Point", "coordinates": [204, 0]}}
        ]}
        """
        var table = try GeoJSONReader.read(string: json).table
        let report = table.transform(with: try Transformer(from: .wgs84, to: CRS("EPSG:4547")))
        #expect(report.failedPoints == 3)
        #expect(report.droppedFeatures == [1, 3])
        #expect(table.count == 2)
        #expect(table.coordinates.allSatisfy { $0.isFinite })
        #expect(abs(table.x(0) - CRSFixtures.centreIn4547.x) < 1e-4)
    }

    @Test func anIdentityLeavesCoordinatesAlone() throws {
        let t = try Transformer(from: CRS("EPSG:4547"), to: CRS("urn:ogc:def:crs:EPSG::4547"))
        #expect(t.isIdentity)
        #expect(t.transform(x: 1.5, y: 2.5)! == (1.5, 2.5))
    }

    @Test func noTransformationBetweenUnrelatedCRSsIsAnError() {
        // An engineering CRS has no datum PROJ can relate to WGS84.
        let local = """
        ENGCRS["Site grid",EDATUM["Site"],CS[Cartesian,2],AXIS["x",east,LENGTHUNIT["metre",1]],AXIS["y",north,LENGTHUNIT["metre",1]]]
        """
        #expect {
            _ = try Transformer(from: .wgs84, to: CRS(local))
        } throws: { error in
            (error as? ProjectionError)?.description.hasPrefix("no transformation from EPSG:4326 to ") == true
        }
    }
}
