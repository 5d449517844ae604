import Foundation
import Testing
@testable import Cartouche
import TestSupport

/// Project tables as they come in China: coordinates picked on Amap or Baidu (GCJ-02,
/// BD-09) and CSV saved by Excel in GBK or UTF-16. Each must give the page the WGS84 UTF-8
/// file gives.
@Suite("Chinese inputs")
struct ChineseInputTests {
    static let root = CommandLineTests.root
    static let projects = "GeoData/yuanhui/projects.csv"
    static let gcj02Projects = "GeoData/yuanhui/projects-gcj02.csv"

    static func cartouche(_ arguments: [String]) throws -> CommandLineTests.Result {
        try CommandLineTests.run(arguments)
    }

    /// Runs a shell command (iconv) in `dir`.
    static func shell(_ command: String, in dir: String) throws {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/sh")
        p.arguments = ["-c", command]
        p.currentDirectoryURL = URL(fileURLWithPath: dir)
        try p.run()
        p.waitUntilExit()
        #expect(p.terminationStatus == 0, "\(command)")
    }

    static func annotate(_ projects: String, _ output: String, _ extra: [String] = []) throws -> CommandLineTests.Result {
        let r = try cartouche(["annotate", "Styles/yuanhui.json", "--projects", projects, "-o", output,
                               "--hide", "projects,project-labels"] + extra)
        #expect(r.status == 0, "\(r.stderr)")
        return r
    }

    /// The UTF-8 WGS84 page, made once.
    static let referencePage: String = {
        let dir = try! ScratchDirectory.make("chinese-inputs")
        _ = try! annotate(projects, dir + "/reference.png")
        return dir + "/reference.png"
    }()

    /// Pixels that differ by more than 8/255, as a fraction; a diff image is written beside
    /// `actual`. (Coordinates written to 1e-8° and brought back from GCJ-02 land within a
    /// millimetre of the WGS84 ones, 1/2000 of a pixel here, which moves the antialiasing
    /// of a few dozen edge pixels by up to 5/255.)
    static func difference(_ actual: String) throws -> Double {
        try ImageComparison.compare(actual: actual, expected: referencePage, threshold: 8,
                                    diffPath: actual.replacingOccurrences(of: ".png", with: "-diff.png")).differingFraction
    }

    // MARK: GCJ-02

    @Test func theGCJ02FileHoldsTheSameProjectsShifted() throws {
        let gk = try CRS("EPSG:4547")
        let wgs = try ProjectReader.read(path: "\(Self.root)/\(Self.projects)", mapCRS: gk)
        let asRead = try ProjectReader.read(path: "\(Self.root)/\(Self.gcj02Projects)", mapCRS: gk)
        let converted = try ProjectReader.read(path: "\(Self.root)/\(Self.gcj02Projects)", crs: CRS("GCJ-02"), mapCRS: gk)
        #expect(converted.problems.isEmpty && converted.projects.count == wgs.projects.count)
        for (a, b) in zip(wgs.projects, converted.projects) {
            #expect(a.name == b.name && a.category == b.category && a.number == b.number)
            // Written to 1e-8° (1 mm); the inverse comes back within a centimetre.
            #expect(abs(a.longitude - b.longitude) < 1e-7 && abs(a.latitude - b.latitude) < 1e-7, "\(a.name)")
        }
        // Read as WGS84, they are hundreds of metres east: the mistake the option prevents.
        for (a, c) in zip(wgs.projects, asRead.projects) {
            #expect(c.longitude - a.longitude > 0.005 && c.longitude - a.longitude < 0.007, "\(a.name)")
        }
    }

    @Test func theGCJ02PageWithItsCRSIsTheWGS84Page() throws {
        let dir = try ScratchDirectory.make("chinese-inputs")
        _ = try Self.annotate(Self.gcj02Projects, dir + "/gcj02.png", ["--input-crs", "GCJ-02"])
        #expect(try Self.difference(dir + "/gcj02.png") == 0)
        // Without it the markers move about 560 m: the comparison sees that.
        _ = try Self.annotate(Self.gcj02Projects, dir + "/misread.png")
        #expect(try Self.difference(dir + "/misread.png") > 0.001)
    }

    @Test func anUnknownCRSNameListsTheSpecialNames() throws {
        let dir = try ScratchDirectory.make("chinese-inputs")
        let r = try Self.cartouche(["annotate", "Styles/yuanhui.json", "--projects", Self.gcj02Projects, "-o", dir + "/x.png",
                                    "--input-crs", "GCJ-20"])
        #expect(r.status == 1)
        let lines = r.stderr.split(separator: "\n")
        #expect(lines.count == 1, "\(r.stderr)")
        #expect(r.stderr.contains("unknown CRS 'GCJ-20': ") && r.stderr.contains("GCJ-02") && r.stderr.contains("BD-09"), "\(r.stderr)")
        #expect(!FileManager.default.fileExists(atPath: dir + "/x.png"))
    }

