import CGDAL

/// Decodes an encoded image (PNG, JPEG, WebP, or anything GDAL's raster drivers read) from
/// memory through GDAL's in-memory file system, into premultiplied ARGB.
public enum ImageDecoder {
    /// The image encoded in `bytes`; `name` (a tile's z/x/y or a file) is what an error names
    /// when the bytes are empty or GDAL cannot decode them.
    public static func decode(_ bytes: [UInt8], name: String) throws(RasterError) -> RasterImage {
        try GDALEnvironment.ensure(for: name)
        guard !bytes.isEmpty else { throw RasterError(name, "empty image") }
        let file = GDALEnvironment.memoryFileName("img")
        return try bytes.withUnsafeBufferPointer { (buffer) throws(RasterError) -> RasterImage in
            let handle = VSIFileFromMemBuffer(file, UnsafeMutablePointer(mutating: buffer.baseAddress), vsi_l_offset(buffer.count), 0)
            guard let handle else { throw RasterError(name, "cannot hold the image in memory") }
            VSIFCloseL(handle)
            defer { VSIUnlink(file) }
            CPLErrorReset()
            guard let ds = GDALOpenEx(file, UInt32(GDAL_OF_RASTER | GDAL_OF_READONLY), nil, nil, nil) else {
                throw RasterError(name, "not an image GDAL can decode (\(GDALEnvironment.lastError("unknown format")))")
            }
            defer { GDALClose(ds) }
            return try readRGBA(ds, name: name)
        }
    }

    /// The whole dataset as premultiplied ARGB: 1 band grey or paletted, 2 grey and alpha,
    /// 3 RGB, 4 RGBA.
    static func readRGBA(_ ds: GDALDatasetH, name: String) throws(RasterError) -> RasterImage {
        let w = Int(GDALGetRasterXSize(ds)), h = Int(GDALGetRasterYSize(ds))
        let bands = Int(GDALGetRasterCount(ds))
        guard w > 0, h > 0, bands > 0 else { throw RasterError(name, "the image has no pixels") }
        guard w * h <= 1 << 26 else { throw RasterError(name, "a \(w)×\(h) tile is larger than 67 megapixels") }
        let n = w * h
        var planes = [[UInt8]]()
        for b in 1...min(bands, 4) {
            var plane = [UInt8](repeating: 0, count: n)
            let band = GDALGetRasterBand(ds, Int32(b))
            let err = plane.withUnsafeMutableBytes {
                GDALRasterIO(band, GF_Read, 0, 0, Int32(w), Int32(h), $0.baseAddress, Int32(w), Int32(h), GDT_Byte, 0, 0)
            }
            guard err == CE_None else {
                throw RasterError(name, "the image does not decode (\(GDALEnvironment.lastError("read error")))")
            }
            planes.append(plane)
        }
        var image = RasterImage(width: w, height: h)
        if planes.count == 1, let table = GDALGetRasterColorTable(GDALGetRasterBand(ds, 1)) {
            var lut = [UInt32](repeating: 0, count: 256)
            for i in 0..<min(256, Int(GDALGetColorEntryCount(table))) {
                guard let e = GDALGetColorEntry(table, Int32(i))?.pointee else { continue }
                lut[i] = RasterImage.premultiplied(r: UInt8(clamping: e.c1), g: UInt8(clamping: e.c2), b: UInt8(clamping: e.c3),
                                                   a: UInt8(clamping: e.c4))
            }
            for i in 0..<n { image.pixels[i] = lut[Int(planes[0][i])] }
            return image
        }
        switch planes.count {
        case 1: for i in 0..<n { let v = planes[0][i]; image.pixels[i] = RasterImage.pack(r: v, g: v, b: v, a: 255) }
        case 2: for i in 0..<n { let v = planes[0][i]; image.pixels[i] = RasterImage.premultiplied(r: v, g: v, b: v, a: planes[1][i]) }
        case 3: for i in 0..<n { image.pixels[i] = RasterImage.pack(r: planes[0][i], g: planes[1][i], b: planes[2][i], a: 255) }
        default:
            for i in 0..<n {
                image.pixels[i] = RasterImage.premultiplied(r: planes[0][i], g: planes[1][i], b: planes[2][i], a: planes[3][i])
            }
        }
        return image
    }
}
