import Foundation
import InterlockCore

/// Where a command's report goes: standard output, or a file that appears only once complete.
///
/// A file target is written to a temporary sibling and renamed into place by `commit()`, so that a
/// failing run leaves no partial output file behind.
final class OutputWriter {
    private let handle: FileHandle
    private let destination: String?
    private let temporary: String?
    private var buffer: [UInt8] = []
    private static let flushThreshold = 1 << 20

    /// Standard output when `path` is `nil` or `-`, else the file at `path`.
    init(path: String?) throws {
        if let path, path != "-" {
            let directory = (path as NSString).deletingLastPathComponent
            let temp = (directory.isEmpty ? "." : directory) + "/.\((path as NSString).lastPathComponent).\(getpid()).tmp"
            guard FileManager.default.createFile(atPath: temp, contents: nil),
                  let h = FileHandle(forWritingAtPath: temp) else {
                throw InputError(file: path, "cannot create output file")
            }
            handle = h
            destination = path
            temporary = temp
        } else {
            handle = FileHandle.standardOutput
            destination = nil
            temporary = nil
        }
    }

    /// Whether output goes to a file rather than the terminal or a pipe.
    var isFile: Bool { destination != nil }

    func write(_ text: String) {
        buffer += text.utf8
        if buffer.count >= OutputWriter.flushThreshold { flush() }
    }

    func write(bytes: [UInt8]) {
        buffer += bytes
        if buffer.count >= OutputWriter.flushThreshold { flush() }
    }

    func flush() {
        guard !buffer.isEmpty else { return }
        handle.write(Data(buffer))
        buffer.removeAll(keepingCapacity: true)
    }

    /// Flushes and, for a file, moves it into place.
    func commit() throws {
        flush()
        guard let destination, let temporary else { return }
        try? handle.close()
        if rename(temporary, destination) != 0 {
            unlink(temporary)
            throw InputError(file: destination, "cannot write output file: \(String(cString: strerror(errno)))")
        }
    }

    deinit {
        // Not committed: remove the partial file.
        if let temporary, FileManager.default.fileExists(atPath: temporary) {
            try? handle.close()
            unlink(temporary)
        }
    }
}

extension OutputWriter {
    /// Writes a whole report to `path` (or stdout) and commits it.
    static func emit(_ text: String, to path: String?) throws {
        let out = try OutputWriter(path: path)
        out.write(text)
        try out.commit()
    }
}
