import Foundation

/// Where an output path (`-o`, `--links`, `--write-violations`...) sends its bytes, decided before
/// anything is written.
///
/// `-` and `/dev/stdout` mean standard output and `/dev/null` is written in place; any other path
/// is followed through its symbolic links to the file it names, which must be a regular file or not
/// exist yet. A character device, a FIFO, a socket or a directory is refused, so that the temporary
/// sibling's rename never turns a device into a regular file.
public enum OutputTarget: Equatable, Sendable {
    /// The process's standard output.
    case standardOutput
    /// A special file written where it is (`/dev/null`).
    case inPlace(String)
    /// A regular file, or a path where none exists yet: the path with symbolic links followed.
    case file(String)

    /// Paths that mean standard output.
    static let standardOutputNames: Set<String> = ["-", "/dev/stdout"]
    /// Special files written in place.
    static let inPlaceNames: Set<String> = ["/dev/null"]

    /// The target of `path`.
    ///
    /// - Throws: `InputError` naming `path` when it is, or links to, something other than a regular
    ///   file, or when its links cannot be followed.
    public init(path: String) throws(InputError) {
        if OutputTarget.standardOutputNames.contains(path) {
            self = .standardOutput
            return
        }
        let resolved = try OutputTarget.followLinks(path)
        if OutputTarget.inPlaceNames.contains(path) || OutputTarget.inPlaceNames.contains(resolved) {
            self = .inPlace(resolved)
            return
        }
        var info = stat()
        guard stat(resolved, &info) == 0 else {
            guard errno == ENOENT else {
                throw InputError(file: path, "cannot write output: \(String(cString: strerror(errno)))")
            }
            self = .file(resolved)
            return
        }
        if let kind = OutputTarget.specialKind(info.st_mode) {
            throw InputError(file: path, "cannot write output: \(kind), not a regular file (use - for standard output)")
        }
        self = .file(resolved)
    }

    /// `path` with the symbolic links of its last component followed (a dangling link gives the path
    /// it points to, where the file is then created).
    static func followLinks(_ path: String) throws(InputError) -> String {
        var current = path
        for _ in 0..<40 {
            var info = stat()
            guard lstat(current, &info) == 0, info.st_mode & S_IFMT == S_IFLNK else { return current }
            var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
            let count = readlink(current, &buffer, buffer.count - 1)
            guard count >= 0 else {
                throw InputError(file: path, "cannot follow link: \(String(cString: strerror(errno)))")
            }
            let link = String(decoding: buffer[0..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
            let directory = PathText.directory(of: current)
            current = link.hasPrefix("/") || directory.isEmpty ? link : directory + "/" + link
        }
        throw InputError(file: path, "cannot follow link: too many levels of symbolic links")
    }

    /// What a file of mode `mode` is, when it is not a regular file.
    static func specialKind(_ mode: mode_t) -> String? {
        switch mode & S_IFMT {
        case S_IFREG: return nil
        case S_IFDIR: return "a directory"
        case S_IFCHR: return "a character device"
        case S_IFBLK: return "a block device"
        case S_IFIFO: return "a FIFO"
        case S_IFSOCK: return "a socket"
        default: return "a special file"
        }
    }
}
