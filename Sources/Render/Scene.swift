#if canImport(Glibc)
import Glibc
#endif
import Geometry
import Raster
import Style

/// What to draw, as a plain value: ordered layers of draw commands in device pixels.
/// Building it decides everything about the map; a backend only performs it.
public struct Scene: Sendable {
    /// The image's width in device pixels.
    public var width: Int
    /// The image's height in device pixels.
    public var height: Int
    /// Device pixels per CSS pixel: the scale every width, size and offset of the style was
    /// multiplied by.
    public var pixelRatio: Double
    /// The style's layers that draw something, bottom first.
    public var layers: [SceneLayer]
    /// What building left out, for the user: labels over the limit.
    public var warnings: [String] = []

    /// An empty scene of the given size.
    public init(width: Int, height: Int, pixelRatio: Double, layers: [SceneLayer] = []) {
        self.width = width
        self.height = height
        self.pixelRatio = pixelRatio
        self.layers = layers
    }

    /// The number of draw commands in all layers: a measure of a map's cost, for benchmarks.
    public var commandCount: Int { layers.reduce(0) { $0 + $1.commands.count } }

    /// The exact size in CSS pixels when the pixel count is a rounding of it (a paper page
    /// at some DPI): vector outputs use it so that an A4 page is exactly A4.
    public var exactSize: (width: Double, height: Double)?

    /// Size in CSS pixels, for vector outputs.
    public var cssWidth: Double { exactSize?.width ?? Double(width) / pixelRatio }
    /// The height in CSS pixels, for vector outputs (see `cssWidth`).
    public var cssHeight: Double { exactSize?.height ?? Double(height) / pixelRatio }
}

/// The commands of one style layer, with the geometry they draw in one shared buffer.
public struct SceneLayer: Sendable {
    /// The style layer's id, kept as the group id in SVG.
    public var id: String
    /// The geometry of the layer's fills and strokes.
    public var paths = PathBuffer()
    /// The layer's drawing operations, in order.
    public var commands: [DrawCommand] = []
    /// Drawing is limited to this rectangle (device pixels) when set: a map frame placed
    /// on a report page.
    public var clip: Box?
    /// Some labels carry a `sortKey`: they draw in groups of equal keys (see `PlacedLabel`).
    public var labelsHaveSortKeys = false

    /// A layer with the given commands and no paths yet.
    public init(id: String, commands: [DrawCommand] = []) {
        self.id = id
        self.commands = commands
    }
}

/// Subpaths in device pixels, all in one interleaved buffer: subpath `i` is points
/// `starts[i] ..< starts[i+1]` and is closed (a ring) or open (a line).
public struct PathBuffer: Sendable {
    /// Every point of every subpath, x and y interleaved, in device pixels.
    public var points: [Double] = []
    /// Where each subpath starts in the points, with one more entry for the end.
    public var starts: [Int32] = [0]
    /// Whether each subpath is a ring (closed) or a line.
    public var closed: [Bool] = []
    /// Each subpath's bounding box, so that a backend drawing part of the image (a band, a
    /// tile) skips what cannot touch it.
    public var bounds: [Box] = []

    /// The number of subpaths ended so far.
    public var subpathCount: Int { closed.count }

    /// The indices of a subpath's points.
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
    /// Fill the subpaths together, so that a polygon's holes stay empty.
    case fill(subpaths: Range<Int>, paint: FillPaint)
    /// Stroke the subpaths.
    case stroke(subpaths: Range<Int>, paint: StrokePaint)
    /// A circle centred at (x, y), device pixels (`circle` layers).
    case circle(x: Double, y: Double, paint: CirclePaint)
    /// A label, its place decided and its glyphs shaped.
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
extension Scene {
    /// Puts each raster layer's image at its place in the style's order: before the first
    /// scene layer that comes after it in `layers` (or that is not a style layer).
    public mutating func stack(_ images: [String: SceneImage], in layers: [Layer]) {
        guard !images.isEmpty else { return }
        var order: [String: Int] = [:]
        for (i, layer) in layers.enumerated() { order[layer.id] = i }
        for (i, layer) in layers.enumerated() {
            guard let image = images[layer.id] else { continue }
            let at = self.layers.firstIndex { (order[$0.id] ?? Int.max) > i } ?? self.layers.count
            self.layers.insert(SceneLayer(id: layer.id, commands: [.image(image)]), at: at)
        }
    }
}

/// A raster layer's picture placed on the scene: device pixels already warped into the
/// map's frame, drawn at its position and size.
public struct SceneImage: Sendable {
    /// The image's left edge, in device pixels.
    public var x: Double
    /// The image's top edge, in device pixels.
    public var y: Double
    /// The pixels, premultiplied, as drawn.
    public var image: RasterImage
    /// Imagery (JPEG in PDF and SVG) rather than flat colour such as shaded relief (PNG).
    public var photographic: Bool

