#if canImport(Glibc)
import Glibc
#endif
import CGDAL
import Geometry
import Projection

/// A raster GDAL opens (GeoTIFF, COG, JPEG 2000, VRT...) with its own CRS: for each map,
/// the window the map covers is read from the overview level nearest the map's resolution
/// (never coarser), and warped into the map pixel by pixel through a PROJ lattice.
///
/// A GDAL dataset must not be used by two threads at once: reads hold the lock.
public final class GDALRaster: @unchecked Sendable {
    /// The file GDAL opened, as the style names it.
    public let path: String
    /// Width of the full-resolution image, in pixels.
    public let width: Int
    /// Height of the full-resolution image, in pixels.
    public let height: Int
    /// The number of bands: three or more are read as RGB(A), fewer as grey.
    public let bandCount: Int
    /// The raster's CRS, as the file declares it.
    public let crs: CRS
    /// Pixel (col, row) → CRS: x = gt0 + col·gt1 + row·gt2, y = gt3 + col·gt4 + row·gt5.
    public let geoTransform: [Double]
    /// The sizes of the overview levels, largest first, from which smaller maps read.
    public let overviews: [(width: Int, height: Int)]
    /// GDAL's name of the bands' data type ("Byte", "Int16", "Float32").
    public let dataType: String
    /// The value that marks pixels without data (drawn transparent), when the file sets one.
    public let noData: Double?
    /// GDAL's short name of the format's driver ("GTiff", "VRT").
    public let driver: String
    private let dataset: GDALDatasetH
    private let lock = DatasetLock()

    /// Opens the raster at `path`; throws naming the file when GDAL cannot open it or it has no
    /// georeferencing.
    public init(path: String) throws(RasterError) {
        try GDALEnvironment.ensure(for: path)
        self.path = path
        guard access(path, R_OK) == 0 else { throw RasterError(path, "cannot read: \(String(cString: strerror(errno)))") }
        CPLErrorReset()
        // GeoTIFF decodes the blocks of one read on all cores (GDAL 3.6+).
        let options = CSLSetNameValue(nil, "NUM_THREADS", "ALL_CPUS")
        defer { CSLDestroy(options) }
        let opened = GDALOpenEx(path, UInt32(GDAL_OF_RASTER | GDAL_OF_READONLY), nil,
                                UnsafeRawPointer(options).map { $0.assumingMemoryBound(to: UnsafePointer<CChar>?.self) }, nil)
        guard let ds = opened else {
            throw RasterError(path, "not a raster GDAL can open (\(GDALEnvironment.lastError("unknown format")))")
        }
        dataset = ds
        width = Int(GDALGetRasterXSize(ds))
        height = Int(GDALGetRasterYSize(ds))
        bandCount = Int(GDALGetRasterCount(ds))
        driver = GDALGetDriverShortName(GDALGetDatasetDriver(ds)).map { String(cString: $0) } ?? "?"
        guard width > 0, height > 0, bandCount > 0 else {
            GDALClose(ds)
            throw RasterError(path, "the raster has no bands or no pixels")
        }
        var gt = [Double](repeating: 0, count: 6)
        guard GDALGetGeoTransform(ds, &gt) == CE_None, gt[1] != 0 || gt[2] != 0 else {
            GDALClose(ds)
            throw RasterError(path, "has no georeferencing (no geotransform); georeference it, e.g. with gdal_translate -a_srs -a_ullr")
        }
        geoTransform = gt
        guard let srs = GDALGetSpatialRef(ds) else {
            GDALClose(ds)
            throw RasterError(path, "has no coordinate reference system; assign one, e.g. with gdal_edit.py -a_srs EPSG:4547")
        }
        var text: String
        if let auth = OSRGetAuthorityName(srs, nil), let code = OSRGetAuthorityCode(srs, nil) {
            text = "\(String(cString: auth)):\(String(cString: code))"
        } else {
            var wkt: UnsafeMutablePointer<CChar>?
            OSRExportToWkt(srs, &wkt)
            text = wkt.map { String(cString: $0) } ?? ""
            VSIFree(wkt)
        }
        do {
            crs = try CRS(text)
        } catch {
            GDALClose(ds)
            throw RasterError(path, "its CRS is not one PROJ knows (\(error))")
        }
        let band = GDALGetRasterBand(ds, 1)
        dataType = GDALGetDataTypeName(GDALGetRasterDataType(band)).map { String(cString: $0) } ?? "?"
        var has: Int32 = 0
        let nd = GDALGetRasterNoDataValue(band, &has)
        noData = has != 0 ? nd : nil
        overviews = (0..<Int(GDALGetOverviewCount(band))).compactMap { i in
            guard let o = GDALGetOverview(band, Int32(i)) else { return nil }
            return (Int(GDALGetRasterBandXSize(o)), Int(GDALGetRasterBandYSize(o)))
        }
    }

