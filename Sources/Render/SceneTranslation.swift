import Geometry
import Style

extension SceneLayer {
    /// The layer moved by (dx, dy) device pixels and limited to `clip`: a map placed in its
    /// frame on a report page. A background becomes a fill of the clip rectangle.
    public func placed(dx: Double, dy: Double, clip: Box?) -> SceneLayer {
        var out = SceneLayer(id: id)
        out.clip = clip ?? self.clip.map { Box(minX: $0.minX + dx, minY: $0.minY + dy, maxX: $0.maxX + dx, maxY: $0.maxY + dy) }
        out.paths = paths
        out.labelsHaveSortKeys = labelsHaveSortKeys
        for i in stride(from: 0, to: out.paths.points.count, by: 2) {
            out.paths.points[i] += dx
            out.paths.points[i + 1] += dy
        }
        out.paths.bounds = paths.bounds.map { Box(minX: $0.minX + dx, minY: $0.minY + dy, maxX: $0.maxX + dx, maxY: $0.maxY + dy) }
        for command in commands {
            switch command {
            case .background(let color):
                if let clip = out.clip {
                    let first = out.paths.subpathCount
                    out.paths.addRectangle(clip)
                    out.commands.append(.fill(subpaths: first..<(first + 1), paint: FillPaint(color: color, antialias: false)))
                } else {
                    out.commands.append(command)
                }
            case .fill, .stroke:
                out.commands.append(command)
            case .circle(let x, let y, let paint):
                out.commands.append(.circle(x: x + dx, y: y + dy, paint: paint))
            case .label(let label):
                out.commands.append(.label(label.moved(dx: dx, dy: dy)))
            case .icon(let icon):
                out.commands.append(.icon(icon.moved(dx: dx, dy: dy)))
            case .patternFill(let subpaths, let paint):
                out.commands.append(.patternFill(subpaths: subpaths, paint: paint.moved(dx: dx, dy: dy)))
            case .image(var image):
                image.x += dx
                image.y += dy
                out.commands.append(.image(image))
            case .gradientLine(let segments, let paint):
                out.commands.append(.gradientLine(segments: segments.map {
                    GradientSegment(x0: $0.x0 + dx, y0: $0.y0 + dy, x1: $0.x1 + dx, y1: $0.y1 + dy, stops: $0.stops)
                }, paint: paint))
            }
        }
        return out
    }
}

extension PlacedLabel {
    /// The label moved by (dx, dy).
    public func moved(dx: Double, dy: Double) -> PlacedLabel {
        var l = self
        l.originX += dx
        l.originY += dy
        l.pivotX += dx
        l.pivotY += dy
        l.glyphs = self.glyphs?.map { g in
            var g = g
            g.x += dx
            g.y += dy
            return g
        }
        l.boxes = self.boxes.map { Box(minX: $0.minX + dx, minY: $0.minY + dy, maxX: $0.maxX + dx, maxY: $0.maxY + dy) }
        return l
    }

    /// A block of text shaped for a page (titles, legend entries, scale bar figures), with
    /// its top-left corner at the origin; move it into place with `moved(dx:dy:)`.
    public static func block(_ text: String, font: [String], size: Double, color: Color, haloColor: Color = .transparent,
                             haloWidth: Double = 0, maxWidth: Double? = nil, alignment: TextAlignment = .left,
                             lineHeight: Double = 1.25) -> PlacedLabel {
        let description = TextShaper.current.fontDescription(stack: font, size: size)
        let block = TextBlock.shape(text, font: description, size: size, maxWidth: maxWidth, lineHeight: lineHeight * size,
                                    letterSpacing: 0, alignment: alignment)
        var label = PlacedLabel(text: block.text, font: description, originX: 0, originY: 0, width: block.width,
                                height: max(block.height, block.lineHeight), color: color, haloColor: haloColor,
                                haloWidth: haloWidth, alignment: alignment, lineHeight: block.lineHeight)
        // Pango centres each line in its line box (half the leading above, half below).
        label.runs = block.runs
        label.boxes = [Box(minX: 0, minY: 0, maxX: block.width, maxY: label.height)]
        return label
    }
}

extension PathBuffer {
    /// Appends a closed rectangle.
    public mutating func addRectangle(_ box: Box) {
        points += [box.minX, box.minY, box.maxX, box.minY, box.maxX, box.maxY, box.minX, box.maxY]
        endSubpath(closed: true)
    }

    /// Appends an open or closed polyline of (x, y) points.
    public mutating func addPolyline(_ xy: [(Double, Double)], closed: Bool) {
        for (x, y) in xy { points += [x, y] }
        endSubpath(closed: closed)
    }
}
