import JSON
import Testing
@testable import Geometry

/// `GeoJSONOptions.maxPointsPerFeature`: a feature with more positions is a feature
/// problem (skipped when lenient, an error when strict) located at the first position over
/// the limit; the count starts again with each feature.
@Suite("Positions per feature")
struct FeaturePointLimitTests {
    static let text = """
    {"type": "FeatureCollection", "features": [
    {"type": "Feature", "properties": {}, "geometry": {"type": "LineString", "coordinates": [[0, 0], [1, 1], [2, 2], [3, 3]]}},
    {"type": "Feature", "properties": {}, "geometry": {"type": "MultiPoint", "coordinates": [[0, 0], [1, 1], [2, 2], [3, 3], [4, 4]]}},
    {"type": "Feature", "properties": {}, "geometry": {"type": "Point", "coordinates": [9, 9]}}
    ]}
    """

    @Test func lenientSkipsOnlyTheFeatureOverTheLimit() throws {
        let document = try GeoJSONReader.read(string: Self.text, options: GeoJSONOptions(maxPointsPerFeature: 4))
        #expect(document.table.count == 2)
        #expect(document.skipped == [GeometryProblem(feature: 1, line: 3, column: 122,
                                                     message: "more than 4 positions in one feature (the limit of positions per feature)")])
    }

    @Test func strictFailsAtThePositionOverTheLimit() {
        #expect {
            _ = try GeoJSONReader.read(string: Self.text, options: GeoJSONOptions(strict: true, maxPointsPerFeature: 4))
        } throws: { error in
            guard let error = error as? SourceError else { return false }
            return error.line == 3 && error.column == 122 && error.message.hasPrefix("feature 1: more than 4 positions")
        }
    }

    @Test func theDefaultAcceptsEverythingHere() throws {
        #expect(GeoJSONOptions().maxPointsPerFeature == 10_000_000)
        #expect(try GeoJSONReader.read(string: Self.text).table.count == 3)
    }
}