    deinit { GDALClose(dataset) }

    /// The extent in the raster's CRS.
    public var extent: Box {
        var box = Box.empty
        for (c, r) in [(0.0, 0.0), (Double(width), 0), (0, Double(height)), (Double(width), Double(height))] {
            box.extend(x: geoTransform[0] + c * geoTransform[1] + r * geoTransform[2],
                       y: geoTransform[3] + c * geoTransform[4] + r * geoTransform[5])
        }
        return box
    }

    /// CRS units per pixel along x and y.
    public var resolution: (x: Double, y: Double) {
        ((geoTransform[1] * geoTransform[1] + geoTransform[4] * geoTransform[4]).squareRoot(),
         (geoTransform[2] * geoTransform[2] + geoTransform[5] * geoTransform[5]).squareRoot())
    }

    /// Source coordinates → full-resolution pixel position.
    var inverse: (Double, Double, Double, Double, Double, Double) {
        let g = geoTransform
        let det = g[1] * g[5] - g[2] * g[4]
        let ia = g[5] / det, ib = -g[2] / det, ic = -g[4] / det, id = g[1] / det
        return (ia, ib, -(ia * g[0] + ib * g[3]), ic, id, -(ic * g[0] + id * g[3]))
    }

    /// A window of the raster read for a target: where it lies in full-resolution pixels
    /// and its buffer's size.
    struct Window {
        var x0, y0, x1, y1: Int
        var bufferWidth, bufferHeight: Int
        var grid: CoordinateGrid
        /// Column, row, columns, rows in full-resolution pixels when the buffer is the device
        /// grid itself (`aligned`): the exact window GDAL resamples, not whole pixels.
        var floating: (Double, Double, Double, Double)?
    }

    /// Device pixels read straight onto the device grid: those lying wholly inside the
    /// raster (`x0..<x1`, `y0..<y1`), and those whose centre is inside (`centres`).
    struct Aligned {
        var x0, y0, x1, y1: Int
        var centres: (x0: Int, y0: Int, x1: Int, y1: Int)
        var window: Window
    }

