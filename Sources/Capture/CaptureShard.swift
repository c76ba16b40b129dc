import Foundation
import InterlockCore

/// One shard of a capture read split over processes (`--shard I/N --partial-output F`): its files,
/// each read on its own, filtered and decoded, written as one section per file of a partial result;
/// `CaptureFlows.merge` interleaves the sections of every shard by timestamp as one process reads the
/// files, and tracks the packets, so that the merged connections are the one-process connections.
public enum CaptureShard {
    /// What a record of a section is.
    enum Kind: UInt8 {
        /// The end of the file's section.
        case end = 0
        /// A decoded packet: timestamp, original length, the packet.
        case decoded
        /// A record the filter did not match: timestamp, original length.
        case filtered
        /// An undecodable record: timestamp, original length, reason.
        case undecodable
        /// An unreadable record, which ends the file: the warning.
        case bad
    }

    /// The files of `paths` (by index, in order) that fall to `shard`: the files are split into
    /// `shard.count` groups of near-equal total size by `Shard.groups`.
    /// - Throws: `InputError` for a path that is not a regular file (standard input, a pipe), whose
    ///   size cannot be known before reading it.
    public static func files(of paths: [String], for shard: Shard) throws -> [Int] {
        let sizes = try paths.map { path -> UInt64 in
            guard let attributes = try? FileManager.default.attributesOfItem(atPath: path),
                attributes[.type] as? FileAttributeType == .typeRegular, let size = attributes[.size] as? NSNumber
            else {
                throw InputError(file: path, "--shard splits regular files by size: save this input to a file first")
            }
            return size.uint64Value
        }
        return shard.items(weights: sizes)
    }

    /// Reads files `indices` of `paths` (keeping what passes `filter`) and hands the body of their
    /// partial result to `emit`, in pieces: per file, its index, section kind (capture), link type,
    /// snapshot length, format and read path, then a record for each of its records, in file order,
    /// then an end mark.
    /// - Throws: `InputError` naming the first file that cannot be opened, or the filter that does
    ///   not compile, before anything is emitted.
    public static func write(
        paths: [String], indices: [Int], filter: String?, readPath: ReadPath = .automatic,
        emit: ([UInt8]) -> Void
    ) throws {
        let readers = try indices.map { try CaptureReader(paths: [paths[$0]], filter: filter, path: readPath) }
        let decoder = PacketDecoder()
        var packet = DecodedPacket()
        var out = BinaryWriter()
        for (index, reader) in zip(indices, readers) {
            let info = reader.files[0]
            out.u32(UInt32(index))
            out.u8(CapturePartial.SectionKind.capture.rawValue)
            out.u32(UInt32(bitPattern: info.linkType.rawValue))
            out.u32(UInt32(truncatingIfNeeded: info.snapshotLength))
            out.string(info.format)
            out.u8(info.mapped ? 1 : 0)
            while let record = reader.next() {
                if record.isBadRecord {
                    out.u8(Kind.bad.rawValue)
                    out.string(reader.warnings.last ?? "")
                    continue
                }
                let reason = record.matchesFilter ? decoder.decode(record: record, into: &packet) : nil
                out.u8((!record.matchesFilter ? Kind.filtered : reason != nil ? .undecodable : .decoded).rawValue)
                out.i64(record.timestamp)
                out.u32(UInt32(truncatingIfNeeded: record.originalLength))
                if let reason {
                    out.u8(reason.rawValue)
                } else if record.matchesFilter {
                    out.packet(packet)
                }
                if out.bytes.count >= 1 << 20 {
                    emit(out.bytes)
                    out.bytes.removeAll(keepingCapacity: true)
                }
            }
            out.u8(Kind.end.rawValue)
        }
        emit(out.bytes)
    }
}
