#if canImport(Glibc)
import Glibc
#endif
import CCairo
import Geometry

/// The ARGB image a map is drawn on. Cairo would take a large image's memory from malloc,
/// that is from fresh pages, and the kernel then faults every 4 KB page in on first touch:
/// on this class of machine about 12 µs a page, a fifth of a second for a 64 MB image.
/// Large images are mapped here in 2 MB transparent huge pages instead (one fault per 2 MB),
/// and the last one is kept for the next image of the process (a batch, a benchmark): the
/// kernel zeroes fresh pages on one core, where the drawing threads can clear a reused
/// image's bands each on its own. Small images, which a batch draws by the hundred, stay
/// with Cairo and the reused heap.
enum ImageSurface {
    /// Below this, Cairo allocates (a batch's reused heap has no page faults to save).
    static let hugePageThreshold = 4 << 20
    private static let hugePage = 2 << 20

    /// A new ARGB32 surface, or nil when Cairo cannot make one; `cleared` false when its
    /// pixels are left over from an earlier image and the caller must clear them.
    static func make(width: Int, height: Int) -> (surface: OpaquePointer, cleared: Bool)? {
        let stride = Int(cairo_format_stride_for_width(CAIRO_FORMAT_ARGB32, Int32(width)))
        let bytes = stride * height
        guard bytes >= hugePageThreshold else {
            return cairo_image_surface_create(CAIRO_FORMAT_ARGB32, Int32(width), Int32(height)).map { ($0, true) }
        }
        let reused = spare.withLock { spare -> HugePageMapping? in
            guard let mapping = spare, mapping.capacity >= bytes else { return nil }
            spare = nil
            return mapping
        }
        guard let mapping = reused ?? HugePageMapping(bytes: bytes) else {
            return cairo_image_surface_create(CAIRO_FORMAT_ARGB32, Int32(width), Int32(height)).map { ($0, true) }
        }
        guard let surface = cairo_image_surface_create_for_data(mapping.start.assumingMemoryBound(to: UInt8.self),
                                                                CAIRO_FORMAT_ARGB32, Int32(width), Int32(height), Int32(stride)),
              cairo_surface_status(surface) == CAIRO_STATUS_SUCCESS else {
            mapping.unmap()
            return nil
        }
        // The mapping lives as long as the surface: kept or unmapped when Cairo destroys it.
        let box = Unmanaged.passRetained(mapping).toOpaque()
        let status = cairo_surface_set_user_data(surface, &userDataKey, box) { p in
            ImageSurface.keep(Unmanaged<HugePageMapping>.fromOpaque(p!).takeRetainedValue())
        }
        guard status == CAIRO_STATUS_SUCCESS else {
            cairo_surface_destroy(surface)
            Unmanaged<HugePageMapping>.fromOpaque(box).release()
            mapping.unmap()
            return nil
        }
        return (surface, reused == nil)
    }

    /// The largest mapping let go of, waiting for the next large image.
    private static let spare = Locked<HugePageMapping?>(nil)

    private static func keep(_ mapping: HugePageMapping) {
        let unwanted = spare.withLock { spare -> HugePageMapping? in
            if let current = spare, current.capacity >= mapping.capacity { return mapping }
            defer { spare = mapping }
            return spare
        }
        unwanted?.unmap()
    }

    nonisolated(unsafe) private static var userDataKey = cairo_user_data_key_t()

    /// Anonymous memory (zero-filled by the kernel) starting on a 2 MB boundary, advised
    /// to be backed by huge pages.
    private final class HugePageMapping {
        let start: UnsafeMutableRawPointer
        private let base: UnsafeMutableRawPointer
        private let length: Int
        /// Bytes from `start`.
        var capacity: Int { length - hugePage }

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