    /// When the map and the raster share a CRS and both are north-up, device pixels are an
    /// axis-aligned grid over the raster's pixels: GDAL resamples the window straight onto
    /// it (picking the overview as for any read), so the image is resampled once rather than
    /// read into a buffer and sampled again, and there is no per-pixel pass.
    func aligned(for target: RasterTarget) throws -> Aligned? {
        let grid = try Self.grid(target, crs)
        let g = geoTransform
        guard grid.nodes == nil, target.b == 0, target.c == 0, g[2] == 0, g[4] == 0 else { return nil }
        // Device column x → raster column ca·x + cb; row y → raster row ra·y + rb.
        let ca = target.a / g[1], cb = (target.tx - g[0]) / g[1]
        let ra = target.d / g[5], rb = (target.ty - g[3]) / g[5]
        guard ca > 0, ra > 0 else { return nil }
        let fw = Double(width), fh = Double(height), e = 1e-9
        let x0 = max(0, Int((-cb / ca - e).rounded(.up))), x1 = min(target.width, Int(((fw - cb) / ca + e).rounded(.down)))
        let y0 = max(0, Int((-rb / ra - e).rounded(.up))), y1 = min(target.height, Int(((fh - rb) / ra + e).rounded(.down)))
        guard x1 > x0, y1 > y0 else { return nil }
        let col = max(0, ca * Double(x0) + cb), row = max(0, ra * Double(y0) + rb)
        let cols = min(ca * Double(x1 - x0), fw - col), rows = min(ra * Double(y1 - y0), fh - row)
        let c0 = Int(col.rounded(.down)), r0 = Int(row.rounded(.down))
        // GDAL wants the whole-pixel window within a pixel of the exact one.
        let window = Window(x0: c0, y0: r0, x1: c0 + max(1, min(Int(cols.rounded(.up)), width - c0)),
                            y1: r0 + max(1, min(Int(rows.rounded(.up)), height - r0)),
                            bufferWidth: x1 - x0, bufferHeight: y1 - y0, grid: grid, floating: (col, row, cols, rows))
        // The general path's test: the pixel centre's raster position in [0, size).
        let cx0 = max(0, Int((-cb / ca - 0.5).rounded(.up))), cx1 = min(target.width, Int(((fw - cb) / ca - 0.5).rounded(.up)))
        let cy0 = max(0, Int((-rb / ra - 0.5).rounded(.up))), cy1 = min(target.height, Int(((fh - rb) / ra - 0.5).rounded(.up)))
        return Aligned(x0: x0, y0: y0, x1: x1, y1: y1, centres: (min(cx0, x0), min(cy0, y0), max(cx1, x1), max(cy1, y1)), window: window)
    }

    func window(for target: RasterTarget) throws -> Window? {
        let grid = try Self.grid(target, crs)
        guard let env = grid.sourceEnvelope else { return nil }
        let inv = inverse
        var minC = Double.infinity, minR = Double.infinity, maxC = -Double.infinity, maxR = -Double.infinity
        for (x, y) in [(env.minX, env.minY), (env.maxX, env.minY), (env.minX, env.maxY), (env.maxX, env.maxY)] {
            let c = inv.0 * x + inv.1 * y + inv.2, r = inv.3 * x + inv.4 * y + inv.5
            minC = min(minC, c); maxC = max(maxC, c); minR = min(minR, r); maxR = max(maxR, r)
        }
        let x0 = max(0, Int(minC.rounded(.down)) - 2), y0 = max(0, Int(minR.rounded(.down)) - 2)
        let x1 = min(width, Int(maxC.rounded(.up)) + 2), y1 = min(height, Int(maxR.rounded(.up)) + 2)
        guard x1 > x0, y1 > y0 else { return nil }
        // Source pixels per device pixel: read no finer than the map needs (a little finer
        // than the map keeps bilinear sampling sharp).
        let envArea = max((maxC - minC) * (maxR - minR), 1)
        let perPixel = (envArea / Double(target.width * target.height)).squareRoot()
        let factor = max(1, perPixel)
        let bw = max(1, min(x1 - x0, Int((Double(x1 - x0) / factor).rounded(.up))))
        let bh = max(1, min(y1 - y0, Int((Double(y1 - y0) / factor).rounded(.up))))
        return Window(x0: x0, y0: y0, x1: x1, y1: y1, bufferWidth: bw, bufferHeight: bh, grid: grid)
    }

    static func grid(_ target: RasterTarget, _ crs: CRS) throws -> CoordinateGrid {
        do { return try CoordinateGrid(target: target, sourceCRS: crs) } catch {
            throw RasterError("\(crs)", "cannot be transformed to the map CRS \(target.crs): \(error)")
        }
    }

    /// GDAL's RasterIO arguments for a window: the resampling, and the window's exact
    /// floating-point edges when it has them.
    static func ioArguments(_ w: Window, _ resampling: Resampling) -> GDALRasterIOExtraArg {
        var extra = GDALRasterIOExtraArg()
        extra.nVersion = 1
        extra.eResampleAlg = resampling == .nearest ? GRIORA_NearestNeighbour : GRIORA_Bilinear
        extra.pfnProgress = nil
        extra.pProgressData = nil
        extra.bFloatingPointWindowValidity = 0
        w.floating.map { extra.set(floating: $0) }
        return extra
    }

