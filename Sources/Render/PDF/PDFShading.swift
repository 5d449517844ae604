import Geometry
import Style

/// A colour gradient as a PDF shading: axial (along a line segment) or radial (from a
/// centre outwards). Shadings carry no alpha, so stops whose alpha varies come with a
/// soft mask: the same shading in grey, holding the alpha.
struct PDFShading {
    enum Geometry {
        case axial(x0: Double, y0: Double, x1: Double, y1: Double)
        case radial(x: Double, y: Double, radius: Double)
    }

    var geometry: Geometry
    /// (position 0...1, colour) pairs in order; colours in straight (not premultiplied) alpha.
    var stops: [(Double, Color)]
    /// Whether the end colours continue beyond the ends (as Cairo's default `PAD` does).
    var extend: Bool

    /// How the caller paints the shading: set `mask` (a soft-mask graphics state) when
    /// there is one, else the fill alpha `alpha`, then `sh` the shading.
    struct Painted {
        var shading: String
        var mask: String?
        var alpha: Double
    }

    /// Writes the shading (and its alpha mask when the stops' alpha varies); `maskBounds`
    /// is the area the mask must cover, in the coordinates the shading is painted in.
    func register(in document: PDFDocument, maskBounds: Box) -> Painted {
        let shading = write(in: document, channels: { [$0.r, $0.g, $0.b] }, colorSpace: "/DeviceRGB")
        let alphas = stops.map(\.1.a)
        guard let first = alphas.first, alphas.contains(where: { abs($0 - first) > 0.001 }) else {
            return Painted(shading: shading, mask: nil, alpha: alphas.first ?? 1)
        }
        let alphaShading = write(in: document, channels: { [$0.a] }, colorSpace: "/DeviceGray")
        let mask = document.softMask(bounds: maskBounds) { content in content.shade(alphaShading) }
        return Painted(shading: shading, mask: mask, alpha: 1)
    }

    private func write(in document: PDFDocument, channels: (Color) -> [Double], colorSpace: StaticString) -> String {
        let ref = document.file.reserve()
        document.file.write(ref) { out in
            switch geometry {
            case .axial(let x0, let y0, let x1, let y1):
                out.append("<</ShadingType 2/Coords[")
                numbers([x0, y0, x1, y1], into: &out)
            case .radial(let x, let y, let r):
                out.append("<</ShadingType 3/Coords[")
                numbers([x, y, 0, x, y, r], into: &out)
            }
            out.append("]/ColorSpace")
            out.append(colorSpace)
            out.append("/Function")
            function(channels, into: &out)
            out.append(extend ? "/Extend[true true]>>" : "/Extend[false false]>>")
        }
        return document.resources.add(.shading, prefix: "S", ref)
    }

    /// The stops as a function of t: one linear (exponential, N = 1) piece between each
    /// pair of stops, stitched at the stops' positions. Pieces of zero length are dropped.
    private func function(_ channels: (Color) -> [Double], into out: inout PDFBuffer) {
        var pieces: [(start: Double, from: [Double], to: [Double])] = []
        for (a, b) in zip(stops, stops.dropFirst()) where b.0 > a.0 {
            pieces.append((a.0, channels(a.1), channels(b.1)))
        }
        func linear(_ from: [Double], _ to: [Double]) {
            out.append("<</FunctionType 2/Domain[0 1]/C0[")
            numbers(from, decimals: 4, into: &out)
            out.append("]/C1[")
            numbers(to, decimals: 4, into: &out)
            out.append("]/N 1>>")
        }
        guard pieces.count > 1 else {
            let only = pieces.first.map { ($0.from, $0.to) } ?? stops.first.map { (channels($0.1), channels($0.1)) } ?? ([0], [0])
            linear(only.0, only.1)
            return
        }
        out.append("<</FunctionType 3/Domain[0 1]/Functions[")
        for p in pieces { linear(p.from, p.to) }
        out.append("]/Bounds[")
        numbers(pieces.dropFirst().map(\.start), decimals: 6, into: &out)
        out.append("]/Encode[")
        for i in pieces.indices { out.append(i == 0 ? "0 1" : " 0 1") }
        out.append("]>>")
    }

    private func numbers(_ values: [Double], decimals: Int = 2, into out: inout PDFBuffer) {
        for (i, v) in values.enumerated() {
            if i > 0 { out.byte(UInt8(ascii: " ")) }
            out.number(v, decimals: decimals)
        }
    }
}
