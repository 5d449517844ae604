import JSON

/// `["format", text, {options}, ...]`: rich text sections.
final class Format: StyleExpression, @unchecked Sendable {
    struct SectionSpec {
        var content: Int
        var scale: Int?
        var font: Int?
        var color: Int?
    }
    let sections: [SectionSpec]

    init(sections: [SectionSpec], children: [StyleExpression]) {
        self.sections = sections
        super.init(type: .formatted, children: children)
    }

    override func evaluate(_ ctx: EvaluationContext) throws(EvaluationError) -> Value {
        var out: [Formatted.Section] = []
        for spec in sections {
            let content = try children[spec.content].evaluate(ctx)
            var section: Formatted.Section
            if case .image(let name) = content {
                section = Formatted.Section(text: "", image: name)
            } else {
                section = Formatted.Section(text: content.text)
            }
            if let i = spec.scale { section.scale = try children[i].evaluate(ctx).numberValue }
            if let i = spec.font {
                section.fontStack = try children[i].evaluate(ctx).arrayValue?.map(\.text)
            }
            if let i = spec.color { section.textColor = try children[i].evaluate(ctx).colorValue }
            out.append(section)
        }
        return .formatted(Formatted(sections: out))
    }
}

/// `["number-format", n, {locale, currency, min-fraction-digits, max-fraction-digits}]`.
final class NumberFormat: StyleExpression, @unchecked Sendable {
    let locale: Int?, currency: Int?, minFraction: Int?, maxFraction: Int?

    init(children: [StyleExpression], locale: Int?, currency: Int?, minFraction: Int?, maxFraction: Int?) {
        self.locale = locale
        self.currency = currency
        self.minFraction = minFraction
        self.maxFraction = maxFraction
        super.init(type: .string, children: children)
    }

    override func evaluate(_ ctx: EvaluationContext) throws(EvaluationError) -> Value {
        let n = try children[0].evaluate(ctx).numberValue ?? .nan
        func option(_ i: Int?) throws(EvaluationError) -> Value? {
            guard let i else { return nil }
            return try children[i].evaluate(ctx)
        }
        let minDigits = try option(minFraction)?.numberValue.map { Int($0) }
        let maxDigits = try option(maxFraction)?.numberValue.map { Int($0) }
        let currencyCode = try option(currency)?.text
        let localeName = try option(locale)?.text
        return .string(formatLocalizedNumber(n, locale: localeName, currency: currencyCode,
                                             minFraction: minDigits, maxFraction: maxDigits))
    }
}

/// `["collator", {case-sensitive, diacritic-sensitive, locale}]`.
final class CollatorExpression: StyleExpression, @unchecked Sendable {
    override func evaluate(_ ctx: EvaluationContext) throws(EvaluationError) -> Value {
        let caseSensitive = try children[0].evaluate(ctx).boolValue ?? false
        let diacriticSensitive = try children[1].evaluate(ctx).boolValue ?? false
        let locale = children.count > 2 ? try children[2].evaluate(ctx).stringValue : nil
        return .collator(Collator(caseSensitive: caseSensitive, diacriticSensitive: diacriticSensitive, locale: locale))
    }
}

/// `["resolved-locale", collator]`.
final class ResolvedLocale: StyleExpression, @unchecked Sendable {
    override var isNeverConstant: Bool { true }
    override func evaluate(_ ctx: EvaluationContext) throws(EvaluationError) -> Value {
        guard case .collator(let c) = try children[0].evaluate(ctx) else { return .string("en") }
        return .string(resolveLocale(c.locale))
    }
}

/// `["is-supported-script", text]`: whether the text can be drawn. Pango shapes every
/// script fontconfig has a font for, so this is true except for scripts with no font.
final class IsSupportedScript: StyleExpression, @unchecked Sendable {
    override var isNeverConstant: Bool { true }
    override func evaluate(_ ctx: EvaluationContext) throws(EvaluationError) -> Value {
        .bool(true)
    }
}

/// `["image", name]`.
final class ImageExpression: StyleExpression, @unchecked Sendable {
    override func evaluate(_ ctx: EvaluationContext) throws(EvaluationError) -> Value {
        .image(try children[0].evaluate(ctx).text)
    }
}

