import Cartouche
import Foundation
import Testing

@Suite("Jobs files")
struct JobsFileTests {
    /// The form the peer benchmark harness writes.
    static let peersJSON = """
    {"style": "style.json",
     "defaults": {"width": 800, "height": 600},
     "maps": [{"output": "atlas_00.png", "center": [114.02, 33.57], "zoom": 14.409},
              {"output": "/abs/atlas_01.png", "center": [114.03, 33.58], "zoom": 14.5, "bearing": 30}]}
    """

    @Test func readsThePeersFormWithPathsRelativeToTheJobsFile() throws {
        let dir = try TestFiles.directory()
        try Self.peersJSON.write(toFile: dir + "/jobs.json", atomically: true, encoding: .utf8)
        let jobs = try JobsFile.load(path: dir + "/jobs.json")
        #expect(jobs.style == dir + "/style.json")
        #expect(jobs.maps.map(\.output) == [dir + "/atlas_00.png", "/abs/atlas_01.png"])
        #expect(jobs.maps.allSatisfy { $0.format == .png && $0.request.width == 800 && $0.request.height == 600 })
        guard case .camera(let lon, let lat, let zoom, let bearing) = jobs.maps[1].request.extent else {
            Issue.record("expected a camera")
            return
        }
        #expect([lon, lat, zoom, bearing] == [114.03, 33.58, 14.5, 30])
    }

    @Test func yamlGivesTheSameJobsAsJSON() throws {
        let dir = try TestFiles.directory()
        try Self.peersJSON.write(toFile: dir + "/jobs.json", atomically: true, encoding: .utf8)
        try """
        # the same batch in YAML
        style: style.json
        defaults:
          width: 800
          height: 600
        maps:
          - output: atlas_00.png
            center: [114.02, 33.57]
            zoom: 14.409
          - {output: /abs/atlas_01.png, center: [114.03, 33.58], zoom: 14.5, bearing: 30}
        """.write(toFile: dir + "/jobs.yaml", atomically: true, encoding: .utf8)
        let json = try JobsFile.load(path: dir + "/jobs.json")
        let yaml = try JobsFile.load(path: dir + "/jobs.yaml")
        #expect(yaml.style == json.style)
        #expect(yaml.maps.map { JSONWriter().string($0.parameters) } == json.maps.map { JSONWriter().string($0.parameters) })
    }

    @Test func defaultsAreInheritedAndOverridden() throws {
        let jobs = try JobsFile.parse(try JSONParser.parse("""
        {"style": "/s/style.json",
         "defaults": {"pixel-ratio": 2, "format": "pdf", "layout": "page.json", "crs": "EPSG:4547"},
         "maps": [{"output": "a", "bbox": [113.9, 33.5, 114.1, 33.6], "id": 7, "properties": {"name": "前朱村"}},
                  {"output": "b.png", "bbox": [113.9, 33.5, 114.1, 33.6], "pixelRatio": 1, "format": "png", "crs": "EPSG:3857"}]}
        """), baseDirectory: "jobs")
        let a = jobs.maps[0], b = jobs.maps[1]
        #expect(a.output == "jobs/a.pdf" && a.format == .pdf)
        #expect(a.request.pixelRatio == 2 && a.request.crs?.definition == "EPSG:4547" && a.layout == "jobs/page.json")
        #expect(a.request.width == JobsFile.defaultWidth)
        #expect(JSONValue.object(a.globalState) == ["atlas": ["name": "前朱村", "id": 7]])
        #expect(b.format == .png && b.request.pixelRatio == 1 && b.request.crs?.definition == "EPSG:3857")
        #expect(b.globalState.isEmpty)
    }

