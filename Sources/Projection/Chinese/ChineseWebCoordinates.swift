/// The longitude/latitude systems of Chinese web maps, which PROJ does not know: GCJ-02
/// (Amap/高德, Tencent/腾讯, Google and Apple maps in China) and BD-09 (Baidu/百度). A `CRS`
/// named "GCJ-02" or "BD-09" is WGS84 as far as PROJ is concerned, and its `Transformer`
/// takes the offset off before PROJ and puts it on after.
public enum ChineseWebCoordinates: String, Sendable, CaseIterable {
    /// GCJ-02, China's obfuscated WGS84 (Amap, Tencent, Google and Apple maps in China).
    case gcj02 = "GCJ-02"
    /// BD-09, Baidu's further offset of GCJ-02.
    case bd09 = "BD-09"

    /// The names a person may write, compared ignoring case.
    public var acceptedNames: [String] {
        switch self {
        case .gcj02: ["GCJ-02", "GCJ02", "gcj02"]
        case .bd09: ["BD-09", "BD09", "bd09", "BD-09LL", "bd09ll"]
        }
    }

    /// The system one of `acceptedNames` names ("gcj02", "BD-09LL"...), or nil.
    public init?(name: String) {
        let key = name.lowercased()
        guard let match = Self.allCases.first(where: { $0.acceptedNames.contains { $0.lowercased() == key } }) else { return nil }
        self = match
    }

    /// For messages: "GCJ-02 (gcj02), BD-09 (bd09)".
    public static let namesForMessages = "GCJ-02 (or gcj02; Amap/高德, Tencent/腾讯) and BD-09 (or bd09; Baidu/百度)"

    /// The steps from WGS84 to this system, in order.
    var stages: [OffsetStage] {
        switch self {
        case .gcj02: [.gcj02]
        case .bd09: [.gcj02, .bd09]
        }
    }
}

/// One step of the way from WGS84: its forward and inverse over interleaved (x, y) pairs, in
/// place. Points that are not finite numbers become PROJ's failure mark (inf, inf).
enum OffsetStage: Sendable, Equatable {
    /// WGS84 → GCJ-02.
    case gcj02
    /// GCJ-02 → BD-09.
    case bd09

    func forward(_ xy: UnsafeMutableBufferPointer<Double>) {
        switch self {
        case .gcj02: Self.apply(xy) { GCJ02.fromWGS84(longitude: $0, latitude: $1) }
        case .bd09: Self.apply(xy) { BD09.fromGCJ02(x: $0, y: $1) }
        }
    }

    func inverse(_ xy: UnsafeMutableBufferPointer<Double>) {
        switch self {
        case .gcj02: Self.apply(xy) { let p = GCJ02.toWGS84(x: $0, y: $1); return (p.longitude, p.latitude) }
        case .bd09: Self.apply(xy) { BD09.toGCJ02(x: $0, y: $1) }
        }
    }

    @inline(__always)
    private static func apply(_ xy: UnsafeMutableBufferPointer<Double>, _ f: (Double, Double) -> (Double, Double)) {
        for i in stride(from: 0, to: xy.count - 1, by: 2) {
            let x = xy[i], y = xy[i + 1]
            guard x.isFinite && y.isFinite else {
                xy[i] = .infinity
                xy[i + 1] = .infinity
                continue
            }
            let (u, v) = f(x, y)
            xy[i] = u
            xy[i + 1] = v
        }
    }
}
