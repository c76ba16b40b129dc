import Foundation
import InterlockCore

/// Reads documents from files, directories (recursively) and standard input.
public enum SourceLoader {
    /// File endings read when a directory is walked.
    public static let documentExtensions: Set<String> = ["yaml", "yml", "json"]

    /// Parses `bytes` as JSON when the first non-blank character opens a JSON value (`{` or `[`),
    /// else as YAML. A large YAML stream, or a large JSON array's items, are parsed in pieces on up to
    /// `threads` threads (`YAMLReader`, `JSONReader`).
    ///
    /// - Throws: `InputError` at the first syntax error, or when text that is not JSON is not UTF-8.
    public static func documents(bytes: [UInt8], file: String, threads: Int = Parallel.defaultThreads)
        throws(InputError) -> [Document]
    {
        // Skip a UTF-8 byte-order mark and (to find the first character, not for YAML: its lines count
        // from the first byte) leading blanks.
        let textStart = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        var i = textStart
        while i < bytes.count, bytes[i] == 0x20 || bytes[i] == 0x0A || bytes[i] == 0x0D || bytes[i] == 0x09 { i += 1 }
        if i < bytes.count, bytes[i] == UInt8(ascii: "{") || bytes[i] == UInt8(ascii: "[") {
            return try JSONReader.documents(bytes, file: file, threads: threads)
        }
        // Validated and parsed in place: a copy as a `String` would cost as much again as the file.
        let result = bytes.withUnsafeBufferPointer { buffer in
            let text = UnsafeBufferPointer(rebasing: buffer[textStart...])
            return Result { () throws(InputError) in
                guard (try? UTF8Span(validating: text.span)) != nil else { throw notUTF8(bytes, file: file) }
                return try YAMLReader.documents(utf8: text, file: file, limits: .current, threads: threads)
            }
        }
        return try result.get()
    }