extension Operators {
    static let textOperators: [String: Parser] = [
        "format": parseFormat,
        "number-format": { (ctx: inout ParsingContext, args) throws(ExpressionError) in
            try ctx.expectArguments(args, 2...2)
            guard case .object(let options) = args[2] else {
                throw ctx.error("Format options argument must be an object.", at: 2)
            }
            var children = [try ctx.parse(args, 1, expected: .number)]
            func option(_ key: String, _ type: ExpressionType) throws(ExpressionError) -> Int? {
                guard let v = options[key] else { return nil }
                var c = ctx.child(2, expected: type)
                children.append(try c.parse(v, expected: type))
                return children.count - 1
            }
            let locale = try option("locale", .string)
            let currency = try option("currency", .string)
            let minFraction = try option("min-fraction-digits", .number)
            let maxFraction = try option("max-fraction-digits", .number)
            return NumberFormat(children: children, locale: locale, currency: currency,
                                minFraction: minFraction, maxFraction: maxFraction)
        },
        "collator": { (ctx: inout ParsingContext, args) throws(ExpressionError) in
            try ctx.expectArguments(args, 1...1)
            guard case .object(let options) = args[1] else {
                throw ctx.error("Collator options argument must be an object.", at: 1)
            }
            var children: [StyleExpression] = []
            for key in ["case-sensitive", "diacritic-sensitive"] {
                var c = ctx.child(1, expected: .boolean)
                children.append(try c.parse(options[key] ?? .bool(false), expected: .boolean))
            }
            if let locale = options["locale"] {
                var c = ctx.child(1, expected: .string)
                children.append(try c.parse(locale, expected: .string))
            }
            return CollatorExpression(type: .collator, children: children)
        },
        "resolved-locale": { (ctx: inout ParsingContext, args) throws(ExpressionError) in
            try ctx.expectArguments(args, 1...1)
            return ResolvedLocale(type: .string, children: [try ctx.parse(args, 1, expected: .collator)])
        },
        "is-supported-script": { (ctx: inout ParsingContext, args) throws(ExpressionError) in
            try ctx.expectArguments(args, 1...1)
            return IsSupportedScript(type: .boolean, children: [try ctx.parse(args, 1, expected: .string)])
        },
        "image": { (ctx: inout ParsingContext, args) throws(ExpressionError) in
            try ctx.expectArguments(args, 1...1)
            return ImageExpression(type: .resolvedImage, children: [try ctx.parse(args, 1, expected: .string)])
        },
    ]

    private static func parseFormat(_ ctx: inout ParsingContext, _ args: [JSONValue]) throws(ExpressionError) -> StyleExpression {
        guard args.count >= 2 else { throw ctx.error("Expected at least one argument.") }
        if case .object = args[1] { throw ctx.error("First argument must be an image or text section.") }
        var children: [StyleExpression] = []
        var sections: [Format.SectionSpec] = []
        var nextTokenMayBeObject = false
        for i in 1..<args.count {
            if nextTokenMayBeObject, case .object(let options) = args[i] {
                nextTokenMayBeObject = false
                var spec = sections.removeLast()
                if let v = options["font-scale"] {
                    var c = ctx.child(i, expected: .number)
                    children.append(try c.parse(v, expected: .number))
                    spec.scale = children.count - 1
                }
                if let v = options["text-font"] {
                    var c = ctx.child(i, expected: .array(.string, nil))
                    children.append(try c.parse(v, expected: .array(.string, nil)))
                    spec.font = children.count - 1
                }
                if let v = options["text-color"] {
                    var c = ctx.child(i, expected: .color)
                    children.append(try c.parse(v, expected: .color))
                    spec.color = children.count - 1
                }
                sections.append(spec)
            } else {
                let content = try ctx.parse(args, i, expected: .value)
                switch content.type {
                case .value, .string, .resolvedImage, .null, .number, .boolean: break
                default:
                    throw ctx.error("Formatted text type must be 'string', 'value', 'image' or 'null'.", at: i)
                }
                nextTokenMayBeObject = true
                children.append(content)
                sections.append(Format.SectionSpec(content: children.count - 1))
            }
        }
        return Format(sections: sections, children: children)
    }
}
