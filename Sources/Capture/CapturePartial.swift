import InterlockCore

/// A partial result written by `capture flows` or `capture analyze` with `--partial-output`: its
/// header and, per capture file of its shard, the file as opened and where its records start.
public struct CapturePartial: Sendable {
    /// What wrote it, for which shard.
    public let header: PartialHeader
    /// This shard's files: their index among `header.inputs`, as opened, and their records.
    let sections: [(index: Int, info: CaptureFileInfo, records: BinaryReader)]

    /// Reads the partial result `bytes`, the contents of `file`.
    /// - Throws: `InputError` when it is no partial result, has another format version, or its body
    ///   does not follow the format.
    public init(bytes: [UInt8], file: String) throws {
        let (header, body) = try PartialHeader.read(bytes, file: file)
        self.header = header
        var reader = BinaryReader(bytes, from: body, file: file)
        var sections: [(Int, CaptureFileInfo, BinaryReader)] = []
        while !reader.atEnd {
            let index = Int(try reader.u32())
            guard index < header.inputs.count else { throw reader.malformed("file index \(index)") }
            let linkType = LinkType(rawValue: Int32(bitPattern: try reader.u32()))
            let snapshotLength = Int(try reader.u32())
            let format = try reader.string()
            let mapped = try reader.u8() != 0
            let info = CaptureFileInfo(
                path: header.inputs[index], linkType: linkType, snapshotLength: snapshotLength, format: format,
                mapped: mapped)
            sections.append((index, info, reader))
            while try reader.record() != nil {}
        }
        self.sections = sections
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
