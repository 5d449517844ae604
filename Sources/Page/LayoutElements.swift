import Geometry
import JSON
import Style

extension LayoutReader {
    static let placementKeys = ["type", "anchor", "offset", "in"]
    static let textKeys = ["font", "size", "color", "halo-color", "halo-width"]

    mutating func element(_ json: JSONValue, _ at: JSONPointer) -> PageElement? {
        guard case .object(let o) = json else {
            error(at, "expected an element object, found \(json.typeName)")
            return nil
        }
        guard case .string(let type)? = o["type"] else {
            error(at / "type", o["type"] == nil ? "missing; expected the element's type" : "expected a string")
            return nil
        }
        switch type {
        case "title", "subtitle", "text", "attribution", "date":
            checkKeys(o, at, Self.placementKeys + Self.textKeys + ["text", "max-width", "align"])
            let defaults: (String, Double, String) = switch type {
            case "title": ("top", 18, "")
            case "subtitle": ("top", 12, "")
            case "attribution": ("bottom-right", 7, "")
            case "date": ("bottom-left", 7, "{date}")
            default: ("top-left", 10, "")
            }
            var template = defaults.2
            if let t = o["text"] {
                if case .string(let s) = t { template = s } else { error(at / "text", "expected a string, found \(t.typeName)") }
            } else if type != "date" && type != "attribution" {
                error(at / "text", "missing; a \(type) needs its text")
            }
            let bold = type == "title"
            return .text(TextElement(
                kind: type, template: template,
                placement: placement(o, at, anchor: defaults.0, reference: .page),
                text: textSettings(o, at, size: defaults.1, bold: bold),
                maxWidth: o["max-width"].flatMap { length($0, at / "max-width") },
                alignment: enumeration(o["align"], at / "align", ["left", "center", "right"], default: "center")))
        case "legend":
            checkKeys(o, at, Self.placementKeys + Self.textKeys + ["title", "layers", "background", "border", "padding", "swatch"])
            var layers: [String]?
            if let l = o["layers"] {
                if case .array(let a) = l, a.allSatisfy({ $0.stringValue != nil }) { layers = a.map { $0.stringValue! } } else {
                    error(at / "layers", "expected an array of layer ids, found \(l.brief)")
                }
            }
            var swatch = (width: 8 * unit, height: 4.5 * unit)
            if let s = o["swatch"] {
                if case .array(let a) = s, a.count == 2, let w = length(a[0], at / "swatch" / 0), let h = length(a[1], at / "swatch" / 1) {
                    swatch = (w, h)
                } else {
                    error(at / "swatch", "expected [width, height], found \(s.brief)")
                }
            }
            return .legend(LegendElement(
                placement: placement(o, at, anchor: "bottom-right", reference: .map),
                title: o["title"]?.stringValue ?? "图例 Legend", text: textSettings(o, at, size: 8, bold: false),
                layers: layers, background: color(o["background"], at / "background") ?? Color(r: 1, g: 1, b: 1, a: 0.92),
                border: o["border"].map { border($0, at / "border") } ?? Border(width: 0.25 * unit, color: Color(r: 0.4, g: 0.4, b: 0.4)),
                padding: o["padding"].flatMap { length($0, at / "padding") } ?? 2.5 * unit, swatch: swatch))
        case "scale-bar":
            checkKeys(o, at, Self.placementKeys + Self.textKeys + ["max-width", "height", "numeric", "color"])
            return .scaleBar(ScaleBarElement(
                placement: placement(o, at, anchor: "bottom-left", reference: .map),
                maxWidth: o["max-width"].flatMap { length($0, at / "max-width") } ?? 40 * unit,
                height: o["height"].flatMap { length($0, at / "height") } ?? 1.6 * unit,
                text: textSettings(o, at, size: 7, bold: false),
                numeric: bool(o["numeric"], at / "numeric", default: true),
                color: color(o["color"], at / "color") ?? Color(r: 0.15, g: 0.15, b: 0.15)))
        case "north-arrow":
            checkKeys(o, at, Self.placementKeys + Self.textKeys + ["color"])
            return .northArrow(NorthArrowElement(
                placement: placement(o, at, anchor: "top-right", reference: .map),
                size: o["size"].flatMap { length($0, at / "size") } ?? 12 * unit,
                color: color(o["color"], at / "color") ?? Color(r: 0.15, g: 0.15, b: 0.15),
                text: textSettings(o, at, size: 9, bold: true, sizeKey: "label-size")))
        case "grid":
            checkKeys(o, at, ["type", "kind", "interval", "color", "width", "labels"] + Self.textKeys)
            let kind = GridElement.Kind(rawValue: enumeration(o["kind"], at / "kind", ["graticule", "projected"], default: "graticule"))!
            var interval: Double?
            if let i = o["interval"] {
                if let n = i.numberValue, n > 0 { interval = n } else { error(at / "interval", "expected a positive number, found \(i.brief)") }
            }
            return .grid(GridElement(
                kind: kind, interval: interval,
                color: color(o["color"], at / "color") ?? Color(r: 0.35, g: 0.35, b: 0.45, a: 0.6),
                width: o["width"].flatMap { length($0, at / "width") } ?? 0.2 * unit,
                labels: bool(o["labels"], at / "labels", default: true),
                text: textSettings(o, at, size: 6.5, bold: false)))
        case "inset":
            checkKeys(o, at, Self.placementKeys + ["style", "bbox", "width", "height", "frame-color", "border"])
            guard case .string(let style)? = o["style"] else {
                error(at / "style", o["style"] == nil ? "missing; an inset needs a style file" : "expected a file path")
                return nil
            }
            var bbox: Box?
            if let b = o["bbox"] {
                if case .array(let a) = b, a.count == 4, let n = Optional(a.compactMap(\.numberValue)), n.count == 4, n[0] < n[2], n[1] < n[3] {
                    bbox = Box(minX: n[0], minY: n[1], maxX: n[2], maxY: n[3])
                } else {
                    error(at / "bbox", "expected [minLon, minLat, maxLon, maxLat] with min < max, found \(b.brief)")
                }
            }
            return .inset(InsetElement(
                placement: placement(o, at, anchor: "top-left", reference: .map),
                width: o["width"].flatMap { length($0, at / "width") } ?? 45 * unit,
                height: o["height"].flatMap { length($0, at / "height") } ?? 35 * unit,
                style: style.hasPrefix("/") ? style : "\(baseDirectory)/\(style)", bbox: bbox,
                frameColor: color(o["frame-color"], at / "frame-color") ?? Color(r: 0.84, g: 0.19, b: 0.12),
                border: o["border"].map { border($0, at / "border") } ?? Border(width: 0.3 * unit, color: Color(r: 0.2, g: 0.2, b: 0.2))))
        case "table":
            checkKeys(o, at, Self.placementKeys + Self.textKeys + ["title", "max-column-width", "max-height"])
            return .table(TableElement(
                placement: placement(o, at, anchor: "top-right", reference: .page), title: o["title"]?.stringValue,
                text: textSettings(o, at, size: 7, bold: false),
                maxColumnWidth: o["max-column-width"].flatMap { length($0, at / "max-column-width") } ?? 55 * unit,
                maxHeight: o["max-height"].flatMap { length($0, at / "max-height") }))
        case "categories":
            checkKeys(o, at, Self.placementKeys + Self.textKeys + ["title"])
            return .categories(CategoriesElement(
                placement: placement(o, at, anchor: "bottom-left", reference: .map), title: o["title"]?.stringValue,
                text: textSettings(o, at, size: 8, bold: false)))
        default:
            error(at / "type", "expected one of title, subtitle, text, attribution, date, legend, scale-bar, north-arrow, grid, inset, table, categories, found \"\(type)\"")
            return nil
        }
    }

