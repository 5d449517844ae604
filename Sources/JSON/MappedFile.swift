#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A file's bytes, memory-mapped read-only, so that large GeoJSON files are parsed in place
/// without a copy on the heap. Small or special files (pipes) are read into memory instead.
public final class MappedFile: @unchecked Sendable {
    /// The path as given, for messages.
    public let path: String
    private let base: UnsafeMutableRawPointer?
    /// The file's size in bytes.
    public let count: Int
    private let mapped: Bool

    /// Maps the file at `path`, or reads it when it cannot be mapped (a pipe, an empty file).
    /// Throws a `FileError` naming the file when it cannot be opened or is a directory.
    public init(path: String) throws(FileError) {
        self.path = path
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw FileError(path: path, errno: errno) }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw FileError(path: path, errno: errno) }
        if (info.st_mode & S_IFMT) == S_IFDIR {
            throw FileError(path: path, reason: "is a directory, not a file")
        }
        if (info.st_mode & S_IFMT) == S_IFREG && info.st_size > 0 {
            let size = Int(info.st_size)
            guard let p = mmap(nil, size, PROT_READ, MAP_PRIVATE, fd, 0), p != MAP_FAILED else {
                throw FileError(path: path, errno: errno)
            }
            madvise(p, size, MADV_SEQUENTIAL)
            base = p
            count = size
            mapped = true
        } else {
            // Pipes, /dev/stdin and empty files: read whatever there is.
            var data: [UInt8] = []
            var chunk = [UInt8](repeating: 0, count: 1 << 16)
            while true {
                let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
                if n < 0 { throw FileError(path: path, errno: errno) }
                if n == 0 { break }
                data.append(contentsOf: chunk[0..<n])
            }
            count = data.count
            let p = UnsafeMutableRawPointer.allocate(byteCount: max(1, data.count), alignment: 8)
            data.withUnsafeBytes { p.copyMemory(from: $0.baseAddress!, byteCount: data.count) }
            base = p
            mapped = false
        }
    }

    /// The file's bytes, valid while the `MappedFile` lives.
    public var bytes: UnsafeRawBufferPointer { UnsafeRawBufferPointer(start: base, count: count) }

    /// Tells the kernel that bytes before `offset` will not be read again, so a streaming
    /// parse of a huge file does not keep the whole file resident.
    public func release(upTo offset: Int) {
        guard mapped, let base else { return }
        let page = Int(sysconf(Int32(_SC_PAGESIZE)))
        let end = (offset / page) * page
        if end > 0 { madvise(base, end, MADV_DONTNEED) }
    }

    deinit {
        guard let base else { return }
        if mapped { munmap(base, count) } else { base.deallocate() }
    }
}

/// A file that could not be opened or read: `roads.geojson: No such file or directory`.
public struct FileError: Error, Sendable, CustomStringConvertible {
    /// The path as the user gave it.
    public var path: String
    /// What went wrong, as the system says it ("No such file or directory").
    public var reason: String

    /// An error with a reason of the caller's words.
    public init(path: String, reason: String) {
        self.path = path
        self.reason = reason
    }

    /// An error with the system's message for `errno`.
    public init(path: String, errno code: Int32) {
        self.init(path: path, reason: String(cString: strerror(code)))
    }

    /// The one line printed: `path: reason`.
    public var description: String { "\(path): \(reason)" }
}
