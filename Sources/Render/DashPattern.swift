/// A `line-dasharray` turned into Cairo's terms. MapLibre reads the array as dash, gap,
/// dash, gap ... in line widths, and repeats it as written: an odd-length array's last
/// dash runs into the first one of the next repeat (`[1, 0, 1]` is solid, `[1, 1, 0]` is
/// `[1, 1]`). Cairo would instead alternate the roles on each repeat, so an odd array is
/// rewritten as an even one with the merged dash, started part way in.
struct DashPattern {
    /// Dash and gap lengths in device pixels; an even count.
    var lengths: [Double]
    /// Where in the pattern a line starts.
    var offset: Double

    /// nil for a solid line (no array, no dashes, or no gaps) or an invalid array.
    init?(lineWidths: [Double], width: Double) {
        guard lineWidths.count >= 2, lineWidths.allSatisfy({ $0 >= 0 && $0.isFinite }),
              lineWidths.contains(where: { $0 > 0 })
        else { return nil }
        var units = lineWidths
        offset = 0
        if units.count % 2 == 1 {
            let last = units.removeLast()
            units[0] += last
            offset = last * width
        }
        // With no gap at all the line is solid.
        guard stride(from: 1, to: units.count, by: 2).contains(where: { units[$0] > 0 }) else { return nil }
        lengths = units.map { $0 * width }
    }
}
