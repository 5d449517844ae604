/// A PDF file as it is written: the header, numbered objects each at a recorded byte
/// offset, then the cross-reference table and the trailer. Numbers are handed out before
/// objects are written, so an object can refer to one written later (a page to the shared
/// resources, filled in once every page is drawn).
struct PDFFile {
    private(set) var out = PDFBuffer(reserving: 1 << 20)
    /// Byte offset of each object, indexed by number − 1; nil until written.
    private var offsets: [Int?] = []

    init() {
        // The binary comment line tells transfer programs that the file is not text.
        out.append("%PDF-1.5\n%\u{E2}\u{E3}\u{CF}\u{D3}\n")
    }

    mutating func reserve() -> PDFRef {
        offsets.append(nil)
        return PDFRef(number: offsets.count)
    }

    /// Writes a reserved object; `body` writes its value (a dictionary, an array).
    mutating func write(_ ref: PDFRef, _ body: (inout PDFBuffer) -> Void) {
        begin(ref)
        body(&out)
        out.append("\nendobj\n")
    }

    /// Writes a reserved object as a Flate-compressed stream; `dictionary` writes the
    /// stream dictionary's own entries (the length and filter are added).
    mutating func writeStream(_ ref: PDFRef, data: [UInt8], dictionary: (inout PDFBuffer) -> Void = { _ in }) {
        writeCompressedStream(ref, compressed: Deflate.compress(data), dictionary: dictionary)
    }

    /// As `writeStream`, for data already compressed (on another thread).
    mutating func writeCompressedStream(_ ref: PDFRef, compressed: [UInt8], dictionary: (inout PDFBuffer) -> Void = { _ in }) {
        begin(ref)
        out.append("<</Length ")
        out.integer(compressed.count)
        out.append("/Filter/FlateDecode")
        dictionary(&out)
        out.append(">>\nstream\n")
        out.append(bytes: compressed)
        out.append("\nendstream\nendobj\n")
    }

    /// A stream stored with its own filter (a JPEG as `/DCTDecode`), not compressed again.
    mutating func writeRawStream(_ ref: PDFRef, data: [UInt8], filter: StaticString, dictionary: (inout PDFBuffer) -> Void = { _ in }) {
        begin(ref)
        out.append("<</Length ")
        out.integer(data.count)
        out.append("/Filter")
        out.append(filter)
        dictionary(&out)
        out.append(">>\nstream\n")
        out.append(bytes: data)
        out.append("\nendstream\nendobj\n")
    }

    private mutating func begin(_ ref: PDFRef) {
        precondition(offsets[ref.number - 1] == nil, "PDF object \(ref.number) written twice")
        offsets[ref.number - 1] = out.count
        out.integer(ref.number)
        out.append(" 0 obj\n")
    }

    /// Ends the file: the cross-reference table, and a trailer naming the catalog and the
    /// document information. The `/ID` is derived from the bytes written, so identical
    /// documents have identical files.
    mutating func finish(root: PDFRef, info: PDFRef) -> [UInt8] {
        let (crc, adler) = Deflate.checksums(out.bytes)
        let xref = out.count
        out.append("xref\n0 ")
        out.integer(offsets.count + 1)
        out.append("\n0000000000 65535 f \n")
        for (i, offset) in offsets.enumerated() {
            guard let offset else { preconditionFailure("PDF object \(i + 1) reserved but never written") }
            let digits = String(offset)
            out.append(String(repeating: "0", count: max(0, 10 - digits.count)) + digits)
            out.append(" 00000 n \n")
        }
        out.append("trailer\n<</Size ")
        out.integer(offsets.count + 1)
        out.append("/Root ")
        out.reference(root)
        out.append("/Info ")
        out.reference(info)
        var id = PDFBuffer()
        id.byte(UInt8(ascii: "<"))
        for word in [crc, adler, UInt32(truncatingIfNeeded: xref), UInt32(truncatingIfNeeded: offsets.count)] {
            for shift in stride(from: 24, through: 0, by: -8) { id.hexByte(UInt8(truncatingIfNeeded: word >> UInt32(shift))) }
        }
        id.byte(UInt8(ascii: ">"))
        out.append("/ID[")
        out.append(bytes: id.bytes)
        out.append(bytes: id.bytes)
        out.append("]>>\nstartxref\n")
        out.integer(xref)
        out.append("\n%%EOF\n")
        return out.bytes
    }
}
