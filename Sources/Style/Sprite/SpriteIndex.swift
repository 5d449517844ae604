import JSON

/// One image of a sprite sheet as its index (`NAME.json`) describes it: where it is on the
/// sheet, in sheet pixels, and how it is drawn.
public struct SpriteImageInfo: Sendable, Equatable {
    /// The image's name, as `icon-image` gives it.
    public var name: String
    /// The image's left edge on the sheet, in sheet pixels.
    public var x: Int
    /// The image's top edge on the sheet, in sheet pixels.
    public var y: Int
    /// The image's width, in sheet pixels.
    public var width: Int
    /// The image's height, in sheet pixels.
    public var height: Int
    /// Sheet pixels per CSS pixel: a 2x image shows at half its pixel size.
    public var pixelRatio: Double
    /// A signed distance field in the alpha channel, tinted by `icon-color` (and haloed).
    public var sdf: Bool
    /// Where text goes for `icon-text-fit`: left, top, right, bottom in image pixels.
    public var content: (Double, Double, Double, Double)?
    /// Ranges of image pixels that stretch for `icon-text-fit`; the rest keep their size.
    public var stretchX: [(Double, Double)]
    /// Ranges of image pixels that stretch vertically (see `stretchX`).
    public var stretchY: [(Double, Double)]

    /// An image's entry as the index gives it.
    public init(name: String, x: Int, y: Int, width: Int, height: Int, pixelRatio: Double, sdf: Bool,
                content: (Double, Double, Double, Double)?, stretchX: [(Double, Double)], stretchY: [(Double, Double)]) {
        self.name = name
        self.x = x
        self.y = y
        self.width = width
        self.height = height
        self.pixelRatio = pixelRatio
        self.sdf = sdf
        self.content = content
        self.stretchX = stretchX
        self.stretchY = stretchY
    }

    /// Equal when the two describe the same image on the sheet: name, place, size, pixel ratio
    /// and SDF flag (the text-fit content and stretch ranges, tuples, are not compared).
    public static func == (a: Self, b: Self) -> Bool {
        a.name == b.name && a.x == b.x && a.y == b.y && a.width == b.width && a.height == b.height
            && a.pixelRatio == b.pixelRatio && a.sdf == b.sdf
    }
}

/// A sprite index: the images of one sheet, by name.
public enum SpriteIndex {
    /// Reads a parsed index. Entries that are not well-formed are left out and described in
    /// `problems` (each naming the image); nil if the document is not an object.
    /// `requirePlacement` false: entries need not say where they are on a sheet (an index
    /// of SVG icons, which only adds stretch zones and content boxes).
    public static func parse(_ json: JSONValue, requirePlacement: Bool = true) -> (images: [SpriteImageInfo], problems: [String])? {
        guard case .object(let object) = json else { return nil }
        var images: [SpriteImageInfo] = []
        var problems: [String] = []
        for member in object {
            let name = member.key, entry = member.value
            let absent: Double? = requirePlacement ? nil : 0
            guard let x = entry["x"]?.numberValue ?? absent, let y = entry["y"]?.numberValue ?? absent,
                  let w = entry["width"]?.numberValue ?? absent.map({ $0 + 1 }),
                  let h = entry["height"]?.numberValue ?? absent.map({ $0 + 1 }),
                  x >= 0, y >= 0, w > 0, h > 0, x == x.rounded(), y == y.rounded(), w == w.rounded(), h == h.rounded(),
                  x + w <= 65536, y + h <= 65536 else {
                problems.append("image \"\(name)\": expected whole non-negative x, y and positive width, height")
                continue
            }
            let ratio = entry["pixelRatio"]?.numberValue ?? 1
            guard ratio > 0, ratio.isFinite else {
                problems.append("image \"\(name)\": pixelRatio must be positive")
                continue
            }
            var info = SpriteImageInfo(name: name, x: Int(x), y: Int(y), width: Int(w), height: Int(h), pixelRatio: ratio,
                                       sdf: entry["sdf"]?.boolValue ?? false, content: nil,
                                       stretchX: stretches(entry["stretchX"]), stretchY: stretches(entry["stretchY"]))
            if let c = entry["content"]?.arrayValue?.compactMap(\.numberValue), c.count == 4, c[0] <= c[2], c[1] <= c[3] {
                info.content = (c[0], c[1], c[2], c[3])
            }
            images.append(info)
        }
        return (images, problems)
    }

    /// `[[from, to], …]` pairs in order.
    static func stretches(_ json: JSONValue?) -> [(Double, Double)] {
        (json?.arrayValue ?? []).compactMap { pair in
            guard let p = pair.arrayValue?.compactMap(\.numberValue), p.count == 2, p[0] <= p[1] else { return nil }
            return (p[0], p[1])
        }
    }
}
