/// The named resources content streams use: graphics states (alpha, soft masks),
/// shadings, form XObjects, fonts and optional-content groups. One dictionary serves every
/// page and form of a document, so a state or a font used on several pages is written once.
struct PDFResources {
    enum Category: String, CaseIterable {
        case extGState = "ExtGState", shading = "Shading", xObject = "XObject", font = "Font", properties = "Properties"
        case pattern = "Pattern"
    }

    /// Each category's entries in the order they were added: name and the value's bytes.
    private var entries: [Category: [(name: String, value: [UInt8])]] = [:]
    private var alphaNames: [AlphaKey: String] = [:]

    private struct AlphaKey: Hashable {
        var stroking: Bool
        var thousandths: Int
    }

    /// The graphics state setting the fill (`ca`) or stroke (`CA`) alpha, to three decimals.
    mutating func alpha(_ value: Double, stroking: Bool) -> String {
        let key = AlphaKey(stroking: stroking, thousandths: Int((min(max(value, 0), 1) * 1000).rounded()))
        if let name = alphaNames[key] { return name }
        var dictionary = PDFBuffer()
        dictionary.append(stroking ? "<</CA " : "<</ca ")
        dictionary.number(Double(key.thousandths) / 1000, decimals: 3)
        dictionary.append(">>")
        let name = add(.extGState, prefix: stroking ? "A" : "a", value: dictionary.bytes)
        alphaNames[key] = name
        return name
    }

    /// A new entry referring to an indirect object; returns its name.
    mutating func add(_ category: Category, prefix: String, _ ref: PDFRef) -> String {
        var value = PDFBuffer()
        value.reference(ref)
        return add(category, prefix: prefix, value: value.bytes)
    }

    /// A new entry whose value is written inline (a small dictionary); returns its name.
    mutating func add(_ category: Category, prefix: String, value: [UInt8]) -> String {
        let name = prefix + String(entries[category, default: []].count)
        entries[category, default: []].append((name, value))
        return name
    }

    func write(into out: inout PDFBuffer) {
        out.append("<<")
        for category in Category.allCases {
            guard let list = entries[category] else { continue }
            out.name(category.rawValue)
            out.append("<<")
            for (name, value) in list {
                out.name(name)
                out.byte(UInt8(ascii: " "))
                out.append(bytes: value)
            }
            out.append(">>")
        }
        out.append(">>")
    }
}
