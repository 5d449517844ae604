import Geometry
import JSON
import Projection
import Render
import Style

/// What a page is made from besides its layout: the map drawn for the frame, the data
/// behind it (for the legend), the values for text templates, and the inset maps.
public struct PageInputs: Sendable {
    /// The map scene, drawn for the frame's size at the page's pixel ratio.
    public var map: Scene
    /// The map's frame: its CRS, extent and pixel transform, for the scale bar, north arrow, grid
    /// and the insets' outline of it.
    public var frame: MapFrame
    /// The map's style: the legend draws its layers' own paint and reads their titles.
    public var style: Style
    /// The features drawn in the frame, by source id, so that the legend shows only what is there.
    public var sources: [String: RenderSource]
    /// Values for `{name}` placeholders (the atlas feature's properties).
    public var properties: JSONObject
    /// Today's date, for `{date}` ("2026-11-29").
    public var date: String
    /// Inset maps by element index, each drawn for its element's size.
    public var insets: [Int: (scene: Scene, frame: MapFrame)]
    /// Rows for table elements (annotated projects).
    public var table: TableData?
    /// Names and colours for category elements.
    public var categories: [(name: String, color: Color)]

    /// The inputs of one page; `date` fills `{date}`, and the table and categories are those of
    /// `cartouche annotate` (empty for other pages).
    public init(map: Scene, frame: MapFrame, style: Style, sources: [String: RenderSource], properties: JSONObject = JSONObject(),
                date: String, insets: [Int: (scene: Scene, frame: MapFrame)] = [:], table: TableData? = nil,
                categories: [(name: String, color: Color)] = []) {
        self.table = table
        self.categories = categories
        self.map = map
        self.frame = frame
        self.style = style
        self.sources = sources
        self.properties = properties
        self.date = date
        self.insets = insets
    }
}

/// Lays out a report page as one `Scene` in device pixels: the page, the map moved into
/// its frame and clipped to it, the grid, the frame border, then each element of the
/// layout. Every backend draws the page like any map.
public enum PageComposer {
    /// The page as one scene, in the layout's size at its resolution. Throws when the scale bar
    /// or north arrow cannot be measured in the map's CRS at the frame's centre.
    public static func compose(_ layout: PageLayout, _ inputs: PageInputs) throws -> Scene {
        let ratio = layout.pixelRatio
        var page = PageCanvas(layout: layout, inputs: inputs)
        page.scene = Scene(width: Int((layout.width * ratio).rounded()), height: Int((layout.height * ratio).rounded()),
                           pixelRatio: ratio)
        page.scene.exactSize = (layout.width, layout.height)
        var paper = SceneLayer(id: "page")
        paper.commands.append(.background(layout.background))
        page.scene.layers.append(paper)
        let frame = page.device(layout.mapFrame)
        for layer in inputs.map.layers {
            page.scene.layers.append(layer.placed(dx: frame.minX, dy: frame.minY, clip: frame))
        }
        for case .grid(let grid) in layout.elements { try page.addGrid(grid) }
        if let border = layout.mapBorder { page.addBorder(frame, border, id: "map-frame") }
        for (i, element) in layout.elements.enumerated() {
            switch element {
            case .text(let t): page.addText(t)
            case .legend(let l): page.addLegend(l)
            case .scaleBar(let s): try page.addScaleBar(s)
            case .northArrow(let n): try page.addNorthArrow(n)
            case .grid: break
            case .inset(let e):
                if let inset = inputs.insets[i] { try page.addInset(e, inset.scene, inset.frame) }
            case .table(let t): page.addTable(t)
            case .categories(let c): page.addCategories(c)
            }
        }
        return page.scene
    }
}

/// The page being composed, with the conversions every element needs.
struct PageCanvas {
    let layout: PageLayout
    let inputs: PageInputs
    var scene = Scene(width: 0, height: 0, pixelRatio: 1)

    var ratio: Double { layout.pixelRatio }

    /// A box in CSS pixels on the page, in device pixels.
    func device(_ box: Box) -> Box {
        Box(minX: box.minX * ratio, minY: box.minY * ratio, maxX: box.maxX * ratio, maxY: box.maxY * ratio)
    }

    /// The reference box of a placement, device pixels.
    func reference(_ p: Placement) -> Box { device(p.reference == .map ? layout.mapFrame : layout.content) }

    /// The top-left corner (device pixels) for an element of `size` (device pixels).
    func origin(_ p: Placement, size: (width: Double, height: Double)) -> (x: Double, y: Double) {
        var scaled = p
        scaled.offset = (p.offset.0 * ratio, p.offset.1 * ratio)
        return scaled.origin(of: size, in: reference(p))
    }

    mutating func addBorder(_ box: Box, _ border: Border, id: String) {
        var layer = SceneLayer(id: id)
        layer.paths.addRectangle(box)
        layer.commands.append(.stroke(subpaths: 0..<1, paint: StrokePaint(color: border.color, width: border.width * ratio, join: .miter)))
        scene.layers.append(layer)
    }

    /// A text block in device pixels for `settings`.
    func label(_ text: String, _ settings: TextSettings, maxWidth: Double? = nil, alignment: TextAlignment = .left) -> PlacedLabel {
        PlacedLabel.block(text, font: settings.font, size: settings.size * ratio, color: settings.color,
                          haloColor: settings.haloColor ?? .transparent, haloWidth: settings.haloWidth * ratio,
                          maxWidth: maxWidth.map { $0 * ratio }, alignment: alignment)
    }

    /// Fills `{name}`, `{date}` and `{scale}` in a text template.
    func fill(_ template: String) -> String {
        var out = ""
        var rest = Substring(template)
        while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
            out += rest[..<open]
            let key = String(rest[rest.index(after: open)..<close])
            switch key {
            case "date": out += inputs.date
            case "scale": out += (try? numericScale()) ?? ""
            default:
                if let v = inputs.properties[key] { out += Value(v).text } else { out += "{\(key)}" }
            }
            rest = rest[rest.index(after: close)...]
        }
        return out + rest
    }

    mutating func addText(_ t: TextElement) {
        let text = fill(t.template.isEmpty && t.kind == "attribution" ? attribution : t.template)
        guard !text.isEmpty else { return }
        let alignment: TextAlignment = t.alignment == "left" ? .left : t.alignment == "right" ? .right : .center
        let l = label(text, t.text, maxWidth: t.maxWidth, alignment: alignment)
        let o = origin(t.placement, size: (l.width, l.height))
        var layer = SceneLayer(id: t.kind)
        layer.commands.append(.label(l.moved(dx: o.x, dy: o.y)))
        scene.layers.append(layer)
    }

    /// The style's attribution (`metadata."cartouche:attribution"`).
    var attribution: String {
        inputs.style.metadata["cartouche:attribution"]?.stringValue ?? ""
    }
}
