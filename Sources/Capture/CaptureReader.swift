import InterlockCore

/// Reads one or more capture files (pcap or pcapng) as one stream merged by timestamp.
///
/// Classic pcap files of the common layouts are memory-mapped and parsed in place (`MappedPcapFile`);
/// every other file, and every file when `path` is `.libpcap`, goes through libpcap's `pcap_next_ex`.
/// Both yield the same records. Each file is opened with libpcap first, so a file that is not a
/// capture is refused with libpcap's own message, before any packet is read.
///
/// Records from different files are merged by timestamp (the earlier first; on a tie, the file
/// named first); records within one file keep their order. A record cut short or with an
/// impossible length ends its file: it is yielded once as a bad record and a warning is kept.
///
/// Not Sendable: libpcap handles belong to one thread. The record returned by `next()` is valid
/// until the following call.
public final class CaptureReader {
    /// The files, in the order given.
    public let files: [CaptureFileInfo]
    /// One line per file whose end was unreadable (`FILE: truncated dump file; ...`).
    public private(set) var warnings: [String] = []

    @exclusivity(unchecked) private var sources: [Source]
    private let filters: [PacketFilter?]
    private let linkTypes: [LinkType]
    @exclusivity(unchecked) private var heads: [CaptureRecord?]
    @exclusivity(unchecked) private var frameNumbers: [Int]
    @exclusivity(unchecked) private var packetNumber = 0
    /// The file whose head was handed out last and must advance before the next pick.
    @exclusivity(unchecked) private var pending: Int? = nil
    @exclusivity(unchecked) private var started = false

    private enum Source {
        case mapped(MappedPcapFile)
        case libpcap(LibpcapHandle)
        /// A file read to its end or to an unreadable record (its storage released).
        case ended

        @inline(__always) func next() -> RawRecord {
            switch self {
            case .mapped(let m): return m.next()
            case .libpcap(let l): return l.next()
            case .ended: return .end
            }
        }
    }

    /// Opens `paths`; throws `InputError` naming the first file that cannot be read or for which
    /// `filter` does not compile.
    public init(paths: [String], filter: String? = nil, path readPath: ReadPath = .automatic) throws {
        var sources: [Source] = []
        var infos: [CaptureFileInfo] = []
        var filters: [PacketFilter?] = []
        for path in paths {
            let handle = try LibpcapHandle(path: path)
            let pcapng = handle.isPcapNG
            let mapped = readPath == .automatic && !pcapng ? MappedPcapFile.open(path: path) : nil
            let useMap = mapped.map { $0.linkType == handle.linkType && $0.snapshotLength == handle.snapshotLength } ?? false
            sources.append(useMap ? .mapped(mapped!) : .libpcap(handle))
            let info = CaptureFileInfo(path: path, linkType: handle.linkType, snapshotLength: handle.snapshotLength,
                                       format: pcapng ? "pcapng" : "pcap", mapped: useMap)
            infos.append(info)
            filters.append(try filter.map {
                try PacketFilter(expression: $0, linkType: info.linkType, snapshotLength: info.snapshotLength, file: path)
            })
        }
        self.sources = sources
        self.files = infos
        self.filters = filters
        linkTypes = infos.map(\.linkType)
        heads = Array(repeating: nil, count: sources.count)
        frameNumbers = Array(repeating: 0, count: sources.count)
    }

    /// The next record in timestamp order, or `nil` when every file is exhausted.
    @inline(__always)
    public func next() -> CaptureRecord? {
        if !started {
            started = true
            for i in sources.indices { advance(i) }
        } else if let p = pending {
            advance(p)
        }
        var pick = -1
        if heads.count == 1 {
            if heads[0] != nil { pick = 0 }
        } else {
            var best = Int64.max
            for i in heads.indices {
                if let h = heads[i], pick < 0 || h.timestamp < best {
                    pick = i
                    best = h.timestamp
                }
            }
        }
        guard pick >= 0, var record = heads[pick] else {
            pending = nil
            return nil
        }
        packetNumber += 1
        record.packetNumber = packetNumber
        pending = pick
        return record
    }

    /// Loads file `i`'s next record into `heads[i]` (nil at its end).
    @inline(__always)
    private func advance(_ i: Int) {
        switch sources[i].next() {
        case let .record(timestamp, captured, original, bytes):
            frameNumbers[i] += 1
            let matches = filters[i]?.matches(captured: captured, original: original, bytes: bytes) ?? true
            heads[i] = CaptureRecord(timestamp: timestamp, capturedLength: captured, originalLength: original,
                                     bytes: bytes, linkType: linkTypes[i], fileIndex: i,
                                     frameNumber: frameNumbers[i], packetNumber: 0, matchesFilter: matches,
                                     isBadRecord: false)
        case .end:
            heads[i] = nil
            // A file that ended after a bad record stays ended.
            sources[i] = .ended
        case .failure(let message):
            frameNumbers[i] += 1
            warnings.append("\(files[i].path): \(message)")
            // Stamped with the previous record's time so the merge keeps it in place.
            let previous = heads[i]?.timestamp ?? Int64.min
            heads[i] = CaptureRecord(timestamp: previous, capturedLength: 0, originalLength: 0,
                                     bytes: PacketBytes(base: nil, count: 0), linkType: files[i].linkType,
                                     fileIndex: i, frameNumber: frameNumbers[i], packetNumber: 0,
                                     matchesFilter: true, isBadRecord: true)
            sources[i] = .ended
        }
    }
}