    @Test(arguments: [
        (#"{"maps": []}"#, #"a jobs file needs "style""#),
        (#"{"style": "s.json"}"#, #"a jobs file needs "maps""#),
        (#"{"style": "s.json", "maps": {}}"#, "/maps: expected an array of maps, found object"),
        (#"{"style": "s.json", "maps": [{"output": "a.png", "center": [1, 2], "zoom": "14"}]}"#, "/maps/0/zoom: expected a number, found string"),
        (#"{"style": "s.json", "maps": [{"output": "a.png"}]}"#, "/maps/0: a map needs a camera"),
        (#"{"style": "s.json", "maps": [{"output": "a.png", "center": [1, 2]}]}"#, #"/maps/0: "center" needs a "zoom""#),
        (#"{"style": "s.json", "maps": [{"output": "a.png", "center": [1, 2, 3], "zoom": 3}]}"#, "/maps/0/center: expected an array of 2 numbers"),
        (#"{"style": "s.json", "maps": [{"output": "a.png", "bbox": [1, 2, 0, 3]}]}"#, "/maps/0/bbox: expected [minLon, minLat, maxLon, maxLat]"),
        (#"{"style": "s.json", "maps": [{"output": "a.png", "bbox": [0, 0, 1, 1], "zoom": 3}]}"#, "/maps/0/bbox: give either bbox or center and zoom"),
        (#"{"style": "s.json", "maps": [{"output": "a.png", "bbox": [0, 0, 1, 1], "zooom": 3}]}"#, "/maps/0/zooom: unknown member"),
        (#"{"style": "s.json", "defaults": {"width": 0}, "maps": []}"#, "/defaults/width: expected 1 to 20000 CSS pixels"),
        (#"{"style": "s.json", "defaults": {"format": "gif"}, "maps": []}"#, #"/defaults/format: expected png, svg or pdf, found "gif""#),
        (#"{"style": "s.json", "maps": [{"output": "a.png", "format": "pdf", "bbox": [0, 0, 1, 1]}]}"#, "/maps/0/output: the extension says png but format is pdf"),
        (#"{"style": "s.json", "maps": [{"output": "a", "bbox": [0, 0, 1, 1]}]}"#, "/maps/0/output: no format"),
        (#"{"style": "s.json", "maps": [{"output": "a.png", "bbox": [0, 0, 1, 1]}, {"output": "a.png", "bbox": [0, 0, 2, 2]}]}"#, "a.png is also the output of /maps/0"),
        (#"{"style": "s.json", "maps": [{"output": "a.png", "bbox": [0, 0, 1, 1], "id": [1]}]}"#, "/maps/0/id: expected a string or a number"),
    ])
    func errorsNameTheMemberAtFault(_ json: String, _ message: String) throws {
        let dir = try TestFiles.directory()
        try json.write(toFile: dir + "/jobs.json", atomically: true, encoding: .utf8)
        let error = #expect(throws: JobsError.self) { try JobsFile.load(path: dir + "/jobs.json") }
        #expect(error?.description.hasPrefix(dir + "/jobs.json: ") == true)
        #expect(error?.description.contains(message) == true, "\(error.map(String.init(describing:)) ?? "")")
    }

    @Test func syntaxErrorsHaveLineAndColumn() throws {
        let dir = try TestFiles.directory()
        try "{\"style\": \"s.json\",\n \"maps\": [}".write(toFile: dir + "/jobs.json", atomically: true, encoding: .utf8)
        let json = #expect(throws: SourceError.self) { try JobsFile.load(path: dir + "/jobs.json") }
        #expect(json?.file == dir + "/jobs.json" && json?.line == 2)
        try "style: s.json\nmaps:\n  - output: a.png\n   bad: [1, 2\n".write(toFile: dir + "/jobs.yml", atomically: true, encoding: .utf8)
        let yaml = #expect(throws: SourceError.self) { try JobsFile.load(path: dir + "/jobs.yml") }
        #expect(yaml?.file == dir + "/jobs.yml")
        #expect((yaml?.line ?? 0) >= 3, "\(yaml.map(String.init(describing:)) ?? "")")
    }

    @Test func yamlScalarsKeepTheirTypes() throws {
        let value = try YAMLDocument.parse("a: 12\nb: '12'\nc: 1.5\nd: true\ne: ~\nf: abc\ng: [1, x]\n")
        #expect(value == ["a": 12, "b": "12", "c": 1.5, "d": true, "e": nil, "f": "abc", "g": [1, "x"]])
    }
}
