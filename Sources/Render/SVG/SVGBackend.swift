import Style

/// Writes a `Scene` as SVG directly, without Cairo: one `<g id="LAYER-ID">` per style layer,
/// consecutive features of the same paint merged into one path, labels as `<text>` with
/// the positions Pango laid them out at. Editors (Inkscape, Illustrator) show the layers as
/// groups, and the text stays editable. Coordinates are scene (device) pixels; the
/// `viewBox` maps them back to CSS pixels.
public enum SVGBackend {
    /// The scene as an SVG document, UTF-8.
    public static func svg(_ scene: Scene) -> [UInt8] {
        var out = SVGBuffer(reserving: 1 << 20)
        out.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\"")
        out.attribute("width", scene.cssWidth)
        out.attribute("height", scene.cssHeight)
        out.append(" viewBox=\"0 0 ")
        out.number(Double(scene.width))
        out.append(" ")
        out.number(Double(scene.height))
        out.append("\">\n")
        var writer = SVGLayerWriter(scene: scene)
        for (i, layer) in scene.layers.enumerated() {
            if let clip = layer.clip {
                out.append("<clipPath id=\"clip\(i)\"><rect")
                out.attribute("x", clip.minX)
                out.attribute("y", clip.minY)
                out.attribute("width", clip.width)
                out.attribute("height", clip.height)
                out.append("/></clipPath>\n")
            }
            out.append("<g")
            out.attribute("id", xmlID(layer.id))
            if layer.clip != nil { out.append(" clip-path=\"url(#clip\(i))\"") }
            out.append(">\n")
            writer.write(layer, into: &out)
            out.append("</g>\n")
        }
        out.append("</svg>\n")
        return out.bytes
    }

    /// Layer ids may hold characters an XML id cannot; those become "_".
    static func xmlID(_ id: String) -> String {
        var s = String(id.map { $0.isLetter || $0.isNumber || "-_.".contains($0) ? $0 : "_" })
        if let first = s.first, !(first.isLetter || first == "_") { s = "_" + s }
        return s.isEmpty ? "_" : s
    }
}

/// Writes the runs of each layer; numbers gradients and filters across the document.
struct SVGLayerWriter {
    let scene: Scene
    var nextID = 0
    /// Icon and pattern images already written into `<defs>`, by `IconPixels.key`: each
    /// image is embedded once however often it is drawn.
    var embeddedImages: [String: String] = [:]
    /// The tile squares written as `<clipPath>`s, each once.
    var tileClips: [TileClip: String] = [:]

    /// The id of the `<clipPath>` of a tile's square, written here the first time.
    mutating func tileClipID(_ clip: TileClip, into out: inout SVGBuffer) -> String {
        if let id = tileClips[clip] { return id }
        let id = "t\(nextID)"
        nextID += 1
        tileClips[clip] = id
        out.append("<clipPath id=\"\(id)\"><path d=\"M")
        for i in 0..<(clip.corners.count / 2) {
            if i > 0 { out.append(" L") }
            out.number(clip.corners[2 * i])
            out.append(" ")
            out.number(clip.corners[2 * i + 1])
        }
        out.append("Z\"/></clipPath>\n")
        return id
    }

    mutating func write(_ layer: SceneLayer, into out: inout SVGBuffer) {
        for run in PaintRun.runs(of: layer) {
            switch run {
            case .background(let c):
                out.append("<rect x=\"0\" y=\"0\"")
                out.attribute("width", Double(scene.width))
                out.attribute("height", Double(scene.height))
                out.paint("fill", c)
                out.append("/>\n")
            case .fill(let subpaths, let paint):
                out.append("<path fill-rule=\"evenodd\"")
                out.paint("fill", paint.color)
                if let outline = paint.outline {
                    out.paint("stroke", outline)
                    out.attribute("stroke-width", scene.pixelRatio)
                }
                pathData(layer.paths, subpaths, into: &out)
                out.append("/>\n")
            case .stroke(let subpaths, let paint):
                if let clip = paint.clip {
                    out.append("<g clip-path=\"url(#\(tileClipID(clip, into: &out)))\">\n")
                    writeStroke(layer.paths, subpaths, paint, into: &out)
                    out.append("</g>\n")
                } else {
                    writeStroke(layer.paths, subpaths, paint, into: &out)
                }
            case .circles(let centres, let paint):
                writeCircles(centres, paint, into: &out)
            case .label(let label):
                writeLabel(label, into: &out)
            case .gradientLine(let segments, let paint):
                writeGradientLine(segments, paint, into: &out)
            case .icon(let icon):
                writeIcon(icon, into: &out)
            case .patternFill(let subpaths, let paint):
                writePatternFill(layer.paths, subpaths, paint, into: &out)
            case .image(let image):
                writeImage(image, into: &out)
            }
        }
    }

