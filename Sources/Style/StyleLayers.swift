import JSON

extension StyleReader {
    static let layerKeys: Set<String> = ["id", "type", "metadata", "source", "source-layer", "minzoom", "maxzoom",
                                         "filter", "layout", "paint"]

    mutating func readLayers(_ json: JSONValue?, at pointer: JSONPointer, sources: ReadSources) -> [Layer] {
        guard let json else {
            error(pointer, "missing; expected an array of layers")
            return []
        }
        guard case .array(let items) = json else {
            error(pointer, "expected an array of layers, found \(json.typeName)")
            return []
        }
        var layers: [Layer] = []
        var ids: Set<String> = []
        for (i, item) in items.enumerated() {
            let at = pointer / i
            guard case .object(let l) = item else {
                error(at, "expected a layer object, found \(item.typeName)")
                continue
            }
            guard case .string(let id)? = l["id"] else {
                error(at / "id", l["id"] == nil ? "missing; every layer needs an id" : "expected a string")
                continue
            }
            if !ids.insert(id).inserted { error(at / "id", "duplicate layer id \"\(id)\"") }
            guard case .string(let typeName)? = l["type"] else {
                error(at / "type", l["type"] == nil ? "missing; expected a layer type" : "expected a string")
                continue
            }
            guard let type = LayerType(rawValue: typeName) else {
                if LayerType.unsupportedTypes.contains(typeName) {
                    warning(at / "type", "layer type \"\(typeName)\" is not supported; the layer is skipped")
                } else {
                    error(at / "type", "expected one of background, fill, line, circle, symbol, raster, hillshade, heatmap, fill-extrusion, found \"\(typeName)\"")
                }
                continue
            }
            for key in l.keys where !Self.layerKeys.contains(key) {
                warning(at / key, "unknown layer property, ignored")
            }
            var source: String?
            var sourceLayer: String?
            if type != .background {
                guard case .string(let s)? = l["source"] else {
                    error(at / "source", l["source"] == nil ? "missing; a \(typeName) layer needs a source" : "expected a string")
                    continue
                }
                if sources.unsupported.contains(s) { continue }
                guard sources.supported[s] != nil else {
                    if sources.declared.contains(s) { continue }
                    error(at / "source", "source \"\(s)\" is not defined in /sources")
                    continue
                }
                source = s
                let kind = sources.supported[s]!.kind
                if let required = type.requiredSourceKind, kind != required {
                    error(at / "source", "a \(typeName) layer needs a \(required.rawValue) source; \"\(s)\" is a \(kind.rawValue) source")
                    continue
                }
                if type.requiredSourceKind == nil, kind == .raster || kind == .rasterDEM {
                    error(at / "source", "a \(typeName) layer cannot draw the \(kind.rawValue) source \"\(s)\"")
                    continue
                }
                if kind == .vector {
                    guard case .string(let name)? = l["source-layer"] else {
                        error(at / "source-layer", l["source-layer"] == nil ? "missing; a layer on vector source \"\(s)\" needs a source-layer" : "expected a string")
                        continue
                    }
                    sourceLayer = name
                }
            }
            // Without a minzoom a layer shows at every zoom, below 0 too: a world map fitted
            // into a few hundred pixels has a negative zoom, and MapLibre GL JS draws it.
            let minZoom = zoomLevel(l["minzoom"], at: at / "minzoom", default: -.infinity)
            let maxZoom = zoomLevel(l["maxzoom"], at: at / "maxzoom", default: 24)
            let filter = l["filter"].flatMap { compileFilter($0, at: at / "filter") }
            var layout = PropertyValues(specs: type.properties)
            var paint = PropertyValues(specs: type.properties)
            readProperties(l["layout"], group: .layout, type: type, at: at / "layout", into: &layout)
            readProperties(l["paint"], group: .paint, type: type, at: at / "paint", into: &paint)
            // MapLibre draws a gradient only along lines whose source measures them.
            if paint.isSet("line-gradient"), let source, sources.supported[source]?.lineMetrics != true {
                warning(at / "paint" / "line-gradient", "needs \"lineMetrics\": true on source \"\(source)\"; ignored")
                paint.remove("line-gradient")
            }
            layers.append(Layer(id: id, type: type, source: source, sourceLayer: sourceLayer, minZoom: minZoom, maxZoom: maxZoom, filter: filter,
                                layout: layout, paint: paint, metadata: l["metadata"]?.objectValue ?? JSONObject(), json: l, index: i))
        }
        return layers
    }

    /// A layer's `minzoom` or `maxzoom`: a number in 0...24.
    mutating func zoomLevel(_ json: JSONValue?, at pointer: JSONPointer, default value: Double) -> Double {
        guard json != nil else { return value }
        let zoom = number(json, at: pointer, default: value)
        // Not a number: `number` has said so, and the default (-∞ for minzoom) is no range error.
        if zoom == value { return value }
        guard (0...24).contains(zoom) else {
            error(pointer, "\(formatJSONNumber(zoom)) is not in 0...24")
            return value
        }
        return zoom
    }

