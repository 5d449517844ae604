#if canImport(Glibc)
import Glibc
#endif
import Projection

/// The image a raster is drawn into: its size in device pixels, the map CRS, and the affine
/// map from a device pixel position to map units (bearing included), with the camera's
/// MapLibre zoom (which tile level to read) and bearing (hillshade light in the viewport).
public struct RasterTarget: Sendable {
    /// Width of the image, in device pixels.
    public var width: Int
    /// Height of the image, in device pixels.
    public var height: Int
    /// The map's CRS, which the raster is warped into.
    public var crs: CRS
    /// Device pixel (x, y) → map units: (a·x + b·y + tx, c·x + d·y + ty).
    public var a, b, c, d, tx, ty: Double
    /// The camera's MapLibre zoom, by which a tiled source chooses its level.
    public var zoom: Double
    /// Degrees, as in the style.
    public var bearing: Double
    /// Device pixels per CSS pixel.
    public var pixelRatio: Double
    /// Latitude of the map centre, for ground metres per pixel.
    public var centerLatitude: Double

    /// A target from the map frame's size, CRS and pixel → map transform.
    public init(width: Int, height: Int, crs: CRS, a: Double, b: Double, c: Double, d: Double, tx: Double, ty: Double,
                zoom: Double, bearing: Double = 0, pixelRatio: Double = 1, centerLatitude: Double = 0) {
        self.centerLatitude = centerLatitude
        self.width = width
        self.height = height
        self.crs = crs
        (self.a, self.b, self.c, self.d, self.tx, self.ty) = (a, b, c, d, tx, ty)
        self.zoom = zoom
        self.bearing = bearing
        self.pixelRatio = pixelRatio
    }

    /// Map units per device pixel.
    public var unitsPerPixel: Double { (a * a + c * c).squareRoot() }

    /// Metres on the ground per device pixel at the map centre (the zoom's meaning).
    public var metresPerPixel: Double {
        40075016.685578 * cos(centerLatitude * .pi / 180) / (512 * pow(2, zoom)) / pixelRatio
    }
}

/// Where each device pixel's centre falls in a source's CRS. When the source is in the
/// map's CRS this is the target's affine map; otherwise PROJ transforms a lattice of nodes
/// every `step` pixels and pixels between them are interpolated bilinearly (the error of a
/// 16-pixel lattice is far below a pixel for any map-sized extent), so that a 4000×4000
/// image costs 63 000 PROJ calls rather than 16 million.
public struct CoordinateGrid: Sendable {
    let target: RasterTarget
    let step = 16
    let columns: Int
    /// Interleaved source coordinates of the nodes, row-major, nil when affine.
    let nodes: [Double]?

    /// The grid of the target's pixel centres in `sourceCRS`; throws when PROJ has no
    /// transformation from the map's CRS to it.
    public init(target: RasterTarget, sourceCRS: CRS) throws(ProjectionError) {
        self.target = target
        columns = target.width / step + 2
        if sourceCRS == target.crs {
            nodes = nil
            return
        }
        let t = try Transformer(from: target.crs, to: sourceCRS)
        let rows = target.height / step + 2
        var xy = [Double](repeating: 0, count: 2 * columns * rows)
        for j in 0..<rows {
            for i in 0..<columns {
                let px = Double(i * step), py = Double(j * step)
                let k = 2 * (j * columns + i)
                xy[k] = target.a * px + target.b * py + target.tx
                xy[k + 1] = target.c * px + target.d * py + target.ty
            }
        }
        xy.withUnsafeMutableBufferPointer { _ = t.transform($0) }
        nodes = xy
    }

    /// Source coordinates of the centres of the pixels of device row `y`, into `xs` and
    /// `ys` (`width` each); NaN where the source CRS has no coordinates.
    public func row(_ y: Int, xs: inout [Double], ys: inout [Double]) {
        let w = target.width
        let py = Double(y) + 0.5
        guard let nodes else {
            for x in 0..<w {
                let px = Double(x) + 0.5
                xs[x] = target.a * px + target.b * py + target.tx
                ys[x] = target.c * px + target.d * py + target.ty
            }
            return
        }
        let j = Int(py) / step
        let fy = (py - Double(j * step)) / Double(step)
        nodes.withUnsafeBufferPointer { n in
            for x in 0..<w {
                let px = Double(x) + 0.5
                let i = Int(px) / step
                let fx = (px - Double(i * step)) / Double(step)
                let k00 = 2 * (j * columns + i), k10 = k00 + 2, k01 = k00 + 2 * columns, k11 = k01 + 2
                let x0 = n[k00] + (n[k10] - n[k00]) * fx, x1 = n[k01] + (n[k11] - n[k01]) * fx
                let y0 = n[k00 + 1] + (n[k10 + 1] - n[k00 + 1]) * fx, y1 = n[k01 + 1] + (n[k11 + 1] - n[k01 + 1]) * fx
                let sx = x0 + (x1 - x0) * fy, sy = y0 + (y1 - y0) * fy
                xs[x] = sx.isFinite ? sx : .nan
                ys[x] = sy.isFinite ? sy : .nan
            }
        }
    }

    /// The envelope of the target in source coordinates (from the lattice, or the corners).
    public var sourceEnvelope: (minX: Double, minY: Double, maxX: Double, maxY: Double)? {
        var minX = Double.infinity, minY = Double.infinity, maxX = -Double.infinity, maxY = -Double.infinity
        if let nodes {
            for k in stride(from: 0, to: nodes.count, by: 2) where nodes[k].isFinite && nodes[k + 1].isFinite {
                minX = min(minX, nodes[k]); maxX = max(maxX, nodes[k])
                minY = min(minY, nodes[k + 1]); maxY = max(maxY, nodes[k + 1])
            }
        } else {
            for (px, py) in [(0.0, 0.0), (Double(target.width), 0), (0, Double(target.height)), (Double(target.width), Double(target.height))] {
                let x = target.a * px + target.b * py + target.tx, y = target.c * px + target.d * py + target.ty
                minX = min(minX, x); maxX = max(maxX, x); minY = min(minY, y); maxY = max(maxY, y)
            }
        }
        return minX <= maxX ? (minX, minY, maxX, maxY) : nil
    }
}
