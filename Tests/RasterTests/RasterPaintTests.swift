import Raster
import Testing

@Suite struct RasterPaintTests {
    /// MapLibre's shader: full desaturation gives the mean of the channels; contrast −1
    /// gives mid-grey; brightness bounds map black and white.
    @Test func paintArithmeticFollowsMapLibre() {
        var image = RasterImage(width: 3, height: 1, pixels: [
            RasterImage.pack(r: 255, g: 0, b: 0, a: 255), RasterImage.pack(r: 0, g: 0, b: 0, a: 255),
            RasterImage.pack(r: 255, g: 255, b: 255, a: 255),
        ])
        var grey = image
        RasterPaint(saturation: -1).apply(to: &grey)
        #expect(grey.pixels[0] == RasterImage.pack(r: 85, g: 85, b: 85, a: 255))
        var flat = image
        RasterPaint(contrast: -1).apply(to: &flat)
        #expect(flat.pixels.allSatisfy { $0 == RasterImage.pack(r: 128, g: 128, b: 128, a: 255) })
        RasterPaint(brightnessMin: 0.2, brightnessMax: 0.8).apply(to: &image)
        #expect(image.pixels[1] == RasterImage.pack(r: 51, g: 51, b: 51, a: 255))
        #expect(image.pixels[2] == RasterImage.pack(r: 204, g: 204, b: 204, a: 255))
    }
}
