#if canImport(Glibc)
import Glibc
#endif
import CCairo
import CRsvg

/// An SVG icon kept as vectors in PDF: librsvg draws it on a Cairo PDF surface in memory,
/// one page the icon's size in CSS pixels, and that page's content stream becomes a Form
/// XObject of ours, with the objects its resources name copied and renumbered. Nil when
/// librsvg or the copy fails; the icon is then embedded as an image.
struct PDFSVGForm {
    /// The page's content stream (its filter, its bytes).
    var filter: String?
    var content: [UInt8]
    /// The number of the page's resource dictionary in `objects`.
    var resources: Int
    /// Every object of Cairo's file by number: its text before any stream, and the stream.
    var objects: [Int: (dictionary: [UInt8], stream: [UInt8]?)]
    var width: Double
    var height: Double

    init?(_ svg: SVGDocument) {
        guard let bytes = Self.cairoPDF(svg) else { return nil }
        guard let parsed = Self.parse(bytes) else { return nil }
        objects = parsed
        guard let page = objects.first(where: { Self.isPage(Self.text($0.value.dictionary)) })?.value,
              let contentsNumber = Self.reference("/Contents", in: Self.text(page.dictionary)),
              let resourcesNumber = Self.reference("/Resources", in: Self.text(page.dictionary)),
              let contents = objects[contentsNumber], let data = contents.stream else { return nil }
        let dictionary = Self.text(contents.dictionary)
        filter = dictionary.contains("/FlateDecode") ? "/FlateDecode" : nil
        guard filter != nil || !dictionary.contains("/Filter") else { return nil }
        content = data
        resources = resourcesNumber
        width = svg.width
        height = svg.height
    }

    /// Writes the form and the objects its resources need into `file`; returns the form.
    func write(into file: inout PDFFile) -> PDFRef? {
        // The objects reachable from the resources, each given a number of ours.
        var renumbered: [Int: PDFRef] = [:]
        var queue = [resources]
        while let n = queue.popLast() {
            guard renumbered[n] == nil else { continue }
            guard let object = objects[n] else { return nil }
            renumbered[n] = file.reserve()
            queue += Self.references(in: Self.text(object.dictionary))
        }
        for (old, ref) in renumbered.sorted(by: { $0.value.number < $1.value.number }) {
            let object = objects[old]!
            var dictionary = Self.renumber(Self.text(object.dictionary), renumbered)
            if let stream = object.stream {
                // The length is written out (Cairo's may be another object's number).
                dictionary = Self.replacingLength(dictionary, stream.count)
                file.write(ref) { out in
                    out.append(dictionary)
                    out.append("\nstream\n")
                    out.append(bytes: stream)
                    out.append("\nendstream")
                }
            } else {
                file.write(ref) { out in out.append(dictionary) }
            }
        }
        let form = file.reserve()
        let resourcesRef = renumbered[resources]!
        file.write(form) { out in
            out.append("<</Type/XObject/Subtype/Form/BBox[0 0 \(width) \(height)]/Resources \(resourcesRef.number) 0 R")
            // A transparency group, so that the icon's opacity applies to it as a whole.
            out.append("/Group<</S/Transparency>>/Length \(content.count)")
            if let filter { out.append("/Filter\(filter)") }
            out.append(">>\nstream\n")
            out.append(bytes: content)
            out.append("\nendstream")
        }
        return form
    }

