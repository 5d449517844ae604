import Geometry
import Style

/// A content stream as it is built: path construction and painting operators, with the
/// graphics state tracked (through `q`/`Q`) so that colour, alpha and line style are
/// written only when they change. Coordinates are whatever the current transform makes
/// them; pages set it up so that they are scene (device) pixels, y down.
struct PDFContent {
    private(set) var out = PDFBuffer(reserving: 1 << 16)
    let document: PDFDocument
    private var state = TrackedState()
    private var saved: [TrackedState] = []

    /// The parameters this builder has set, nil where it does not know the value (at the
    /// start of a stream, which inherits its caller's state).
    private struct TrackedState {
        var fill: [Double]?
        var stroke: [Double]?
        var fillAlpha: Double?
        var strokeAlpha: Double?
        var line: LineStyle?
    }

    init(document: PDFDocument) { self.document = document }

    mutating func save() {
        out.append("q\n")
        saved.append(state)
    }

    mutating func restore() {
        out.append("Q\n")
        state = saved.removeLast()
    }

    mutating func concatenate(_ m: Affine) {
        out.matrix(m)
        out.append(" cm\n")
    }

    // MARK: Paint

    mutating func setFill(_ c: Color) {
        let rgb = [c.r, c.g, c.b]
        if state.fill != rgb {
            colour(rgb)
            out.append("rg\n")
            state.fill = rgb
        }
        setFillAlpha(c.a)
    }

    mutating func setStroke(_ c: Color) {
        let rgb = [c.r, c.g, c.b]
        if state.stroke != rgb {
            colour(rgb)
            out.append("RG\n")
            state.stroke = rgb
        }
        if state.strokeAlpha != c.a {
            setState(document.resources.alpha(c.a, stroking: true))
            state.strokeAlpha = c.a
        }
    }

    /// The fill alpha alone: what a transparency group or a shading is painted with.
    mutating func setFillAlpha(_ a: Double) {
        if state.fillAlpha != a {
            setState(document.resources.alpha(a, stroking: false))
            state.fillAlpha = a
        }
    }

    private mutating func colour(_ rgb: [Double]) {
        for v in rgb {
            out.number(min(max(v, 0), 1), decimals: 3)
            out.byte(UInt8(ascii: " "))
        }
    }

    /// Width, caps, joins, miter limit and dashes for the strokes that follow.
    mutating func setLine(_ line: LineStyle) {
        let known = state.line
        if known?.width != line.width {
            out.number(line.width, decimals: 3)
            out.append(" w\n")
        }
        if known?.cap != line.cap {
            out.append(line.cap == .butt ? "0 J\n" : line.cap == .round ? "1 J\n" : "2 J\n")
        }
        if known?.join != line.join {
            out.append(line.join == .miter ? "0 j\n" : line.join == .round ? "1 j\n" : "2 j\n")
        }
        if known?.miterLimit != line.miterLimit {
            // PDF readers reject limits below 1; Cairo treats them as 1 too.
            out.number(max(1, line.miterLimit), decimals: 3)
            out.append(" M\n")
        }
        if known?.dashes != line.dashes || known?.dashPhase != line.dashPhase {
            out.byte(UInt8(ascii: "["))
            for (i, d) in line.dashes.enumerated() {
                if i > 0 { out.byte(UInt8(ascii: " ")) }
                out.number(d, decimals: 3)
            }
            out.append("] ")
            out.number(line.dashPhase, decimals: 3)
            out.append(" d\n")
        }
        state.line = line
    }

    /// `/name gs`: an ExtGState from the resources (alpha, soft mask).
    mutating func setState(_ name: String) {
        out.name(name)
        out.append(" gs\n")
    }

    // MARK: Paths

    mutating func move(_ x: Double, _ y: Double) { out.point(x, y, "m") }
    mutating func line(_ x: Double, _ y: Double) { out.point(x, y, "l") }

