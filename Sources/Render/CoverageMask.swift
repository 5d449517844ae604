import CCairo
import Geometry
import Style

/// A label part's coverage (0...255 a pixel, rows of `width`) with the device position of
/// its top-left corner.
struct CoverageMask {
    let bytes: [UInt8]
    let width: Int
    let height: Int
    let x: Int
    let y: Int

    /// Paints `color` through the mask: straight into the image where the context draws
    /// on one (`DirectImage`), else through Cairo.
    func paint(_ cr: OpaquePointer, _ color: Color, direct: DirectImage?) {
        if let direct {
            direct.composite(self, color)
            return
        }
        let stride = Int(cairo_format_stride_for_width(CAIRO_FORMAT_A8, Int32(width)))
        guard let surface = cairo_image_surface_create(CAIRO_FORMAT_A8, Int32(width), Int32(height)),
              cairo_surface_status(surface) == CAIRO_STATUS_SUCCESS, let data = cairo_image_surface_get_data(surface) else { return }
        defer { cairo_surface_destroy(surface) }
        cairo_surface_flush(surface)
        bytes.withUnsafeBufferPointer { from in
            for row in 0..<height { (data + row * stride).update(from: from.baseAddress! + row * width, count: width) }
        }
        cairo_surface_mark_dirty(surface)
        cairo_save(cr)
        cairo_identity_matrix(cr)
        CairoBackend.setColor(cr, color)
        cairo_mask_surface(cr, surface, Double(x), Double(y))
        cairo_restore(cr)
    }
}

/// An ARGB32 image a context draws on unclipped (or clipped to whole pixels), with the
/// source over operator and no group: masks of labels are composited into its pixels
/// directly, with pixman's arithmetic (so the pixels are those `cairo_mask_surface` makes),
/// without Cairo's per-call set-up, which for thousands of small labels cost more than the
/// pixels.
struct DirectImage {
    let data: UnsafeMutablePointer<UInt8>
    let stride: Int
    /// Device pixels that may be drawn.
    private(set) var minX: Int, minY: Int, maxX: Int, maxY: Int

    /// Nil where the context's state needs Cairo.
    init?(_ cr: OpaquePointer) {
        guard let target = cairo_get_target(cr), cairo_get_group_target(cr) == target,
              cairo_surface_get_type(target) == CAIRO_SURFACE_TYPE_IMAGE,
              cairo_image_surface_get_format(target) == CAIRO_FORMAT_ARGB32,
              cairo_get_operator(cr) == CAIRO_OPERATOR_OVER,
              let data = cairo_image_surface_get_data(target) else { return nil }
        var ox = 0.0, oy = 0.0, sx = 0.0, sy = 0.0
        cairo_surface_get_device_offset(target, &ox, &oy)
        cairo_surface_get_device_scale(target, &sx, &sy)
        guard ox == 0, oy == 0, sx == 1, sy == 1 else { return nil }
        var x1 = 0.0, y1 = 0.0, x2 = 0.0, y2 = 0.0
        cairo_save(cr)
        cairo_identity_matrix(cr)
        cairo_clip_extents(cr, &x1, &y1, &x2, &y2)
        let list = cairo_copy_clip_rectangle_list(cr)
        cairo_restore(cr)
        guard let list else { return nil }
        defer { cairo_rectangle_list_destroy(list) }
        // One rectangle on whole pixels (or none: nothing can be drawn).
        guard list.pointee.status == CAIRO_STATUS_SUCCESS, list.pointee.num_rectangles <= 1,
              [x1, y1, x2, y2].allSatisfy({ $0 == $0.rounded() }) else { return nil }
        self.data = data
        stride = Int(cairo_image_surface_get_stride(target))
        let width = Int(cairo_image_surface_get_width(target)), height = Int(cairo_image_surface_get_height(target))
        if list.pointee.num_rectangles == 0 {
            (minX, minY, maxX, maxY) = (0, 0, 0, 0)
        } else {
            minX = max(0, Int(x1)); minY = max(0, Int(y1))
            maxX = min(width, Int(x2)); maxY = min(height, Int(y2))
        }
    }

    /// The same image with drawing limited to `box` (device pixels, whole) as well: a
    /// tile's square, without a Cairo clip per line.
    func limited(to box: Box) -> DirectImage {
        var limited = self
        limited.minX = max(minX, Int(box.minX))
        limited.minY = max(minY, Int(box.minY))
        limited.maxX = max(limited.minX, min(maxX, Int(box.maxX)))
        limited.maxY = max(limited.minY, min(maxY, Int(box.maxY)))
        return limited
    }

