import Cartouche
import Foundation
import Testing

@Suite("Manifest")
struct ManifestTests {
    func entry(_ file: String, page: Int? = nil, sha: String = "ab", id: JSONValue = 1) -> ManifestEntry {
        ManifestEntry(file: file, page: page, id: id, extent: Box(minX: 113.9, minY: 33.5, maxX: 114.1, maxY: 33.6),
                      scale: 11338, crs: "EPSG:3857", bytes: 10, sha256: sha, inputHash: "cd")
    }

    @Test func aKilledRunLeavesTheManifestAndItsJournal() throws {
        let dir = try TestFiles.directory()
        let manifest = Manifest(path: dir + "/manifest.json")
        try manifest.begin(keeping: [])
        try manifest.record([entry("a.png")])
        try manifest.record([entry("b.png", sha: "ef")])
        // No finish: as after SIGKILL. The next run sees both maps.
        let again = Manifest(path: dir + "/manifest.json")
        #expect(again.all(order: ["a.png", "b.png"]) == [entry("a.png"), entry("b.png", sha: "ef")])
        #expect(try TestFiles.files(in: dir) == ["manifest.csv", "manifest.journal", "manifest.json"])
    }

    @Test func aJournalLineCutShortIsIgnored() throws {
        let dir = try TestFiles.directory()
        let manifest = Manifest(path: dir + "/manifest.json")
        try manifest.begin(keeping: [])
        try manifest.record([entry("a.png")])
        let handle = try #require(FileHandle(forWritingAtPath: manifest.journalPath))
        handle.seekToEndOfFile()
        handle.write(Data(#"{"file":"b.png","id":1,"extent":[113.9,"#.utf8))
        handle.closeFile()
        #expect(Manifest(path: dir + "/manifest.json").all(order: []) == [entry("a.png")])
    }

    @Test func finishWritesJSONAndCSVAndRemovesTheJournal() throws {
        let dir = try TestFiles.directory()
        let manifest = Manifest(path: dir + "/manifest.json")
        try manifest.begin(keeping: [])
        try manifest.record([entry("b.png", id: "x,\"y\"")])
        try manifest.record([entry("doc.pdf", page: 1), entry("doc.pdf", page: 2, id: 2)])
        try manifest.record([entry("a.png")])
        try manifest.finish(order: ["a.png", "b.png", "doc.pdf"])
        #expect(try TestFiles.files(in: dir) == ["manifest.csv", "manifest.json"])
        let json = try JSONParser.parse(String(contentsOfFile: dir + "/manifest.json", encoding: .utf8))
        #expect(json["maps"]?.arrayValue?.compactMap { $0["file"]?.stringValue } == ["a.png", "b.png", "doc.pdf", "doc.pdf"])
        let csv = try String(contentsOfFile: dir + "/manifest.csv", encoding: .utf8).split(separator: "\n")
        #expect(csv.first == "file,page,id,min_lon,min_lat,max_lon,max_lat,scale,crs,bytes,sha256,input")
        #expect(csv[1] == "a.png,,1,113.9,33.5,114.1,33.6,11338,EPSG:3857,10,ab,cd")
        #expect(csv[2] == #"b.png,,"x,""y""",113.9,33.5,114.1,33.6,11338,EPSG:3857,10,ab,cd"#)
        #expect(csv[4].hasPrefix("doc.pdf,2,2,"))
        #expect(Manifest(path: dir + "/manifest.json").entries(for: "doc.pdf").map(\.page) == [1, 2])
    }

    /// A run never vouches for a file it may replace: starting drops every entry but the kept ones.
    @Test func beginKeepsOnlyTheFilesItSkips() throws {
        let dir = try TestFiles.directory()
        let manifest = Manifest(path: dir + "/manifest.json")
        try manifest.begin(keeping: [])
        try manifest.record([entry("a.png")])
        try manifest.record([entry("b.png")])
        try manifest.finish(order: [])
        let next = Manifest(path: dir + "/manifest.json")
        try next.begin(keeping: ["b.png"])
        #expect(Manifest(path: dir + "/manifest.json").all(order: []) == [entry("b.png")])
    }

    @Test func outputsAreNamedRelativeToTheManifest() {
        let manifest = Manifest(path: "/data/out/manifest.json")
        #expect(manifest.name(of: "/data/out/maps/a.png") == "maps/a.png")
        #expect(manifest.name(of: "/data/other/a.png") == "../other/a.png")
        #expect(Manifest.defaultPath(for: ["/d/out/a/1.png", "/d/out/b/2.png"], shard: nil).hasSuffix("/d/out/manifest.json"))
        #expect(Manifest.defaultPath(for: ["/d/out/1.png"], shard: try! Shard("2/4")).hasSuffix("/d/out/manifest.shard-2-of-4.json"))
        #expect(Manifest.defaultPath(forDocument: "out/atlas.pdf") == "out/atlas.manifest.json")
    }
}
