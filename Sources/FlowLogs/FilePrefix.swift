import Documents
import InterlockCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The first bytes of a file, to recognise its format, or all of a binary one.
enum FilePrefix {
    /// All of `path` (a binary flow log: `SourceLoader.read` takes text only), up to the input limit.
    ///
    /// - Throws: `InputError` when the file cannot be opened or is larger than the limit.
    static func all(_ path: String) throws(InputError) -> [UInt8] {
        let limit = InputLimits.current.maxBytes
        guard let bytes = of(path, count: limit + 1, chunked: true) else {
            throw InputError(file: path, "cannot read file")
        }
        guard bytes.count <= limit else {
            throw InputError(file: path, "is larger than the input limit of \(limit) bytes")
        }
        return bytes
    }

    /// Up to `count` bytes from the start of `path`, or `nil` when it cannot be opened (the
    /// reader that opens it next reports why).
    /// `chunked` reads in 1 MiB steps instead of allocating `count` bytes up front.
    static func of(_ path: String, count: Int, chunked: Bool = false) -> [UInt8]? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var out: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: chunked ? min(count, 1 << 20) : count)
        while out.count < count {
            let want = min(chunk.count, count - out.count)
            let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress!, want) }
            if n <= 0 { break }
            out += chunk[0..<n]
        }
        return out
    }
}