    /// Reads bands of the window into `type` buffers; GDAL picks the overview level and
    /// averages (or interpolates) down to the buffer's size.
    func read(_ w: Window, bands: [Int32], type: GDALDataType, elementSize: Int, mask: Bool, resampling: Resampling) throws -> [[UInt8]] {
        try lock.locked {
            var extra = Self.ioArguments(w, resampling)
            var out: [[UInt8]] = []
            let count = w.bufferWidth * w.bufferHeight * elementSize
            for b in bands {
                var buffer = [UInt8](repeating: 0, count: count)
                var band = GDALGetRasterBand(dataset, b)
                if mask { band = GDALGetMaskBand(band) }
                let err = buffer.withUnsafeMutableBytes {
                    GDALRasterIOEx(band, GF_Read, Int32(w.x0), Int32(w.y0), Int32(w.x1 - w.x0), Int32(w.y1 - w.y0), $0.baseAddress,
                                   Int32(w.bufferWidth), Int32(w.bufferHeight), type, 0, 0, &extra)
                }
                guard err == CE_None else {
                    throw RasterError(path, "cannot be read (\(GDALEnvironment.lastError("read error"))); is the file truncated?")
                }
                out.append(buffer)
            }
            return out
        }
    }

    /// The window's colours as premultiplied ARGB in one read: RGB bands straight into
    /// the bytes of each pixel word (grey copied into all three), then GDAL's mask (nodata,
    /// alpha band) as alpha, read only when the raster has one.
    func readColour(_ w: Window, resampling: Resampling) throws -> [UInt32] {
        var pixels = [UInt32](repeating: 0, count: w.bufferWidth * w.bufferHeight)
        try pixels.withUnsafeMutableBufferPointer {
            try readColour(w, into: $0.baseAddress!, rowWords: w.bufferWidth, resampling: resampling)
        }
        return pixels
    }

    /// The same into rows of `rowWords` words (a part of a larger image).
    func readColour(_ w: Window, into pixels: UnsafeMutablePointer<UInt32>, rowWords: Int, resampling: Resampling) throws {
        let bw = w.bufferWidth, bh = w.bufferHeight
        for j in 0..<bh { (pixels + j * rowWords).update(repeating: 0xFF00_0000, count: bw) }
        try lock.locked {
            var extra = Self.ioArguments(w, resampling)
            // Little-endian words: blue, green, red, alpha bytes.
            var bands: [Int32] = bandCount >= 3 ? [3, 2, 1] : [1]
            let err = GDALDatasetRasterIOEx(dataset, GF_Read, Int32(w.x0), Int32(w.y0), Int32(w.x1 - w.x0), Int32(w.y1 - w.y0),
                                            pixels, Int32(bw), Int32(bh), GDT_Byte, Int32(bands.count),
                                            &bands, 4, GSpacing(4 * rowWords), 1, &extra)
            guard err == CE_None else {
                throw RasterError(path, "cannot be read (\(GDALEnvironment.lastError("read error"))); is the file truncated?")
            }
        }
        if bandCount < 3 {
            for j in 0..<bh {
                let row = pixels + j * rowWords
                for i in 0..<bw {
                    let v = row[i] & 255
                    row[i] = 0xFF00_0000 | v << 16 | v << 8 | v
                }
            }
        }
        let allValid = lock.locked { GDALGetMaskFlags(GDALGetRasterBand(dataset, 1)) & GMF_ALL_VALID != 0 }
        if !allValid {
            let alpha = try read(w, bands: [1], type: GDT_Byte, elementSize: 1, mask: true, resampling: .nearest)[0]
            for j in 0..<bh {
                let row = pixels + j * rowWords
                for i in 0..<bw where alpha[j * bw + i] != 255 {
                    let v = row[i]
                    row[i] = RasterImage.premultiplied(r: UInt8((v >> 16) & 255), g: UInt8((v >> 8) & 255), b: UInt8(v & 255),
                                                       a: alpha[j * bw + i])
                }
            }
        }
    }