    /// The SVG drawn by librsvg on a one-page Cairo PDF, its size in CSS pixels as points.
    private static func cairoPDF(_ svg: SVGDocument) -> [UInt8]? {
        final class Sink { var bytes: [UInt8] = [] }
        let sink = Sink()
        let bytes = Array(svg.text.utf8)
        var error: UnsafeMutablePointer<GError>?
        let handle = bytes.withUnsafeBufferPointer { rsvg_handle_new_from_data($0.baseAddress, gsize($0.count), &error) }
        if let error { g_error_free(error) }
        guard let handle else { return nil }
        defer { g_object_unref(UnsafeMutableRawPointer(handle)) }
        let closure = Unmanaged.passUnretained(sink).toOpaque()
        let surface = cairo_pdf_surface_create_for_stream({ closure, data, length in
            guard let closure, let data else { return CAIRO_STATUS_WRITE_ERROR }
            Unmanaged<Sink>.fromOpaque(closure).takeUnretainedValue().bytes += UnsafeBufferPointer(start: data, count: Int(length))
            return CAIRO_STATUS_SUCCESS
        }, closure, svg.width, svg.height)!
        // Uncompressed cross-reference table and objects, which `parse` reads.
        cairo_pdf_surface_restrict_to_version(surface, CAIRO_PDF_VERSION_1_4)
        let cr = cairo_create(surface)!
        var viewport = RsvgRectangle(x: 0, y: 0, width: svg.width, height: svg.height)
        var renderError: UnsafeMutablePointer<GError>?
        let ok = rsvg_handle_render_document(handle, cr, &viewport, &renderError) != 0
        if let renderError { g_error_free(renderError) }
        cairo_destroy(cr)
        cairo_surface_finish(surface)
        let status = cairo_surface_status(surface)
        cairo_surface_destroy(surface)
        return ok && status == CAIRO_STATUS_SUCCESS ? withExtendedLifetime(sink) { sink.bytes } : nil
    }

    /// Cairo's objects by number, found through its cross-reference table.
    private static func parse(_ bytes: [UInt8]) -> [Int: (dictionary: [UInt8], stream: [UInt8]?)]? {
        let tail = text(Array(bytes.suffix(64)))
        guard let s = tail.range(of: "startxref")?.upperBound,
              let xref = Int(tail[s...].split(whereSeparator: \.isWhitespace).first ?? ""), xref < bytes.count else { return nil }
        let table = text(Array(bytes[xref...])).split(whereSeparator: \.isNewline).map { String($0) }
        guard table.first?.hasPrefix("xref") == true, table.count > 2 else { return nil }
        var offsets: [Int: Int] = [:]
        var i = 1
        while i < table.count, !table[i].hasPrefix("trailer") {
            let head = table[i].split(separator: " ")
            guard head.count == 2, let first = Int(head[0]), let count = Int(head[1]), i + count < table.count else { return nil }
            for k in 0..<count {
                let entry = table[i + 1 + k].split(separator: " ")
                if entry.count >= 3, entry[2].hasPrefix("n"), let offset = Int(entry[0]) { offsets[first + k] = offset }
            }
            i += count + 1
        }
        var objects: [Int: (dictionary: [UInt8], stream: [UInt8]?)] = [:]
        var pendingLengths: [Int: (start: Int, length: String)] = [:]
        for (number, offset) in offsets {
            guard let body = objectBody(bytes, offset) else { return nil }
            objects[number] = (body.dictionary, nil)
            if let start = body.streamStart {
                let dictionary = text(body.dictionary)
                guard let l = dictionary.range(of: "/Length ") else { return nil }
                let words = dictionary[l.upperBound...].split(whereSeparator: { $0.isWhitespace || $0 == "/" || $0 == ">" })
                if words.count >= 3, words[1] == "0", words[2] == "R" {
                    pendingLengths[number] = (start, String(words[0]))
                } else if let length = words.first.flatMap({ Int($0) }) {
                    guard start + length <= bytes.count else { return nil }
                    objects[number]!.stream = Array(bytes[start..<(start + length)])
                }
            }
        }
        for (number, pending) in pendingLengths {
            guard let lengthObject = Int(pending.length).flatMap({ objects[$0] }),
                  let length = Int(text(lengthObject.dictionary).trimmingWhitespace), pending.start + length <= bytes.count else { return nil }
            objects[number]!.stream = Array(bytes[pending.start..<(pending.start + length)])
        }
        return objects
    }

    /// The text of the object at `offset` after "N 0 obj" up to "stream" or "endobj", and
    /// where its stream's bytes start.
    private static func objectBody(_ bytes: [UInt8], _ offset: Int) -> (dictionary: [UInt8], streamStart: Int?)? {
        guard let objEnd = find(Array("obj".utf8), in: bytes, from: offset) else { return nil }
        var i = objEnd + 3
        let start = i
        while i < bytes.count {
            if matches(Array("endobj".utf8), bytes, at: i) { return (Array(bytes[start..<i]), nil) }
            if matches(Array("stream".utf8), bytes, at: i) {
                var s = i + 6
                if s < bytes.count, bytes[s] == 13 { s += 1 }
                if s < bytes.count, bytes[s] == 10 { s += 1 }
                return (Array(bytes[start..<i]), s)
            }
            i += 1
        }
        return nil
    }