    func pathData(_ paths: PathBuffer, _ runs: [Range<Int>], into out: inout SVGBuffer) {
        out.append(" d=\"")
        paths.points.withUnsafeBufferPointer { p in
            for run in runs {
                for s in run {
                    let range = paths.points(of: s)
                    guard let first = range.first else { continue }
                    out.append("M")
                    out.number(p[2 * first])
                    out.append(" ")
                    out.number(p[2 * first + 1])
                    var command: StaticString = "L"
                    for i in range.dropFirst() {
                        out.append(command)
                        command = " "
                        out.number(p[2 * i])
                        out.append(" ")
                        out.number(p[2 * i + 1])
                    }
                    if paths.closed[s] { out.append("Z") }
                }
            }
        }
        out.append("\"")
    }

    func strokeAttributes(_ paint: StrokePaint, width: Double, into out: inout SVGBuffer) {
        out.append(" fill=\"none\"")
        out.attribute("stroke-width", width)
        if paint.cap != .butt { out.attribute("stroke-linecap", paint.cap.rawValue) }
        if paint.join != .miter {
            out.attribute("stroke-linejoin", paint.join.rawValue)
        } else {
            out.attribute("stroke-miterlimit", paint.miterLimit)
        }
        if let dashes = paint.dashes {
            out.append(" stroke-dasharray=\"")
            for (i, d) in dashes.enumerated() {
                if i > 0 { out.append(" ") }
                out.number(d)
            }
            out.append("\"")
            if paint.dashOffset != 0 { out.attribute("stroke-dashoffset", paint.dashOffset) }
        }
    }

    /// A blurred line is nested strokes whose opacities compose (source over) to MapLibre's
    /// linear fade, in a group carrying the line's opacity.
    func writeStroke(_ paths: PathBuffer, _ subpaths: [Range<Int>], _ paint: StrokePaint, into out: inout SVGBuffer) {
        guard paint.blur > 0 else {
            out.append("<path")
            out.paint("stroke", paint.color)
            strokeAttributes(paint, width: paint.width, into: &out)
            pathData(paths, subpaths, into: &out)
            out.append("/>\n")
            return
        }
        out.append("<g")
        out.attribute("opacity", paint.color.a)
        out.append(">\n")
        let ramp = paint.blur + 1
        let steps = max(2, min(16, Int(ramp.rounded(.up)) * 2))
        var below = 0.0
        for j in 0..<steps {
            let halfWidth = paint.width / 2 + 0.5 - (Double(j) + 0.5) / Double(steps) * ramp
            guard halfWidth > 0 else { break }
            let target = Double(j + 1) / Double(steps)
            var c = paint.color
            c.a = (target - below) / (1 - below)
            below = target
            out.append("<path")
            out.paint("stroke", c)
            strokeAttributes(paint, width: 2 * halfWidth, into: &out)
            pathData(paths, subpaths, into: &out)
            out.append("/>\n")
        }
        out.append("</g>\n")
    }

    /// Circles of one paint as one path of arcs (fill, then the stroke ring outside the
    /// radius, as MapLibre draws it); blurred circles as radial gradients, one per circle.
    mutating func writeCircles(_ centres: [(Double, Double)], _ paint: CirclePaint, into out: inout SVGBuffer) {
        if paint.blur > 0 {
            let id = "c\(nextID)"
            nextID += 1
            let outer = paint.radius + paint.strokeWidth
            out.append("<defs><radialGradient")
            out.attribute("id", id)
            out.append(">")
            let inner = outer > 0 ? paint.radius / outer : 0
            let blur = max(paint.blur, outer > 0 ? 1 / outer : 1)
            for k in 0...16 {
                let d = Double(k) / 16
                func smoothstep(_ e0: Double, _ e1: Double, _ v: Double) -> Double {
                    let t = min(max((v - e0) / (e1 - e0), 0), 1)
                    return t * t * (3 - 2 * t)
                }
                let t = paint.strokeWidth >= 0.01 ? smoothstep(-blur, 0, d - inner) : 0
                var c = paint.color
                c.r += (paint.strokeColor.r - c.r) * t
                c.g += (paint.strokeColor.g - c.g) * t
                c.b += (paint.strokeColor.b - c.b) * t
                c.a = (c.a + (paint.strokeColor.a - c.a) * t) * smoothstep(0, -blur, d - 1)
                out.append("<stop")
                out.attribute("offset", d)
                out.append(" stop-color=\"")
                out.colour(c)
                out.append("\"")
                out.attribute("stop-opacity", c.a)
                out.append("/>")
            }
            out.append("</radialGradient></defs>\n")
            for (x, y) in centres {
                out.append("<circle")
                out.attribute("cx", x)
                out.attribute("cy", y)
                out.attribute("r", outer)
                out.append(" fill=\"url(#\(id))\"/>\n")
            }
            return
        }
        if paint.radius > 0 && paint.color.a > 0 {
            out.append("<path")
            out.paint("fill", paint.color)
            arcs(centres, radius: paint.radius, into: &out)
            out.append("/>\n")
        }
        if paint.strokeWidth > 0 && paint.strokeColor.a > 0 {
            out.append("<path fill=\"none\"")
            out.paint("stroke", paint.strokeColor)
            out.attribute("stroke-width", paint.strokeWidth)
            arcs(centres, radius: paint.radius + paint.strokeWidth / 2, into: &out)
            out.append("/>\n")
        }
    }

