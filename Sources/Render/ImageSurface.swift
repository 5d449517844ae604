#if canImport(Glibc)
import Glibc
#endif
import CCairo

/// The ARGB image a map is drawn on. Cairo would take a large image's memory from malloc,
/// that is from fresh pages, and the kernel then faults every 4 KB page in on first touch:
/// on this class of machine about 12 µs a page, a fifth of a second for a 64 MB image.
/// Large images are mapped here in 2 MB transparent huge pages instead (one fault per 2 MB);
/// small ones, which a batch draws by the hundred, stay with Cairo and the reused heap.
enum ImageSurface {
    /// Below this, Cairo allocates (a batch's reused heap has no page faults to save).
    static let hugePageThreshold = 4 << 20
    private static let hugePage = 2 << 20

    /// A new transparent ARGB32 surface, or nil when Cairo cannot make one.
    static func make(width: Int, height: Int) -> OpaquePointer? {
        let stride = Int(cairo_format_stride_for_width(CAIRO_FORMAT_ARGB32, Int32(width)))
        let bytes = stride * height
        guard bytes >= hugePageThreshold, let mapping = HugePageMapping(bytes: bytes) else {
            return cairo_image_surface_create(CAIRO_FORMAT_ARGB32, Int32(width), Int32(height))
        }
        guard let surface = cairo_image_surface_create_for_data(mapping.start.assumingMemoryBound(to: UInt8.self),
                                                                CAIRO_FORMAT_ARGB32, Int32(width), Int32(height), Int32(stride)),
              cairo_surface_status(surface) == CAIRO_STATUS_SUCCESS else {
            mapping.unmap()
            return nil
        }
        // The mapping lives as long as the surface: unmapped when Cairo destroys it.
        let box = Unmanaged.passRetained(mapping).toOpaque()
        let status = cairo_surface_set_user_data(surface, &userDataKey, box) { p in
            let mapping = Unmanaged<HugePageMapping>.fromOpaque(p!).takeRetainedValue()
            mapping.unmap()
        }
        guard status == CAIRO_STATUS_SUCCESS else {
            cairo_surface_destroy(surface)
            Unmanaged<HugePageMapping>.fromOpaque(box).release()
            mapping.unmap()
            return nil
        }
        return surface
    }

    nonisolated(unsafe) private static var userDataKey = cairo_user_data_key_t()

    /// Anonymous memory (zero-filled by the kernel) starting on a 2 MB boundary, advised
    /// to be backed by huge pages.
    private final class HugePageMapping {
        let start: UnsafeMutableRawPointer
        private let base: UnsafeMutableRawPointer
        private let length: Int

        init?(bytes: Int) {
            length = bytes + hugePage
            guard let p = mmap(nil, length, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0),
                  p != UnsafeMutableRawPointer(bitPattern: -1) else { return nil }
            base = p
            let address = Int(bitPattern: p)
            start = p + ((address + hugePage - 1) / hugePage * hugePage - address)
            // Advice only: where huge pages are off, the memory works as ordinary pages.
            _ = madvise(start, bytes, MADV_HUGEPAGE)
        }

        func unmap() { munmap(base, length) }
    }
}
