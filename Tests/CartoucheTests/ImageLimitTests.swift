import Testing
@testable import Cartouche

/// A PNG larger than the pixel limit is refused before any drawing, with an error that says
/// how to raise the limit; the limit can be raised; vector output has none.
@Suite("Image size limit")
struct ImageLimitTests {
    static func renderer() throws -> MapRenderer {
        MapRenderer(data: try SourceCRSTests.data())
    }

    func message(_ body: () throws -> Void) -> String? {
        do {
            try body()
            return nil
        } catch {
            return "\(error)"
        }
    }

    @Test func aPNGOverTheDefaultLimitIsRefused() throws {
        let renderer = try Self.renderer()
        let text = message { _ = try renderer.render(MapRequest(width: 20000, height: 20000, pixelRatio: 8), format: .png).bytes }
        #expect(text == "the image would be 160000x160000 = 25600000000 pixels, more than the limit of 100000000; make it smaller (its size, pixel ratio or the page's dpi) or raise the limit")
    }

    @Test func theLimitCanBeLoweredAndRaised() throws {
        let renderer = try Self.renderer()
        var request = MapRequest(width: 40, height: 30)
        request.maxPixels = 1000
        #expect(message { _ = try renderer.render(request, format: .png).bytes }?.contains("more than the limit of 1000") == true)
        request.maxPixels = 1200
        #expect(try !renderer.render(request, format: .png).bytes.isEmpty)
    }

    @Test func cairosSideLimitHoldsWhateverThePixelLimit() throws {
        var request = MapRequest(width: 40000, height: 1)
        request.maxPixels = .max
        let text = message { _ = try Self.renderer().render(request, format: .png).bytes }
        #expect(text?.contains("at most 32767 pixels on a side") == true)
    }

    @Test func vectorOutputHasNoPixelLimit() throws {
        var request = MapRequest(width: 400, height: 300)
        request.maxPixels = 10
        #expect(try !Self.renderer().render(request, format: .svg).bytes.isEmpty)
        #expect(try !Self.renderer().render(request, format: .pdf).bytes.isEmpty)
    }

    @Test func absurdMapSizesAreErrorsInEveryFormat() throws {
        let renderer = try Self.renderer()
        for (width, height) in [(1e300, 100.0), (.infinity, 100), (.nan, 100), (0, 100), (-5, 100)] {
            for format in OutputFormat.allCases {
                let text = message { _ = try renderer.render(MapRequest(width: width, height: height), format: format) }
                #expect(text != nil, "\(width)x\(height) \(format)")
            }
        }
    }
}