    /// OVER with a solid colour through the mask (pixman's `over_n_8_8888`).
    func composite(_ mask: CoverageMask, _ color: Color) {
        // Cairo's solid colour: premultiplied, to 16 bits, then the top 8 bits.
        func channel(_ v: Double) -> UInt32 { UInt32(min(max(v, 0), 1) * 65535 + 0.5) >> 8 }
        let a = channel(color.a)
        guard a > 0 else { return }
        let source = a << 24 | channel(color.r * color.a) << 16 | channel(color.g * color.a) << 8 | channel(color.b * color.a)
        let x0 = max(minX, mask.x), x1 = min(maxX, mask.x + mask.width)
        let y0 = max(minY, mask.y), y1 = min(maxY, mask.y + mask.height)
        guard x0 < x1, y0 < y1 else { return }
        mask.bytes.withUnsafeBufferPointer { bytes in
            let m0 = bytes.baseAddress!
            for y in y0..<y1 {
                let row = UnsafeMutableRawPointer(data + y * stride).assumingMemoryBound(to: UInt32.self)
                let coverage = m0 + (y - mask.y) * mask.width - mask.x
                var x = x0
                while x < x1 {
                    // Most of a label's box is clear of its glyphs: eight clear pixels at once.
                    if x &+ 8 <= x1 && UnsafeRawPointer(coverage + x).loadUnaligned(as: UInt64.self) == 0 {
                        x &+= 8
                        continue
                    }
                    if x &+ 4 <= x1 {
                        // Four pixels in vector lanes, the same arithmetic as one.
                        let m = SIMD4<UInt32>(UInt32(coverage[x]), UInt32(coverage[x &+ 1]), UInt32(coverage[x &+ 2]),
                                              UInt32(coverage[x &+ 3]))
                        let target = UnsafeMutableRawPointer(row + x)
                        let d = target.loadUnaligned(as: SIMD4<UInt32>.self)
                        let s = Self.multiply(SIMD4(repeating: source), m)
                        target.storeBytes(of: Self.add(Self.multiply(d, 255 &- (s &>> 24)), s), as: SIMD4<UInt32>.self)
                        x &+= 4
                        continue
                    }
                    let m = UInt32(coverage[x])
                    if m != 0 {
                        let s = Self.multiply(source, m)
                        row[x] = Self.add(Self.multiply(row[x], 255 &- (s >> 24)), s)
                    }
                    x &+= 1
                }
            }
        }
    }

    /// `multiply(_:_:)` for four pixels.
    @inline(__always)
    static func multiply(_ x: SIMD4<UInt32>, _ a: SIMD4<UInt32>) -> SIMD4<UInt32> {
        let low = SIMD4<UInt32>(repeating: 0xFF00FF), half = SIMD4<UInt32>(repeating: 0x800080)
        var rb = (x & low) &* a &+ half
        rb = ((rb &+ ((rb &>> 8) & low)) &>> 8) & low
        var ag = ((x &>> 8) & low) &* a &+ half
        ag = (ag &+ ((ag &>> 8) & low)) & SIMD4(repeating: 0xFF00FF00)
        return rb | ag
    }

    /// `add(_:_:)` for four pixels.
    @inline(__always)
    static func add(_ x: SIMD4<UInt32>, _ y: SIMD4<UInt32>) -> SIMD4<UInt32> {
        let low = SIMD4<UInt32>(repeating: 0xFF00FF), carry = SIMD4<UInt32>(repeating: 0x1000100)
        var rb = (x & low) &+ (y & low)
        rb |= carry &- ((rb &>> 8) & low)
        var ag = ((x &>> 8) & low) &+ ((y &>> 8) & low)
        ag |= carry &- ((ag &>> 8) & low)
        return (rb & low) | (ag & low) &<< 8
    }

    /// Each 8-bit channel × a / 255, rounded (two channels at a time, as pixman does).
    @inline(__always)
    static func multiply(_ x: UInt32, _ a: UInt32) -> UInt32 {
        var rb = (x & 0xFF00FF) &* a &+ 0x800080
        rb = ((rb &+ ((rb >> 8) & 0xFF00FF)) >> 8) & 0xFF00FF
        var ag = ((x >> 8) & 0xFF00FF) &* a &+ 0x800080
        ag = (ag &+ ((ag >> 8) & 0xFF00FF)) & 0xFF00FF00
        return rb | ag
    }

    /// Each 8-bit channel added, saturating.
    @inline(__always)
    static func add(_ x: UInt32, _ y: UInt32) -> UInt32 {
        var rb = (x & 0xFF00FF) &+ (y & 0xFF00FF)
        rb |= 0x1000100 &- ((rb >> 8) & 0xFF00FF)
        var ag = ((x >> 8) & 0xFF00FF) &+ ((y >> 8) & 0xFF00FF)
        ag |= 0x1000100 &- ((ag >> 8) & 0xFF00FF)
        return (rb & 0xFF00FF) | (ag & 0xFF00FF) << 8
    }
}
