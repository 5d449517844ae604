import CGDAL

/// Encodings of a `RasterImage` for embedding in PDF and SVG.
public enum ImageEncoder {
    /// The colour as 8-bit RGB rows, unpremultiplied (what JPEG and a PDF image with a soft
    /// mask hold), and the alpha as 8-bit grey, nil when opaque.
    public static func planes(_ image: RasterImage) -> (rgb: [UInt8], alpha: [UInt8]?) {
        let n = image.width * image.height
        var rgb = [UInt8](repeating: 0, count: 3 * n)
        var alpha = [UInt8](repeating: 255, count: n)
        var opaque = true
        for i in 0..<n {
            let v = image.pixels[i]
            let a = v >> 24
            alpha[i] = UInt8(a)
            if a == 255 {
                rgb[3 * i] = UInt8((v >> 16) & 255)
                rgb[3 * i + 1] = UInt8((v >> 8) & 255)
                rgb[3 * i + 2] = UInt8(v & 255)
                continue
            }
            opaque = false
            guard a > 0 else { continue }
            rgb[3 * i] = UInt8(min(255, ((v >> 16) & 255) * 255 / a))
            rgb[3 * i + 1] = UInt8(min(255, ((v >> 8) & 255) * 255 / a))
            rgb[3 * i + 2] = UInt8(min(255, (v & 255) * 255 / a))
        }
        return (rgb, opaque ? nil : alpha)
    }

    /// Baseline JPEG of RGB rows (GDAL's JPEG driver, libjpeg underneath), `quality` 1...100.
    public static func jpeg(rgb: [UInt8], width: Int, height: Int, quality: Int = 88) throws(RasterError) -> [UInt8] {
        try GDALEnvironment.ensure(for: "JPEG")
        guard let mem = GDALGetDriverByName("MEM"), let jpeg = GDALGetDriverByName("JPEG") else {
            throw RasterError("JPEG", "GDAL has no JPEG driver")
        }
        guard let ds = GDALCreate(mem, "", Int32(width), Int32(height), 3, GDT_Byte, nil) else {
            throw RasterError("JPEG", GDALEnvironment.lastError("cannot make an in-memory image"))
        }
        defer { GDALClose(ds) }
        var bands: [Int32] = [1, 2, 3]
        var rows = rgb
        let err = rows.withUnsafeMutableBytes {
            GDALDatasetRasterIO(ds, GF_Write, 0, 0, Int32(width), Int32(height), $0.baseAddress, Int32(width), Int32(height),
                                GDT_Byte, 3, &bands, 3, Int32(3 * width), 1)
        }
        guard err == CE_None else { throw RasterError("JPEG", GDALEnvironment.lastError("cannot fill the image")) }
        let file = GDALEnvironment.memoryFileName("jpg")
        var options: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = nil
        options = CSLSetNameValue(options, "QUALITY", "\(quality)")
        defer { CSLDestroy(options) }
        guard let out = GDALCreateCopy(jpeg, file, ds, 0, options, nil, nil) else {
            throw RasterError("JPEG", GDALEnvironment.lastError("encoding failed"))
        }
        GDALClose(out)
        defer { VSIUnlink(file) }
        var length: vsi_l_offset = 0
        guard let data = VSIGetMemFileBuffer(file, &length, 0) else { throw RasterError("JPEG", "encoding produced nothing") }
        return Array(UnsafeBufferPointer(start: data, count: Int(length)))
    }
}
