import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
import TestSupport

/// WMS 1.3.0 with real clients: GDAL's WMS driver and OWSLib, and the axis-order rules.
@Suite("WMS")
struct WMSTests {
    let server = ServerProcess.shared
    /// Yuanhui in EPSG:4547 (CGCS2000 / 3-degree Gauss-Kruger CM 114E), easting/northing.
    static let box = (minE: 475000, minN: 3700000, maxE: 500000, maxN: 3725000)

    func getMap(_ crs: String, _ bbox: String, size: Int = 500, extra: String = "") throws -> HTTPResponse {
        try server.get("/wms?SERVICE=WMS&VERSION=1.3.0&REQUEST=GetMap&LAYERS=yuanhui&STYLES=&CRS=\(crs)&BBOX=\(bbox)&WIDTH=\(size)&HEIGHT=\(size)&FORMAT=image/png\(extra)")
    }

    /// gdal_translate of a GetMap in EPSG:4547 into a GeoTIFF: its georeferencing is the
    /// request's box, and its pixels are what the server draws for that box. EPSG:4547 is
    /// northing first, so WMS 1.3 writes BBOX northing first; GDAL 3.6 sends its DataWindow
    /// as it is (easting first) unless told with <BBoxOrder>yxYX</BBoxOrder>.
    @Test func gdalTranslatesAGetMapIntoAGeoreferencedGeoTIFF() throws {
        let dir = try ScratchDirectory.make("gdal-wms")
        let b = Self.box
        let xml = """
        <GDAL_WMS><Service name="WMS"><Version>1.3.0</Version><ServerUrl>\(server.url("/wms?"))</ServerUrl>
        <CRS>EPSG:4547</CRS><ImageFormat>image/png</ImageFormat><Layers>yuanhui</Layers><BBoxOrder>yxYX</BBoxOrder></Service>
        <DataWindow><UpperLeftX>\(b.minE)</UpperLeftX><UpperLeftY>\(b.maxN)</UpperLeftY><LowerRightX>\(b.maxE)</LowerRightX>
        <LowerRightY>\(b.minN)</LowerRightY><SizeX>500</SizeX><SizeY>500</SizeY></DataWindow>
        <BandsCount>3</BandsCount><BlockSizeX>500</BlockSizeX><BlockSizeY>500</BlockSizeY></GDAL_WMS>
        """
        try xml.write(toFile: dir + "/wms.xml", atomically: true, encoding: .utf8)
        let t = try runTool("/usr/bin/gdal_translate", ["-q", dir + "/wms.xml", dir + "/out.tif"])
        #expect(t.status == 0, "\(t.err)")
        let info = try runTool("/usr/bin/gdalinfo", ["-json", dir + "/out.tif"])
        let json = try JSONSerialization.jsonObject(with: Data(info.out.utf8)) as! [String: Any]
        let gt = json["geoTransform"] as! [Double]
        #expect(gt == [475000, 50, 0, 3725000, 0, -50], "\(gt)")
        let wkt = (json["coordinateSystem"] as! [String: Any])["wkt"] as! String
        #expect(wkt.contains("CGCS2000 / 3-degree Gauss-Kruger CM 114E"))
        // The GeoTIFF's pixels are the server's map of that box.
        let png = try runTool("/usr/bin/gdal_translate", ["-q", "-of", "PNG", dir + "/out.tif", dir + "/out.png"])
        #expect(png.status == 0, "\(png.err)")
        let viaGDAL = try PNGPixels([UInt8](Data(contentsOf: URL(fileURLWithPath: dir + "/out.png"))))
        let direct = try PNGPixels(getMap("EPSG:4547", "\(b.minN),\(b.minE),\(b.maxN),\(b.maxE)").body)
        #expect(viaGDAL.pixels.elementsEqual(direct.pixels), "GDAL's image differs from the server's GetMap")
        #expect(direct.distinctColours > 50, "the box shows the district")
    }

