#if canImport(Glibc)
import Glibc
#endif
import Geometry
import JSON
import Style

/// The images a style's symbols and patterns can use at one pixel ratio: its sprite sheets
/// (`NAME.json` + `NAME.png`, `NAME@2x.*` above ratio 1) and the SVG files of its
/// `cartouche:icons` folder. Loaded once per process for each style and ratio.
public final class IconSet: @unchecked Sendable {
    /// The images, by the name a style gives them.
    public let images: [String: IconImage]
    /// What could not be loaded, for the user (a remote sprite, a broken index or PNG).
    public let warnings: [String]

    init(images: [String: IconImage], warnings: [String]) {
        self.images = images
        self.warnings = warnings
    }

    /// No images: for styles without sprites or icons.
    public static let empty = IconSet(images: [:], warnings: [])

    /// The image of that name, or nil when the style has none (the symbol then draws its text
    /// alone, as in MapLibre).
    public subscript(name: String) -> IconImage? { images[name] }

    private static let cache = Locked<[String: IconSet]>([:])

    /// The style's images for output at `pixelRatio`, from the cache when they were
    /// loaded before.
    public static func load(for style: Style, pixelRatio: Double) -> IconSet {
        let folder = style.metadata["cartouche:icons"]?.stringValue
        guard !style.sprites.isEmpty || folder != nil else { return .empty }
        let hiDPI = pixelRatio > 1
        let key = ([style.baseDirectory, folder ?? "", hiDPI ? "2x" : "1x", String(pixelRatio)]
                   + style.sprites.map { "\($0.id)=\($0.url)" }).joined(separator: "\u{1}")
        if let set = cache.withLock({ $0[key] }) { return set }
        var images: [String: IconImage] = [:]
        var warnings: [String] = []
        for sprite in style.sprites {
            let (loaded, problems) = loadSheet(sprite, baseDirectory: style.baseDirectory, hiDPI: hiDPI)
            warnings += problems
            for image in loaded { images[sprite.imagePrefix + image.name] = image }
        }
        if let folder {
            let path = folder.hasPrefix("/") ? folder : "\(style.baseDirectory)/\(folder)"
            let (loaded, problems) = SVGIcons.load(folder: path, pixelRatio: pixelRatio)
            warnings += problems
            for image in loaded where images[image.name] == nil { images[image.name] = image }
        }
        let set = IconSet(images: images, warnings: warnings)
        cache.withLock { $0[key] = set }
        return set
    }

    /// One sheet's images, with a warning for each thing that failed.
    static func loadSheet(_ sprite: SpriteReference, baseDirectory: String, hiDPI: Bool) -> ([IconImage], [String]) {
        guard let base = sprite.localPath(baseDirectory: baseDirectory) else {
            return ([], ["sprite \"\(sprite.url)\": remote sprites are not fetched; its icons and patterns are not drawn"])
        }
        // A 2x screen uses the @2x sheet, or the plain one if there is none (drawn larger).
        var stem = base
        if hiDPI && fileExists(base + "@2x.json") && fileExists(base + "@2x.png") { stem = base + "@2x" }
        let indexPath = stem + ".json", imagePath = stem + ".png"
        let json: JSONValue
        do {
            json = try JSONParser.parse(contentsOf: indexPath)
        } catch {
            return ([], ["sprite index \(error); its icons and patterns are not drawn"])
        }
        guard let (infos, problems) = SpriteIndex.parse(json) else {
            return ([], ["sprite index \(indexPath): expected an object of images, found \(json.typeName); its icons and patterns are not drawn"])
        }
        var warnings = problems.map { "sprite index \(indexPath): \($0); it is not drawn" }
        guard let sheet = SpriteSheet.decode(path: imagePath) else {
            return ([], warnings + ["sprite image \(imagePath): not a PNG that could be decoded; its icons and patterns are not drawn"])
        }
        var images: [IconImage] = []
        for info in infos {
            if let image = sheet.cut(info) {
                image.textFitWidth = json[info.name]?["textFitWidth"]?.stringValue
                image.textFitHeight = json[info.name]?["textFitHeight"]?.stringValue
                images.append(image)
            } else {
                warnings.append("sprite index \(indexPath): image \"\(info.name)\" (\(info.x), \(info.y), \(info.width)×\(info.height)) lies outside the \(sheet.width)×\(sheet.height) sheet; it is not drawn")
            }
        }
        return (images, warnings)
    }
}

func fileExists(_ path: String) -> Bool {
    access(path, F_OK) == 0
}
