import Cartouche
import Geometry
import Page
import Projection
import Render
import Style

/// WMS 1.3.0 requests: GetCapabilities, GetMap, GetLegendGraphic. Parameter names are
/// case-insensitive; BBOX follows the CRS's axis order (latitude first for EPSG:4326 and
/// EPSG:4490, northing first for EPSG:4547), CRS:84 is longitude first.
enum WMS {
    static let maxSide = 4096

    struct MapParameters {
        var entry: StyleCatalog.Entry
        /// Style layers to draw; nil for all.
        var layers: [String]?
        var crs: CRS
        var box: Box
        var width: Int
        var height: Int
        var format: OutputFormat
        var transparent: Bool
        var background: Color
    }

    static func failure(_ code: String?, _ message: String) -> RequestFailure {
        RequestFailure(400, message, wmsCode: code ?? "")
    }

    static func required(_ q: QueryString, _ name: String) throws(RequestFailure) -> String {
        guard let v = q.ignoringCase(name), !v.isEmpty else { throw failure("MissingParameterValue", "parameter \(name) is required") }
        return v
    }

    /// The style and its chosen layers named by LAYERS (or LAYER): `id` for the whole map,
    /// `id:layer` for style layers; all of one style.
    static func layers(_ text: String, catalog: StyleCatalog) throws(RequestFailure) -> (StyleCatalog.Entry, [String]?) {
        var entry: StyleCatalog.Entry?
        var chosen: [String] = []
        var whole = false
        for name in text.split(separator: ",", omittingEmptySubsequences: false).map(String.init) {
            let (id, layer): (String, String?) = name.firstIndex(of: ":").map { (String(name[..<$0]), String(name[name.index(after: $0)...])) } ?? (name, nil)
            guard let e = catalog[id] else { throw failure("LayerNotDefined", "layer \"\(name.prefix(80))\" is not offered; see GetCapabilities") }
            if let other = entry, other.id != id {
                throw failure("LayerNotDefined", "layers \"\(other.id)\" and \"\(id)\" come from different styles; ask for one style's layers at a time")
            }
            entry = e
            if let layer {
                guard e.style.layers.contains(where: { $0.id == layer }) else {
                    throw failure("LayerNotDefined", "layer \"\(name.prefix(80))\" is not offered; see GetCapabilities")
                }
                chosen.append(layer)
            } else {
                whole = true
            }
        }
        guard let entry else { throw failure("LayerNotDefined", "LAYERS is empty") }
        return (entry, whole ? nil : chosen)
    }

