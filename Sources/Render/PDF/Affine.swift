#if canImport(Glibc)
import Glibc
#endif

/// A 2D affine transform in PDF's order `[a b c d e f]`: x' = a·x + c·y + e,
/// y' = b·x + d·y + f. Labels are placed with these (rotation about a pivot, a glyph's
/// turn along a line) before their glyphs reach the content stream.
struct Affine: Equatable {
    var a = 1.0, b = 0.0, c = 0.0, d = 1.0, e = 0.0, f = 0.0

    static let identity = Affine()

    static func translation(_ x: Double, _ y: Double) -> Affine { Affine(e: x, f: y) }

    /// A clockwise turn in y-down device space (the scene's convention for angles).
    static func rotation(_ radians: Double) -> Affine {
        let cs = cos(radians), sn = sin(radians)
        return Affine(a: cs, b: sn, c: -sn, d: cs)
    }

    static func scale(_ sx: Double, _ sy: Double) -> Affine { Affine(a: sx, d: sy) }

    func apply(_ x: Double, _ y: Double) -> (x: Double, y: Double) {
        (a * x + c * y + e, b * x + d * y + f)
    }

    /// This transform followed by `next`.
    func then(_ next: Affine) -> Affine {
        Affine(a: a * next.a + b * next.c, b: a * next.b + b * next.d,
               c: c * next.a + d * next.c, d: c * next.b + d * next.d,
               e: e * next.a + f * next.c + next.e, f: e * next.b + f * next.d + next.f)
    }
}
