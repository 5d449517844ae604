#if canImport(Glibc)
import Glibc
#endif

/// Path arithmetic on strings, without touching the file system beyond the current
/// folder: what the manifest needs to name outputs relative to itself.
public enum FilePath {
    /// `path` from the root, with `.` and `..` resolved lexically.
    public static func absolute(_ path: String) -> String {
        var full = path
        if !path.hasPrefix("/") {
            var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
            let cwd = getcwd(&buffer, buffer.count).map { String(cString: $0) } ?? "."
            full = cwd + "/" + path
        }
        var parts: [Substring] = []
        for part in full.split(separator: "/") {
            switch part {
            case ".": continue
            case "..": if !parts.isEmpty { parts.removeLast() }
            default: parts.append(part)
            }
        }
        return "/" + parts.joined(separator: "/")
    }

    /// `path` relative to `directory` (`out/maps/a.png` from `out` is `maps/a.png`); a path
    /// outside the folder goes up with `..`.
    public static func relative(_ path: String, to directory: String) -> String {
        let target = absolute(path).split(separator: "/")
        let base = absolute(directory).split(separator: "/")
        var common = 0
        while common < min(target.count, base.count) && target[common] == base[common] { common += 1 }
        let parts = Array(repeating: "..", count: base.count - common) + target[common...].map(String.init)
        return parts.joined(separator: "/")
    }

    /// The deepest folder that holds every one of `paths` (`.` for none).
    public static func commonDirectory(of paths: [String]) -> String {
        guard let first = paths.first else { return "." }
        var common = Array(absolute(first).split(separator: "/").dropLast())
        for path in paths.dropFirst() {
            let folder = absolute(path).split(separator: "/").dropLast()
            var n = 0
            while n < min(common.count, folder.count) && common[n] == folder[folder.startIndex + n] { n += 1 }
            common.removeLast(common.count - n)
        }
        return "/" + common.joined(separator: "/")
    }
}
