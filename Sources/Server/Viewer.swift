import TilePyramids

#if canImport(Glibc)
import Glibc
#endif

/// A Leaflet page showing a style's tiles, like tileserver-gl's viewer, with Leaflet served
/// from Debian's `libjs-leaflet` (no script from the network). Only the files of
/// `leafletFiles` are read, from `leafletDirectory`.
enum Viewer {
    static let leafletDirectory = "/usr/share/javascript/leaflet"
    static let leafletFiles: [String: String] = [
        "leaflet.js": "application/javascript", "leaflet.css": "text/css",
        "images/marker-icon.png": "image/png", "images/marker-shadow.png": "image/png",
        "images/layers.png": "image/png", "images/layers-2x.png": "image/png", "images/marker-icon-2x.png": "image/png",
    ]

    static func leafletFile(_ name: String) throws -> Reply {
        guard let type = leafletFiles[name] else { throw RequestFailure.notFound("no such file") }
        guard let bytes = read("\(leafletDirectory)/\(name)") else {
            throw RequestFailure.notFound("Leaflet is not installed here (Debian: apt-get install libjs-leaflet)")
        }
        return Reply(status: 200, contentType: type, body: bytes, headers: [("Cache-Control", "public, max-age=86400")])
    }

    static func read(_ path: String) -> [UInt8]? {
        guard let f = fopen(path, "rb") else { return nil }
        defer { fclose(f) }
        var out: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = fread(&buffer, 1, buffer.count, f)
            if n <= 0 { break }
            out += buffer[0..<n]
        }
        return out
    }

    static func page(for entry: StyleCatalog.Entry) -> Reply {
        let b = entry.bounds
        let fit = b.isEmpty ? "map.setView([0, 0], 2);" : "map.fitBounds([[\(b.minY), \(b.minX)], [\(b.maxY), \(b.maxX)]]);"
        let html = """
        <!DOCTYPE html>
        <html><head><meta charset="utf-8"><title>\(WMSCapabilities.escape(entry.style.name ?? entry.id))</title>
        <link rel="stylesheet" href="/leaflet/leaflet.css">
        <style>html, body, #map { margin: 0; height: 100%; }</style>
        <script src="/leaflet/leaflet.js"></script></head>
        <body><div id="map"></div>
        <script>
        var map = L.map('map');
        L.tileLayer('/styles/\(entry.id)/{z}/{x}/{y}.png', {maxZoom: 20, tileSize: 256}).addTo(map);
        \(fit)
        </script></body></html>

        """
        return Reply(status: 200, contentType: "text/html; charset=utf-8", body: Array(html.utf8))
    }
}