    private static func find(_ needle: [UInt8], in bytes: [UInt8], from: Int) -> Int? {
        var i = from
        while i + needle.count <= bytes.count {
            if matches(needle, bytes, at: i) { return i }
            i += 1
        }
        return nil
    }

    private static func matches(_ needle: [UInt8], _ bytes: [UInt8], at i: Int) -> Bool {
        guard i + needle.count <= bytes.count else { return false }
        for k in 0..<needle.count where bytes[i + k] != needle[k] { return false }
        return true
    }

    static func text(_ bytes: [UInt8]) -> String { String(decoding: bytes, as: UTF8.self) }

    /// The object number `key N 0 R` names.
    private static func reference(_ key: String, in dictionary: String) -> Int? {
        guard let r = dictionary.range(of: key + " ") else { return nil }
        let words = dictionary[r.upperBound...].split(whereSeparator: \.isWhitespace)
        guard words.count >= 3, words[1] == "0", words[2].hasPrefix("R") else { return nil }
        return Int(words[0])
    }

    /// Every `N 0 R` in a dictionary's text.
    private static func references(in dictionary: String) -> [Int] {
        var out: [Int] = []
        renumberScan(dictionary) { n in
            out.append(n)
            return nil
        }
        return out
    }

    private static func renumber(_ dictionary: String, _ map: [Int: PDFRef]) -> String {
        renumberScan(dictionary) { n in map[n].map { "\($0.number) 0 R" } }
    }

    /// Scans for `N 0 R`, replacing each with what `replace` returns (when not nil).
    @discardableResult
    private static func renumberScan(_ s: String, _ replace: (Int) -> String?) -> String {
        let chars = Array(s.utf8)
        var out: [UInt8] = []
        out.reserveCapacity(chars.count)
        var i = 0
        func isDigit(_ c: UInt8) -> Bool { c >= 48 && c <= 57 }
        while i < chars.count {
            // A number not preceded by a digit, a dot or a name character.
            if isDigit(chars[i]), i == 0 || !(isDigit(chars[i - 1]) || chars[i - 1] == 46 || (chars[i - 1] >= 65 && chars[i - 1] <= 122)) {
                var j = i
                while j < chars.count, isDigit(chars[j]) { j += 1 }
                let tail = Array(" 0 R".utf8)
                if matches(tail, chars, at: j), j + 4 == chars.count || !(chars[j + 4] >= 65 && chars[j + 4] <= 122),
                   let n = Int(String(decoding: chars[i..<j], as: UTF8.self)) {
                    if let r = replace(n) { out += Array(r.utf8) } else { out += chars[i..<(j + 4)] }
                    i = j + 4
                    continue
                }
                out += chars[i..<j]
                i = j
                continue
            }
            out.append(chars[i])
            i += 1
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The dictionary with its `/Length` (a number, or another object's `N 0 R`) set to `length`.
    private static func replacingLength(_ dictionary: String, _ length: Int) -> String {
        let chars = Array(dictionary.utf8)
        let key = Array("/Length ".utf8)
        guard let at = find(key, in: chars, from: 0) else { return dictionary }
        var j = at + key.count
        while j < chars.count, chars[j] >= 48, chars[j] <= 57 { j += 1 }
        if matches(Array(" 0 R".utf8), chars, at: j) { j += 4 }
        return String(decoding: chars[..<(at + key.count)], as: UTF8.self) + "\(length)" + String(decoding: chars[j...], as: UTF8.self)
    }

    /// True for a page object's dictionary (`/Type /Page`, not `/Pages`).
    private static func isPage(_ dictionary: String) -> Bool {
        var rest = Substring(dictionary)
        while let r = rest.range(of: "/Type /Page") {
            if r.upperBound == rest.endIndex || rest[r.upperBound] != "s" { return true }
            rest = rest[r.upperBound...]
        }
        return false
    }
}

extension String {
    var trimmingWhitespace: String {
        var s = Substring(self)
        while let f = s.first, f.isWhitespace { s.removeFirst() }
        while let l = s.last, l.isWhitespace { s.removeLast() }
        return String(s)
    }
}