    /// EPSG:4326 through GDAL, told the WMS 1.3 axis order (latitude first), gives the map of
    /// the same box asked for in CRS:84 (longitude first).
    @Test func gdalReadsEPSG4326LatitudeFirst() throws {
        let dir = try ScratchDirectory.make("gdal-wms")
        let xml = """
        <GDAL_WMS><Service name="WMS"><Version>1.3.0</Version><ServerUrl>\(server.url("/wms?"))</ServerUrl>
        <CRS>EPSG:4326</CRS><ImageFormat>image/png</ImageFormat><Layers>yuanhui</Layers><BBoxOrder>yxYX</BBoxOrder></Service>
        <DataWindow><UpperLeftX>113.76</UpperLeftX><UpperLeftY>33.62</UpperLeftY><LowerRightX>114.07</LowerRightX>
        <LowerRightY>33.44</LowerRightY><SizeX>310</SizeX><SizeY>180</SizeY></DataWindow>
        <BandsCount>3</BandsCount><BlockSizeX>310</BlockSizeX><BlockSizeY>180</BlockSizeY></GDAL_WMS>
        """
        try xml.write(toFile: dir + "/wms.xml", atomically: true, encoding: .utf8)
        let t = try runTool("/usr/bin/gdal_translate", ["-q", "-of", "PNG", dir + "/wms.xml", dir + "/out.png"])
        #expect(t.status == 0, "\(t.err)")
        let viaGDAL = try PNGPixels([UInt8](Data(contentsOf: URL(fileURLWithPath: dir + "/out.png"))))
        let direct = try PNGPixels(server.get("/wms?SERVICE=WMS&VERSION=1.3.0&REQUEST=GetMap&LAYERS=yuanhui&STYLES=&CRS=CRS:84&BBOX=113.76,33.44,114.07,33.62&WIDTH=310&HEIGHT=180&FORMAT=image/png").body)
        #expect(viaGDAL.pixels.elementsEqual(direct.pixels), "GDAL's image differs from the server's GetMap")
    }

    @Test func owslibReadsCapabilitiesAndFetchesAMap() throws {
        let dir = try ScratchDirectory.make("owslib")
        let r = try runTool("/usr/bin/env", ["python3", ServerProcess.root + "/Tests/ServerTests/Fixtures/owslib_client.py",
                                             server.url("/wms"), dir + "/map.png"])
        #expect(r.status == 0, "OWSLib (pip install OWSLib): \(r.err)")
        let json = try JSONSerialization.jsonObject(with: Data(r.out.utf8)) as! [String: Any]
        #expect(json["version"] as? String == "1.3.0")
        let layers = json["layers"] as! [String]
        #expect(layers.contains("yuanhui") && layers.contains("yuanhui:roads"), "\(layers)")
        #expect((json["crs"] as! [String]).contains("EPSG:4547"))
        #expect((json["formats"] as! [String]).contains("image/png"))
        #expect((json["url"] as! String).contains("bbox=3700000"), "OWSLib writes EPSG:4547 northing first")
        let viaOWSLib = try PNGPixels([UInt8](Data(contentsOf: URL(fileURLWithPath: dir + "/map.png"))))
        let b = Self.box
        let direct = try PNGPixels(getMap("EPSG:4547", "\(b.minN),\(b.minE),\(b.maxN),\(b.maxE)", size: 400).body)
        #expect(viaOWSLib.pixels.elementsEqual(direct.pixels), "OWSLib's image differs from the server's GetMap")
        // The legend URL it read answers with a legend.
        let legend = json["legend"] as! String
        let l = try server.get(String(legend.dropFirst("http://127.0.0.1:\(server.port)".count)))
        #expect(l.status == 200 && pngSize(l.body) != nil)
    }

    @Test func axisOrderFollowsTheCRS() throws {
        // EPSG:4326 and EPSG:4490 latitude first; CRS:84 longitude first: one map.
        let lonLat = try getMap("CRS:84", "113.76,33.44,114.07,33.62")
        let latLon = try getMap("EPSG:4326", "33.44,113.76,33.62,114.07")
        let cgcs = try getMap("EPSG:4490", "33.44,113.76,33.62,114.07")
        #expect(lonLat.status == 200 && latLon.status == 200 && cgcs.status == 200)
        #expect(lonLat.body.elementsEqual(latLon.body))
        #expect(try PNGPixels(cgcs.body).distinctColours > 50)
        // Web Mercator is easting first.
        let merc = try getMap("EPSG:3857", "12663705,3953853,12698214,3977890")
        #expect(try PNGPixels(merc.body).distinctColours > 50)
    }