    static func mapParameters(_ q: QueryString, catalog: StyleCatalog, maxSize: Int) throws(RequestFailure) -> MapParameters {
        let version = q.ignoringCase("VERSION") ?? "1.3.0"
        let (entry, layers) = try Self.layers(try required(q, "LAYERS"), catalog: catalog)
        if let styles = q.ignoringCase("STYLES"), !styles.split(separator: ",").allSatisfy({ $0.isEmpty || $0 == "default" }) {
            throw failure("StyleNotDefined", "STYLES \"\(styles.prefix(80))\": each layer has only its default style")
        }
        let crsName = q.ignoringCase(version == "1.1.1" ? "SRS" : "CRS") ?? q.ignoringCase("CRS") ?? q.ignoringCase("SRS")
        guard let crsName, !crsName.isEmpty else { throw failure("MissingParameterValue", "parameter CRS is required") }
        let crs: CRS
        do { crs = try CRS(crsName == "CRS:84" ? "OGC:CRS84" : crsName) } catch {
            throw failure("InvalidCRS", "CRS \"\(crsName.prefix(80))\" is not known to PROJ")
        }
        let numbers = try required(q, "BBOX").split(separator: ",", omittingEmptySubsequences: false)
        guard numbers.count == 4 else { throw failure("InvalidParameterValue", "BBOX: expected four numbers minx,miny,maxx,maxy") }
        var v: [Double] = []
        for n in numbers {
            do { v.append(try StaticMapURL.number(n, "BBOX value")) } catch { throw failure("InvalidParameterValue", error.message) }
        }
        guard v[0] < v[2], v[1] < v[3] else { throw failure("InvalidParameterValue", "BBOX: minimum must be less than maximum on both axes") }
        // WMS 1.3: the CRS's own axis order; 1.1.1 and CRS:84: x (longitude, easting) first.
        let swap = version != "1.1.1" && crsName != "CRS:84" && crs.authorityAxisOrderIsNorthFirst
        let box = swap ? Box(minX: v[1], minY: v[0], maxX: v[3], maxY: v[2]) : Box(minX: v[0], minY: v[1], maxX: v[2], maxY: v[3])
        func side(_ name: String) throws(RequestFailure) -> Int {
            let text = try required(q, name)
            guard let n = Int(text), n >= 1, n <= min(maxSize, maxSide) else {
                throw failure("InvalidParameterValue", "\(name) \"\(text.prefix(20))\" must be a whole number from 1 to \(min(maxSize, maxSide))")
            }
            return n
        }
        let width = try side("WIDTH"), height = try side("HEIGHT")
        let formatName = try required(q, "FORMAT")
        let format: OutputFormat
        switch formatName.lowercased() {
        case "image/png", "png": format = .png
        case "image/svg+xml", "image/svg", "svg": format = .svg
        case "application/pdf", "pdf": format = .pdf
        default: throw failure("InvalidFormat", "FORMAT \"\(formatName.prefix(40))\" is not offered; use image/png, image/svg+xml or application/pdf")
        }
        let transparent: Bool
        switch (q.ignoringCase("TRANSPARENT") ?? "FALSE").uppercased() {
        case "TRUE": transparent = true
        case "FALSE": transparent = false
        default: throw failure("InvalidParameterValue", "TRANSPARENT must be TRUE or FALSE")
        }
        var background = Color(r: 1, g: 1, b: 1)
        if let bg = q.ignoringCase("BGCOLOR") {
            guard bg.hasPrefix("0x") || bg.hasPrefix("0X"), bg.count == 8, let c = Color(css: "#" + bg.dropFirst(2)) else {
                throw failure("InvalidParameterValue", "BGCOLOR \"\(bg.prefix(20))\" must be 0xRRGGBB")
            }
            background = c
        }
        if let exceptions = q.ignoringCase("EXCEPTIONS"), !["XML", "application/vnd.ogc.se_xml"].contains(exceptions) {
            throw failure("InvalidParameterValue", "EXCEPTIONS: only XML is offered")
        }
        return MapParameters(entry: entry, layers: layers, crs: crs, box: box, width: width, height: height, format: format,
                             transparent: transparent, background: background)
    }

    /// Draws a GetMap: the box fills the image (when its shape differs from the image's,
    /// the map keeps square pixels and shows a little more on one axis).
    static func render(_ p: MapParameters) throws -> (bytes: [UInt8], warnings: [String]) {
        var style = p.entry.style
        if let chosen = p.layers { style.layers = style.layers.filter { chosen.contains($0.id) } }
        if p.transparent { style.layers = style.layers.filter { $0.type != .background } }
        let frame = try MapFrame.fitting(p.box, crs: p.crs, width: Double(p.width), height: Double(p.height))
        let projected = try p.entry.renderer.data.projected(to: p.crs)
        var scene = try p.entry.renderer.data.scene(style, frame: frame, projected: projected).scene
        if !p.transparent {
            var paper = SceneLayer(id: "wms-background")
            paper.commands.append(.background(p.background))
            scene.layers.insert(paper, at: 0)
        }
        let warnings = scene.warnings
        return (try p.entry.renderer.encode(scene, format: p.format, title: style.name), warnings)
    }

    /// GetLegendGraphic: the legend of a style, or of one of its layers.
    /// (The map is built only to find what the legend shows; its warnings are not the legend's.)
    static func legend(_ q: QueryString, catalog: StyleCatalog) throws -> (bytes: [UInt8], warnings: [String]) {
        let (entry, layers) = try Self.layers(try required(q, "LAYER"), catalog: catalog)
        if let format = q.ignoringCase("FORMAT"), format.lowercased() != "image/png" {
            throw failure("InvalidFormat", "FORMAT \"\(format.prefix(40))\": legends are image/png")
        }
        var request = MapRequest(width: 512, height: 512)
        request.extent = .fitData(padding: 0)
        let (frame, projected) = try entry.renderer.frame(for: request)
        let map = SceneBuilder(style: entry.style, sources: projected.sources, frame: frame).build()
        guard let scene = try LegendGraphic.scene(style: entry.style, map: map, frame: frame, sources: projected.sources,
                                                  layers: layers, pixelRatio: 1) else {
            throw failure("LayerNotDefined", "layer \"\(q.ignoringCase("LAYER")!.prefix(80))\" draws nothing that a legend could show")
        }
        return (try entry.renderer.encode(scene, format: .png, title: nil), [])
    }
}
