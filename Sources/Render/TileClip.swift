import Geometry

/// A vector tile's square in device pixels, to which the tile's lines are clipped when
/// drawn: MapLibre draws each tile's lines with the tile's buffer and lets its stencil keep
/// only the pixels whose centres are inside the tile, so that a neighbour's buffer never
/// paints over this tile and joins just past the edge are whole.
public struct TileClip: Sendable, Hashable {
    /// The four corners, x and y interleaved, in order round the square.
    public var corners: [Double]
    /// On a map that is not rotated: the whole pixels whose centres lie inside the square
    /// (the stencil's pixels), as a rectangle with whole-pixel edges.
    public var pixels: Box?

    /// The square `box` (map units) through `transform`.
    public init(_ box: Box, transform: PixelTransform) {
        let ring = [(box.minX, box.minY), (box.maxX, box.minY), (box.maxX, box.maxY), (box.minX, box.maxY)]
        corners = ring.flatMap { p -> [Double] in
            let q = transform.apply(p.0, p.1)
            return [q.x, q.y]
        }
        if transform.b == 0 && transform.c == 0 {
            let xs = [corners[0], corners[2], corners[4], corners[6]], ys = [corners[1], corners[3], corners[5], corners[7]]
            // A pixel is inside when its centre is: edges at the first centre in.
            func edge(_ v: Double) -> Double { (v - 0.5).rounded(.up) }
            pixels = Box(minX: edge(xs.min()!), minY: edge(ys.min()!), maxX: edge(xs.max()!), maxY: edge(ys.max()!))
        }
    }

    /// The box round the square.
    public var bounds: Box {
        pixels ?? Box(minX: min(corners[0], corners[2], corners[4], corners[6]), minY: min(corners[1], corners[3], corners[5], corners[7]),
                      maxX: max(corners[0], corners[2], corners[4], corners[6]), maxY: max(corners[1], corners[3], corners[5], corners[7]))
    }
}

extension SceneBuilder {
    /// The square of the tile feature `row` of a tiled source was read from, in the copy's
    /// device pixels; nil for a feature of no tile.
    func tileClip(_ source: RenderSource, _ row: Int, _ copy: WorldCopy) -> TileClip? {
        guard let square = source.table.tiles?.square(of: row) else { return nil }
        return TileClip(square.box, transform: copy.transform)
    }
}
