import Geometry
import JSON
import Style

/// Reads a page layout document, checking every member and reporting each problem with a
/// JSON pointer, as styles are checked.
public enum LayoutParser {
    /// Reads and checks the layout file at `path`; relative paths in it (inset styles) are
    /// taken from its folder. A layout with errors throws a `LayoutError` naming the file.
    public static func load(path: String) throws -> PageLayout {
        let json = try JSONParser.parse(contentsOf: path)
        do {
            return try parse(json, baseDirectory: StyleParser.directory(of: path))
        } catch {
            var error = error
            error.file = path
            throw error
        }
    }

    /// Checks a layout document already parsed, its relative paths taken from `baseDirectory`;
    /// throws every error at once, with warnings, when any member is wrong.
    public static func parse(_ json: JSONValue, baseDirectory: String = ".") throws(LayoutError) -> PageLayout {
        var reader = LayoutReader(baseDirectory: baseDirectory)
        let layout = reader.read(json)
        if let layout, !reader.diagnostics.contains(where: { $0.severity == .error }) { return layout }
        throw LayoutError(file: nil, diagnostics: reader.diagnostics)
    }

    /// Every problem in a layout, errors and warnings.
    public static func validate(_ json: JSONValue, baseDirectory: String = ".") -> [StyleDiagnostic] {
        var reader = LayoutReader(baseDirectory: baseDirectory)
        _ = reader.read(json)
        return reader.diagnostics
    }
}

/// A layout that cannot be used: every error, each with its pointer.
public struct LayoutError: Error, Sendable, CustomStringConvertible {
    /// The layout file, when the layout was read from one.
    public var file: String?
    /// Every problem found, errors and warnings, each with its JSON pointer.
    public var diagnostics: [StyleDiagnostic]

    /// The first error with its pointer, and how many more there are:
    /// `report.json: /elements/2/anchor: expected one of ... (and 2 more errors)`.
    public var description: String {
        let errors = diagnostics.filter { $0.severity == .error }
        let prefix = file.map { "\($0): " } ?? ""
        guard let first = errors.first else { return prefix + "invalid layout" }
        let more = errors.count > 1 ? " (and \(errors.count - 1) more error\(errors.count > 2 ? "s" : ""))" : ""
        return prefix + first.description + more
    }
}

/// The longest page side, in CSS pixels: 10 m.
let maxPageSide = 10_000 * 96 / 25.4

/// Paper sizes in millimetres, portrait.
let paperSizes: [String: (Double, Double)] = [
    "A5": (148, 210), "A4": (210, 297), "A3": (297, 420), "A2": (420, 594), "A1": (594, 841),
    "Letter": (215.9, 279.4), "Legal": (215.9, 355.6), "Tabloid": (279.4, 431.8),
]

let anchors = ["center", "top", "bottom", "left", "right", "top-left", "top-right", "bottom-left", "bottom-right"]

struct LayoutReader {
    let baseDirectory: String
    var diagnostics: [StyleDiagnostic] = []
    /// CSS pixels per document length unit (millimetres unless the page says pixels).
    var unit = 96 / 25.4

    init(baseDirectory: String) { self.baseDirectory = baseDirectory }

    mutating func error(_ p: JSONPointer, _ m: String) { diagnostics.append(StyleDiagnostic(.error, p.description, m)) }
    mutating func warning(_ p: JSONPointer, _ m: String) { diagnostics.append(StyleDiagnostic(.warning, p.description, m)) }

