import Style

/// Consecutive draw commands of a layer that share their paint, gathered so that vector
/// outputs write one path per run instead of one per feature: files stay small, and
/// editors show a layer's roads of one class as one object.
enum PaintRun {
    case background(Color)
    case fill(subpaths: [Range<Int>], paint: FillPaint)
    case stroke(subpaths: [Range<Int>], paint: StrokePaint)
    case circles(centres: [(Double, Double)], paint: CirclePaint)
    case label(PlacedLabel)
    case icon(PlacedIcon)
    case patternFill(subpaths: Range<Int>, paint: PatternPaint)
    case gradientLine(segments: [GradientSegment], paint: StrokePaint)
    case image(SceneImage)

    /// The layer's commands, with neighbours of equal paint merged. The run being gathered
    /// is kept in local arrays until its paint changes: appending to an array held in an
    /// enum case copies it, which made layers of 100 000 roads take seconds.
    static func runs(of layer: SceneLayer) -> [PaintRun] {
        var runs: [PaintRun] = []
        var subpaths: [Range<Int>] = []
        var centres: [(Double, Double)] = []
        var fillPaint: FillPaint?
        var strokePaint: StrokePaint?
        var circlePaint: CirclePaint?
        func flush() {
            if let p = fillPaint { runs.append(.fill(subpaths: subpaths, paint: p)) }
            if let p = strokePaint { runs.append(.stroke(subpaths: subpaths, paint: p)) }
            if let p = circlePaint { runs.append(.circles(centres: centres, paint: p)) }
            (fillPaint, strokePaint, circlePaint) = (nil, nil, nil)
            subpaths.removeAll()
            centres.removeAll()
        }
        for command in layer.commands {
            switch command {
            case .fill(let s, let p):
                if fillPaint != p {
                    flush()
                    fillPaint = p
                }
                subpaths.append(s)
            case .stroke(let s, let p):
                if strokePaint != p {
                    flush()
                    strokePaint = p
                }
                subpaths.append(s)
            case .circle(let x, let y, let p):
                if circlePaint != p {
                    flush()
                    circlePaint = p
                }
                centres.append((x, y))
            case .background(let c):
                flush()
                runs.append(.background(c))
            case .label(let l):
                flush()
                runs.append(.label(l))
            case .icon(let icon):
                flush()
                runs.append(.icon(icon))
            case .patternFill(let s, let p):
                flush()
                runs.append(.patternFill(subpaths: s, paint: p))
            case .image(let i):
                flush()
                runs.append(.image(i))
            case .gradientLine(let s, let p):
                flush()
                runs.append(.gradientLine(segments: s, paint: p))
            }
        }
        flush()
        return runs
    }
}
