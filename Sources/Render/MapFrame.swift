#if canImport(Glibc)
import Glibc
#endif
import Geometry
import Projection

/// What part of the world a map shows and at what size: the CRS, the centre and scale,
/// the bearing, and the image size in CSS pixels with its pixel ratio.
///
/// Zoom keeps its MapLibre meaning in every CRS (see `GroundScale`): it is what
/// expressions see, and it fixes the scale when a map is made from a camera.
public struct MapFrame: Sendable {
    /// The map's CRS: the features are projected into it and the frame's centre is in its units.
    public let crs: CRS
    /// Width in CSS pixels; the image is `width·pixelRatio × height·pixelRatio`.
    public let width: Double
    /// Height in CSS pixels.
    public let height: Double
    /// Device pixels per CSS pixel: 2 draws a sharper image of the same map at twice the size.
    public let pixelRatio: Double
    /// The centre's x in map CRS units.
    public let centerX: Double
    /// The centre's y in map CRS units.
    public let centerY: Double
    /// Map CRS units per CSS pixel.
    public let unitsPerPixel: Double
    /// Degrees; the compass direction that points up.
    public let bearing: Double
    /// MapLibre-equivalent zoom at the centre.
    public let zoom: Double
    /// The centre's longitude, degrees.
    public let centerLongitude: Double
    /// The centre's latitude, degrees.
    public let centerLatitude: Double

    /// A frame from all its values; the factory methods (`camera`, `fitting`) work them out from
    /// a camera or a box.
    public init(crs: CRS, width: Double, height: Double, pixelRatio: Double = 1, centerX: Double, centerY: Double,
                unitsPerPixel: Double, bearing: Double = 0, zoom: Double, centerLongitude: Double, centerLatitude: Double) {
        self.crs = crs
        self.width = width
        self.height = height
        self.pixelRatio = pixelRatio
        self.centerX = centerX
        self.centerY = centerY
        self.unitsPerPixel = unitsPerPixel
        self.bearing = bearing
        self.zoom = zoom
        self.centerLongitude = centerLongitude
        self.centerLatitude = centerLatitude
    }

    /// The image's width in device pixels.
    public var pixelWidth: Int { Int((width * pixelRatio).rounded()) }
    /// The image's height in device pixels.
    public var pixelHeight: Int { Int((height * pixelRatio).rounded()) }

    // MARK: Making frames

    /// A frame from a MapLibre camera: centre in longitude/latitude, zoom and bearing.
    public static func camera(crs: CRS, longitude: Double, latitude: Double, zoom: Double, bearing: Double = 0,
                              width: Double, height: Double, pixelRatio: Double = 1) throws(ProjectionError) -> MapFrame {
        let t = try Transformer(from: .wgs84, to: crs)
        guard let c = t.transform(x: longitude, y: latitude) else {
            throw .noTransformation(from: "EPSG:4326", to: crs.description,
                                    reason: "the map centre (\(longitude), \(latitude)) is outside the CRS's area")
        }
        let upp = try GroundScale.unitsPerPixel(zoom: zoom, in: crs, longitude: longitude, latitude: latitude)
        return MapFrame(crs: crs, width: width, height: height, pixelRatio: pixelRatio, centerX: c.x, centerY: c.y,
                        unitsPerPixel: upp, bearing: bearing, zoom: zoom, centerLongitude: longitude, centerLatitude: latitude)
    }

