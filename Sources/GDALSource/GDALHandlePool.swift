import CGDAL
import Geometry

/// Open handles of one dataset, each used by one thread at a time. GDAL datasets must not be
/// used by two threads at once, but may pass from one thread to another; a read takes a
/// free handle (or opens one) and gives it back, so there are as many handles as reads
/// ever ran at once (the number of cores, in a batch) and they are closed with the dataset.
final class GDALHandlePool: @unchecked Sendable {
    private let lock = Lock()
    private var free: [GDALDatasetH]
    private let open: () throws(GDALSourceError) -> GDALDatasetH

    init(first: GDALDatasetH, open: @escaping () throws(GDALSourceError) -> GDALDatasetH) {
        free = [first]
        self.open = open
    }

    func with<R>(_ body: (GDALDatasetH) throws -> R) throws -> R {
        let handle = try lock.locked({ free.popLast() }) ?? open()
        defer { lock.locked { free.append(handle) } }
        return try body(handle)
    }

    deinit {
        for handle in free { GDALClose(handle) }
    }
}