    /// The raster's colours warped into the target, premultiplied: 1 band grey, 3 or more
    /// RGB; transparent where GDAL's mask (nodata, alpha band) says there is no data.
    public func render(_ target: RasterTarget, resampling: Resampling) throws -> RasterImage {
        var out = RasterImage(width: target.width, height: target.height)
        if let a = try aligned(for: target) {
            // Straight into the image, rows a.y0..<a.y1, columns a.x0..<a.x1.
            let tw = target.width, bw = a.x1 - a.x0
            try out.pixels.withUnsafeMutableBufferPointer { pixels in
                let p = pixels.baseAddress!
                try readColour(a.window, into: p + a.y0 * tw + a.x0, rowWords: tw, resampling: resampling)
                // The ring of pixels only partly over the raster: their nearest neighbour.
                for y in a.centres.y0..<a.centres.y1 {
                    let row = y * tw, from = min(max(y, a.y0), a.y1 - 1) * tw
                    if y < a.y0 || y >= a.y1 { (p + row + a.x0).update(from: p + from + a.x0, count: bw) }
                    for x in a.centres.x0..<a.x0 { p[row + x] = p[from + a.x0] }
                    for x in a.x1..<a.centres.x1 { p[row + x] = p[from + a.x1 - 1] }
                }
            }
            return out
        }
        guard let w = try window(for: target) else { return out }
        let bw = w.bufferWidth, bh = w.bufferHeight
        let buffer = RasterImage(width: bw, height: bh, pixels: try readColour(w, resampling: resampling))
        let inv = inverse
        let sx = Double(bw) / Double(w.x1 - w.x0), sy = Double(bh) / Double(w.y1 - w.y0)
        let fw = Double(width), fh = Double(height)
        out.pixels.withUnsafeMutableBufferPointer { pixels in
            let dst = UnsafeSendable(pixels)
            buffer.pixels.withUnsafeBufferPointer { src in
                let source = UnsafeSendable(src)
                Parallel.forEach((target.height + 31) / 32) { band in
                    var xs = [Double](repeating: 0, count: target.width), ys = xs
                    for y in (band * 32)..<min(target.height, band * 32 + 32) {
                        w.grid.row(y, xs: &xs, ys: &ys)
                        for x in 0..<target.width {
                            let c = inv.0 * xs[x] + inv.1 * ys[x] + inv.2, r = inv.3 * xs[x] + inv.4 * ys[x] + inv.5
                            guard c >= 0, r >= 0, c < fw, r < fh else { continue }
                            dst.value[y * target.width + x] = sample(source.value, width: bw, height: bh,
                                                                     u: (c - Double(w.x0)) * sx, v: (r - Double(w.y0)) * sy, resampling)
                        }
                    }
                }
            }
        }
        return out
    }

    /// Elevations of band 1 warped into the target, NaN where there is no data.
    public func elevations(_ target: RasterTarget) throws -> [Float] {
        var out = [Float](repeating: .nan, count: target.width * target.height)
        guard let w = try window(for: target) else { return out }
        let raw = try read(w, bands: [1], type: GDT_Float32, elementSize: 4, mask: false, resampling: .linear)[0]
        let bw = w.bufferWidth, bh = w.bufferHeight
        var values = raw.withUnsafeBytes { Array($0.bindMemory(to: Float.self)) }
        if let noData { for i in values.indices where Double(values[i]) == noData { values[i] = .nan } }
        let inv = inverse
        let sx = Double(bw) / Double(w.x1 - w.x0), sy = Double(bh) / Double(w.y1 - w.y0)
        let fw = Double(width), fh = Double(height)
        out.withUnsafeMutableBufferPointer { pixels in
            let dst = UnsafeSendable(pixels)
            values.withUnsafeBufferPointer { src in
                let source = UnsafeSendable(src)
                Parallel.forEach((target.height + 31) / 32) { band in
                    var xs = [Double](repeating: 0, count: target.width), ys = xs
                    for y in (band * 32)..<min(target.height, band * 32 + 32) {
                        w.grid.row(y, xs: &xs, ys: &ys)
                        for x in 0..<target.width {
                            let c = inv.0 * xs[x] + inv.1 * ys[x] + inv.2, r = inv.3 * xs[x] + inv.4 * ys[x] + inv.5
                            guard c >= 0, r >= 0, c < fw, r < fh else { continue }
                            let u = (c - Double(w.x0)) * sx - 0.5, v = (r - Double(w.y0)) * sy - 0.5
                            let i0 = min(max(Int(u.rounded(.down)), 0), bw - 1), j0 = min(max(Int(v.rounded(.down)), 0), bh - 1)
                            let i1 = min(i0 + 1, bw - 1), j1 = min(j0 + 1, bh - 1)
                            let fx = Float(min(max(u - Double(i0), 0), 1)), fy = Float(min(max(v - Double(j0), 0), 1))
                            let s = source.value
                            let top = s[j0 * bw + i0] * (1 - fx) + s[j0 * bw + i1] * fx
                            let bottom = s[j1 * bw + i0] * (1 - fx) + s[j1 * bw + i1] * fx
                            dst.value[y * target.width + x] = top * (1 - fy) + bottom * fy
                        }
                    }
                }
            }
        }
        return out
    }

