#if canImport(Glibc)
import Glibc
#endif
import Geometry
import Projection
import Raster
import Style

/// The images of a style's `raster` and `hillshade` layers for one frame: each source read
/// for the window the map shows, warped into the map's device grid and painted. Made
/// before the scene is built, since reading a raster may fail (a truncated file stops the
/// map); a tile that does not decode is skipped with a warning.
public enum RasterLayerImages {
    /// The frame as a raster target: device pixel → map units.
    public static func target(_ frame: MapFrame, pixelAligned: Bool = false) -> RasterTarget {
        var t = frame.transform.inverted
        if pixelAligned, frame.crs.identifier == "EPSG:3857" {
            // MapLibre draws raster tiles of a still map (not hillshade) through a projection
            // aligned to the pixel grid: shifted by under a pixel so that the centre falls on
            // a whole world pixel (a half for odd sizes), which keeps 1:1 imagery sharp.
            let world = 2 * Double.pi * 6378137
            let size = 512 * pow(2, frame.zoom)
            // World pixels with y up, as MapLibre's projection has them.
            let cx = (frame.centerX + world / 2) / world * size, cy = (frame.centerY + world / 2) / world * size
            let angle = -frame.bearing * .pi / 180
            let xShift = Double(Int(frame.width.rounded()) % 2) / 2, yShift = Double(Int(frame.height.rounded()) % 2) / 2
            var dx = -(cx - cx.rounded(.towardZero)) + cos(angle) * xShift + sin(angle) * yShift
            var dy = -(cy - cy.rounded(.towardZero)) + cos(angle) * yShift + sin(angle) * xShift
            if dx > 0.5 { dx -= 1 }
            if dy > 0.5 { dy -= 1 }
            // The content moves by (dx, dy): each device pixel shows the map that far off.
            t.tx += dx * frame.unitsPerPixel
            t.ty += dy * frame.unitsPerPixel
        }
        return RasterTarget(width: frame.pixelWidth, height: frame.pixelHeight, crs: frame.crs, a: t.a, b: t.b, c: t.c, d: t.d,
                            tx: t.tx, ty: t.ty, zoom: frame.zoom, bearing: frame.bearing, pixelRatio: frame.pixelRatio,
                            centerLatitude: frame.centerLatitude)
    }

    public static func rasterPaint(_ layer: Layer, zoom: Double) -> RasterPaint {
        let ctx = EvaluationContext(zoom: zoom)
        let p = layer.paint
        return RasterPaint(opacity: p.number("raster-opacity", ctx), hueRotate: p.number("raster-hue-rotate", ctx),
                           brightnessMin: p.number("raster-brightness-min", ctx), brightnessMax: p.number("raster-brightness-max", ctx),
                           saturation: p.number("raster-saturation", ctx), contrast: p.number("raster-contrast", ctx),
                           resampling: p.string("raster-resampling", ctx) == "nearest" ? .nearest : .linear)
    }

    public static func hillshadePaint(_ layer: Layer, zoom: Double) -> HillshadePaint {
        let ctx = EvaluationContext(zoom: zoom)
        let p = layer.paint
        func premultiplied(_ name: String, _ fallback: Color) -> HillshadePaint.RGBA {
            let c = p.color(name, ctx) ?? fallback
            return (Float(c.r * c.a), Float(c.g * c.a), Float(c.b * c.a), Float(c.a))
        }
        return HillshadePaint(exaggeration: p.number("hillshade-exaggeration", ctx),
                              direction: p.number("hillshade-illumination-direction", ctx),
                              viewportAnchor: p.string("hillshade-illumination-anchor", ctx) != "map",
                              shadow: premultiplied("hillshade-shadow-color", .black),
                              highlight: premultiplied("hillshade-highlight-color", .white),
                              accent: premultiplied("hillshade-accent-color", .black))
    }

    /// Images by layer id, and the warnings of reading them (tiles skipped).
    public static func images(style: Style, frame: MapFrame, rasters: [String: RasterDataset]) throws
        -> (images: [String: SceneImage], warnings: [String]) {
        var images: [String: SceneImage] = [:]
        guard !rasters.isEmpty else { return (images, []) }
        let aligned = target(frame, pixelAligned: true), plain = target(frame)
        for layer in style.layers where layer.isShown(atZoom: frame.zoom) {
            guard let id = layer.source, let dataset = rasters[id] else { continue }
            let image: RasterImage
            switch layer.type {
            case .raster:
                image = try dataset.image(aligned, paint: rasterPaint(layer, zoom: frame.zoom))
            case .hillshade:
                image = try dataset.hillshade(plain, paint: hillshadePaint(layer, zoom: frame.zoom))
            default: continue
            }
            if image.isEmpty { continue }
            images[layer.id] = SceneImage(image: image, photographic: layer.type == .raster && dataset.isPhotographic)
        }
        var warnings: [String] = []
        for id in rasters.keys.sorted() { warnings += rasters[id]!.takeWarnings() }
        return (images, warnings)
    }
}
