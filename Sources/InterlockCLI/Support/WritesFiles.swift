import Foundation
import InterlockCore

/// A command that writes files, naming them and the files it reads, so that `InterlockMain` refuses
/// (exit 2) before the run reads anything an output that is not a regular file (`OutputTarget`),
/// that is named twice, or that is one of the run's inputs: the same file (device and inode) as an
/// input, or a file inside an input directory.
protocol WritesFiles {
    /// The output paths given (`nil`: not given); a report that goes to standard output unless
    /// redirected is listed as `-`, so that a second output there is refused as named twice.
    var outputPaths: [String?] { get }
    /// The files and directories the run reads, as given on the command line (`-`: standard input).
    var inputPaths: [String] { get }
    /// Inputs named inside those (a scenario's), listed once the command-line ones are checked.
    func namedInputPaths() throws -> [String]
}

extension WritesFiles {
    func namedInputPaths() throws -> [String] { [] }

    /// Refuses standard input named as more than one input (`policy diff - -`): it can be read once,
    /// and every later reader would get an empty stream.
    func checkStandardInput() throws {
        guard inputPaths.filter({ $0 == "-" }).count > 1 else { return }
        throw InputError(file: "-", "standard input is named as more than one input; it can be read only once")
    }

    /// Refuses the outputs that must not be written; see `WritesFiles`.
    func checkOutputs() throws {
        let outputs = try outputPaths.compactMap { $0 }.map { path in (path, try OutputTarget(path: path)) }
        guard !outputs.isEmpty else { return }
        var seen: [(path: String, identity: FileIdentity?)] = []
        for (path, target) in outputs {
            let standard: String
            switch target {
            case .file(let resolved): standard = (resolved as NSString).standardizingPath
            case .standardOutput: standard = "-"
            case .inPlace: continue
            }
            let identity = target == .standardOutput ? nil : FileIdentity(standard)
            if seen.contains(where: { $0.path == standard || ($0.identity != nil && $0.identity == identity) }) {
                throw InputError(file: path, "named twice as an output")
            }
            seen.append((standard, identity))
        }
        try refuse(outputs, readingFrom: inputPaths)
        try refuse(outputs, readingFrom: namedInputPaths())
    }

    private func refuse(_ outputs: [(String, OutputTarget)], readingFrom inputs: [String]) throws {
        let inputs = inputs.filter { $0 != "-" }.compactMap { path in FileIdentity(path).map { (path, $0) } }
        for (path, target) in outputs {
            guard case .file(let resolved) = target, let output = FileIdentity(resolved) else { continue }
            for (input, identity) in inputs where identity == output || identity.contains(output) {
                let which = input == path ? "" : " (\(input))"
                throw InputError(file: path, "is an input of this run\(which); write the output elsewhere")
            }
        }
    }
}

/// An existing file's device and inode, and its real path (for directories, to tell what lies inside).
struct FileIdentity: Equatable {
    var device: UInt64
    var inode: UInt64
    var isDirectory: Bool
    var realPath: String

    /// The identity of the file at `path` (links followed), or `nil` when there is none.
    init?(_ path: String) {
        var info = stat()
        guard stat(path, &info) == 0, let real = realpath(path, nil) else { return nil }
        defer { free(real) }
        device = UInt64(info.st_dev)
        inode = UInt64(info.st_ino)
        isDirectory = info.st_mode & S_IFMT == S_IFDIR
        realPath = String(cString: real)
    }

    /// Whether `other` lies inside this directory, at any depth.
    func contains(_ other: FileIdentity) -> Bool {
        isDirectory && other.realPath.hasPrefix(realPath == "/" ? "/" : realPath + "/")
    }

    static func == (a: FileIdentity, b: FileIdentity) -> Bool { a.device == b.device && a.inode == b.inode }
}