    mutating func read(_ json: JSONValue) -> PageLayout? {
        let root = JSONPointer.root
        guard case .object(let doc) = json else {
            error(root, "expected a layout object, found \(json.typeName)")
            return nil
        }
        for key in doc.keys where !["page", "map", "title", "elements"].contains(key) {
            warning(root / key, "unknown member, ignored")
        }
        let page = doc["page"]?.objectValue ?? JSONObject()
        if let p = doc["page"], p.objectValue == nil { error(root / "page", "expected an object, found \(p.typeName)") }
        let at = root / "page"
        checkKeys(page, at, ["size", "units", "orientation", "dpi", "margins", "background"])
        switch page["units"] {
        case nil, .string("mm")?: unit = 96 / 25.4
        case .string("px")?: unit = 1
        case let v?: error(at / "units", "expected \"mm\" or \"px\", found \(v.brief)")
        }
        var size = (width: 210.0 * 96 / 25.4, height: 297.0 * 96 / 25.4)
        switch page["size"] {
        case nil: break
        case .string(let name)?:
            if let s = paperSizes[name] {
                size = (s.0 * 96 / 25.4, s.1 * 96 / 25.4)
            } else {
                error(at / "size", "expected one of \(paperSizes.keys.sorted().joined(separator: ", ")) or [width, height], found \"\(name)\"")
            }
        case .array(let a)? where a.count == 2:
            if let w = length(a[0], at / "size" / 0), let h = length(a[1], at / "size" / 1), w > 0, h > 0 {
                // Larger than any plotter, and a page's pixel size must stay a sane integer.
                if max(w, h) > maxPageSide {
                    error(at / "size", "width and height must be at most 10 m (10000 mm)")
                } else {
                    size = (w, h)
                }
            } else {
                error(at / "size", "width and height must be positive lengths")
            }
        case let v?: error(at / "size", "expected a paper name or [width, height], found \(v.brief)")
        }
        // A paper name is portrait unless the orientation says otherwise; an explicit
        // [width, height] keeps its own orientation unless one is given.
        let explicit = page["size"]?.arrayValue != nil
        switch page["orientation"] {
        case nil where explicit: break
        case nil, .string("portrait")?: size = (min(size.width, size.height), max(size.width, size.height))
        case .string("landscape")?: size = (max(size.width, size.height), min(size.width, size.height))
        case let v?: error(at / "orientation", "expected \"portrait\" or \"landscape\", found \(v.brief)")
        }
        var dpi = 150.0
        if let d = page["dpi"] {
            if let n = d.numberValue, n >= 36, n <= 1200 { dpi = n } else { error(at / "dpi", "expected a number from 36 to 1200, found \(d.brief)") }
        }
        let margins = edges(page["margins"], at / "margins", default: 10 * unit)
        let content = Box(minX: margins.left, minY: margins.top, maxX: size.width - margins.right, maxY: size.height - margins.bottom)
        if content.isEmpty { error(at / "margins", "the margins leave no room on the page") }
        let background = color(page["background"], at / "background") ?? .white

        var mapFrame = content
        var border: Border? = Border(width: 0.3 * unit, color: Color(r: 0.2, g: 0.2, b: 0.2))
        if let m = doc["map"] {
            guard case .object(let map) = m else {
                error(root / "map", "expected an object, found \(m.typeName)")
                return nil
            }
            checkKeys(map, root / "map", ["x", "y", "width", "height", "border"])
            let x = map["x"].flatMap { length($0, root / "map" / "x") } ?? 0
            let y = map["y"].flatMap { length($0, root / "map" / "y") } ?? 0
            let w = map["width"].flatMap { length($0, root / "map" / "width") } ?? content.width - x
            let h = map["height"].flatMap { length($0, root / "map" / "height") } ?? content.height - y
            mapFrame = Box(minX: content.minX + x, minY: content.minY + y, maxX: content.minX + x + w, maxY: content.minY + y + h)
            if w <= 0 || h <= 0 { error(root / "map", "the map frame must have a positive width and height") }
            if !content.expanded(by: 0.5).contains(mapFrame) { warning(root / "map", "the map frame reaches past the margins") }
            if let b = map["border"] { border = self.border(b, root / "map" / "border") }
        }
        var title: String?
        if let t = doc["title"] {
            if case .string(let s) = t { title = s } else { error(root / "title", "expected a string, found \(t.typeName)") }
        }
        var elements: [PageElement] = []
        switch doc["elements"] {
        case nil: break
        case .array(let items)?:
            for (i, item) in items.enumerated() {
                if let e = element(item, root / "elements" / i) { elements.append(e) }
            }
        case let v?: error(root / "elements", "expected an array of elements, found \(v.typeName)")
        }
        return PageLayout(width: size.width, height: size.height, dpi: dpi, content: content, background: background,
                          mapFrame: mapFrame, mapBorder: border, documentTitle: title, elements: elements)
    }

    mutating func checkKeys(_ object: JSONObject, _ at: JSONPointer, _ known: [String]) {
        for key in object.keys where !known.contains(key) { warning(at / key, "unknown member, ignored") }
    }

    /// A length in document units, as CSS pixels.
    mutating func length(_ json: JSONValue, _ at: JSONPointer) -> Double? {
        guard case .number(let n) = json, n.isFinite else {
            error(at, "expected a length (a number), found \(json.brief)")
            return nil
        }
        return n * unit
    }

    mutating func edges(_ json: JSONValue?, _ at: JSONPointer, default value: Double) -> (top: Double, right: Double, bottom: Double, left: Double) {
        switch json {
        case nil: return (value, value, value, value)
        case .number?: let v = length(json!, at) ?? value; return (v, v, v, v)
        case .array(let a)? where a.count == 4:
            let v = a.enumerated().map { length($0.element, at / $0.offset) ?? value }
            return (v[0], v[1], v[2], v[3])
        case let v?:
            error(at, "expected a length or [top, right, bottom, left], found \(v.brief)")
            return (value, value, value, value)
        }
    }

    mutating func color(_ json: JSONValue?, _ at: JSONPointer) -> Color? {
        guard let json else { return nil }
        guard case .string(let s) = json, let c = Color(css: s) else {
            error(at, "expected a CSS colour, found \(json.brief)")
            return nil
        }
        return c
    }

    mutating func border(_ json: JSONValue, _ at: JSONPointer) -> Border? {
        if case .bool(false) = json { return nil }
        guard case .object(let o) = json else {
            error(at, "expected {\"width\": ..., \"color\": ...} or false, found \(json.brief)")
            return nil
        }
        checkKeys(o, at, ["width", "color"])
        return Border(width: o["width"].flatMap { length($0, at / "width") } ?? 0.3 * unit,
                      color: color(o["color"], at / "color") ?? Color(r: 0.2, g: 0.2, b: 0.2))
    }
}
