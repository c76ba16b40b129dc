import Foundation
import InterlockCore

/// The trace formats replay reads.
public enum TraceFormat: String, CaseIterable, Sendable {
    /// MLCommons Chakra execution traces (protobuf), one per rank.
    case chakra
    /// A SimAI/AICB workload text file.
    case simai
}

/// Reads workload traces from files.
public enum WorkloadFile {
    /// The workload of the trace files at `paths` on a job of `ranks` ranks. Without `format`, a file
    /// whose first line names `model_parallel_NPU_group:` is SimAI's, any other Chakra's. Chakra
    /// traces are in rank order: by the number N of names `PREFIX.N.et` when every name has one (so a
    /// shell glob's order does not matter), else as given.
    public static func load(paths: [String], format: TraceFormat? = nil, ranks: Int) throws(InputError) -> Workload {
        guard !paths.isEmpty else { throw InputError("no trace file given") }
        let numbers = paths.map(rankNumber)
        let paths = numbers.allSatisfy({ $0 != nil }) ? zip(numbers, paths).sorted { $0.0! < $1.0! }.map(\.1) : paths
        let contents = try paths.map { (p: String) throws(InputError) -> [UInt8] in try read(p) }
        let firstLine = String(decoding: contents[0].prefix { $0 != UInt8(ascii: "\n") }, as: UTF8.self)
        let format = format ?? (firstLine.contains("model_parallel_NPU_group:") ? .simai : .chakra)
        switch format {
        case .simai:
            guard paths.count == 1 else { throw InputError("a SimAI workload is one file; got \(paths.count)") }
            return try SimAIWorkload.make(String(decoding: contents[0], as: UTF8.self), file: paths[0], ranks: ranks)
        case .chakra:
            var traces: [ChakraTrace] = []
            for (bytes, path) in zip(contents, paths) { traces.append(try ChakraTrace.decode(bytes, file: path)) }
            return try ChakraWorkload.make(traces, files: paths, ranks: ranks)
        }
    }

    /// N of a file named `PREFIX.N.EXTENSION`.
    static func rankNumber(_ path: String) -> Int? {
        let parts = path.split(separator: "/").last?.split(separator: ".") ?? []
        return parts.count >= 3 ? Int(parts[parts.count - 2]) : nil
    }

    static func read(_ path: String) throws(InputError) -> [UInt8] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw InputError(file: path, "no such file or directory")
        }
        guard !isDirectory.boolValue else { throw InputError(file: path, "is a directory, expected a file") }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw InputError(file: path, "cannot be read")
        }
        return [UInt8](data)
    }
}
