/// An axis-aligned rectangle, in whatever units its coordinates are in (degrees, metres,
/// pixels). An empty box has min > max and absorbs nothing.
public struct Box: Sendable, Hashable, CustomStringConvertible {
    /// The smallest x (west, or left in pixels).
    public var minX: Double
    /// The smallest y (south in map units; the top in pixels, where y grows down).
    public var minY: Double
    /// The largest x.
    public var maxX: Double
    /// The largest y.
    public var maxY: Double

    /// A box from its edges, as GeoJSON's `bbox` gives them: [minX, minY, maxX, maxY].
    public init(minX: Double, minY: Double, maxX: Double, maxY: Double) {
        self.minX = minX
        self.minY = minY
        self.maxX = maxX
        self.maxY = maxY
    }

    /// The box of nothing: extending it by a point gives that point's box.
    public static let empty = Box(minX: .infinity, minY: .infinity, maxX: -.infinity, maxY: -.infinity)

    /// Whether the box holds no point (min > max on either axis, or NaN edges).
    public var isEmpty: Bool { !(minX <= maxX && minY <= maxY) }
    /// maxX − minX; 0 for an empty box.
    public var width: Double { isEmpty ? 0 : maxX - minX }
    /// maxY − minY; 0 for an empty box.
    public var height: Double { isEmpty ? 0 : maxY - minY }
    /// The x of the box's centre.
    public var centerX: Double { (minX + maxX) / 2 }
    /// The y of the box's centre.
    public var centerY: Double { (minY + maxY) / 2 }

    /// Grows the box to hold the point (x, y).
    @inline(__always)
    public mutating func extend(x: Double, y: Double) {
        if x < minX { minX = x }
        if x > maxX { maxX = x }
        if y < minY { minY = y }
        if y > maxY { maxY = y }
    }

    /// Grows the box to hold `other`; an empty `other` changes nothing.
    public mutating func extend(_ other: Box) {
        guard !other.isEmpty else { return }
        minX = Swift.min(minX, other.minX)
        minY = Swift.min(minY, other.minY)
        maxX = Swift.max(maxX, other.maxX)
        maxY = Swift.max(maxY, other.maxY)
    }

    /// The smallest box holding both.
    public func union(_ other: Box) -> Box {
        var b = self
        b.extend(other)
        return b
    }

    /// Whether the two boxes share any point, edges included.
    @inline(__always)
    public func intersects(_ other: Box) -> Bool {
        minX <= other.maxX && other.minX <= maxX && minY <= other.maxY && other.minY <= maxY
    }

    /// Whether the point lies in the box, edges included.
    public func contains(x: Double, y: Double) -> Bool {
        x >= minX && x <= maxX && y >= minY && y <= maxY
    }

    /// Whether `other` lies wholly in the box.
    public func contains(_ other: Box) -> Bool {
        other.minX >= minX && other.maxX <= maxX && other.minY >= minY && other.maxY <= maxY
    }

    /// The box grown by `dx` and `dy` on every side (shrunk for negative values).
    public func expanded(by dx: Double, _ dy: Double? = nil) -> Box {
        let dy = dy ?? dx
        return Box(minX: minX - dx, minY: minY - dy, maxX: maxX + dx, maxY: maxY + dy)
    }

    /// The box as a GeoJSON `bbox`: `[minX, minY, maxX, maxY]`.
    public var description: String { "[\(minX), \(minY), \(maxX), \(maxY)]" }
}
