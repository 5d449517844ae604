#if canImport(Glibc)
import Glibc
#endif
import Geometry
import Raster
import Style

/// What to draw, as a plain value: ordered layers of draw commands in device pixels.
/// Building it decides everything about the map; a backend only performs it.
public struct Scene: Sendable {
    public var width: Int
    public var height: Int
    public var pixelRatio: Double
    public var layers: [SceneLayer]
    /// What building left out, for the user: labels over the limit.
    public var warnings: [String] = []

    public init(width: Int, height: Int, pixelRatio: Double, layers: [SceneLayer] = []) {
        self.width = width
        self.height = height
        self.pixelRatio = pixelRatio
        self.layers = layers
    }

    public var commandCount: Int { layers.reduce(0) { $0 + $1.commands.count } }

    /// The exact size in CSS pixels when the pixel count is a rounding of it (a paper page
    /// at some DPI): vector outputs use it so that an A4 page is exactly A4.
    public var exactSize: (width: Double, height: Double)?

    /// Size in CSS pixels, for vector outputs.
    public var cssWidth: Double { exactSize?.width ?? Double(width) / pixelRatio }
    public var cssHeight: Double { exactSize?.height ?? Double(height) / pixelRatio }
}

/// The commands of one style layer, with the geometry they draw in one shared buffer.
public struct SceneLayer: Sendable {
    public var id: String
    public var paths = PathBuffer()
    public var commands: [DrawCommand] = []
    /// Drawing is limited to this rectangle (device pixels) when set: a map frame placed
    /// on a report page.
    public var clip: Box?
    /// Some labels carry a `sortKey`: they draw in groups of equal keys (see `PlacedLabel`).
    public var labelsHaveSortKeys = false

    public init(id: String, commands: [DrawCommand] = []) {
        self.id = id
        self.commands = commands
    }
}

/// Subpaths in device pixels, all in one interleaved buffer: subpath `i` is points
/// `starts[i] ..< starts[i+1]` and is closed (a ring) or open (a line).
public struct PathBuffer: Sendable {
    public var points: [Double] = []
    public var starts: [Int32] = [0]
    public var closed: [Bool] = []
    /// Each subpath's bounding box, so that a backend drawing part of the image (a band, a
    /// tile) skips what cannot touch it.
    public var bounds: [Box] = []

    public var subpathCount: Int { closed.count }

    public func points(of subpath: Int) -> Range<Int> { Int(starts[subpath])..<Int(starts[subpath + 1]) }

    /// Ends the subpath made of the points appended since the last one.
    public mutating func endSubpath(closed isClosed: Bool) {
        let start = Int(starts.last!)
        let end = points.count / 2
        if end == start { return }
        var box = Box.empty
        points.withUnsafeBufferPointer { p in
            for i in start..<end { box.extend(x: p[2 * i], y: p[2 * i + 1]) }
        }
        starts.append(Int32(end))
        closed.append(isClosed)
        bounds.append(box)
    }

    /// The bounding box of a range of subpaths.
    public func bounds(of subpaths: Range<Int>) -> Box {
        subpaths.reduce(Box.empty) { $0.union(bounds[$1]) }
    }

    /// Drops points appended since the last `endSubpath`.
    public mutating func discardOpenSubpath() {
        points.removeSubrange(Int(starts.last!) * 2..<points.count)
    }
}

/// One drawing operation. Paths are ranges of subpaths in the layer's `PathBuffer`.
public enum DrawCommand: Sendable {
    /// Paint the whole image.
    case background(Color)
    case fill(subpaths: Range<Int>, paint: FillPaint)
    case stroke(subpaths: Range<Int>, paint: StrokePaint)
    case circle(x: Double, y: Double, paint: CirclePaint)
    indirect case label(PlacedLabel)
    /// A symbol's icon (`icon-image`).
    indirect case icon(PlacedIcon)
    /// Paths filled with a repeated image (`fill-pattern`; `background-pattern` fills the image).
    indirect case patternFill(subpaths: Range<Int>, paint: PatternPaint)
    /// A line whose colour changes along it (`line-gradient`): each segment carries the
    /// colours at points along it, from its start (0) to its end (1).
    case gradientLine(segments: [GradientSegment], paint: StrokePaint)
    /// An image in device pixels (a raster or hillshade layer warped into the map).
    indirect case image(SceneImage)
}

/// A raster drawn 1:1 onto the device grid at (x, y), already warped and painted: each
/// output embeds it once (PNG paints it, PDF and SVG embed it at this resolution).
public struct SceneImage: Sendable {
    public var x: Double
    public var y: Double
    public var image: RasterImage
    /// Imagery (JPEG in PDF and SVG) rather than flat colour such as shaded relief (PNG).
    public var photographic: Bool

    public init(x: Double = 0, y: Double = 0, image: RasterImage, photographic: Bool) {
        self.x = x
        self.y = y
        self.image = image
        self.photographic = photographic
    }
}

