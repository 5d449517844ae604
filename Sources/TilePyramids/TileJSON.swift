import Geometry
import JSON

/// The TileJSON 3.0.0 document of a style's raster tiles, as tileserver-gl serves it at
/// `/styles/{id}.json`: Leaflet, MapLibre GL JS and OpenLayers read the tile URL from it.
public enum TileJSON {
    /// The document for a style `id` whose tiles are at `tileURL` (with `{z}/{x}/{y}`);
    /// `center` is longitude, latitude and zoom.
    public static func document(id: String, name: String?, tileURL: String, bounds: Box?, center: (Double, Double, Double)?,
                                minZoom: Int = 0, maxZoom: Int, attribution: String?) -> JSONValue {
        var o = JSONObject()
        o["tilejson"] = "3.0.0"
        o["name"] = .string(name ?? id)
        o["id"] = .string(id)
        o["scheme"] = "xyz"
        o["format"] = "png"
        o["type"] = "baselayer"
        o["tiles"] = [.string(tileURL)]
        o["tileSize"] = 256
        o["minzoom"] = .number(Double(minZoom))
        o["maxzoom"] = .number(Double(maxZoom))
        if let b = bounds, !b.isEmpty {
            o["bounds"] = [.number(b.minX), .number(b.minY), .number(b.maxX), .number(b.maxY)]
        }
        if let c = center { o["center"] = [.number(c.0), .number(c.1), .number(c.2)] }
        if let a = attribution { o["attribution"] = .string(a) }
        return .object(o)
    }
}
