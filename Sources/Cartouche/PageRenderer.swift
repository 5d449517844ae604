import Geometry
import JSON
import Page
import Projection
import Render
import Style

extension MapRenderer {
    /// A report page: the map drawn for the layout's frame (at the page's resolution), the
    /// inset maps, then the furniture, as one scene. `properties` fill `{name}` placeholders;
    /// `globalState` is what the style sees as `["global-state", key]`. The scene's warnings
    /// are the map's and the inset maps'.
    public func page(_ layout: PageLayout, request: MapRequest, properties: JSONObject = JSONObject(),
                     globalState: JSONObject = JSONObject(), date: String = Today.iso) throws -> Scene {
        var timings = PhaseTimings()
        return try page(layout, request: request, properties: properties, globalState: globalState, date: date, timings: &timings)
    }

    func page(_ layout: PageLayout, request: MapRequest, properties: JSONObject = JSONObject(),
              globalState: JSONObject = JSONObject(), date: String = Today.iso,
              timings: inout PhaseTimings) throws -> Scene {
        let (mapFrame, projected) = try timings.measure("project") { try self.frame(for: mapRequest(on: layout, request)) }
        let (map, sources) = try timings.measure("scene") {
            try data.scene(frame: mapFrame, projected: projected, globalState: globalState)
        }
        var warnings = map.warnings
        var insets: [Int: (scene: Scene, frame: MapFrame)] = [:]
        for (i, element) in layout.elements.enumerated() {
            guard case .inset(let inset) = element else { continue }
            let insetData = try MapData.cached(stylePath: inset.style)
            var insetRequest = MapRequest(width: inset.width, height: inset.height, pixelRatio: layout.pixelRatio,
                                          crs: request.crs)
            insetRequest.extent = inset.bbox.map { .boundingBox($0) } ?? .fitData(padding: 4)
            let renderer = MapRenderer(data: insetData)
            let (frame, projected) = try renderer.frame(for: insetRequest)
            let scene = try insetData.scene(frame: frame, projected: projected).scene
            warnings += scene.warnings.map { "inset map \(inset.style): \($0)" }
            insets[i] = (scene, frame)
        }
        let inputs = PageInputs(map: map, frame: mapFrame, style: data.style, sources: sources,
                                properties: properties, date: date, insets: insets)
        var page = try timings.measure("scene") { try PageComposer.compose(layout, inputs) }
        page.warnings = warnings + page.warnings
        return page
    }

    /// The request for the map inside a layout's frame: the frame's size at the page's
    /// resolution.
    public func mapRequest(on layout: PageLayout, _ request: MapRequest) -> MapRequest {
        var r = request
        r.width = layout.mapFrame.width
        r.height = layout.mapFrame.height
        r.pixelRatio = layout.pixelRatio
        return r
    }

    /// A page's document title: the layout's `title`, else its title element's text, else
    /// the style's name, with `{key}` placeholders filled from `properties`.
    public func documentTitle(_ layout: PageLayout, _ properties: JSONObject) -> String? {
        let title = layout.documentTitle ?? layout.elements.lazy.compactMap { e -> String? in
            if case .text(let t) = e, t.kind == "title" { return t.template }
            return nil
        }.first ?? data.style.name
        return title.map { fill($0, properties) }
    }

    /// `{key}` placeholders filled from `properties`.
    func fill(_ template: String, _ properties: JSONObject) -> String {
        var out = template
        for entry in properties {
            out = out.replacingAll("{\(entry.key)}", with: Value(entry.value).text)
        }
        return out
    }
}

extension String {
    func replacingAll(_ target: String, with replacement: String) -> String {
        guard !target.isEmpty, contains(target) else { return self }
        var out = ""
        var rest = Substring(self)
        while let range = rest.firstRange(of: target) {
            out += rest[..<range.lowerBound]
            out += replacement
            rest = rest[range.upperBound...]
        }
        return out + rest
    }
}

/// Today's date as the page's `{date}` shows it.
public enum Today {
    /// Today's date in the local time zone, as `2026-11-29`.
    public static var iso: String {
        var t = time(nil)
        var parts = tm()
        localtime_r(&t, &parts)
        func two(_ n: Int32) -> String { n < 10 ? "0\(n)" : "\(n)" }
        return "\(parts.tm_year + 1900)-\(two(parts.tm_mon + 1))-\(two(parts.tm_mday))"
    }
}

#if canImport(Glibc)
import Glibc
#endif
