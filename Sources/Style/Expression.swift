/// A compiled expression: a tree of operator nodes, type-checked once when the style is
/// loaded and evaluated per feature without looking at JSON again.
///
/// Each operator is a subclass that overrides `evaluate`. Nodes are immutable after
/// compilation, so one compiled style is shared by every rendering thread.
///
/// Named `StyleExpression`, not `Expression`: Foundation (Swift 6) has an `Expression` type,
/// and a file importing both Foundation and Cartouche could not say either unqualified (nor
/// qualify ours, since the module `Style` also has a type `Style`). A deprecated typealias
/// `Expression` would clash the same way, so there is none.
open class StyleExpression: @unchecked Sendable, CustomStringConvertible {
    /// The type the node's value has, as checked at compilation.
    public let type: ExpressionType
    /// The operator's arguments, compiled.
    public let children: [StyleExpression]

    /// A node of `type` over `children`; subclasses call it from their own initialisers.
    public init(type: ExpressionType, children: [StyleExpression] = []) {
        self.type = type
        self.children = children
    }

    /// The node's value in `ctx`. Throws when the data does not fit (a string where a number is
    /// needed); the property then takes its default, as in MapLibre.
    open func evaluate(_ ctx: EvaluationContext) throws(EvaluationError) -> Value {
        fatalError("\(Self.self) must override evaluate")
    }

    /// Nodes whose value depends on the environment at run time (`within`, `resolved-locale`,
    /// `is-supported-script`, `error`) are never folded at compile time.
    open var isNeverConstant: Bool { false }

    /// What this node itself reads, apart from its children.
    open var dependencies: Dependencies { [] }

    /// The feature properties this node itself reads, apart from its children
    /// (`propertiesRead` adds them up).
    open var propertiesReadHere: PropertyNames { .none }

    /// What an expression reads from its environment, which decides whether it is evaluated
    /// once per layer, once per zoom, or per feature.
    public struct Dependencies: OptionSet, Sendable {
        /// The set as bits.
        public let rawValue: Int
        /// A set from its bits.
        public init(rawValue: Int) { self.rawValue = rawValue }
        /// Feature properties, id or geometry type.
        public static let feature = Dependencies(rawValue: 1)
        /// The map's zoom.
        public static let zoom = Dependencies(rawValue: 2)
        /// `line-progress`, known only while a gradient line is drawn.
        public static let lineProgress = Dependencies(rawValue: 4)
        /// Global or feature state (`global-state`, `feature-state`).
        public static let state = Dependencies(rawValue: 8)
        /// The feature's geometry in longitude/latitude, whatever the map's CRS (`within`).
        public static let geographicGeometry = Dependencies(rawValue: 16)
    }

    /// What the node and every node under it read.
    public var allDependencies: Dependencies {
        children.reduce(dependencies) { $0.union($1.allDependencies) }
    }

    /// True if the value is the same for every feature.
    public var isFeatureConstant: Bool { !allDependencies.contains(.feature) }
    /// True if the value is the same at every zoom.
    public var isZoomConstant: Bool { !allDependencies.contains(.zoom) }

    /// The node's class and type, for debugging: `Interpolate(color)`.
    public var description: String { "\(Self.self)(\(type))" }
}

/// An error while evaluating; the property falls back to its default, as in MapLibre.
public struct EvaluationError: Error, Sendable, CustomStringConvertible {
    /// What went wrong ("expected a number, found string").
    public var message: String
    /// An error with its message.
    public init(_ message: String) { self.message = message }
    /// The message.
    public var description: String { message }
}

/// A compilation error, located by its path inside the expression (`[2][1]`).
public struct ExpressionError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The path of the faulty part inside the expression (`[2][1]`); empty for the whole.
    public var key: String
    /// What is wrong with it.
    public var message: String
    /// An error at `key` inside the expression.
    public init(key: String, message: String) {
        self.key = key
        self.message = message
    }
    /// The one line printed: `[2][1]: message`.
    public var description: String { key.isEmpty ? message : "\(key): \(message)" }
}
