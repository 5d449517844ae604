import Testing
@testable import Geometry

@Suite("Bounding boxes")
struct BoundsTests {
    /// Each feature's box holds all its points and each side touches one.
    @Test func boxesAreTight() throws {
        var rng = SeededGenerator(seed: 31)
        var features: [String] = []
        for _ in 0..<100 {
            let ring = RandomShapes.starRing(Double.random(in: -100...100, using: &rng), Double.random(in: -50...50, using: &rng),
                                             radius: 5, vertices: 12, using: &rng)
            let positions = stride(from: 0, to: ring.count, by: 2).map { "[\(ring[$0]), \(ring[$0 + 1])]" }.joined(separator: ",")
            features.append(#"{"type": "Feature", "properties": {}, "geometry": {"type": "Polygon", "coordinates": [[\#(positions)]]}}"#)
        }
        let t = try GeoJSONReader.read(string: #"{"type": "FeatureCollection", "features": [\#(features.joined(separator: ","))]}"#).table
        var all = Box.empty
        for f in 0..<t.count {
            let box = t.bounds(of: f)
            let xs = t.pointRange(of: f).map { t.x($0) }, ys = t.pointRange(of: f).map { t.y($0) }
            #expect(box == Box(minX: xs.min()!, minY: ys.min()!, maxX: xs.max()!, maxY: ys.max()!))
            #expect(t.bounds(ofPart: t.parts(of: f).lowerBound) == box)
            all.extend(box)
        }
        #expect(t.bounds == all)
        #expect(t.featureBounds.count == t.count)
    }

    @Test func nullAndEmptyGeometriesHaveEmptyBoxes() throws {
        let t = try GeoJSONReader.read(string: #"{"type": "FeatureCollection", "features": [{"type": "Feature", "geometry": null, "properties": {}}, {"type": "Feature", "geometry": {"type": "MultiPoint", "coordinates": []}, "properties": {}}, {"type": "Feature", "geometry": {"type": "Point", "coordinates": [3, 4]}, "properties": {}}]}"#).table
        #expect(t.bounds(of: 0).isEmpty && t.bounds(of: 1).isEmpty)
        #expect(t.bounds(of: 2) == Box(minX: 3, minY: 4, maxX: 3, maxY: 4))
        #expect(t.bounds == Box(minX: 3, minY: 4, maxX: 3, maxY: 4))
        #expect(FeatureTable().bounds.isEmpty)
    }
}