/// One segment of a `line-gradient` line, in device pixels.
public struct GradientSegment: Sendable {
    public var x0, y0, x1, y1: Double
    /// (position 0...1 along the segment, colour) pairs, in order.
    public var stops: [(Double, Color)]

    public init(x0: Double, y0: Double, x1: Double, y1: Double, stops: [(Double, Color)]) {
        self.x0 = x0
        self.y0 = y0
        self.x1 = x1
        self.y1 = y1
        self.stops = stops
    }
}

public struct FillPaint: Sendable, Hashable {
    public var color: Color
    public var antialias: Bool
    /// Drawn as a one-pixel line along the outline, when set.
    public var outline: Color?
    /// The fill comes in pieces that share edges (a `vector` source's tiles, buildings
    /// wall to wall): raster output fills it as MapLibre does even when opaque, aliased
    /// with a faded outline, so that no seam shows where pieces meet.
    public var piecewise = false

    public init(color: Color, antialias: Bool = true, outline: Color? = nil) {
        self.color = color
        self.antialias = antialias
        self.outline = outline
    }
}

public enum LineCap: String, Sendable { case butt, round, square }
public enum LineJoin: String, Sendable { case bevel, round, miter }

public struct StrokePaint: Sendable, Hashable {
    public var color: Color
    /// Device pixels.
    public var width: Double
    public var cap: LineCap
    public var join: LineJoin
    public var miterLimit: Double
    /// Dash and gap lengths in device pixels (an even count), nil for a solid line.
    public var dashes: [Double]?
    /// How far into the dash pattern each line starts, device pixels.
    public var dashOffset: Double
    public var blur: Double
    /// The line comes in pieces that meet end to end (a `vector` source's tiles): raster
    /// output draws it as MapLibre's triangles even when opaque, so that butt ends are
    /// not antialiased and no seam shows where pieces meet.
    public var piecewise = false

    public init(color: Color, width: Double, cap: LineCap = .butt, join: LineJoin = .miter, miterLimit: Double = 2,
                dashes: [Double]? = nil, dashOffset: Double = 0, blur: Double = 0) {
        self.color = color
        self.width = width
        self.cap = cap
        self.join = join
        self.miterLimit = miterLimit
        self.dashes = dashes
        self.dashOffset = dashOffset
        self.blur = blur
    }
}

public struct CirclePaint: Sendable, Hashable {
    /// Device pixels.
    public var radius: Double
    public var color: Color
    public var blur: Double
    public var strokeWidth: Double
    public var strokeColor: Color

    public init(radius: Double, color: Color, blur: Double = 0, strokeWidth: Double = 0, strokeColor: Color = .transparent) {
        self.radius = radius
        self.color = color
        self.blur = blur
        self.strokeWidth = strokeWidth
        self.strokeColor = strokeColor
    }
}

/// A label whose position has been decided: text laid out by Pango with its top-left
/// corner at `origin`, in device pixels, turned by `rotation` about the pivot. A label that
/// follows a line instead lists its glyphs, each placed on its own.
///
/// The fields live in one shared box, copied on write: a label is copied as it moves from
/// placement into the scene and from the scene into each band that draws it, and copying
/// two dozen fields, half of them reference counted (the font's name is shared by every
/// label), on several cores at once made the cores queue for the same counters.
@dynamicMemberLookup
public struct PlacedLabel: Sendable {
    public struct Fields: Sendable {
        /// The text, with its line breaks.
        public var text: String
        /// A Pango font description: "Noto Sans CJK SC, Open Sans Semi-Bold 16px".
        public var font: String
        public var originX: Double
        public var originY: Double
        /// Size of the laid-out text in device pixels.
        public var width: Double
        public var height: Double
        public var color: Color
        public var haloColor: Color
        /// Device pixels.
        public var haloWidth: Double
        /// Softening of the halo's outer edge, device pixels.
        public var haloBlur: Double = 0
        public var alignment: TextAlignment
        /// Distance between baselines in device pixels, nil for the font's own.
        public var lineHeight: Double?
        public var letterSpacing: Double
        /// Clockwise turn in radians about (pivotX, pivotY), for `text-rotate`.
        public var rotation: Double = 0
        public var pivotX: Double = 0
        public var pivotY: Double = 0
        /// For labels along lines and vertical text: each piece of text at its own place.
        public var glyphs: [LabelGlyph]?
        /// The boxes the label took in collision detection (before padding), device pixels:
        /// one for a block of text, one per glyph along a line.
        public var boxes: [Box] = []
        /// The shaped glyphs of a block label, positioned relative to `origin`: drawing needs
        /// no text shaping again.
        public var runs: [GlyphRun] = []
        /// A block label's lines, for outputs that write text as text (empty: lay the text
        /// out again with Pango).
        public var lines: [LabelLine] = []
        /// For labels drawn as MapLibre draws them (map symbols): device pixels per pixel of
        /// the 24-px glyph distance fields that raster output draws from. Nil: glyph outlines.
        public var fieldScale: Double?
        /// The feature's `symbol-sort-key`, when the layer sets one: MapLibre then draws
        /// the layer's labels group by group of equal keys, each group's halos before its
        /// text, so a later group's halos cover an earlier group's letters.
        public var sortKey: Double?

