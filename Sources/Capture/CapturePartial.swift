import InterlockCore

/// A partial result written by `capture flows` or `capture analyze` with `--partial-output`: its
/// header and, per input file of its shard, a section: for a capture, the file as opened and where
/// its records start; for a flow log, where the connections its reader made start.
public struct CapturePartial: Sendable {
    /// What a section holds (format version 2; version 1 sections are all captures, with no kind byte).
    public enum SectionKind: UInt8, Sendable {
        /// A capture file's records (`CaptureShard`).
        case capture = 0
        /// A flow log's connections: a `u64` length, then the body its reader's shard wrote.
        case flowLog = 1
    }

    /// What wrote it, for which shard.
    public let header: PartialHeader
    /// This shard's files: their index among `header.inputs`, as opened, and their records.
    let sections: [(index: Int, info: CaptureFileInfo, records: BinaryReader)]
    /// This shard's flow logs: their index among `header.inputs` and the body of their section.
    public let flowLogSections: [(index: Int, body: BinaryReader)]

    /// Reads the partial result `bytes`, the contents of `file`.
    /// - Throws: `InputError` when it is no partial result, has a format version this build does not
    ///   read, or its body does not follow the format.
    public init(bytes: [UInt8], file: String) throws {
        let (header, body) = try PartialHeader.read(bytes, file: file)
        self.header = header
        var reader = BinaryReader(bytes, from: body, file: file)
        var sections: [(Int, CaptureFileInfo, BinaryReader)] = []
        var logs: [(Int, BinaryReader)] = []
        while !reader.atEnd {
            let index = Int(try reader.u32())
            guard index < header.inputs.count else { throw reader.malformed("file index \(index)") }
            let kind = header.version == 1 ? .capture : SectionKind(rawValue: try reader.u8())
            switch kind {
            case .capture:
                sections.append((index, try reader.captureInfo(path: header.inputs[index]), reader))
                while try reader.record() != nil {}
            case .flowLog:
                let length = try reader.u64()
                logs.append((index, reader))
                try reader.skip(length)
            case nil:
                throw reader.malformed("section kind")
            }
        }
        self.sections = sections
        flowLogSections = logs
    }

    /// A flow log's section: input `index`, its kind and length, then `body`.
    public static func flowLogSection(index: Int, body: [UInt8]) -> [UInt8] {
        var out = BinaryWriter()
        out.u32(UInt32(index))
        out.u8(SectionKind.flowLog.rawValue)
        out.u64(UInt64(body.count))
        return out.bytes + body
    }
}

extension BinaryReader {
    /// The capture file at `path` as a section's head describes it: link type, snapshot length,
    /// format, read path.
    mutating func captureInfo(path: String) throws -> CaptureFileInfo {
        let linkType = LinkType(rawValue: Int32(bitPattern: try u32()))
        let snapshotLength = Int(try u32())
        let format = try string()
        let mapped = try u8() != 0
        return CaptureFileInfo(
            path: path, linkType: linkType, snapshotLength: snapshotLength, format: format, mapped: mapped)
    }
}

/// One record of a section, read back.
struct PartialRecord {
    var kind: CaptureShard.Kind
    var timestamp: Int64 = 0
    var originalLength = 0
    var packet = DecodedPacket()
    var reason = UndecodableReason.badRecord
    var warning = ""
}

extension BinaryReader {
    /// The next record of a section; `nil` at its end mark.
    mutating func record() throws -> PartialRecord? {
        guard let kind = CaptureShard.Kind(rawValue: try u8()) else { throw malformed("record kind") }
        var r = PartialRecord(kind: kind)
        switch kind {
        case .end: return nil
        case .bad:
            r.warning = try string()
            return r
        case .decoded, .filtered, .undecodable:
            r.timestamp = try i64()
            r.originalLength = Int(try u32())
        }
        if kind == .decoded { r.packet = try packet() }
        if kind == .undecodable {
            guard let reason = UndecodableReason(rawValue: try u8()) else { throw malformed("undecodable reason") }
            r.reason = reason
        }
        return r
    }
}