    // MARK: convert-coords

    /// The committed GCJ-02 file is what convert-coords makes of the WGS84 one, and going
    /// back gives the WGS84 positions.
    @Test func convertCoordsMakesTheGCJ02FileAndBack() throws {
        let dir = try ScratchDirectory.make("chinese-inputs")
        let r = try Self.cartouche(["convert-coords", "--from", "EPSG:4326", "--to", "GCJ-02", Self.projects, "-o", dir + "/g.csv"])
        #expect(r.status == 0, "\(r.stderr)")
        let made = try String(contentsOfFile: dir + "/g.csv", encoding: .utf8)
        #expect(made == (try String(contentsOfFile: "\(Self.root)/\(Self.gcj02Projects)", encoding: .utf8)))
        let back = try Self.cartouche(["convert-coords", "--from", "gcj02", "--to", "EPSG:4326", Self.gcj02Projects])
        #expect(back.status == 0, "\(back.stderr)")
        let original = try String(contentsOfFile: "\(Self.root)/\(Self.projects)", encoding: .utf8)
        #expect(back.stdout == original)
    }

    @Test func convertCoordsConvertsOnePair() throws {
        let r = try Self.cartouche(["convert-coords", "--from", "GCJ-02", "--to", "EPSG:4326", "114.02593305,33.5685181"])
        #expect(r.status == 0, "\(r.stderr)")
        let v = r.stdout.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: ",").compactMap { Double($0) }
        #expect(v.count == 2 && abs(v[0] - 114.02) < 1e-7 && abs(v[1] - 33.57) < 1e-7, "\(r.stdout)")
        // BD-09 straight to the district's Gauss-Kruger CRS, in metres.
        let gk = try Self.cartouche(["convert-coords", "--from", "BD-09", "--to", "EPSG:4547", "114.03239264,33.57458476"])
        let m = gk.stdout.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: ",").compactMap { Double($0) }
        #expect(m.count == 2 && abs(m[0] - 501856.954) < 0.02 && abs(m[1] - 3715966.662) < 0.02, "\(gk.stdout)")
    }

    @Test func convertCoordsNamesTheBadRow() throws {
        let dir = try ScratchDirectory.make("chinese-inputs")
        try "name,lon,lat\nA,114.0,33.5\nB,x,33.5\n".write(toFile: dir + "/bad.csv", atomically: true, encoding: .utf8)
        let r = try Self.cartouche(["convert-coords", "--from", "GCJ-02", "--to", "EPSG:4326", dir + "/bad.csv", "-o", dir + "/out.csv"])
        #expect(r.status == 1)
        #expect(r.stderr == "cartouche: error: \(dir)/bad.csv:3: lon is not a number: \"x\"\n")
        #expect(!FileManager.default.fileExists(atPath: dir + "/out.csv"))
    }

    // MARK: Encodings

    /// The projects file in GBK, GB18030 and UTF-16 (both byte orders, with a byte order
    /// mark), made by iconv as Excel would save it, gives the UTF-8 file's projects and page.
    @Test(arguments: ["GBK", "GB18030", "UTF-16LE", "UTF-16BE"])
    func encodedProjectsGiveTheSamePage(encoding: String) throws {
        let dir = try ScratchDirectory.make("chinese-inputs")
        let bom = encoding == "UTF-16LE" ? "printf '\\377\\376'; " : encoding == "UTF-16BE" ? "printf '\\376\\377'; " : ""
        try Self.shell("(\(bom)iconv -f UTF-8 -t \(encoding) '\(Self.root)/\(Self.projects)') > p.csv", in: dir)
        let bytes = try Data(contentsOf: URL(fileURLWithPath: dir + "/p.csv"))
        #expect(String(data: bytes, encoding: .utf8) == nil, "iconv made UTF-8")

        var notices: [String] = []
        let gk = try CRS("EPSG:4547")
        let read = try ProjectReader.read(path: dir + "/p.csv", mapCRS: gk, notice: { notices.append($0) })
        let utf8 = try ProjectReader.read(path: "\(Self.root)/\(Self.projects)", mapCRS: gk)
        #expect(read.projects == utf8.projects)
        #expect(notices.count == (encoding.hasPrefix("GB") ? 1 : 0), "\(notices)")

        let r = try Self.annotate(dir + "/p.csv", dir + "/page.png")
        let said = r.stderr.split(separator: "\n").filter { $0.contains("notice") }
        #expect(said.count == (encoding.hasPrefix("GB") ? 1 : 0), "\(r.stderr)")
        if encoding.hasPrefix("GB") { #expect(said.first?.contains("p.csv: not UTF-8; read as GB18030") == true) }
        #expect(try Self.difference(dir + "/page.png") == 0)
    }

    @Test func utf16WithoutAByteOrderMarkIsNamedInTheError() throws {
        let dir = try ScratchDirectory.make("chinese-inputs")
        try Self.shell("iconv -f UTF-8 -t UTF-16LE '\(Self.root)/\(Self.projects)' > le.csv", in: dir)
        #expect(throws: SourceError(file: dir + "/le.csv", line: 1, column: 1,
                                    message: "the file looks like UTF-16 without a byte order mark; name its encoding, UTF-16LE",
                                    setting: .textEncoding)) {
            _ = try CSVReader.read(path: dir + "/le.csv")
        }
        let named = try CSVReader.read(path: dir + "/le.csv", encoding: TextEncoding(name: "UTF-16LE"))
        #expect(named.rows.count == 12 && named.header.first == "number")
    }

    @Test func aNamedEncodingIsUsed() throws {
        let dir = try ScratchDirectory.make("chinese-inputs")
        try "名稱,類別,經度,緯度\n項目甲,產業,114.0,33.5\n".write(toFile: dir + "/u.csv", atomically: true, encoding: .utf8)
        try Self.shell("iconv -f UTF-8 -t BIG5 u.csv > big5.csv", in: dir)
        let read = try ProjectReader.read(path: dir + "/big5.csv", columns: ProjectColumns(longitude: "經度", latitude: "緯度", name: "名稱"),
                                          mapCRS: try CRS("EPSG:4547"), encoding: try TextEncoding(name: "Big5"))
        #expect(read.projects.map(\.name) == ["項目甲"])
        #expect(throws: UnknownEncodingError.self) { try TextEncoding(name: "GBK-99") }
        let r = try Self.cartouche(["annotate", "Styles/yuanhui.json", "--projects", dir + "/big5.csv", "-o", dir + "/x.png",
                                    "--encoding", "GBK-99"])
        #expect(r.status == 1 && r.stderr.split(separator: "\n").count == 1 && r.stderr.contains("unknown encoding \"GBK-99\""), "\(r.stderr)")
    }

    /// Bytes that are neither UTF-8 nor GB18030 (Latin-1 "é" before a comma): the error names
    /// the line and column and says what to do.
    @Test func aFileInNeitherEncodingIsAClearError() throws {
        let dir = try ScratchDirectory.make("chinese-inputs")
        try "name,category,lon,lat\nA,x,114.0,33.5\nCafé,x,114.0,33.5\n".write(toFile: dir + "/u.csv", atomically: true, encoding: .utf8)
        try Self.shell("iconv -f UTF-8 -t LATIN1 u.csv > latin1.csv", in: dir)
        let out = dir + "/x.png"
        let r = try Self.cartouche(["annotate", "Styles/yuanhui.json", "--projects", dir + "/latin1.csv", "-o", out])
        #expect(r.status == 1)
        #expect(r.stderr == "cartouche: error: \(dir)/latin1.csv:3:1: invalid UTF-8 in field 1; it is not GB18030 (GBK) either; name the file's encoding (UTF-8, GB18030, GBK, Big5, UTF-16) or save it as UTF-8 CSV (--encoding)\n")
        #expect(!FileManager.default.fileExists(atPath: out))
        // Named, it is read.
        let named = try Self.cartouche(["annotate", "Styles/yuanhui.json", "--projects", dir + "/latin1.csv", "-o", out,
                                        "--encoding", "LATIN1"])
        #expect(named.status == 0, "\(named.stderr)")
    }

    /// A GB18030 file with a syntax error keeps the line and column (in characters) the
    /// UTF-8 file has.
    @Test func errorsInAGBKFileNameTheSamePlace() throws {
        let dir = try ScratchDirectory.make("chinese-inputs")
        try "名称,经度,纬度\n第一,114.0,33.5\n第二项目,11\"4,33.5\n".write(toFile: dir + "/u.csv", atomically: true, encoding: .utf8)
        try Self.shell("iconv -f UTF-8 -t GBK u.csv > gbk.csv", in: dir)
        for (file, message) in [("u.csv", "u.csv:3:8: a quote"), ("gbk.csv", "gbk.csv:3:8: a quote")] {
            do {
                _ = try CSVReader.read(path: dir + "/" + file)
                Issue.record("no error")
            } catch {
                #expect("\(error)".contains(message), "\(error)")
            }
        }
        // Explicitly named and wrong: where the bad byte is.
        try Self.shell("printf 'a,b\\n1,2\\n3,\\377\\n' > bad.csv", in: dir)
        #expect(throws: SourceError(file: dir + "/bad.csv", line: 3, column: 3,
                                    message: "not valid GBK text (byte 0xFF); name the file's encoding or save it as UTF-8 CSV",
                                    setting: .textEncoding)) {
            _ = try CSVReader.read(path: dir + "/bad.csv", encoding: .named("GBK"))
        }
    }
}
