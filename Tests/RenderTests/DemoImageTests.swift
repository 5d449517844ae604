import Foundation
import Testing
@testable import Cartouche
import TestSupport

/// Image tests: render, compare with a committed reference under a stated tolerance, and
/// write the actual image and a diff next to the build products when they differ.
@Suite("Demo map images")
struct DemoImageTests {
    static let root = String(#filePath).components(separatedBy: "/Tests/")[0]
    static let references = "\(root)/Tests/RenderTests/References"
    static let artifacts = "\(root)/.build/test-artifacts"

    /// Pixels may differ by up to 16/255 per channel; at most 0.2% may differ more.
    static let threshold = 16
    static let tolerance = 0.002

    func check(_ name: String, _ request: MapRequest, style: String = "Styles/yuanhui.json") throws {
        try FileManager.default.createDirectory(atPath: Self.artifacts, withIntermediateDirectories: true)
        let actual = "\(Self.artifacts)/\(name).png"
        let renderer = MapRenderer(data: try MapData(stylePath: "\(Self.root)/\(style)"))
        try renderer.render(request, to: actual)
        let reference = "\(Self.references)/\(name).png"
        if ProcessInfo.processInfo.environment["CARTOUCHE_UPDATE_REFERENCES"] == "1" {
            try? FileManager.default.removeItem(atPath: reference)
            try FileManager.default.copyItem(atPath: actual, toPath: reference)
        }
        let diff = "\(Self.artifacts)/\(name)-diff.png"
        let result = try ImageComparison.compare(actual: actual, expected: reference, threshold: Self.threshold, diffPath: diff)
        #expect(result.differingFraction <= Self.tolerance,
                "\(name): \(result.differingPixels) pixels differ (max \(result.maxDifference)); see \(actual) and \(diff)")
    }

    @Test func yuanhuiInGaussKruger() throws {
        try check("yuanhui-4547", MapRequest(width: 800, height: 600, extent: .camera(longitude: 113.913, latitude: 33.531, zoom: 11, bearing: 0)))
    }
}