    /// An image placed with its top-left corner at (x, y).
    public init(x: Double = 0, y: Double = 0, image: RasterImage, photographic: Bool) {
        self.x = x
        self.y = y
        self.image = image
        self.photographic = photographic
    }
}

/// One segment of a `line-gradient` line, in device pixels.
public struct GradientSegment: Sendable {
    /// The segment's start (x0, y0) and end (x1, y1), in device pixels.
    public var x0, y0, x1, y1: Double
    /// (position 0...1 along the segment, colour) pairs, in order.
    public var stops: [(Double, Color)]

    /// A segment from (x0, y0) to (x1, y1) with its colour stops.
    public init(x0: Double, y0: Double, x1: Double, y1: Double, stops: [(Double, Color)]) {
        self.x0 = x0
        self.y0 = y0
        self.x1 = x1
        self.y1 = y1
        self.stops = stops
    }
}

/// How a `fill` layer paints its polygons.
public struct FillPaint: Sendable, Hashable {
    /// The fill colour, `fill-opacity` already applied.
    public var color: Color
    /// `fill-antialias`: smooth edges, or hard pixel edges where shapes meet without seams.
    public var antialias: Bool
    /// Drawn as a one-pixel line along the outline, when set.
    public var outline: Color?
    /// The fill comes in pieces that share edges (a `vector` source's tiles, buildings
    /// wall to wall): raster output fills it as MapLibre does even when opaque, aliased
    /// with a faded outline, so that no seam shows where pieces meet.
    public var piecewise = false

    /// A fill of one colour, antialiased, without outline unless given.
    public init(color: Color, antialias: Bool = true, outline: Color? = nil) {
        self.color = color
        self.antialias = antialias
        self.outline = outline
    }
}

/// How a line's ends are drawn (`line-cap`).
public enum LineCap: String, Sendable {
    /// Cut square at the end point; a half-disc around it; a half-square past it.
    case butt, round, square
}
/// How a line's corners are drawn (`line-join`).
public enum LineJoin: String, Sendable {
    /// Cut across the corner; rounded; extended to a point, up to the miter limit.
    case bevel, round, miter
}

/// How a `line` layer (or an outline) strokes its paths.
public struct StrokePaint: Sendable, Hashable {
    /// The line colour, `line-opacity` already applied.
    public var color: Color
    /// Device pixels.
    public var width: Double
    /// How the ends are drawn.
    public var cap: LineCap
    /// How the corners are drawn.
    public var join: LineJoin
    /// `line-miter-limit`: past this ratio of miter length to width a miter join is bevelled.
    public var miterLimit: Double
    /// Dash and gap lengths in device pixels (an even count), nil for a solid line.
    public var dashes: [Double]?
    /// How far into the dash pattern each line starts, device pixels.
    public var dashOffset: Double
    /// `line-blur`, device pixels: how far the edges fade out.
    public var blur: Double
    /// The line comes in pieces that meet end to end (a `vector` source's tiles): raster
    /// output draws it as MapLibre's triangles even when opaque, so that butt ends are
    /// not antialiased and no seam shows where pieces meet.
    public var piecewise = false
    /// The square of the tile the line was read from: the line keeps the tile's buffer and
    /// is drawn only inside it, as MapLibre's stencil clips each tile (nil: not clipped).
    public var clip: TileClip?

    /// A solid line with MapLibre's defaults for what is not given.
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

/// How a `circle` layer draws each point.
public struct CirclePaint: Sendable, Hashable {
    /// Device pixels.
    public var radius: Double
    /// The fill colour, `circle-opacity` already applied.
    public var color: Color
    /// `circle-blur`, as a fraction of the radius that fades out.
    public var blur: Double
    /// The outline's width, device pixels; 0 for none.
    public var strokeWidth: Double
    /// The outline's colour.
    public var strokeColor: Color

