import Foundation
import Testing
@testable import Cartouche
import TestSupport

/// `cartouche render --crs` with every form a CRS can be written in.
@Suite("Command line CRS forms")
struct CRSCommandLineTests {
    static let wkt = """
    PROJCRS["CGCS2000 / 3-degree Gauss-Kruger CM 114E",
      BASEGEOGCRS["China Geodetic Coordinate System 2000",
        DATUM["China 2000",ELLIPSOID["CGCS2000",6378137,298.257222101,LENGTHUNIT["metre",1]]],
        PRIMEM["Greenwich",0,ANGLEUNIT["degree",0.0174532925199433]]],
      CONVERSION["3-degree Gauss-Kruger CM 114E",METHOD["Transverse Mercator",ID["EPSG",9807]],
        PARAMETER["Latitude of natural origin",0,ANGLEUNIT["degree",0.0174532925199433]],
        PARAMETER["Longitude of natural origin",114,ANGLEUNIT["degree",0.0174532925199433]],
        PARAMETER["Scale factor at natural origin",1,SCALEUNIT["unity",1]],
        PARAMETER["False easting",500000,LENGTHUNIT["metre",1]],
        PARAMETER["False northing",0,LENGTHUNIT["metre",1]]],
      CS[Cartesian,2],AXIS["northing (X)",north,ORDER[1],LENGTHUNIT["metre",1]],
        AXIS["easting (Y)",east,ORDER[2],LENGTHUNIT["metre",1]]]
    """

    /// EPSG:4547 as a code, a URN, a URL, northing-first WKT and a PROJ string: the same map.
    @Test func everyFormDrawsTheSameMap() throws {
        let dir = try CommandLineTests.temporaryDirectory()
        let forms = ["EPSG:4547", "urn:ogc:def:crs:EPSG::4547", "http://www.opengis.net/def/crs/EPSG/0/4547", Self.wkt,
                     "+proj=tmerc +lat_0=0 +lon_0=114 +k=1 +x_0=500000 +y_0=0 +ellps=GRS80 +units=m +no_defs"]
        for (i, crs) in forms.enumerated() {
            let r = try CommandLineTests.run(["render", "Styles/yuanhui.json", "-o", "\(dir)/\(i).png", "--width", "400", "--height", "300",
                                              "--bbox", "113.78,33.44,114.05,33.62", "--crs", crs])
            #expect(r.status == 0, "\(crs): \(r.stderr)")
        }
        for i in 1..<forms.count {
            let c = try ImageComparison.compare(actual: "\(dir)/\(i).png", expected: "\(dir)/0.png", threshold: 0)
            #expect(c.differingPixels == 0, "\(forms[i]) differs from EPSG:4547 in \(c.differingPixels) pixels")
        }
    }

    @Test func anUnknownFormIsNamedInOneLine() throws {
        let out = try CommandLineTests.temporaryDirectory() + "/m.png"
        try CommandLineTests().expectFailure(["render", "Styles/yuanhui.json", "-o", out, "--crs", "urn:ogc:def:crs:EPSG::4547000"],
                                             mentions: ["unknown CRS 'urn:ogc:def:crs:EPSG::4547000'"], output: out)
    }
}
