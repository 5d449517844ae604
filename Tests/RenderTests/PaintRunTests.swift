import Style
import Testing
@testable import Render

/// Runs of equal paint, which the vector writers draw as one path each.
@Suite("Paint runs")
struct PaintRunTests {
    @Test func neighboursOfEqualPaintMergeAndOthersBreakTheRun() {
        let red = FillPaint(color: Color(r: 1, g: 0, b: 0)), blue = FillPaint(color: Color(r: 0, g: 0, b: 1))
        let line = StrokePaint(color: .black, width: 2)
        let dot = CirclePaint(radius: 3, color: .black)
        var layer = SceneLayer(id: "l")
        layer.commands = [
            .fill(subpaths: 0..<1, paint: red), .fill(subpaths: 1..<3, paint: red), .fill(subpaths: 3..<4, paint: blue),
            .stroke(subpaths: 4..<5, paint: line), .stroke(subpaths: 5..<6, paint: line),
            .circle(x: 1, y: 2, paint: dot), .circle(x: 3, y: 4, paint: dot),
            .background(.white), .fill(subpaths: 6..<7, paint: red),
        ]
        let runs = PaintRun.runs(of: layer)
        let summary = runs.map { run -> String in
            switch run {
            case .fill(let s, let p): "fill\(s.map(\.lowerBound))\(p == red ? "red" : "blue")"
            case .stroke(let s, _): "stroke\(s.map(\.lowerBound))"
            case .circles(let c, _): "circles\(c.count)"
            case .background: "background"
            case .label: "label"
            case .gradientLine: "gradient"
            case .icon: "icon"
            case .patternFill: "pattern"
            case .image: "image"
            }
        }
        #expect(summary == ["fill[0, 1]red", "fill[3]blue", "stroke[4, 5]", "circles2", "background", "fill[6]red"])
    }
}
