import Testing
@testable import Projection

@Suite("CRS from text")
struct CRSTests {
    @Test(arguments: [
        "EPSG:4547", "epsg:4547", " EPSG:4547\n", "urn:ogc:def:crs:EPSG::4547", "urn:ogc:def:crs:EPSG:9.8.1:4547",
        "http://www.opengis.net/def/crs/EPSG/0/4547", "https://www.opengis.net/def/crs/EPSG/0/4547",
    ])
    func everyReferenceToACodeIsTheSameCRS(text: String) throws {
        let crs = try CRS(text)
        #expect(crs.definition == "EPSG:4547")
        #expect(crs == (try CRS("EPSG:4547")))
        #expect(crs.name == "CGCS2000 / 3-degree Gauss-Kruger CM 114E")
        #expect(!crs.isGeographic)
    }

    @Test func otherAuthoritiesKeepTheirCodes() throws {
        let crs84 = try CRS("urn:ogc:def:crs:OGC:1.3:CRS84")
        #expect(crs84.definition == "OGC:CRS84")
        #expect(crs84.isGeographic)
        #expect(try CRS("http://www.opengis.net/def/crs/OGC/1.3/CRS84") == crs84)
    }

    @Test func descriptionsAreReadAsTheyAre() throws {
        let wkt2 = try CRS(CRSFixtures.gaussKruger114WKT2)
        #expect(wkt2.identifier == nil)
        #expect(wkt2.name == "CGCS2000 / 3-degree Gauss-Kruger CM 114E")
        #expect(wkt2.description.hasPrefix("PROJCRS[\"CGCS2000") && wkt2.description.count <= 80)
        let wkt1 = try CRS(CRSFixtures.gaussKruger114WKT1)
        #expect(wkt1.identifier == "EPSG:4547")
        #expect(wkt1.definition.hasPrefix("PROJCS["))
        #expect(try CRS(CRSFixtures.wgs84WKT2).isGeographic)
    }

    @Test func aPROJStringMeansTheCRS() throws {
        let crs = try CRS(CRSFixtures.gaussKruger114PROJ)
        #expect(crs.definition == CRSFixtures.gaussKruger114PROJ + " +type=crs")
        #expect(!crs.isGeographic)
        // Written with +type=crs already, or without the plus signs, it reads the same.
        #expect(try CRS(CRSFixtures.gaussKruger114PROJ + " +type=crs") == crs)
        #expect(try CRS("proj=longlat datum=WGS84").isGeographic)
        // A geographic CRS bound to WGS84 by +towgs84 is still geographic.
        #expect(try CRS("+proj=longlat +ellps=krass +towgs84=15.8,-154.4,-82.3 +no_defs").isGeographic)
    }

    @Test(arguments: [
        "EPSG:999999", "urn:ogc:def:crs:EPSG::999999", "http://www.opengis.net/def/crs/EPSG/0/999999",
        "WGS 1984 please", "+proj=nosuchprojection +lon_0=114", "PROJCRS[\"broken\", CONVERSION[",
    ])
    func anUnknownCRSFailsNamingItsText(text: String) {
        #expect {
            _ = try CRS(text)
        } throws: { error in
            let message = (error as? ProjectionError)?.description ?? ""
            return message.hasPrefix("unknown CRS '\(text)': ") && message.count > "unknown CRS '\(text)': ".count
        }
    }

    @Test func aLongUnknownDefinitionIsShortenedInTheMessage() {
        let wkt = String(CRSFixtures.gaussKruger114WKT2.dropLast())  // a bracket short
        #expect {
            _ = try CRS(wkt)
        } throws: { error in
            let message = (error as? ProjectionError)?.description ?? ""
            return message.hasPrefix("unknown CRS 'PROJCRS[\"CGCS2000 / 3-degree Gauss-Kruger CM 114E\"") && message.contains("…'")
                && !message.contains("\n")
        }
    }

    @Test func anOperationIsNotACRS() {
        #expect(throws: ProjectionError.unknownCRS("+proj=pipeline +step +proj=axisswap +order=2,1",
                                                   reason: "PROJ reads it as a coordinate operation, not a CRS")) {
            _ = try CRS("+proj=pipeline +step +proj=axisswap +order=2,1")
        }
        #expect(throws: ProjectionError.unknownCRS("  ", reason: "empty CRS definition")) { _ = try CRS("  ") }
    }
}