    mutating func curve(_ x1: Double, _ y1: Double, _ x2: Double, _ y2: Double, _ x3: Double, _ y3: Double) {
        out.curve(x1, y1, x2, y2, x3, y3)
    }

    mutating func closePath() { out.append("h\n") }

    mutating func rectangle(_ box: Box) {
        out.coordinate(box.minX)
        out.byte(UInt8(ascii: " "))
        out.coordinate(box.minY)
        out.byte(UInt8(ascii: " "))
        out.coordinate(box.width)
        out.byte(UInt8(ascii: " "))
        out.coordinate(box.height)
        out.append(" re\n")
    }

    /// Appends subpaths of a path buffer: one `m`, then `l` for each further point, and
    /// `h` for rings.
    mutating func subpaths(_ paths: PathBuffer, _ runs: [Range<Int>]) {
        paths.points.withUnsafeBufferPointer { p in
            for run in runs {
                for s in run {
                    let range = paths.points(of: s)
                    guard let first = range.first else { continue }
                    out.point(p[2 * first], p[2 * first + 1], "m")
                    for i in range.dropFirst() { out.point(p[2 * i], p[2 * i + 1], "l") }
                    if paths.closed[s] { out.append("h\n") }
                }
            }
        }
    }

    /// A full circle as four Bézier quarters, clockwise on screen.
    mutating func circle(_ cx: Double, _ cy: Double, _ r: Double) {
        // The control-point distance for a quarter circle with the least radial error.
        let k = 0.5522847498 * r
        move(cx + r, cy)
        curve(cx + r, cy + k, cx + k, cy + r, cx, cy + r)
        curve(cx - k, cy + r, cx - r, cy + k, cx - r, cy)
        curve(cx - r, cy - k, cx - k, cy - r, cx, cy - r)
        curve(cx + k, cy - r, cx + r, cy - k, cx + r, cy)
        closePath()
    }

    /// A painting or clipping operator that ends the current path: `f`, `f*`, `S`, `B*`, `W n`.
    mutating func paint(_ op: StaticString) {
        out.append(op)
        out.byte(UInt8(ascii: "\n"))
    }

    // MARK: Resources

    /// `/name Do`: paints a form XObject.
    mutating func draw(_ xObject: String) {
        out.name(xObject)
        out.append(" Do\n")
    }

    /// `/name sh`: paints a shading over the clip region.
    mutating func shade(_ shading: String) {
        out.name(shading)
        out.append(" sh\n")
    }

    /// Starts content that belongs to an optional-content group (a layer).
    mutating func beginOptionalContent(_ properties: String) {
        out.append("/OC ")
        out.name(properties)
        out.append(" BDC\n")
    }

    mutating func endMarkedContent() { out.append("EMC\n") }

    /// Raw operators and operands (text objects write their own syntax).
    mutating func append(_ text: StaticString) { out.append(text) }
    mutating func withBuffer(_ body: (inout PDFBuffer) -> Void) { body(&out) }
}

/// How strokes are drawn, in the units of the current transform.
struct LineStyle: Equatable {
    var width: Double
    var cap: LineCap = .butt
    var join: LineJoin = .miter
    var miterLimit: Double = 10
    var dashes: [Double] = []
    var dashPhase: Double = 0

    init(width: Double, cap: LineCap = .butt, join: LineJoin = .miter, miterLimit: Double = 10,
         dashes: [Double] = [], dashPhase: Double = 0) {
        self.width = width
        self.cap = cap
        self.join = join
        self.miterLimit = miterLimit
        self.dashes = dashes
        self.dashPhase = dashPhase
    }

    /// A scene stroke's style at `width` (blurred lines are strokes of several widths).
    init(_ paint: StrokePaint, width: Double) {
        self.init(width: width, cap: paint.cap, join: paint.join, miterLimit: paint.miterLimit,
                  dashes: paint.dashes ?? [], dashPhase: paint.dashes == nil ? 0 : paint.dashOffset)
    }
}