    /// A circle with MapLibre's defaults for what is not given.
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
    /// Everything about a placed label, reached through the label's own properties
    /// (`label.text`, `label.originX`).
    public struct Fields: Sendable {
        /// The text, with its line breaks.
        public var text: String
        /// A Pango font description: "Noto Sans CJK SC, Open Sans Semi-Bold 16px".
        public var font: String
        /// The left edge of the laid-out text, device pixels.
        public var originX: Double
        /// The top edge of the laid-out text, device pixels.
        public var originY: Double
        /// Width of the laid-out text, device pixels.
        public var width: Double
        /// Height of the laid-out text, device pixels.
        public var height: Double
        /// The text colour.
        public var color: Color
        /// The halo colour; transparent for no halo.
        public var haloColor: Color
        /// Device pixels.
        public var haloWidth: Double
        /// Softening of the halo's outer edge, device pixels.
        public var haloBlur: Double = 0
        /// How the lines of a block label are aligned (`text-justify`).
        public var alignment: TextAlignment
        /// Distance between baselines in device pixels, nil for the font's own.
        public var lineHeight: Double?
        /// Extra space between characters, device pixels (`text-letter-spacing`).
        public var letterSpacing: Double
        /// Clockwise turn in radians about (pivotX, pivotY), for `text-rotate`.
        public var rotation: Double = 0
        /// The x of the point the label is turned about, device pixels.
        public var pivotX: Double = 0
        /// The y of the point the label is turned about, device pixels.
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
        /// text, so a later group's halos cover an earlier group's letters. For labels from
        /// vector tiles without a sort key, the rank of the label's tile (`TileDrawOrder`):
        /// MapLibre draws those tile by tile.
        public var sortKey: Double?

        /// A block label's fields; the rest (glyphs, boxes, runs, rotation) are set after.
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

    /// Reads or changes a field, copying the shared box first when another label shares it.
    public subscript<T>(dynamicMember key: WritableKeyPath<Fields, T>) -> T {
        get { storage.fields[keyPath: key] }
        set {
            if !isKnownUniquelyReferenced(&storage) { storage = Storage(storage.fields) }
            storage.fields[keyPath: key] = newValue
        }
    }

    /// A block label of text laid out at (originX, originY) with the given size and paint.
    public init(text: String, font: String, originX: Double, originY: Double, width: Double, height: Double,
                color: Color, haloColor: Color = .transparent, haloWidth: Double = 0, alignment: TextAlignment = .center,
                lineHeight: Double? = nil, letterSpacing: Double = 0, haloBlur: Double = 0) {
        storage = Storage(Fields(text: text, font: font, originX: originX, originY: originY, width: width, height: height,
                                 color: color, haloColor: haloColor, haloWidth: haloWidth, alignment: alignment,
                                 lineHeight: lineHeight, letterSpacing: letterSpacing, haloBlur: haloBlur))
    }
}

/// How the lines of a block of text are aligned with each other.
public enum TextAlignment: String, Sendable {
    /// Lines flush left, centred, or flush right.
    case left, center, right
}

/// One line of a block label: its text and where it starts on its baseline, relative to
/// the label's origin, device pixels.
public struct LabelLine: Sendable {
    /// The line's characters.
    public var text: String
    /// Where the line starts, from the label's left edge.
    public var x: Double
    /// The line's baseline, from the label's top edge.
    public var baseline: Double
}

/// One piece of a label placed on its own (a character of a road name along the road):
/// its text, drawn with its baseline's left end at (x, y), turned clockwise by `angle`
/// radians about that point.
public struct LabelGlyph: Sendable {
    /// The piece's characters (one, or a run that stays upright in vertical text).
    public var text: String
    /// The x of the baseline's left end, device pixels.
    public var x: Double
    /// The y of the baseline's left end, device pixels.
    public var y: Double
    /// The clockwise turn in radians, following the line.
    public var angle: Double
    /// The piece's shaped glyphs, relative to its baseline's left end.
    public var runs: [GlyphRun]

    /// A piece placed at (x, y), turned by `angle`.
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
    /// Glyph indices in the face.
    public var glyphs: [UInt32]
    /// Baseline origin of each glyph (x, y interleaved), device pixels.
    public var positions: [Double]
    /// The characters the run shows, for text that stays text in vector output.
    public var text: String
    /// A formatted section's own `text-color`; nil for the label's colour.
    public var color: Color?

    /// A run of shaped glyphs.
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
