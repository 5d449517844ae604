/// Consecutive draw commands of a layer that share their paint, gathered so that vector
/// outputs write one path per run instead of one per feature: files stay small, and
/// editors show a layer's roads of one class as one object.
enum PaintRun {
    case background(Color)
    case fill(subpaths: [Range<Int>], paint: FillPaint)
    case stroke(subpaths: [Range<Int>], paint: StrokePaint)
    case circles(centres: [(Double, Double)], paint: CirclePaint)
    case label(PlacedLabel)
    case gradientLine(segments: [GradientSegment], paint: StrokePaint)

    /// The layer's commands, with neighbours of equal paint merged.
    static func runs(of layer: SceneLayer) -> [PaintRun] {
        var runs: [PaintRun] = []
        for command in layer.commands {
            switch (command, runs.last) {
            case (.fill(let s, let p), .fill(var all, let q)?) where p == q:
                all.append(s)
                runs[runs.count - 1] = .fill(subpaths: all, paint: p)
            case (.stroke(let s, let p), .stroke(var all, let q)?) where p == q:
                all.append(s)
                runs[runs.count - 1] = .stroke(subpaths: all, paint: p)
            case (.circle(let x, let y, let p), .circles(var all, let q)?) where p == q:
                all.append((x, y))
                runs[runs.count - 1] = .circles(centres: all, paint: p)
            case (.background(let c), _): runs.append(.background(c))
            case (.fill(let s, let p), _): runs.append(.fill(subpaths: [s], paint: p))
            case (.stroke(let s, let p), _): runs.append(.stroke(subpaths: [s], paint: p))
            case (.circle(let x, let y, let p), _): runs.append(.circles(centres: [(x, y)], paint: p))
            case (.label(let l), _): runs.append(.label(l))
            case (.gradientLine(let s, let p), _): runs.append(.gradientLine(segments: s, paint: p))
            }
        }
        return runs
    }
}

import Style
