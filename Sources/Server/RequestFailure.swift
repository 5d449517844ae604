/// A request the server will not or cannot answer with a map: the status and one line
/// saying why. WMS requests carry the ServiceException code the standard names.
public struct RequestFailure: Error, Sendable, CustomStringConvertible {
    /// The HTTP status: 400, 404, 413, 503...
    public var status: Int
    /// One line saying why, sent as the body.
    public var message: String
    /// WMS 1.3.0 exception code (`InvalidCRS`, `LayerNotDefined`, ...), for WMS requests.
    public var wmsCode: String?
    /// Seconds for `Retry-After` (503 answers).
    public var retryAfter: Int?

    /// A failure with its status and message.
    public init(_ status: Int, _ message: String, wmsCode: String? = nil, retryAfter: Int? = nil) {
        self.status = status
        self.message = message
        self.wmsCode = wmsCode
        self.retryAfter = retryAfter
    }

    /// The message.
    public var description: String { message }

    static func badRequest(_ message: String, wms: String? = nil) -> RequestFailure { .init(400, message, wmsCode: wms) }
    static func notFound(_ message: String) -> RequestFailure { .init(404, message) }
}
