import Geometry
import Projection
import Render
import Style

/// The WMS 1.3.0 capabilities document: one layer per style (the whole map) with its style
/// layers inside it, each nameable in LAYERS; the CRSs from the configuration with bounding
/// boxes in each, in the CRS's own axis order as WMS 1.3 requires.
enum WMSCapabilities {
    static func xml(catalog: StyleCatalog, crsNames: [String], serviceURL: String) -> String {
        let url = escape(serviceURL)
        var x = """
        <?xml version="1.0" encoding="UTF-8"?>
        <WMS_Capabilities version="1.3.0" xmlns="http://www.opengis.net/wms" xmlns:xlink="http://www.w3.org/1999/xlink" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://www.opengis.net/wms http://schemas.opengis.net/wms/1.3.0/capabilities_1_3_0.xsd">
        <Service><Name>WMS</Name><Title>Cartouche</Title><Abstract>Maps from MapLibre styles in any CRS</Abstract>
        <OnlineResource xlink:type="simple" xlink:href="\(url)"/><MaxWidth>\(WMS.maxSide)</MaxWidth><MaxHeight>\(WMS.maxSide)</MaxHeight></Service>
        <Capability><Request>
        <GetCapabilities><Format>text/xml</Format>\(dcp(url))</GetCapabilities>
        <GetMap><Format>image/png</Format><Format>image/svg+xml</Format><Format>application/pdf</Format>\(dcp(url))</GetMap>
        </Request>
        <Exception><Format>XML</Format></Exception>
        <Layer><Title>Cartouche</Title>

        """
        let crss = crsNames.compactMap { name in (try? CRS(name == "CRS:84" ? "OGC:CRS84" : name)).map { (name, $0) } }
        for name in crsNames { x += "<CRS>\(escape(name))</CRS>" }
        var all = Box.empty
        for id in catalog.ids { all.extend(catalog[id]!.bounds) }
        x += geographic(all) + "\n"
        for id in catalog.ids {
            let entry = catalog[id]!
            let b = entry.bounds
            x += "<Layer queryable=\"0\"><Name>\(escape(id))</Name><Title>\(escape(entry.style.name ?? id))</Title>"
            x += geographic(b) + boxes(b, crss)
            x += legendStyle(url, id)
            for layer in entry.style.layers where layer.type != .background {
                let name = "\(id):\(layer.id)"
                let title = layer.metadata["cartouche:legend"]?.stringValue ?? layer.id
                x += "\n  <Layer queryable=\"0\"><Name>\(escape(name))</Name><Title>\(escape(title))</Title>\(legendStyle(url, name))</Layer>"
            }
            x += "\n</Layer>\n"
        }
        x += "</Layer></Capability></WMS_Capabilities>\n"
        return x
    }

    static func dcp(_ url: String) -> String {
        "<DCPType><HTTP><Get><OnlineResource xlink:type=\"simple\" xlink:href=\"\(url)\"/></Get></HTTP></DCPType>"
    }

    static func legendStyle(_ url: String, _ layer: String) -> String {
        let href = "\(url)SERVICE=WMS&amp;VERSION=1.3.0&amp;REQUEST=GetLegendGraphic&amp;FORMAT=image/png&amp;LAYER=\(escape(percentEncode(layer)))"
        return "<Style><Name>default</Name><Title>default</Title><LegendURL><Format>image/png</Format><OnlineResource xlink:type=\"simple\" xlink:href=\"\(href)\"/></LegendURL></Style>"
    }

    static func geographic(_ b: Box) -> String {
        let b = b.isEmpty ? Box(minX: -180, minY: -85, maxX: 180, maxY: 85) : b
        return "<EX_GeographicBoundingBox><westBoundLongitude>\(b.minX)</westBoundLongitude><eastBoundLongitude>\(b.maxX)</eastBoundLongitude><southBoundLatitude>\(b.minY)</southBoundLatitude><northBoundLatitude>\(b.maxY)</northBoundLatitude></EX_GeographicBoundingBox>"
    }

    static func boxes(_ b: Box, _ crss: [(String, CRS)]) -> String {
        guard !b.isEmpty else { return "" }
        var out = ""
        for (name, crs) in crss {
            guard let e = try? MapFrame.projectedEnvelope(of: b, to: crs), !e.isEmpty, e.minX.isFinite, e.maxY.isFinite else { continue }
            let swap = name != "CRS:84" && crs.authorityAxisOrderIsNorthFirst
            let (minx, miny, maxx, maxy) = swap ? (e.minY, e.minX, e.maxY, e.maxX) : (e.minX, e.minY, e.maxX, e.maxY)
            out += "<BoundingBox CRS=\"\(escape(name))\" minx=\"\(minx)\" miny=\"\(miny)\" maxx=\"\(maxx)\" maxy=\"\(maxy)\"/>"
        }
        return out
    }

    static func escape(_ s: String) -> String {
        var out = ""
        for c in s {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            default: out.append(c)
            }
        }
        return out
    }

    static func percentEncode(_ s: String) -> String {
        var out = ""
        for b in s.utf8 {
            if (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || "-_.~:".utf8.contains(b) {
                out.append(Character(UnicodeScalar(b)))
            } else {
                out += "%" + String(b, radix: 16, uppercase: true).leftPadded(2)
            }
        }
        return out
    }

    /// A ServiceExceptionReport (WMS 1.3.0, annex H) with one exception.
    static func exception(code: String?, message: String) -> String {
        let attribute = code.map { " code=\"\(escape($0))\"" } ?? ""
        return """
        <?xml version="1.0" encoding="UTF-8"?>
        <ServiceExceptionReport version="1.3.0" xmlns="http://www.opengis.net/ogc" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://www.opengis.net/ogc http://schemas.opengis.net/wms/1.3.0/exceptions_1_3_0.xsd">
        <ServiceException\(attribute)>\(escape(message))</ServiceException>
        </ServiceExceptionReport>

        """
    }
}

extension String {
    func leftPadded(_ n: Int) -> String { count >= n ? self : String(repeating: "0", count: n - count) + self }
}
