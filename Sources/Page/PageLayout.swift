import Geometry
import JSON
import Style

/// A report page: paper, the map frame's place on it, and the furniture around the map,
/// as read from a page layout document (see docs/LAYOUT.md). Lengths are in CSS pixels
/// (1/96 inch) once read; the document gives them in millimetres or pixels.
public struct PageLayout: Sendable {
    /// Page size in CSS pixels (orientation applied).
    public var width: Double
    public var height: Double
    /// Device pixels per inch of the PNG; vector outputs are resolution-free.
    public var dpi: Double
    /// Inside the margins, where the map and furniture go.
    public var content: Box
    public var background: Color
    /// The map frame on the page.
    public var mapFrame: Box
    public var mapBorder: Border?
    /// Document title for PDF metadata (templated).
    public var documentTitle: String?
    public var elements: [PageElement]

    public var pixelRatio: Double { dpi / 96 }
}

public struct Border: Sendable, Equatable {
    public var width: Double
    public var color: Color
}

/// Where an element goes: a corner, edge middle or centre of a reference box, moved
/// inward by `offset` (for a centred axis, right and down).
public struct Placement: Sendable, Equatable {
    public enum Reference: String, Sendable { case map, page }
    public var anchor: String
    public var offset: (Double, Double)
    public var reference: Reference

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
    public var font: [String]
    /// CSS pixels.
    public var size: Double
    public var color: Color
    public var haloColor: Color?
    public var haloWidth: Double
}

public enum PageElement: Sendable {
    /// Title, subtitle or free text; `{property}` placeholders are filled from the page's
    /// properties (the atlas feature), `{date}` with today's date and `{scale}` with the
    /// numeric scale.
    case text(TextElement)
    case legend(LegendElement)
    case scaleBar(ScaleBarElement)
    case northArrow(NorthArrowElement)
    case grid(GridElement)
    case inset(InsetElement)
    /// The rows of `PageInputs.table` (annotated projects), in as many blocks side by side
    /// as its height needs.
    case table(TableElement)
    /// The colours of `PageInputs.categories` (project categories) as marker swatches.
    case categories(CategoriesElement)
}

public struct TableElement: Sendable {
    public var placement: Placement
    public var title: String?
    public var text: TextSettings
    /// Longest a column may be, CSS pixels (longer text wraps).
    public var maxColumnWidth: Double
    /// Tallest a block may be before the next one starts beside it, CSS pixels; nil for the
    /// room left in the reference box.
    public var maxHeight: Double?
}

public struct CategoriesElement: Sendable {
    public var placement: Placement
    public var title: String?
    public var text: TextSettings
}

public struct TextElement: Sendable {
    public var kind: String
    public var template: String
    public var placement: Placement
    public var text: TextSettings
    /// Wrap width in CSS pixels, nil for none.
    public var maxWidth: Double?
    public var alignment: String
}

public struct LegendElement: Sendable {
    public var placement: Placement
    public var title: String?
    public var text: TextSettings
    /// Only these layers (ids), in style order; nil for every layer with a legend title.
    public var layers: [String]?
    public var background: Color?
    public var border: Border?
    /// Padding inside the box, CSS pixels.
    public var padding: Double
    /// Swatch size, CSS pixels.
    public var swatch: (width: Double, height: Double)
}

public struct ScaleBarElement: Sendable {
    public var placement: Placement
    /// Longest the bar may be, CSS pixels.
    public var maxWidth: Double
    public var height: Double
    public var text: TextSettings
    /// Also write the numeric scale (1:50 000).
    public var numeric: Bool
    public var color: Color
}

public struct NorthArrowElement: Sendable {
    public var placement: Placement
    public var size: Double
    public var color: Color
    public var text: TextSettings
}

public struct GridElement: Sendable {
    public enum Kind: String, Sendable { case graticule, projected }
    public var kind: Kind
    /// Degrees for a graticule, map units (metres) for a projected grid; nil picks one.
    public var interval: Double?
    public var color: Color
    public var width: Double
    public var labels: Bool
    public var text: TextSettings
}

public struct InsetElement: Sendable {
    public var placement: Placement
    public var width: Double
    public var height: Double
    /// The inset's style, resolved against the layout file's folder.
    public var style: String
    /// Longitude/latitude box it shows; nil fits the inset style's data.
    public var bbox: Box?
    public var frameColor: Color
    public var border: Border?
}

/// Rows for a table element: a header and cells as text.
public struct TableData: Sendable {
    public var header: [String]
    public var rows: [[String]]
    /// A colour shown beside each row's first cell (the project's category), if any.
    public var rowColors: [Color]?

    public init(header: [String], rows: [[String]], rowColors: [Color]? = nil) {
        self.header = header
        self.rows = rows
        self.rowColors = rowColors
    }
}
