import Foundation
import TestSupport

/// Reads a PDF the way a reader starts to: `startxref`, the cross-reference table, the
/// trailer, then objects by number. Enough to check what the writer promised (every
/// offset lands on its object, the catalog's layers, the page sizes) without trusting it.
struct PDFFileStructure {
    let bytes: [UInt8]
    /// Byte offset of each object, by number.
    private(set) var offsets: [Int: Int] = [:]
    let trailer: String

    struct Malformed: Error, CustomStringConvertible {
        var description: String
    }

    init(_ bytes: [UInt8]) throws {
        self.bytes = bytes
        let text = String(decoding: bytes, as: UTF8.self)
        guard text.hasPrefix("%PDF-1."), let startxref = text.range(of: "startxref\n", options: .backwards),
              let xref = Int(text[startxref.upperBound...].prefix { $0.isNumber })
        else { throw Malformed(description: "no header or startxref") }
        // The table is ASCII, so byte offsets and string offsets agree within it.
        let table = String(decoding: bytes[xref...], as: UTF8.self)
        var lines = table.split(separator: "\n", omittingEmptySubsequences: false).makeIterator()
        guard lines.next() == "xref", let header = lines.next()?.split(separator: " "), header.count == 2,
              header[0] == "0", let count = Int(header[1])
        else { throw Malformed(description: "no cross-reference table at \(xref)") }
        for number in 0..<count {
            guard let entry = lines.next(), entry.count == 19 else { throw Malformed(description: "bad xref entry \(number)") }
            if entry.hasSuffix(" n ") { offsets[number] = Int(entry.prefix(10)) }
        }
        guard lines.next() == "trailer", let rest = table.range(of: "trailer\n") else { throw Malformed(description: "no trailer") }
        trailer = String(table[rest.upperBound...].prefix { $0 != "\n" })
    }

    /// The object's text from its `obj` keyword to its stream data or `endobj`.
    func object(_ number: Int) throws -> String {
        guard let offset = offsets[number] else { throw Malformed(description: "object \(number) not in the table") }
        let text = String(decoding: bytes[offset..<min(bytes.count, offset + 4096)], as: UTF8.self)
        guard text.hasPrefix("\(number) 0 obj\n") else { throw Malformed(description: "object \(number)'s offset \(offset) lands elsewhere") }
        let body = text.dropFirst("\(number) 0 obj\n".count)
        let end = [body.range(of: "\nendobj"), body.range(of: "stream\n")].compactMap { $0?.lowerBound }.min() ?? body.endIndex
        return String(body[..<end])
    }

    /// Every object the table lists, checked to start where it says.
    func allObjects() throws -> [Int: String] {
        try Dictionary(uniqueKeysWithValues: offsets.keys.map { ($0, try object($0)) })
    }

    /// The object number of `/Key n 0 R` in a dictionary's text.
    static func reference(_ key: String, in dictionary: String) -> Int? {
        guard let r = dictionary.range(of: "/\(key) ") else { return nil }
        return Int(dictionary[r.upperBound...].prefix { $0.isNumber })
    }

    /// The object numbers of `/Key[n 0 R ...]`.
    static func references(_ key: String, in dictionary: String) -> [Int] {
        guard let r = dictionary.range(of: "/\(key)[") else { return [] }
        let list = dictionary[r.upperBound...].prefix { $0 != "]" }
        return list.split(separator: " ").enumerated().filter { $0.offset % 3 == 0 }.compactMap { Int($0.element) }
    }
}

/// The command-line tools the checks use (poppler-utils and qpdf, installed by
/// scripts/setup.sh).
enum Tool {
    /// Runs a program found on PATH; returns its exit status and standard output.
    @discardableResult
    static func run(_ arguments: [String]) throws -> (status: Int32, output: String) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = arguments
        let out = Pipe()
        p.standardOutput = out
        p.standardError = FileHandle.nullDevice
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (p.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    static func temporaryDirectory() throws -> String {
        try ScratchDirectory.make("pdf")
    }
}
