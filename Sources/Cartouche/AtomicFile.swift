#if canImport(Glibc)
import Glibc
#endif

/// Writes files so that a reader never sees half of one: the bytes go to a temporary file
/// in the same folder, which is renamed over the target only when complete. A failed
/// write leaves the target as it was.
public enum AtomicFile {
    /// `durable` forces the bytes to disk before the rename, so that a machine crash cannot
    /// leave an empty file under the name. A batch writes its maps and its manifest without
    /// it and calls `syncAll()` once at the end, instead of waiting for the disk after every
    /// file.
    public static func write(_ bytes: [UInt8], to path: String, durable: Bool = true) throws {
        let directory = path.lastIndex(of: "/").map { String(path[..<$0]) } ?? "."
        let name = path.lastIndex(of: "/").map { String(path[path.index(after: $0)...]) } ?? path
        var template = Array("\(directory.isEmpty ? "/" : directory)/\(temporaryPrefix(of: name))XXXXXX".utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else { throw FileError(path: path, errno: errno) }
        let temporary = String(decoding: template.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self)
        var ok = false
        defer {
            if !ok { unlink(temporary) }
        }
        var written = 0
        try bytes.withUnsafeBytes { buffer in
            while written < buffer.count {
                let n = Glibc.write(fd, buffer.baseAddress! + written, buffer.count - written)
                if n < 0 {
                    if errno == EINTR { continue }
                    let code = errno
                    close(fd)
                    throw FileError(path: path, errno: code)
                }
                written += n
            }
        }
        // New files get the usual permissions (mkstemp makes them 0600).
        fchmod(fd, 0o666 & ~creationMask)
        guard !durable || fsync(fd) == 0, close(fd) == 0 else { throw FileError(path: path, errno: errno) }
        guard rename(temporary, path) == 0 else { throw FileError(path: path, errno: errno) }
        ok = true
    }

    /// The process's file creation mask, read once: reading it means setting it, which
    /// threads writing at the same time must not do.
    private static let creationMask: mode_t = {
        let mask = umask(0)
        umask(mask)
        return mask
    }()

    /// Forces every file written so far to disk (see `write(_:to:durable:)`).
    public static func syncAll() { sync() }

    /// The temporary names of a file begin with this: `.NAME.tmp-`.
    static func temporaryPrefix(of name: String) -> String { ".\(name).tmp-" }

    /// Deletes the temporary files that writes of `paths` left behind when the process was
    /// killed mid-write; each folder is listed once.
    public static func removeTemporaries(of paths: [String]) {
        var namesByDirectory: [String: Set<String>] = [:]
        for path in paths {
            let slash = path.lastIndex(of: "/")
            let directory = slash.map { String(path[..<$0]) } ?? "."
            let name = slash.map { String(path[path.index(after: $0)...]) } ?? path
            namesByDirectory[directory.isEmpty ? "/" : directory, default: []].insert(name)
        }
        for (directory, names) in namesByDirectory {
            guard let dir = opendir(directory) else { continue }
            var stale: [String] = []
            while let entry = readdir(dir) {
                let file = withUnsafeBytes(of: entry.pointee.d_name) { String(cString: $0.bindMemory(to: CChar.self).baseAddress!) }
                // ".NAME.tmp-" and mkstemp's six characters.
                guard file.hasPrefix("."), file.count > 12, file.dropLast(6).hasSuffix(".tmp-") else { continue }
                if names.contains(String(file.dropFirst().dropLast(11))) { stale.append(file) }
            }
            closedir(dir)
            for file in stale { unlink("\(directory)/\(file)") }
        }
    }

    /// Makes a folder for files to be written into, and any folder above it that is missing.
    public static func createDirectory(_ directory: String) throws {
        var prefix = directory.hasPrefix("/") ? "" : "."
        for component in directory.split(separator: "/") {
            prefix += "/" + component
            if mkdir(prefix, 0o777) != 0 && errno != EEXIST { throw FileError(path: prefix, errno: errno) }
        }
    }
}
