import Cartouche
import Testing

@Suite("Atlas file names")
struct FileNameTemplateTests {
    @Test func placeholdersAreFilledFromProperties() {
        let t = FileNameTemplate("out/{kind}/{name}-{population}.png")
        #expect(t.keys == ["kind", "name", "population"])
        #expect(t.fill(object(["kind": "village", "name": "前朱村", "population": 2100])) == "out/village/前朱村-2100.png")
        #expect(t.fill(object(["name": "x", "population": nil])) == "out/_/x-_.png")
        #expect(!FileNameTemplate("atlas.pdf").hasPlaceholders)
    }

    @Test(arguments: [
        ("a/b", "a_b"), ("../../etc/passwd", "_.._etc_passwd"), ("..", "_"), (".hidden", "hidden"),
        ("  spaced  ", "spaced"), ("a:b*c?d\"e<f>g|h\\i", "a_b_c_d_e_f_g_h_i"), ("line\nbreak\t", "line_break_"),
        ("", "_"), ("前朱村", "前朱村"),
    ])
    func valuesAreSafeFileNames(_ value: String, _ expected: String) {
        #expect(FileNameTemplate.sanitized(value) == expected)
    }

    @Test func longValuesAreCutOnACharacterBoundary() {
        let name = FileNameTemplate.sanitized(String(repeating: "村", count: 100))
        #expect(name.utf8.count <= 120)
        #expect(name == String(repeating: "村", count: 40))
    }

    @Test func namesAreUniqueIgnoringCase() {
        let t = FileNameTemplate("out/{name}.png")
        let names = t.unique([["name": "A"], ["name": "a"], ["name": "b"], ["name": "A"], ["name": "a/"]].map(object))
        #expect(names == ["out/A.png", "out/a-2.png", "out/b.png", "out/A-3.png", "out/a_.png"])
        #expect(FileNameTemplate("{n}").unique([["n": 1], ["n": 1]].map(object)) == ["1", "1-2"])
    }
}