    mutating func placement(_ o: JSONObject, _ at: JSONPointer, anchor: String, reference: Placement.Reference) -> Placement {
        let a = enumeration(o["anchor"], at / "anchor", anchors, default: anchor)
        var offset = (0.0, 0.0)
        if let v = o["offset"] {
            if case .array(let xy) = v, xy.count == 2, let x = length(xy[0], at / "offset" / 0), let y = length(xy[1], at / "offset" / 1) {
                offset = (x, y)
            } else {
                error(at / "offset", "expected [x, y], found \(v.brief)")
            }
        }
        let r = Placement.Reference(rawValue: enumeration(o["in"], at / "in", ["map", "page"], default: reference.rawValue))!
        return Placement(anchor: a, offset: offset, reference: r)
    }

    /// Text settings; sizes are in points.
    mutating func textSettings(_ o: JSONObject, _ at: JSONPointer, size: Double, bold: Bool, sizeKey: String = "size") -> TextSettings {
        var font = [bold ? "Noto Sans CJK SC Bold" : "Noto Sans CJK SC Regular"]
        if let f = o["font"] {
            if case .array(let a) = f, !a.isEmpty, a.allSatisfy({ $0.stringValue != nil }) { font = a.map { $0.stringValue! } } else {
                error(at / "font", "expected an array of font names, found \(f.brief)")
            }
        }
        var points = size
        if let s = o[sizeKey] {
            if let n = s.numberValue, n > 0, n < 500 { points = n } else { error(at / sizeKey, "expected a font size in points, found \(s.brief)") }
        }
        return TextSettings(font: font, size: points * 96 / 72, color: color(o["color"], at / "color") ?? Color(r: 0.13, g: 0.13, b: 0.13),
                            haloColor: color(o["halo-color"], at / "halo-color"),
                            haloWidth: o["halo-width"].flatMap { length($0, at / "halo-width") } ?? 0)
    }

    mutating func enumeration(_ json: JSONValue?, _ at: JSONPointer, _ allowed: [String], default value: String) -> String {
        guard let json else { return value }
        guard case .string(let s) = json, allowed.contains(s) else {
            error(at, "expected one of \(allowed.joined(separator: ", ")), found \(json.brief)")
            return value
        }
        return s
    }

    mutating func bool(_ json: JSONValue?, _ at: JSONPointer, default value: Bool) -> Bool {
        guard let json else { return value }
        guard case .bool(let b) = json else {
            error(at, "expected true or false, found \(json.brief)")
            return value
        }
        return b
    }
}
