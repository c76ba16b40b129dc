import Foundation
import InterlockCore

/// Where a command's report goes: standard output, or a file that appears only once complete.
///
/// The file is an `OutputFile`: a temporary sibling renamed into place by `commit()`, so that a
/// failing or interrupted run leaves no partial output file behind; `-`, `/dev/stdout` and
/// `/dev/null` are written in place, and any other path that is not a regular file is refused.
final class OutputWriter {
    private let file: OutputFile
    private var buffer: [UInt8] = []
    /// Why a write failed, if one did.
    private var failure: String?
    private static let flushThreshold = 1 << 20

    /// Standard output when `path` is `nil` or `-`, else the file at `path`.
    init(path: String?) throws {
        file = try OutputFile(path: path ?? "-")
    }

    /// Whether output goes to a file rather than the terminal or a pipe.
    var isFile: Bool { file.isFile }

    func write(_ text: String) {
        var text = text
        text.withUTF8 { write(raw: $0) }
    }

    /// Writes `json` as `serialized()` would, piece by piece (a large report is never held whole as
    /// text).
    func write(json: JSON) {
        json.serialize { write(raw: $0) }
    }

    func write(bytes: [UInt8]) {
        bytes.withUnsafeBufferPointer { write(raw: $0) }
    }

    /// Small pieces gather in the buffer; a piece as large as the buffer's threshold goes straight
    /// to the descriptor, so a big report is not copied again on its way out.
    func write(raw: UnsafeBufferPointer<UInt8>) {
        if buffer.count + raw.count < OutputWriter.flushThreshold {
            buffer.append(contentsOf: raw)
            return
        }
        flush()
        if raw.count >= OutputWriter.flushThreshold { writeAll(raw) } else { buffer.append(contentsOf: raw) }
    }

    func flush() {
        guard !buffer.isEmpty else { return }
        buffer.withUnsafeBufferPointer { writeAll($0) }
        buffer.removeAll(keepingCapacity: true)
    }

    /// `write(2)` until every byte is out; the first failure is kept for `commit` to report, and
    /// later writes are dropped.
    private func writeAll(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard failure == nil, var at = bytes.baseAddress else { return }
        var left = bytes.count
        while left > 0 {
            let n = Foundation.write(file.fileDescriptor, at, left)
            if n < 0 {
                if errno == EINTR { continue }
                failure = String(cString: strerror(errno))
                return
            }
            at += n
            left -= n
        }
    }

    /// Flushes and, for a file, moves it into place.
    func commit() throws {
        flush()
        if let failure {
            file.discard()
            throw InputError(file: file.isFile ? file.path : "standard output", "cannot write output: \(failure)")
        }
        try file.commit()
    }
}

extension OutputWriter {
    /// Writes a whole report to `path` (or stdout) and commits it.
    static func emit(_ text: String, to path: String?) throws {
        try emit(to: path) { $0.write(text) }
    }

    /// Writes whole binary output (IPFIX messages) to `path` (or stdout) and commits it.
    static func emit(bytes: [UInt8], to path: String?) throws {
        try emit(to: path) { $0.write(bytes: bytes) }
    }

    /// Writes a whole JSON report (pretty, newline-terminated) to `path` (or stdout) and commits it.
    static func emit(json: JSON, to path: String?) throws {
        try emit(to: path) { $0.write(json: json) }
    }

    /// Writes a report given to a `ByteWriter` (which hands on its bytes in large pieces) to `path`
    /// (or stdout) and commits it.
    static func stream(to path: String?, _ write: (ByteWriter) -> Void) throws {
        let out = try OutputWriter(path: path)
        let writer = ByteWriter { out.write(raw: $0) }
        write(writer)
        writer.finish()
        try out.commit()
    }

    private static func emit(to path: String?, _ write: (OutputWriter) -> Void) throws {
        let out = try OutputWriter(path: path)
        write(out)
        try out.commit()
    }
}