    @Test func layersTransparentAndFormats() throws {
        let b = "33.44,113.76,33.62,114.07"
        let whole = try PNGPixels(getMap("EPSG:4326", b, size: 300).body)
        let roads = try server.get("/wms?SERVICE=WMS&VERSION=1.3.0&REQUEST=GetMap&LAYERS=yuanhui:roads&STYLES=&CRS=EPSG:4326&BBOX=\(b)&WIDTH=300&HEIGHT=300&FORMAT=image/png&TRANSPARENT=TRUE")
        #expect(roads.status == 200)
        let r = try PNGPixels(roads.body)
        let clear = r.count { _, _, _, a in a == 0 }
        #expect(clear > 300 * 300 / 2, "only the roads are drawn on a transparent image: \(clear) clear pixels")
        #expect(whole.count { _, _, _, a in a == 0 } == 0, "TRANSPARENT=FALSE is opaque")
        let svg = try server.get("/wms?service=wms&version=1.3.0&request=GetMap&layers=yuanhui&styles=&crs=EPSG:4547&bbox=3700000,475000,3725000,500000&width=300&height=300&format=image/svg%2Bxml")
        #expect(svg.status == 200 && svg.header("content-type") == "image/svg+xml")
    }

    @Test func capabilitiesListCRSsAndBoxesInAxisOrder() throws {
        let r = try server.get("/wms?SERVICE=WMS&REQUEST=GetCapabilities")
        #expect(r.status == 200)
        #expect(r.header("content-type")?.hasPrefix("text/xml") == true)
        let xml = r.text
        #expect(xml.contains("<CRS>EPSG:4547</CRS>"))
        #expect(xml.contains(#"<BoundingBox CRS="EPSG:4326" minx="33.44" miny="113.76" maxx="33.62" maxy="114.07"/>"#))
        #expect(xml.contains(#"<BoundingBox CRS="CRS:84" minx="113.76" miny="33.44" maxx="114.07" maxy="33.62"/>"#))
        #expect(xml.contains("<Name>yuanhui:roads</Name>"))
        _ = try XMLDocument(data: Data(r.body))
    }

    @Test func legendGraphic() throws {
        let r = try server.get("/wms?SERVICE=WMS&VERSION=1.3.0&REQUEST=GetLegendGraphic&LAYER=yuanhui&FORMAT=image/png")
        #expect(r.status == 200)
        let img = try PNGPixels(r.body)
        #expect(img.width > 60 && img.height > 100, "\(img.width)x\(img.height)")
        let one = try PNGPixels(server.get("/wms?SERVICE=WMS&VERSION=1.3.0&REQUEST=GetLegendGraphic&LAYER=yuanhui:roads&FORMAT=image/png").body)
        #expect(one.height < img.height)
    }

    @Test func errorsAreServiceExceptions() throws {
        let cases: [(String, String)] = [
            ("REQUEST=GetMap&LAYERS=nope&CRS=EPSG:4326&BBOX=0,0,1,1&WIDTH=10&HEIGHT=10&FORMAT=image/png", "LayerNotDefined"),
            ("REQUEST=GetMap&LAYERS=yuanhui&CRS=EPSG:999999&BBOX=0,0,1,1&WIDTH=10&HEIGHT=10&FORMAT=image/png", "InvalidCRS"),
            ("REQUEST=GetMap&LAYERS=yuanhui&CRS=EPSG:4326&BBOX=0,0,1,1&WIDTH=10&HEIGHT=10&FORMAT=image/gif", "InvalidFormat"),
            ("REQUEST=GetMap&LAYERS=yuanhui&STYLES=fancy&CRS=EPSG:4326&BBOX=0,0,1,1&WIDTH=10&HEIGHT=10&FORMAT=image/png", "StyleNotDefined"),
            ("REQUEST=GetMap&LAYERS=yuanhui&CRS=EPSG:4326&BBOX=1,1,0,0&WIDTH=10&HEIGHT=10&FORMAT=image/png", "InvalidParameterValue"),
            ("REQUEST=GetMap&LAYERS=yuanhui&CRS=EPSG:4326&BBOX=0,0,1,1&WIDTH=99999&HEIGHT=10&FORMAT=image/png", "InvalidParameterValue"),
            ("REQUEST=GetMap&LAYERS=yuanhui&CRS=EPSG:4326&WIDTH=10&HEIGHT=10&FORMAT=image/png", "MissingParameterValue"),
            ("REQUEST=GetFeatureInfo", "OperationNotSupported"),
        ]
        for (query, code) in cases {
            let r = try server.get("/wms?SERVICE=WMS&VERSION=1.3.0&" + query)
            #expect(r.status == 400, "\(query)")
            #expect(r.text.contains("<ServiceExceptionReport"), "\(query)")
            #expect(r.text.contains("code=\"\(code)\""), "\(query): \(r.text)")
            _ = try XMLDocument(data: Data(r.body))
        }
    }
}