    /// The error for text that is not UTF-8, at the line and column (in bytes) of the first byte that
    /// does not decode.
    static func notUTF8(_ bytes: [UInt8], file: String) -> InputError {
        var iterator = bytes.makeIterator()
        var decoder = UTF8()
        var offset = 0
        decoding: while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar): offset += UTF8.width(scalar)
            case .emptyInput, .error: break decoding
            }
        }
        let line = bytes[..<offset].reduce(1) { $1 == 0x0A ? $0 + 1 : $0 }
        let lineStart = bytes[..<offset].lastIndex(of: 0x0A).map { $0 + 1 } ?? 0
        return InputError(file: file, line: line, column: offset - lineStart + 1, "not UTF-8 text")
    }

    /// Reads one file, or standard input when `path` is `-`: a regular file, a pipe, a FIFO or a
    /// `/dev/fd/N` of process substitution alike, opened once and read to its end.
    ///
    /// Reading stops, with an error, past `InputLimits.current.maxBytes` (a regular file is refused
    /// by its size before any byte is read) and at a NUL byte in the first KiB (binary data, not a
    /// document: `/dev/zero` is refused after one read).
    ///
    /// - Throws: `InputError` when the path does not exist, is a directory, cannot be read, is larger
    ///   than the limit or holds binary data.
    public static func read(path: String) throws(InputError) -> [UInt8] {
        let limits = InputLimits.current
        if path == "-" { return try read(descriptor: STDIN_FILENO, file: path, limit: limits.maxBytes) }
        var info = stat()
        guard stat(path, &info) == 0 else { throw InputError(file: path, "no such file or directory") }
        guard (info.st_mode & S_IFMT) != S_IFDIR else {
            throw InputError(file: path, "is a directory, expected a file")
        }
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw InputError(file: path, "cannot read file") }
        defer { close(fd) }
        return try read(descriptor: fd, file: path, limit: limits.maxBytes)
    }

    /// Whether `path` names a regular file (after symbolic links), not standard input (`-`), a pipe,
    /// a FIFO, a device or a directory.
    public static func isRegularFile(_ path: String) -> Bool {
        var info = stat()
        return path != "-" && stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFREG
    }

    /// The bytes of an open descriptor, up to `limit`; see `read(path:)`.
    private static func read(descriptor fd: Int32, file: String, limit: Int) throws(InputError) -> [UInt8] {
        var info = stat()
        let regular = fstat(fd, &info) == 0 && (info.st_mode & S_IFMT) == S_IFREG
        if regular, Int(info.st_size) > limit { throw tooLarge(file, limit) }
        var bytes: [UInt8] = []
        if regular { bytes.reserveCapacity(Int(info.st_size)) }
        var checked = false
        let chunk = 1 << 16
        var buffer = [UInt8](repeating: 0, count: chunk)
        while true {
            let n = buffer.withUnsafeMutableBytes { Foundation.read(fd, $0.baseAddress, chunk) }
            if n < 0 {
                if errno == EINTR { continue }
                throw InputError(file: file, "cannot read file")
            }
            if n == 0 { break }
            guard bytes.count + n <= limit else { throw tooLarge(file, limit) }
            bytes.append(contentsOf: buffer[..<n])
            if !checked, bytes.count >= binaryProbe {
                try rejectBinary(bytes, file: file)
                checked = true
            }
        }
        if !checked { try rejectBinary(bytes, file: file) }
        return bytes
    }

    /// How many leading bytes are searched for a NUL.
    static let binaryProbe = 1024

    private static func rejectBinary(_ bytes: [UInt8], file: String) throws(InputError) {
        guard let at = bytes.prefix(binaryProbe).firstIndex(of: 0) else { return }
        throw InputError(file: file, "binary data (a NUL byte at offset \(at)), expected a text document")
    }

    private static func tooLarge(_ file: String, _ limit: Int) -> InputError {
        InputError(
            file: file,
            "larger than the input size limit of \(Units.formatBytes(Double(limit))) (\(limit) bytes); raise \(InputLimits.sizeVariable) for a file that needs it"
        )
    }

    /// The document files a path names: the file itself, or every `.yaml`, `.yml` and `.json` file
    /// below a directory, in sorted order (hidden entries skipped).
    ///
    /// - Throws: `InputError` when the path does not exist or a directory cannot be listed.
    public static func files(at path: String) throws(InputError) -> [String] {
        if path == "-" { return ["-"] }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw InputError(file: path, "no such file or directory")
        }
        guard isDirectory.boolValue else { return [path] }
        guard let walker = FileManager.default.enumerator(atPath: path) else {
            throw InputError(file: path, "cannot list directory")
        }
        var out: [String] = []
        while let relative = walker.nextObject() as? String {
            let name = (relative as NSString).lastPathComponent
            if name.hasPrefix(".") {
                walker.skipDescendants()
                continue
            }
            let ext = (name as NSString).pathExtension.lowercased()
            if documentExtensions.contains(ext) {
                let full = path.hasSuffix("/") ? path + relative : path + "/" + relative
                var dir: ObjCBool = false
                if FileManager.default.fileExists(atPath: full, isDirectory: &dir), !dir.boolValue { out.append(full) }
            }
        }
        return out.sorted()
    }

    /// Every document under the given paths, files in the order named (directories sorted).
    ///
    /// - Throws: `InputError` for the first path that cannot be read, or the first document that does not
    ///   parse.
    public static func load(paths: [String], threads: Int = Parallel.defaultThreads) throws(InputError) -> [Document] {
        try documentsByPath(paths, threads: threads).flatMap { $0 }
    }

    /// The documents under each of `paths`, in order: files are read and parsed on up to `threads`
    /// threads (a large YAML stream in pieces too), with the documents and the first error one thread
    /// would give.
    ///
    /// - Throws: `InputError` for the first path that cannot be read, or the first document that does not
    ///   parse.
    public static func documentsByPath(_ paths: [String], threads: Int = Parallel.defaultThreads) throws(InputError)
        -> [[Document]]
    {
        var named: [(path: Int, file: String)] = []
        var unlisted: InputError?
        do throws(InputError) {
            for (p, path) in paths.enumerated() { named += try files(at: path).map { (p, $0) } }
        } catch {
            unlisted = error
        }
        // Standard input is read once, in order: a second `-` reads what the first left (nothing).
        let width = named.contains { $0.file == "-" } ? 1 : threads
        let parsed = Parallel.map(named.count, threads: width) { i in
            Result { () throws(InputError) in
                try documents(bytes: try read(path: named[i].file), file: named[i].file, threads: width)
            }
        }
        var out = [[Document]](repeating: [], count: paths.count)
        for (i, result) in parsed.enumerated() { out[named[i].path] += try result.get() }
        if let unlisted { throw unlisted }
        return out
    }
}
