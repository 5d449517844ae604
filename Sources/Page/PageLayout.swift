import Geometry
import JSON
import Style

/// A report page: paper, the map frame's place on it, and the furniture around the map,
/// as read from a page layout document (see docs/LAYOUT.md). Lengths are in CSS pixels
/// (1/96 inch) once read; the document gives them in millimetres or pixels.
public struct PageLayout: Sendable {
    /// Page width in CSS pixels (orientation applied).
    public var width: Double
    /// Page height in CSS pixels (orientation applied).
    public var height: Double
    /// Device pixels per inch of the PNG; vector outputs are resolution-free.
    public var dpi: Double
    /// Inside the margins, where the map and furniture go.
    public var content: Box
    /// The colour of the sheet, under the map and the furniture.
    public var background: Color
    /// The map frame on the page.
    public var mapFrame: Box
    /// The line drawn around the map frame; nil for none.
    public var mapBorder: Border?
    /// Document title for PDF metadata (templated).
    public var documentTitle: String?
    /// The furniture, drawn in the layout's order over the map.
    public var elements: [PageElement]

    /// Device pixels per CSS pixel of a PNG page (`dpi` / 96); the map in the frame is drawn at it.
    public var pixelRatio: Double { dpi / 96 }
}

/// A box's outline: its width in CSS pixels and its colour.
public struct Border: Sendable, Equatable {
    /// The line width, in CSS pixels.
    public var width: Double
    /// The line colour.
    public var color: Color
}

/// Where an element goes: a corner, edge middle or centre of a reference box, moved
/// inward by `offset` (for a centred axis, right and down).
public struct Placement: Sendable, Equatable {
    /// The box an element is placed in: the map frame, or the page inside its margins (`"in"`).
    public enum Reference: String, Sendable {
        /// `map`: the map frame; `page`: the page inside its margins.
        case map, page
    }
    /// The corner, edge or centre the element is held to: `top-left`, `bottom`, `center`...
    public var anchor: String
    /// How far in from the anchored edges, in CSS pixels (x, y).
    public var offset: (Double, Double)
    /// Whether the element is placed in the map frame or on the page.
    public var reference: Reference

    /// Equal when anchor, offset and reference are (a tuple cannot be `Equatable` by itself).
    public static func == (a: Placement, b: Placement) -> Bool {
        a.anchor == b.anchor && a.offset == b.offset && a.reference == b.reference
    }

    /// The top-left corner for an element of `size` placed in `box`.
    public func origin(of size: (width: Double, height: Double), in box: Box) -> (x: Double, y: Double) {
        let h: Double = anchor.hasSuffix("left") ? 0 : anchor.hasSuffix("right") ? 1 : 0.5
        let v: Double = anchor.hasPrefix("top") ? 0 : anchor.hasPrefix("bottom") ? 1 : 0.5
        let dx = h == 0.5 ? offset.0 : (h == 0 ? offset.0 : -offset.0)
        let dy = v == 0.5 ? offset.1 : (v == 0 ? offset.1 : -offset.1)
        return (box.minX + h * (box.width - size.width) + dx, box.minY + v * (box.height - size.height) + dy)
    }
}

/// Text settings shared by every element that writes text.
public struct TextSettings: Sendable, Equatable {
    /// Font families to try in order, as a style's `text-font`; the first that has a character
    /// draws it.
    public var font: [String]
    /// CSS pixels.
    public var size: Double
    /// The text colour.
    public var color: Color
    /// The colour of the halo drawn around each glyph to keep text legible over the map; nil for
    /// none.
    public var haloColor: Color?
    /// The halo's width in CSS pixels.
    public var haloWidth: Double
}

/// One piece of furniture of a page, with what it needs to be drawn.
public enum PageElement: Sendable {
    /// Title, subtitle or free text; `{property}` placeholders are filled from the page's
    /// properties (the atlas feature), `{date}` with today's date and `{scale}` with the
    /// numeric scale.
    case text(TextElement)
    /// The legend drawn from the style's layers.
    case legend(LegendElement)
    /// A scale bar true on the ground at the frame's centre, with the numeric scale.
    case scaleBar(ScaleBarElement)
    /// An arrow to true north at the frame's centre.
    case northArrow(NorthArrowElement)
    /// A graticule or a projected grid over the frame, labelled outside it.
    case grid(GridElement)
    /// A locator map from another style, with the main frame's outline on it.
    case inset(InsetElement)
    /// The rows of `PageInputs.table` (annotated projects), in as many blocks side by side
    /// as its height needs.
    case table(TableElement)
    /// The colours of `PageInputs.categories` (project categories) as marker swatches.
    case categories(CategoriesElement)
}