    /// A frame that shows `box` (in map CRS units) whole, centred, with `padding` CSS pixels
    /// kept free on each side.
    public static func fitting(_ box: Box, crs: CRS, width: Double, height: Double, pixelRatio: Double = 1,
                               padding: Double = 0, bearing: Double = 0) throws(ProjectionError) -> MapFrame {
        let usableW = max(1, width - 2 * padding), usableH = max(1, height - 2 * padding)
        var upp = max(box.width / usableW, box.height / usableH)
        if !(upp > 0) || !upp.isFinite { upp = max(box.width, box.height, 1e-9) / max(usableW, usableH) }
        if !(upp > 0) { upp = 1 }
        let t = try Transformer(from: .wgs84, to: crs)
        guard let ll = t.inverse(x: box.centerX, y: box.centerY) else {
            throw .noTransformation(from: crs.description, to: "EPSG:4326", reason: "the map centre cannot be converted to longitude/latitude")
        }
        let zoom = try GroundScale.zoom(unitsPerPixel: upp, in: crs, longitude: ll.x, latitude: ll.y)
        return MapFrame(crs: crs, width: width, height: height, pixelRatio: pixelRatio, centerX: box.centerX,
                        centerY: box.centerY, unitsPerPixel: upp, bearing: bearing, zoom: zoom,
                        centerLongitude: ll.x, centerLatitude: ll.y)
    }

    /// A frame showing a longitude/latitude box: its edges are projected densely, so curved
    /// parallels and meridians are covered, and the envelope is fitted.
    public static func fitting(longitudeLatitude box: Box, crs: CRS, width: Double, height: Double,
                               pixelRatio: Double = 1, bearing: Double = 0) throws(ProjectionError) -> MapFrame {
        let envelope = try projectedEnvelope(of: box, to: crs)
        return try fitting(envelope, crs: crs, width: width, height: height, pixelRatio: pixelRatio, bearing: bearing)
    }

    /// The envelope in `crs` of a longitude/latitude box, each edge sampled 64 times.
    public static func projectedEnvelope(of box: Box, to crs: CRS, samples: Int = 64) throws(ProjectionError) -> Box {
        try Transformer(from: .wgs84, to: crs).envelope(of: box, samplesPerEdge: samples)
    }

    // MARK: Map units ↔ device pixels

    /// The affine transform from map units to device pixels (y down, bearing applied).
    public var transform: PixelTransform {
        let k = pixelRatio / unitsPerPixel
        let rad = bearing * .pi / 180
        let cb = cos(rad), sb = sin(rad)
        let a = k * cb, b = -k * sb, c = -k * sb, d = -k * cb
        return PixelTransform(a: a, b: b, c: c, d: d,
                              tx: -a * centerX - b * centerY + pixelRatio * width / 2,
                              ty: -c * centerX - d * centerY + pixelRatio * height / 2)
    }

    /// The map-unit envelope of the image (all of it, rotated or not), grown by `margin`
    /// CSS pixels on each side.
    public func mapBounds(margin: Double = 0) -> Box {
        let inverse = transform.inverted
        var box = Box.empty
        let m = margin * pixelRatio
        for (px, py) in [(-m, -m), (Double(pixelWidth) + m, -m), (-m, Double(pixelHeight) + m),
                         (Double(pixelWidth) + m, Double(pixelHeight) + m)] {
            let p = inverse.apply(px, py)
            box.extend(x: p.x, y: p.y)
        }
        return box
    }
}

/// x' = a·x + b·y + tx, y' = c·x + d·y + ty.
public struct PixelTransform: Sendable, Equatable {
    /// The matrix and the translation.
    public var a, b, c, d, tx, ty: Double

    /// The point (x, y) transformed.
    @inline(__always)
    public func apply(_ x: Double, _ y: Double) -> (x: Double, y: Double) {
        (a * x + b * y + tx, c * x + d * y + ty)
    }

    /// The transform that undoes this one (device pixels back to map units, for one).
    public var inverted: PixelTransform {
        let det = a * d - b * c
        let ia = d / det, ib = -b / det, ic = -c / det, id = a / det
        return PixelTransform(a: ia, b: ib, c: ic, d: id, tx: -(ia * tx + ib * ty), ty: -(ic * tx + id * ty))
    }

    /// Scale of the transform (device pixels per map unit).
    public var scale: Double { (a * a + c * c).squareRoot() }
}
