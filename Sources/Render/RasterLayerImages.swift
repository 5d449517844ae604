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
    /// The frame as a raster target: device pixel → map units. For Web Mercator maps
    /// (`pixelAligned`) the view is shifted by at most half a pixel so that the centre falls
    /// on the nearest whole world pixel (a half for odd sizes), as MapLibre's pixel-aligned
    /// projection draws still raster and hillshade tiles: 1:1 imagery stays sharp, and the
    /// images match its render tests.
    public static func target(_ frame: MapFrame, pixelAligned: Bool = false) -> RasterTarget {
        var t = frame.transform.inverted
        if pixelAligned, frame.crs.identifier == "EPSG:3857" {
            let world = 2 * Double.pi * 6378137
            let size = 512 * pow(2, frame.zoom)
            // World pixels, y down.
            let cx = (frame.centerX + world / 2) / world * size, cy = (world / 2 - frame.centerY) / world * size
            let angle = -frame.bearing * .pi / 180
            let xShift = Double(Int(frame.width.rounded()) % 2) / 2, yShift = Double(Int(frame.height.rounded()) % 2) / 2
            let dx = cx.rounded() - cx + cos(angle) * xShift + sin(angle) * yShift
            let dy = cy.rounded() - cy + cos(angle) * yShift + sin(angle) * xShift
            t.tx += dx * frame.unitsPerPixel
            t.ty -= dy * frame.unitsPerPixel
        }
        return RasterTarget(width: frame.pixelWidth, height: frame.pixelHeight, crs: frame.crs, a: t.a, b: t.b, c: t.c, d: t.d,
                            tx: t.tx, ty: t.ty, zoom: frame.zoom, bearing: frame.bearing, pixelRatio: frame.pixelRatio,
                            centerLatitude: frame.centerLatitude)
    }

    /// A `raster` layer's paint at `zoom`, for `RasterPaint` to apply per pixel.
    public static func rasterPaint(_ layer: Layer, zoom: Double) -> RasterPaint {
        let ctx = EvaluationContext(zoom: zoom)
        let p = layer.paint
        return RasterPaint(opacity: p.number("raster-opacity", ctx), hueRotate: p.number("raster-hue-rotate", ctx),
                           brightnessMin: p.number("raster-brightness-min", ctx), brightnessMax: p.number("raster-brightness-max", ctx),
                           saturation: p.number("raster-saturation", ctx), contrast: p.number("raster-contrast", ctx),
                           resampling: p.string("raster-resampling", ctx) == "nearest" ? .nearest : .linear)
    }

    /// A `hillshade` layer's paint at `zoom`, colours premultiplied as MapLibre's uniforms are.
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
        let target = target(frame, pixelAligned: true)
        for layer in style.layers where layer.isShown(atZoom: frame.zoom) {
            guard let id = layer.source, let dataset = rasters[id] else { continue }
            let image: RasterImage
            switch layer.type {
            case .raster:
                image = try dataset.image(target, paint: rasterPaint(layer, zoom: frame.zoom))
            case .hillshade:
                image = try dataset.hillshade(target, paint: hillshadePaint(layer, zoom: frame.zoom))
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