    func arcs(_ centres: [(Double, Double)], radius r: Double, into out: inout SVGBuffer) {
        out.append(" d=\"")
        for (x, y) in centres {
            out.append("M")
            out.number(x - r)
            out.append(" ")
            out.number(y)
            out.append("a")
            out.number(r)
            out.append(" ")
            out.number(r)
            out.append(" 0 1 0 ")
            out.number(2 * r)
            out.append(" 0a")
            out.number(r)
            out.append(" ")
            out.number(r)
            out.append(" 0 1 0 ")
            out.number(-2 * r)
            out.append(" 0Z")
        }
        out.append("\"")
    }

    /// A label as `<text>`: a block label one `<tspan>` per laid-out line, turned by its
    /// rotation; a line label one `<text>` per glyph, each moved and turned to its place.
    /// Halos are the text's stroke painted under its fill.
    func writeLabel(_ label: PlacedLabel, into out: inout SVGBuffer) {
        let shaper = TextShaper.current
        let font = shaper.cssFont(label.font)
        func open(_ transform: String?) {
            out.append("<text xml:space=\"preserve\"")
            if let transform { out.attribute("transform", transform) }
            out.attribute("font-family", font.families)
            out.attribute("font-size", font.size)
            if font.weight != 400 { out.attribute("font-weight", Double(font.weight)) }
            if font.italic { out.append(" font-style=\"italic\"") }
            if label.letterSpacing != 0 { out.attribute("letter-spacing", label.letterSpacing) }
            out.paint("fill", label.color)
            if label.haloWidth > 0 && label.haloColor.a > 0 {
                out.paint("stroke", label.haloColor)
                out.attribute("stroke-width", 2 * label.haloWidth)
                out.append(" stroke-linejoin=\"round\" paint-order=\"stroke\"")
            }
            out.append(">")
        }
        func hundredths(_ v: Double) -> Double { v.isFinite ? Double(Int((min(max(v, -1e12), 1e12) * 100).rounded())) / 100 : 0 }
        func degrees(_ radians: Double) -> String { String(hundredths(radians * 180 / .pi)) }
        if let glyphs = label.glyphs {
            for g in glyphs {
                open("translate(\(hundredths(g.x)) \(hundredths(g.y))) rotate(\(degrees(g.angle)))")
                out.escaped(g.text)
                out.append("</text>\n")
            }
            return
        }
        open(label.rotation == 0 ? nil : "rotate(\(degrees(label.rotation)) \(label.pivotX) \(label.pivotY))")
        let lines = label.lines.isEmpty ? shaper.lines(for: label).map { LabelLine(text: $0.text, x: $0.x, baseline: $0.baseline) }
            : label.lines
        for line in lines {
            out.append("<tspan")
            out.attribute("x", label.originX + line.x)
            out.attribute("y", label.originY + line.baseline)
            out.append(">")
            out.escaped(line.text)
            out.append("</tspan>")
        }
        out.append("</text>\n")
    }

    mutating func writeGradientLine(_ segments: [GradientSegment], _ paint: StrokePaint, into out: inout SVGBuffer) {
        out.append("<g")
        out.attribute("opacity", paint.color.a)
        out.append(">\n")
        for s in segments {
            let id = "g\(nextID)"
            nextID += 1
            out.append("<defs><linearGradient gradientUnits=\"userSpaceOnUse\"")
            out.attribute("id", id)
            out.attribute("x1", s.x0)
            out.attribute("y1", s.y0)
            out.attribute("x2", s.x1)
            out.attribute("y2", s.y1)
            out.append(">")
            for (t, c) in s.stops {
                out.append("<stop")
                out.attribute("offset", t)
                out.append(" stop-color=\"")
                out.colour(c)
                out.append("\"")
                if c.a < 1 { out.attribute("stop-opacity", c.a) }
                out.append("/>")
            }
            out.append("</linearGradient></defs><path")
            out.append(" stroke=\"url(#\(id))\"")
            var segmentPaint = paint
            segmentPaint.cap = .round
            strokeAttributes(segmentPaint, width: paint.width, into: &out)
            out.append(" d=\"M")
            out.number(s.x0)
            out.append(" ")
            out.number(s.y0)
            out.append("L")
            out.number(s.x1)
            out.append(" ")
            out.number(s.y1)
            out.append("\"/>\n")
        }
        out.append("</g>\n")
    }
}
