import Foundation

/// The first line of a partial result file (`--partial-output`): what wrote it, for which shard,
/// and everything `interlock merge` needs to check that the partials belong together. One JSON
/// object on one line, then the body (binary, its layout given by `command`; DEVELOPERS.md,
/// "Sharding and merging").
public struct PartialHeader: Codable, Equatable, Sendable {
    /// The value of `format`: what marks a partial result.
    public static let formatName = "interlock-partial"
    /// The body layout this build writes; any change to a body's layout increments it. Version 2
    /// added flow-log sections to the capture commands' bodies (a section kind byte after the input
    /// index); the simulation body is the same in both.
    public static let currentVersion = 2
    /// The body layouts this build reads: version 1 bodies are version 2's without flow logs.
    public static let readableVersions = 1...currentVersion

    /// Always `formatName`.
    public var format: String
    /// The body layout version.
    public var version: Int
    /// The `interlock --version` that wrote it.
    public var tool: String
    /// The command that wrote it, such as `capture flows`.
    public var command: String
    /// The command's options that shape the result (not the output options), as arguments.
    public var arguments: [String]
    /// Every input of the whole job (all shards), in the order given.
    public var inputs: [String]
    /// This shard's number, from 0.
    public var shard: Int
    /// The number of shards of the job.
    public var shards: Int

    /// A header of the current format version.
    public init(tool: String, command: String, arguments: [String], inputs: [String], shard: Shard) {
        format = PartialHeader.formatName
        version = PartialHeader.currentVersion
        self.tool = tool
        self.command = command
        self.arguments = arguments
        self.inputs = inputs
        self.shard = shard.index
        self.shards = shard.count
    }

    /// The header line, newline included.
    public var line: [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // Encoding plain strings and integers cannot fail.
        return Array((try? encoder.encode(self)) ?? Data()) + [0x0A]
    }

    /// Reads the header line of `bytes` (the contents of `file`); returns it and where the body starts.
    /// - Throws: `InputError` when the file is not a partial result or has another format version.
    public static func read(_ bytes: [UInt8], file: String) throws -> (header: PartialHeader, body: Int) {
        guard let end = bytes.firstIndex(of: 0x0A),
            let header = try? JSONDecoder().decode(PartialHeader.self, from: Data(bytes[..<end])),
            header.format == formatName
        else {
            throw InputError(file: file, "not an interlock partial result (written by --partial-output)")
        }
        guard readableVersions.contains(header.version) else {
            throw InputError(
                file: file,
                "partial result format version \(header.version); this interlock reads versions \(readableVersions.lowerBound) to \(currentVersion): write the partials again with this version"
            )
        }
        return (header, end + 1)
    }

    /// Checks that `headers` (of `files`) are all the shards of one job, once each: the same tool
    /// version, command, options, inputs and shard count. Returns them in shard order.
    public static func checkComplete(_ headers: [PartialHeader], files: [String]) throws -> [Int] {
        guard let first = headers.first else { throw InputError("no partial results given") }
        for (h, file) in zip(headers, files) {
            if let differs = h.difference(from: first, named: files[0]) {
                throw InputError(file: file, "partial result \(differs): they are not parts of one job")
            }
        }
        var order = [Int?](repeating: nil, count: first.shards)
        for (i, h) in headers.enumerated() {
            guard h.shard >= 0, h.shard < first.shards else {
                throw InputError(file: files[i], "shard \(h.shard) is not below the shard count \(first.shards)")
            }
            if let seen = order[h.shard] {
                throw InputError(file: files[i], "shard \(h.shard)/\(h.shards) is also \(files[seen])")
            }
            order[h.shard] = i
        }
        let missing = order.indices.filter { order[$0] == nil }
        guard missing.isEmpty else {
            throw InputError(
                "missing shards \(missing.map { "\($0)/\(first.shards)" }.joined(separator: ", ")): merge needs all \(first.shards)"
            )
        }
        return order.map { $0! }
    }

    /// How this header differs from `other` (of file `name`) in what must be the same for every
    /// shard of one job; `nil` if it does not.
    private func difference(from other: PartialHeader, named name: String) -> String? {
        if tool != other.tool { return "was written by interlock \(tool), \(name) by \(other.tool)" }
        if command != other.command { return "was written by '\(command)', \(name) by '\(other.command)'" }
        if arguments != other.arguments {
            let these = arguments.joined(separator: " ")
            return "was written with options '\(these)', \(name) with '\(other.arguments.joined(separator: " "))'"
        }
        if inputs != other.inputs { return "covers other inputs than \(name)" }
        if shards != other.shards { return "is one of \(shards) shards, \(name) of \(other.shards)" }
        return nil
    }
}
