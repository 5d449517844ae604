import Geometry
import Projection

/// One layer of a PostGIS source as the catalog describes it: a table or view with a
/// geometry column (`geometry_columns`, `geography_columns`), or a SELECT named in the
/// source's `cartouche:layers`.
struct PostGISLayer: Sendable {
    enum Relation: Sendable, Equatable {
        case table(schema: String, name: String)
        case select(String)
    }

    /// How a property column is fetched: numbers as float8, booleans as they are, anything
    /// else as text, so that every value arrives in one of three binary forms.
    enum ValueKind: Sendable { case number, boolean, text }

    struct Column: Sendable {
        var name: String
        var kind: ValueKind
    }

    var name: String
    var relation: Relation
    var geometryColumn: String
    var isGeography: Bool
    var srid: Int32
    var crs: CRS
    var extent: Box?
    /// The property columns, in table order (the geometry columns left out).
    var columns: [Column]
    /// A table's primary key when it is one integer column: the features' ids, as vector
    /// tiles and GeoJSON carry them (`["id"]`, `promoteId`-free styles).
    var idColumn: String? = nil

    /// The kind of value of a column of PostgreSQL type category `category` (`pg_type.typcategory`).
    static func kind(category: String) -> ValueKind {
        switch category {
        case "N": .number
        case "B": .boolean
        default: .text
        }
    }
}
