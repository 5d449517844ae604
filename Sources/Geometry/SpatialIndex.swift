/// A packed, static R-tree over bounding boxes (the Hilbert-packed layout of flatbush):
/// items are sorted along a Hilbert curve through their centres and grouped 16 to a node,
/// level by level. Built once per layer; rectangle queries visit only the nodes that touch
/// the rectangle.
public struct SpatialIndex: Sendable {
    /// Items per node: 16, as flatbush's default (fewer levels than 4 or 8, and a node's boxes
    /// still fit a few cache lines).
    public static let nodeSize = 16

    /// Boxes of all nodes, leaves (the items, in Hilbert order) first, then each level up.
    private var boxes: [Box] = []
    /// For a leaf, the item it holds; for an inner node, the index of its first child.
    private var targets: [Int32] = []
    /// Where each level starts in `boxes`; the last level is the root.
    private var levelStarts: [Int] = []
    /// The number of items indexed.
    public let count: Int

    /// Builds the index over `items`, item `i` being `items[i]`; empty boxes are never found.
    public init(boxes items: [Box]) {
        count = items.count
        guard !items.isEmpty else { return }
        var extent = Box.empty
        for b in items where !b.isEmpty { extent.extend(b) }
        let width = Swift.max(extent.width, .leastNonzeroMagnitude)
        let height = Swift.max(extent.height, .leastNonzeroMagnitude)
        let hilbertMax = Double((1 << 16) - 1)
        var keyed: [(key: UInt32, item: Int32)] = []
        keyed.reserveCapacity(items.count)
        for (i, b) in items.enumerated() {
            let key: UInt32
            if b.isEmpty {
                key = .max  // null geometries sort last and never match a query
            } else {
                let hx = UInt32(hilbertMax * (b.centerX - extent.minX) / width)
                let hy = UInt32(hilbertMax * (b.centerY - extent.minY) / height)
                key = hilbert(hx, hy)
            }
            keyed.append((key, Int32(i)))
        }
        keyed.sort { $0.key < $1.key || ($0.key == $1.key && $0.item < $1.item) }

        boxes.reserveCapacity(items.count * 17 / 15 + 1)
        targets.reserveCapacity(boxes.capacity)
        for k in keyed {
            boxes.append(items[Int(k.item)])
            targets.append(k.item)
        }
        levelStarts = [0]
        var levelStart = 0
        var levelEnd = boxes.count
        while levelEnd - levelStart > 1 {
            levelStarts.append(levelEnd)
            var child = levelStart
            while child < levelEnd {
                var box = Box.empty
                let end = Swift.min(child + Self.nodeSize, levelEnd)
                for c in child..<end { box.extend(boxes[c]) }
                boxes.append(box)
                targets.append(Int32(child))
                child = end
            }
            levelStart = levelEnd
            levelEnd = boxes.count
        }
    }

    /// The items whose boxes intersect `query`, in ascending item order.
    public func search(_ query: Box) -> [Int] {
        var result: [Int] = []
        search(query) { result.append($0) }
        result.sort()
        return result
    }

    /// Calls `visit` for every item whose box intersects `query` (in tree order).
    public func search(_ query: Box, _ visit: (Int) -> Void) {
        guard count > 0, !query.isEmpty else { return }
        // (node index, level) pairs still to look at, starting from the root.
        var stack: [(node: Int, level: Int)] = [(boxes.count - 1, levelStarts.count - 1)]
        while let (node, level) = stack.popLast() {
            guard boxes[node].intersects(query) else { continue }
            if level == 0 {
                visit(Int(targets[node]))
                continue
            }
            let first = Int(targets[node])
            // Children live in the level below, which ends where this level starts.
            let end = Swift.min(first + Self.nodeSize, levelStarts[level])
            for child in first..<end where boxes[child].intersects(query) {
                stack.append((child, level - 1))
            }
        }
    }
}

/// Position along a Hilbert curve of order 16 (Warren's branch-free formulation, as used
/// by flatbush).
func hilbert(_ x: UInt32, _ y: UInt32) -> UInt32 {
    var a = x ^ y
    var b = 0xFFFF ^ a
    var c = 0xFFFF ^ (x | y)
    var d = x & (y ^ 0xFFFF)

    var A = a | (b >> 1)
    var B = (a >> 1) ^ a
    var C = ((c >> 1) ^ (b & (d >> 1))) ^ c
    var D = ((a & (c >> 1)) ^ (d >> 1)) ^ d

    a = A; b = B; c = C; d = D
    A = (a & (a >> 2)) ^ (b & (b >> 2))
    B = (a & (b >> 2)) ^ (b & ((a ^ b) >> 2))
    C ^= (a & (c >> 2)) ^ (b & (d >> 2))
    D ^= (b & (c >> 2)) ^ ((a ^ b) & (d >> 2))

    a = A; b = B; c = C; d = D
    A = (a & (a >> 4)) ^ (b & (b >> 4))
    B = (a & (b >> 4)) ^ (b & ((a ^ b) >> 4))
    C ^= (a & (c >> 4)) ^ (b & (d >> 4))
    D ^= (b & (c >> 4)) ^ ((a ^ b) & (d >> 4))

    a = A; b = B; c = C; d = D
    C ^= (a & (c >> 8)) ^ (b & (d >> 8))
    D ^= (b & (c >> 8)) ^ ((a ^ b) & (d >> 8))

    a = C ^ (C >> 1)
    b = D ^ (D >> 1)

    var i0 = x ^ y
    var i1 = b | (0xFFFF ^ (i0 | a))

    i0 = (i0 | (i0 << 8)) & 0x00FF00FF
    i0 = (i0 | (i0 << 4)) & 0x0F0F0F0F
    i0 = (i0 | (i0 << 2)) & 0x33333333
    i0 = (i0 | (i0 << 1)) & 0x55555555

    i1 = (i1 | (i1 << 8)) & 0x00FF00FF
    i1 = (i1 | (i1 << 4)) & 0x0F0F0F0F
    i1 = (i1 | (i1 << 2)) & 0x33333333
    i1 = (i1 | (i1 << 1)) & 0x55555555

    return (i1 << 1) | i0
}