/// A `table` element: the rows of `PageInputs.table`, in blocks side by side when they do not
/// fit one above the other.
public struct TableElement: Sendable {
    /// Where the table goes.
    public var placement: Placement
    /// A heading above the table; nil for none.
    public var title: String?
    /// The cells' text; the header is set bold in the same font.
    public var text: TextSettings
    /// Longest a column may be, CSS pixels (longer text wraps).
    public var maxColumnWidth: Double
    /// Tallest a block may be before the next one starts beside it, CSS pixels; nil for the
    /// room left in the reference box.
    public var maxHeight: Double?
}

/// A `categories` element: a swatch per category of `PageInputs.categories`.
public struct CategoriesElement: Sendable {
    /// Where the swatches go.
    public var placement: Placement
    /// A heading above the swatches; nil for none.
    public var title: String?
    /// The category names' text.
    public var text: TextSettings
}

/// A `title`, `subtitle`, `text`, `attribution` or `date` element.
public struct TextElement: Sendable {
    /// The element's type as the layout gives it (`title`, `subtitle`, `text`, `attribution`,
    /// `date`); the PDF's title falls back to the `title` element's text.
    public var kind: String
    /// The text with its `{key}`, `{date}` and `{scale}` placeholders still in it.
    public var template: String
    /// Where the text goes.
    public var placement: Placement
    /// The text's font, size, colour and halo.
    public var text: TextSettings
    /// Wrap width in CSS pixels, nil for none.
    public var maxWidth: Double?
    /// How wrapped lines are aligned (`align`: `left`, `center` or `right`).
    public var alignment: String
}

/// A `legend` element: the style's layers that draw something in the frame, as swatches in
/// their own paint.
public struct LegendElement: Sendable {
    /// Where the legend box goes.
    public var placement: Placement
    /// The heading of the legend ("图例 Legend"); nil for none.
    public var title: String?
    /// The entries' text.
    public var text: TextSettings
    /// Only these layers (ids), in style order; nil for every layer with a legend title.
    public var layers: [String]?
    /// The legend box's fill, so it stays legible over the map; nil leaves it clear.
    public var background: Color?
    /// The legend box's outline; nil for none.
    public var border: Border?
    /// Padding inside the box, CSS pixels.
    public var padding: Double
    /// Swatch size, CSS pixels.
    public var swatch: (width: Double, height: Double)
}

/// A `scale-bar` element: a bar of a round ground length (1, 2 or 5 × 10ⁿ m).
public struct ScaleBarElement: Sendable {
    /// Where the bar goes.
    public var placement: Placement
    /// Longest the bar may be, CSS pixels.
    public var maxWidth: Double
    /// The bar's thickness, in CSS pixels.
    public var height: Double
    /// The lengths' and the numeric scale's text.
    public var text: TextSettings
    /// Also write the numeric scale (1:50 000).
    public var numeric: Bool
    /// The bar's colour.
    public var color: Color
}

/// A `north-arrow` element, turned by the grid convergence and the map's bearing so that it
/// points to true north.
public struct NorthArrowElement: Sendable {
    /// Where the arrow goes.
    public var placement: Placement
    /// The arrow's height, in CSS pixels.
    public var size: Double
    /// The arrow's colour.
    public var color: Color
    /// The "N" written above the arrowhead.
    public var text: TextSettings
}

/// A `grid` element, clipped to the map frame.
public struct GridElement: Sendable {
    /// `graticule`: meridians and parallels (114°00′E); `projected`: round map coordinates
    /// (501 000).
    public enum Kind: String, Sendable {
        /// `graticule`: meridians and parallels; `projected`: round map coordinates.
        case graticule, projected
    }
    /// Which lines are drawn.
    public var kind: Kind
    /// Degrees for a graticule, map units (metres) for a projected grid; nil picks one.
    public var interval: Double?
    /// The lines' colour.
    public var color: Color
    /// The lines' width, in CSS pixels.
    public var width: Double
    /// Whether the lines' values are written outside the frame where they cross its edges.
    public var labels: Bool
    /// The labels' text.
    public var text: TextSettings
}

/// An `inset` element: a small map drawn from its own style.
public struct InsetElement: Sendable {
    /// Where the inset goes.
    public var placement: Placement
    /// The inset's width, in CSS pixels.
    public var width: Double
    /// The inset's height, in CSS pixels.
    public var height: Double
    /// The inset's style, resolved against the layout file's folder.
    public var style: String
    /// Longitude/latitude box it shows; nil fits the inset style's data.
    public var bbox: Box?
    /// The colour of the main map's frame drawn on the inset.
    public var frameColor: Color
    /// The inset's outline; nil for none.
    public var border: Border?
}

/// Rows for a table element: a header and cells as text.
public struct TableData: Sendable {
    /// The column headings.
    public var header: [String]
    /// The cells, row by row, as many as there are headings.
    public var rows: [[String]]
    /// A colour shown beside each row's first cell (the project's category), if any.
    public var rowColors: [Color]?

    /// Rows under a header; `rowColors`, when given, has one colour per row.
    public init(header: [String], rows: [[String]], rowColors: [Color]? = nil) {
        self.header = header
        self.rows = rows
        self.rowColors = rowColors
    }
}