    mutating func readProperties(_ json: JSONValue?, group: PropertySpec.Group, type: LayerType, at pointer: JSONPointer,
                                 into values: inout PropertyValues) {
        guard let json else { return }
        guard case .object(let props) = json else {
            error(pointer, "expected an object, found \(json.typeName)")
            return
        }
        for entry in props {
            let at = pointer / entry.key
            guard let spec = type.properties[entry.key], spec.group == group else {
                let elsewhere = type.properties[entry.key] != nil
                warning(at, elsewhere ? "is a \(group == .paint ? "layout" : "paint") property; ignored here"
                        : "unknown \(group.rawValue) property for a \(type.rawValue) layer, ignored")
                continue
            }
            if spec.unsupported {
                warning(at, "not supported by Cartouche (it needs sprites or patterns); ignored")
                continue
            }
            if let value = compileProperty(entry.value, spec: spec, at: at) {
                values.set(entry.key, value)
            }
        }
    }

    /// Compiles a property value: a constant of the property's type, an expression, or a
    /// legacy function (converted to an expression). Whether feature data and zoom may be
    /// used follows the property's spec, as in MapLibre.
    mutating func compileProperty(_ json: JSONValue, spec: PropertySpec, at pointer: JSONPointer) -> PropertyValue? {
        var isConstant = !isExpression(json) && !LegacyFunction.isFunction(json)
        // `["frobnicate", 1]` where a number is expected is an expression with an unknown
        // operator, not a wrong constant: the compiler names the operator, as MapLibre does.
        if isConstant, case .array(let items) = json, items.first?.stringValue != nil, !spec.kind.isArray {
            isConstant = false
        }
        if isConstant, let message = constantMismatch(json, spec) {
            error(pointer, message)
            return nil
        }
        do {
            let compiled = try PropertyExpression.compile(isConstant ? ["literal", json] : json, spec: spec.expressionSpec)
            return PropertyValue(spec: spec, expression: compiled.expression, json: json)
        } catch {
            self.error(JSONPointer(pointer.tokens + Self.pointerTokens(error.key)), error.message)
            return nil
        }
    }

    /// nil if `json` is a valid constant for the property, else the message.
    func constantMismatch(_ json: JSONValue, _ spec: PropertySpec) -> String? {
        let found = "found \(json.brief)"
        switch spec.kind {
        case .number(let min, let max):
            guard case .number(let n) = json else { return "expected number or expression, \(found)" }
            if let min, n < min { return "\(formatJSONNumber(n)) is less than the minimum value \(formatJSONNumber(min))" }
            if let max, n > max { return "\(formatJSONNumber(n)) is greater than the maximum value \(formatJSONNumber(max))" }
        case .color:
            guard case .string(let s) = json, Color(css: s) != nil else { return "expected color or expression, \(found)" }
        case .string, .formatted, .image:
            guard case .string = json else { return "expected \(spec.expectation) or expression, \(found)" }
        case .boolean:
            guard case .bool = json else { return "expected boolean or expression, \(found)" }
        case .enumeration(let allowed):
            guard case .string(let s) = json, allowed.contains(s) else { return "expected \(spec.expectation), \(found)" }
        case .numberArray(let length):
            guard case .array(let a) = json, a.allSatisfy({ $0.numberValue != nil }), length == nil || a.count == length else {
                return "expected \(spec.expectation) or expression, \(found)"
            }
            if spec.name == "line-dasharray", a.contains(where: { $0.numberValue! < 0 }) {
                return "dash lengths must not be negative"
            }
        case .stringArray:
            guard case .array(let a) = json, a.allSatisfy({ $0.stringValue != nil }) else {
                return "expected \(spec.expectation) or expression, \(found)"
            }
        case .enumArray(let allowed):
            guard case .array(let a) = json, a.allSatisfy({ $0.stringValue.map(allowed.contains) == true }) else {
                return "expected \(spec.expectation), \(found)"
            }
        case .padding:
            if case .number = json { return nil }
            guard case .array(let a) = json, (1...4).contains(a.count), a.allSatisfy({ $0.numberValue != nil }) else {
                return "expected \(spec.expectation) or expression, \(found)"
            }
        case .variableAnchorOffsets:
            guard case .array = json else { return "expected \(spec.expectation), \(found)" }
        }
        return nil
    }

    /// Compiles a filter; legacy filters (`["==", "class", "park"]`) are converted first.
    mutating func compileFilter(_ json: JSONValue, at pointer: JSONPointer) -> StyleExpression? {
        do {
            let expression = LegacyFilter.isExpression(json) ? json : LegacyFilter.convert(json)
            return try ParsingContext.compile(expression, expected: .boolean)
        } catch {
            self.error(JSONPointer(pointer.tokens + Self.pointerTokens(error.key)), error.message)
            return nil
        }
    }

    /// MapLibre's rule: an array whose first element names an operator is an expression.
    func isExpression(_ json: JSONValue) -> Bool {
        guard case .array(let a) = json, case .string(let op)? = a.first else { return false }
        return Operators.registry[op] != nil
    }

    /// `[2][1]` → ["2", "1"].
    static func pointerTokens(_ key: String) -> [String] {
        key.split(whereSeparator: { $0 == "[" || $0 == "]" }).map(String.init)
    }
}

private extension PropertySpec.Kind {
    /// Kinds whose constants are arrays, where a leading string is a value, not an operator.
    var isArray: Bool {
        switch self {
        case .numberArray, .stringArray, .enumArray, .padding, .variableAnchorOffsets: true
        default: false
        }
    }
}
