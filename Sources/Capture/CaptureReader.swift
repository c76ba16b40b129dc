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

    /// Each file's reader: exactly one of `mapped[i]` and `handles[i]` is set until the file ends.
    /// They are unretained views of the objects `owners` keeps alive, so the per-packet call
    /// costs no reference counting.
    @exclusivity(unchecked) private var mapped: [Unmanaged<MappedPcapFile>?]
    @exclusivity(unchecked) private var handles: [Unmanaged<LibpcapHandle>?]
    @exclusivity(unchecked) private var owners: [AnyObject?]
    private let filters: [Unmanaged<PacketFilter>?]
    private let filterOwners: [PacketFilter?]
    private let linkTypes: [LinkType]
    @exclusivity(unchecked) private var heads: [CaptureRecord?]
    @exclusivity(unchecked) private var frameNumbers: [Int]
    @exclusivity(unchecked) private var packetNumber = 0
    /// The file whose head was handed out last and must advance before the next pick.
    @exclusivity(unchecked) private var pending: Int? = nil
    @exclusivity(unchecked) private var started = false
    /// The one mapped file while it yields records, read without the merge (`next`'s fast path);
    /// nil with several files, on the libpcap path, and from the first record that is not one.
    @exclusivity(unchecked) private var solo: Unmanaged<MappedPcapFile>?
    /// The fast path's frame count and last timestamp (handed to the merge when it ends).
    @exclusivity(unchecked) private var soloFrames = 0
    @exclusivity(unchecked) private var soloLastTimestamp = Int64.min

    /// The one memory-mapped file while the reader yields its records straight from the map, or
    /// `nil`. Holding it keeps the records' bytes valid after the reader moves on.
    var soloMapping: MappedPcapFile? { solo?.takeUnretainedValue() }
    /// What the reader was opened with, for `reopened`.
    private let opening: (paths: [String], filter: String?, path: ReadPath)

    /// Opens `paths`; throws `InputError` naming the first file that cannot be read or for which
    /// `filter` does not compile.
    public init(paths: [String], filter: String? = nil, path readPath: ReadPath = .automatic) throws {
        var mappedFiles: [Unmanaged<MappedPcapFile>?] = []
        var handles: [Unmanaged<LibpcapHandle>?] = []
        var owners: [AnyObject?] = []
        var infos: [CaptureFileInfo] = []
        var filters: [PacketFilter?] = []
        for path in paths {
            let handle = try LibpcapHandle(path: path)
            let pcapng = handle.isPcapNG
            let mapped: MappedPcapFile? = readPath == .automatic && !pcapng ? MappedPcapFile.open(path: path) : nil
            let useMap =
                mapped.map { $0.linkType == handle.linkType && $0.snapshotLength == handle.snapshotLength } ?? false
            if useMap, let m = mapped {
                owners.append(m)
                mappedFiles.append(Unmanaged.passUnretained(m))
                handles.append(nil)
            } else {
                owners.append(handle)
                mappedFiles.append(nil)
                handles.append(Unmanaged.passUnretained(handle))
            }
            let info = CaptureFileInfo(
                path: path, linkType: handle.linkType, snapshotLength: handle.snapshotLength,
                format: pcapng ? "pcapng" : "pcap", mapped: useMap)
            infos.append(info)
            filters.append(
                try filter.map {
                    try PacketFilter(
                        expression: $0, linkType: info.linkType, snapshotLength: info.snapshotLength, file: path)
                })
        }
        self.mapped = mappedFiles
        self.handles = handles
        self.owners = owners
        self.files = infos
        filterOwners = filters
        self.filters = filters.map { $0.map { Unmanaged.passUnretained($0) } }
        linkTypes = infos.map(\.linkType)
        heads = Array(repeating: nil, count: infos.count)
        frameNumbers = Array(repeating: 0, count: infos.count)
        solo = mappedFiles.count == 1 ? mappedFiles[0] : nil
        opening = (paths, filter, readPath)
    }

    /// A second reader of the same files from their start (its own maps, libpcap handles and filters),
    /// yielding the same records: for another thread.
    ///
    /// - Throws: `InputError` when a file can no longer be opened.
    func reopened() throws -> CaptureReader {
        try CaptureReader(paths: opening.paths, filter: opening.filter, path: opening.path)
    }

    /// The next record in timestamp order, or `nil` when every file is exhausted.
    @inline(__always)
    public func next() -> CaptureRecord? {
        if let m = solo {
            let raw = m._withUnsafeGuaranteedRef { $0.next() }
            if case .record(let timestamp, let captured, let original, let bytes) = raw {
                soloFrames &+= 1
                packetNumber &+= 1
                soloLastTimestamp = timestamp
                return CaptureRecord(
                    timestamp: timestamp, capturedLength: captured, originalLength: original,
                    bytes: bytes, linkType: linkTypes[0], fileIndex: 0, frameNumber: soloFrames,
                    packetNumber: packetNumber, matchesFilter: matches(0, captured, original, bytes),
                    isBadRecord: false)
            }
            return leaveSolo(raw)
        }
        return nextMerged()
    }

    /// Hands the single file's end or failure, `raw`, to the merge, which goes on from there.
    @inline(never)
    private func leaveSolo(_ raw: RawRecord) -> CaptureRecord? {
        solo = nil
        started = true
        frameNumbers[0] = soloFrames
        accept(raw, 0, previousTimestamp: soloFrames > 0 ? soloLastTimestamp : Int64.min)
        pending = nil
        return pick()
    }

    /// `next` over several files (or libpcap): advance the file picked last, then pick the earliest head.
    @inline(never)
    private func nextMerged() -> CaptureRecord? {
        if !started {
            started = true
            for i in heads.indices { advance(i) }
        } else if let p = pending {
            advance(p)
        }
        return pick()
    }

    /// Hands out the earliest head (the first file's on a tie) and marks its file to advance.
    @inline(__always)
    private func pick() -> CaptureRecord? {
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

    /// Releases file `i`'s reader: it has no more records.
    private func end(_ i: Int) {
        mapped[i] = nil
        handles[i] = nil
        owners[i] = nil
    }

    /// Whether a record of file `i` passes its filter (true without one).
    @inline(__always)
    private func matches(_ i: Int, _ captured: Int, _ original: Int, _ bytes: PacketBytes) -> Bool {
        filters[i]?._withUnsafeGuaranteedRef { $0.matches(captured: captured, original: original, bytes: bytes) }
            ?? true
    }

    /// Loads file `i`'s next record into `heads[i]` (nil at its end).
    @inline(__always)
    private func advance(_ i: Int) {
        let raw: RawRecord
        if let m = mapped[i] {
            raw = m._withUnsafeGuaranteedRef { $0.next() }
        } else if let h = handles[i] {
            raw = h._withUnsafeGuaranteedRef { $0.next() }
        } else {
            raw = .end
        }
        accept(raw, i, previousTimestamp: heads[i]?.timestamp ?? Int64.min)
    }

    /// Makes `raw`, just read from file `i`, its head; `previousTimestamp` is the time of the file's
    /// record before it (`Int64.min` if none), given to a bad record so the merge keeps it in place.
    @inline(__always)
    private func accept(_ raw: RawRecord, _ i: Int, previousTimestamp: Int64) {
        switch raw {
        case .record(let timestamp, let captured, let original, let bytes):
            frameNumbers[i] += 1
            heads[i] = CaptureRecord(
                timestamp: timestamp, capturedLength: captured, originalLength: original,
                bytes: bytes, linkType: linkTypes[i], fileIndex: i,
                frameNumber: frameNumbers[i], packetNumber: 0,
                matchesFilter: matches(i, captured, original, bytes), isBadRecord: false)
        case .end:
            heads[i] = nil
            end(i)
        case .failure(let message):
            frameNumbers[i] += 1
            warnings.append("\(files[i].path): \(message)")
            heads[i] = CaptureRecord(
                timestamp: previousTimestamp, capturedLength: 0, originalLength: 0,
                bytes: PacketBytes(base: nil, count: 0), linkType: files[i].linkType,
                fileIndex: i, frameNumber: frameNumbers[i], packetNumber: 0,
                matchesFilter: true, isBadRecord: true)
            // A file that ended at a bad record stays ended.
            end(i)
        }
    }
}
