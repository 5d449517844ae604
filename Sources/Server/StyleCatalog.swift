import Cartouche
import Geometry
import Page
import Projection
import Style
import TilePyramids

/// The styles a server offers, each loaded once at start-up with its data, and the page
/// layouts requests may name.
public final class StyleCatalog: Sendable {
    /// One style offered, loaded with its data.
    public struct Entry: Sendable {
        /// The id in URLs: `/styles/{id}/...`.
        public let id: String
        /// Draws the style's static maps and WMS images.
        public let renderer: MapRenderer
        /// Draws the style's raster tiles.
        public let tiles: MetatileRenderer
        /// Longitude/latitude box of all the data (empty when the style has none).
        public let bounds: Box
        /// The style.
        public var style: Style { renderer.data.style }
    }

    /// The styles, by id.
    public let entries: [String: Entry]
    /// In the order given, for listings.
    public let ids: [String]
    /// The page layouts requests may name with `?layout=`, by name.
    public let layouts: [String: PageLayout]

    /// Loads every style of the configuration (and its data) and every layout; throws naming
    /// the style or layout that cannot be loaded, or an id that is unsafe or given twice.
    public init(configuration: ServerConfiguration) throws {
        var entries: [String: Entry] = [:]
        var ids: [String] = []
        for (id, path) in configuration.styles {
            guard StaticMapURL.isSafeIdentifier(id) else {
                throw ConfigError("style id \"\(id)\": use letters, digits, '-', '_' and '.' only")
            }
            guard entries[id] == nil else { throw ConfigError("style id \"\(id)\" is given twice") }
            let data = try MapData(stylePath: path)
            let renderer = MapRenderer(data: data)
            let geographic = try data.projected(to: .wgs84).bounds
            entries[id] = Entry(id: id, renderer: renderer,
                                tiles: MetatileRenderer(renderer: renderer, metatileSize: configuration.metatileSize),
                                bounds: geographic)
            ids.append(id)
        }
        var layouts: [String: PageLayout] = [:]
        for (name, path) in configuration.layouts {
            layouts[name] = try LayoutParser.load(path: path)
        }
        self.entries = entries
        self.ids = ids
        self.layouts = layouts
    }

    /// The style offered as `id`, or nil.
    public subscript(id: String) -> Entry? { entries[id] }
}