        public init(text: String, font: String, originX: Double, originY: Double, width: Double, height: Double,
                    color: Color, haloColor: Color = .transparent, haloWidth: Double = 0, alignment: TextAlignment = .center,
                    lineHeight: Double? = nil, letterSpacing: Double = 0, haloBlur: Double = 0) {
            self.haloBlur = haloBlur
            self.text = text
            self.font = font
            self.originX = originX
            self.originY = originY
            self.width = width
            self.height = height
            self.color = color
            self.haloColor = haloColor
            self.haloWidth = haloWidth
            self.alignment = alignment
            self.lineHeight = lineHeight
            self.letterSpacing = letterSpacing
        }
    }

    private final class Storage: @unchecked Sendable {
        var fields: Fields
        init(_ fields: Fields) { self.fields = fields }
    }

    private var storage: Storage

    public subscript<T>(dynamicMember key: WritableKeyPath<Fields, T>) -> T {
        get { storage.fields[keyPath: key] }
        set {
            if !isKnownUniquelyReferenced(&storage) { storage = Storage(storage.fields) }
            storage.fields[keyPath: key] = newValue
        }
    }

    public init(text: String, font: String, originX: Double, originY: Double, width: Double, height: Double,
                color: Color, haloColor: Color = .transparent, haloWidth: Double = 0, alignment: TextAlignment = .center,
                lineHeight: Double? = nil, letterSpacing: Double = 0, haloBlur: Double = 0) {
        storage = Storage(Fields(text: text, font: font, originX: originX, originY: originY, width: width, height: height,
                                 color: color, haloColor: haloColor, haloWidth: haloWidth, alignment: alignment,
                                 lineHeight: lineHeight, letterSpacing: letterSpacing, haloBlur: haloBlur))
    }
}

public enum TextAlignment: String, Sendable { case left, center, right }

/// One line of a block label: its text and where it starts on its baseline, relative to
/// the label's origin, device pixels.
public struct LabelLine: Sendable {
    public var text: String
    public var x: Double
    public var baseline: Double
}

/// One piece of a label placed on its own (a character of a road name along the road):
/// its text, drawn with its baseline's left end at (x, y), turned clockwise by `angle`
/// radians about that point.
public struct LabelGlyph: Sendable {
    public var text: String
    public var x: Double
    public var y: Double
    public var angle: Double
    /// The piece's shaped glyphs, relative to its baseline's left end.
    public var runs: [GlyphRun]

    public init(text: String, x: Double, y: Double, angle: Double, runs: [GlyphRun] = []) {
        self.text = text
        self.x = x
        self.y = y
        self.angle = angle
        self.runs = runs
    }
}

/// Glyphs of one font face, as Pango shaped them: what every output draws, so text is
/// shaped once, when labels are placed.
public struct GlyphRun: Sendable, Hashable {
    /// A Pango description of the exact face and size: "Noto Sans CJK SC 12px".
    public var font: String
    public var glyphs: [UInt32]
    /// Baseline origin of each glyph (x, y interleaved), device pixels.
    public var positions: [Double]
    /// The characters the run shows, for text that stays text in vector output.
    public var text: String
    /// A formatted section's own `text-color`; nil for the label's colour.
    public var color: Color?

    public init(font: String, glyphs: [UInt32], positions: [Double], text: String, color: Color? = nil) {
        self.font = font
        self.glyphs = glyphs
        self.positions = positions
        self.text = text
        self.color = color
    }

    /// The run moved by (dx, dy).
    public func offset(by dx: Double, _ dy: Double) -> GlyphRun {
        var run = self
        for i in stride(from: 0, to: run.positions.count, by: 2) {
            run.positions[i] += dx
            run.positions[i + 1] += dy
        }
        return run
    }
}

extension PlacedLabel {
    /// The area the label's text covers, in device pixels (before halo).
    public var bounds: Box {
        var box = Box.empty
        if let glyphs = self.glyphs {
            // Each glyph reaches at most a line height from its baseline point.
            for g in glyphs { box.extend(Box(minX: g.x, minY: g.y, maxX: g.x, maxY: g.y).expanded(by: self.height)) }
            return box
        }
        let (originX, originY, width, height) = (self.originX, self.originY, self.width, self.height)
        let (pivotX, pivotY) = (self.pivotX, self.pivotY)
        let corners = [(originX, originY), (originX + width, originY), (originX, originY + height), (originX + width, originY + height)]
        let c = cos(self.rotation), s = sin(self.rotation)
        for (x, y) in corners {
            let dx = x - pivotX, dy = y - pivotY
            box.extend(x: pivotX + dx * c - dy * s, y: pivotY + dx * s + dy * c)
        }
        return box
    }
}
