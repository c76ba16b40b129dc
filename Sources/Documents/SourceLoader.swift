import Foundation
import InterlockCore

/// Reads documents from files, directories (recursively) and standard input.
public enum SourceLoader {
    /// File endings read when a directory is walked.
    public static let documentExtensions: Set<String> = ["yaml", "yml", "json"]

    /// Parses `bytes` as JSON when the first non-blank character opens a JSON value (`{` or `[`),
    /// else as YAML.
    ///
    /// - Throws: `InputError` at the first syntax error, or when text that is not JSON is not UTF-8.
    public static func documents(bytes: [UInt8], file: String) throws(InputError) -> [Document] {
        // Skip a UTF-8 byte-order mark and (to find the first character, not for YAML: its lines count
        // from the first byte) leading blanks.
        let textStart = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        var i = textStart
        while i < bytes.count, bytes[i] == 0x20 || bytes[i] == 0x0A || bytes[i] == 0x0D || bytes[i] == 0x09 { i += 1 }
        if i < bytes.count, bytes[i] == UInt8(ascii: "{") || bytes[i] == UInt8(ascii: "[") {
            return try JSONReader.documents(bytes, file: file)
        }
        guard let text = String(validating: bytes[textStart...], as: UTF8.self) else {
            throw notUTF8(bytes, file: file)
        }
        return try YAMLReader.documents(text, file: file)
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

    /// Reads one file (or standard input when `path` is `-`).
    ///
    /// - Throws: `InputError` when the path does not exist, is a directory, or cannot be read.
    public static func read(path: String) throws(InputError) -> [UInt8] {
        if path == "-" {
            return Array(FileHandle.standardInput.readDataToEndOfFile())
        }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw InputError(file: path, "no such file or directory")
        }
        guard !isDirectory.boolValue else { throw InputError(file: path, "is a directory, expected a file") }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw InputError(file: path, "cannot read file")
        }
        return Array(data)
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
    public static func load(paths: [String]) throws(InputError) -> [Document] {
        var out: [Document] = []
        for path in paths {
            for file in try files(at: path) {
                out += try documents(bytes: try read(path: file), file: file)
            }
        }
        return out
    }
}
