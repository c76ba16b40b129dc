import Foundation

/// An output file that appears only once complete: the descriptor of a temporary sibling of the
/// target, renamed over it by `commit()`.
///
/// The target is an `OutputTarget`: through a symbolic link the file it names is replaced, not the
/// link; a file already there keeps its mode and owner (the temporary file is given them before the
/// rename). Standard output and `/dev/null` are written in place. Until committed, the temporary
/// file is removed when the `OutputFile` is dropped (a failed run) and when SIGINT or SIGTERM ends
/// the run (exit 130 or 143), so no partial file is left behind. One file, one thread.
public final class OutputFile {
    /// The path as the user named it (what errors name).
    public let path: String
    /// The descriptor to write to.
    public let fileDescriptor: Int32
    private let destination: String?
    private let temporary: String?
    private var open = true

    /// Opens `path`'s target for writing.
    ///
    /// - Throws: `InputError` naming `path` when it is not a regular file (see `OutputTarget`) or its
    ///   temporary sibling cannot be created.
    public init(path: String) throws(InputError) {
        self.path = path
        switch try OutputTarget(path: path) {
        case .standardOutput:
            fileDescriptor = STDOUT_FILENO
            destination = nil
            temporary = nil
        case .inPlace(let special):
            fileDescriptor = Foundation.open(special, O_WRONLY | O_CLOEXEC)
            guard fileDescriptor >= 0 else { throw OutputFile.error(path, "cannot open output file") }
            destination = nil
            temporary = nil
        case .file(let target):
            let directory = PathText.directory(of: target)
            let name = PathText.lastComponent(of: target)
            let temp = (directory.isEmpty ? "." : directory) + "/.\(name).\(getpid()).tmp"
            TemporaryFiles.register(temp)
            let fd = Foundation.open(temp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o666)
            guard fd >= 0 else {
                let error = OutputFile.error(path, "cannot create output file")
                TemporaryFiles.unregister(temp)
                throw error
            }
            var existing = stat()
            if stat(target, &existing) == 0 {
                // Best effort: a user who may not give the file away keeps it as their own.
                _ = fchown(fd, existing.st_uid, existing.st_gid)
                _ = fchmod(fd, existing.st_mode & 0o7777)
            }
            fileDescriptor = fd
            destination = target
            temporary = temp
        }
    }

    /// Whether output goes to a file rather than standard output.
    public var isFile: Bool { fileDescriptor != STDOUT_FILENO }

    /// Closes the file and, for a regular file, moves it into place.
    ///
    /// - Throws: `InputError` naming the path when the file cannot be closed or moved into place.
    public func commit() throws(InputError) {
        guard open else { return }
        open = false
        guard isFile else { return }
        let closed = close(fileDescriptor) == 0
        guard let temporary, let destination else {
            if !closed { throw OutputFile.error(path, "cannot write output file") }
            return
        }
        defer { TemporaryFiles.unregister(temporary) }
        if !closed || rename(temporary, destination) != 0 {
            let error = OutputFile.error(path, "cannot write output file")
            unlink(temporary)
            throw error
        }
    }

    /// Closes and removes the temporary file, leaving the target as it was.
    public func discard() {
        guard open else { return }
        open = false
        guard isFile else { return }
        close(fileDescriptor)
        if let temporary {
            unlink(temporary)
            TemporaryFiles.unregister(temporary)
        }
    }

    deinit { discard() }

    /// `MESSAGE: strerror(errno)` naming `path`.
    static func error(_ path: String, _ message: String) -> InputError {
        InputError(file: path, "\(message): \(String(cString: strerror(errno)))")
    }
}