    /// Shaded relief of a DEM in metres, drawn at the map's resolution: slopes by Horn's
    /// kernel over the warped elevations with the ground size of a device pixel, scaled as
    /// MapLibre scales tile slopes (a quarter of the gradient, exaggerated at zooms coarser
    /// than the DEM), then shaded by the hillshade paint.
    public func hillshade(_ target: RasterTarget, paint: HillshadePaint) throws -> RasterImage {
        let e = try elevations(target)
        let w = target.width, h = target.height
        var out = RasterImage(width: w, height: h)
        let metres = target.metresPerPixel
        // The DEM's own zoom: where a 512-pixel world has its resolution.
        let demMetres = crs.isGeographic ? resolution.x * 111_320 * cos(target.centerLatitude * .pi / 180) : resolution.x
        let demZoom = log2(40075016.685578 * cos(target.centerLatitude * .pi / 180) / 512 / max(demMetres, 1e-9))
        let boost = pow(2, max(0, demZoom - target.zoom) * 0.3)
        let k = Float(boost / (4 * 8 * metres))
        out.pixels.withUnsafeMutableBufferPointer { pixels in
            let dst = UnsafeSendable(pixels)
            e.withUnsafeBufferPointer { src in
                let s = UnsafeSendable(src)
                Parallel.forEach((h + 31) / 32) { band in
                    for y in (band * 32)..<min(h, band * 32 + 32) {
                        let ym = max(y - 1, 0), yp = min(y + 1, h - 1)
                        for x in 0..<w {
                            let xm = max(x - 1, 0), xp = min(x + 1, w - 1)
                            let v = s.value
                            let a = v[ym * w + xm], b = v[ym * w + x], c = v[ym * w + xp]
                            let d = v[y * w + xm], f = v[y * w + xp]
                            let g = v[yp * w + xm], hh = v[yp * w + x], i = v[yp * w + xp]
                            let dx = ((c + f + f + i) - (a + d + d + g)) * k
                            let dy = ((g + hh + hh + i) - (a + b + b + c)) * k
                            guard dx.isFinite, dy.isFinite else { continue }
                            dst.value[y * w + x] = paint.shade(dx: dx, dy: dy, scaleFactor: 1, bearing: target.bearing)
                        }
                    }
                }
            }
        }
        return out
    }
}

extension GDALRasterIOExtraArg {
    /// Reads exactly this window (column, row, columns, rows in full-resolution pixels).
    mutating func set(floating w: (Double, Double, Double, Double)) {
        bFloatingPointWindowValidity = 1
        (dfXOff, dfYOff, dfXSize, dfYSize) = w
    }
}

/// A plain mutex for GDAL datasets, which are not thread-safe.
final class DatasetLock: @unchecked Sendable {
    private var m = pthread_mutex_t()
    init() { pthread_mutex_init(&m, nil) }
    deinit { pthread_mutex_destroy(&m) }
    func locked<T>(_ body: () throws -> T) rethrows -> T {
        pthread_mutex_lock(&m)
        defer { pthread_mutex_unlock(&m) }
        return try body()
    }
}
