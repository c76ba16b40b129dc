import InterlockCore

extension CaptureFlows {
    /// The connections and read summary of every shard's partial result, exactly as reading all
    /// their files in one process gives them: the records of the files are interleaved by timestamp
    /// (ties to the file given first, as `CaptureReader` does), numbered, and tracked in that order, so
    /// that a connection whose packets lie in several files (rotated captures) is one connection, cut
    /// only by the protocol's idle timeout or a close as in one process.
    ///
    /// Inputs that are flow logs (`flowLogSections`) are left out: the captures are numbered among
    /// themselves, in the order given, as `TrafficInputs.collect` reads them before the logs.
    ///
    /// - Parameter partials: all the shards of one job (`PartialHeader.checkComplete`).
    /// - Throws: `InputError` when no partial covers an input, two cover the same one, or a record
    ///   does not follow the format.
    public static func merge(_ partials: [CapturePartial], configuration: TrackerConfiguration) throws -> CaptureFlows {
        guard let inputs = partials.first?.header.inputs else { throw InputError("no partial results given") }
        var infos = [CaptureFileInfo?](repeating: nil, count: inputs.count)
        var cursors = [BinaryReader?](repeating: nil, count: inputs.count)
        var covered = [Bool](repeating: false, count: inputs.count)
        for index in partials.flatMap({ $0.sections.map(\.index) + $0.flowLogSections.map(\.index) }) {
            guard !covered[index] else { throw InputError(file: inputs[index], "is in more than one partial result") }
            covered[index] = true
        }
        if let missing = covered.firstIndex(of: false) {
            throw InputError(file: inputs[missing], "is in no partial result")
        }
        for section in partials.flatMap(\.sections) {
            infos[section.index] = section.info
            cursors[section.index] = section.records
        }
        let captures = inputs.indices.filter { infos[$0] != nil }
        if captures.isEmpty { return CaptureFlows(connections: [], summary: ReadSummary(), files: [], warnings: []) }
        var replay = Replay(files: captures.map { infos[$0]! }, cursors: captures.map { cursors[$0]! })
        let tracker = ConnectionTracker(configuration: configuration)
        var summary = ReadSummary()
        try replay.track(tracker, summary: &summary)
        var connections = tracker.connections
        RoCEPairing.pair(&connections)
        return CaptureFlows(
            connections: connections, summary: summary, files: replay.files, warnings: replay.warnings)
    }
}

/// The records of every file's section, read in the order `CaptureReader` reads the files and
/// counted as `CaptureScan` counts them.
private struct Replay {
    let files: [CaptureFileInfo]
    var cursors: [BinaryReader]
    var heads: [PartialRecord?]
    var frames: [Int]
    var warnings: [String] = []

    init(files: [CaptureFileInfo], cursors: [BinaryReader]) {
        self.files = files
        self.cursors = cursors
        heads = Array(repeating: nil, count: files.count)
        frames = Array(repeating: 0, count: files.count)
    }

    /// Tracks every record in `tracker`, counting it in `summary`.
    mutating func track(_ tracker: ConnectionTracker, summary: inout ReadSummary) throws {
        for i in files.indices { try advance(i) }
        var packetNumber = 0
        var earliest = Int64.max
        var latest = Int64.min
        while let pick = next() {
            let head = heads[pick]!
            packetNumber += 1
            frames[pick] += 1
            let record = CaptureRecord(
                timestamp: head.timestamp, capturedLength: 0, originalLength: head.originalLength,
                bytes: PacketBytes(base: nil, count: 0), linkType: files[pick].linkType, fileIndex: pick,
                frameNumber: frames[pick], packetNumber: packetNumber, matchesFilter: head.kind != .filtered,
                isBadRecord: head.kind == .bad)
            CaptureScan.countRead(record, in: &summary, earliest: &earliest, latest: &latest)
            switch head.kind {
            case .bad: summary.countUndecodable(.badRecord)
            case .filtered: summary.filtered &+= 1
            case .undecodable: summary.countUndecodable(head.reason)
            case .decoded, .end:
                if tracker.track(head.packet, record) != nil { CaptureScan.countDecoded(head.packet, in: &summary) }
                if tracker.hasFragmentOutcomes { CaptureScan.countFragmentOutcomes(tracker, in: &summary) }
            }
            try advance(pick)
        }
        tracker.finishFragments()
        CaptureScan.countFragmentOutcomes(tracker, in: &summary)
        summary.noteTimes(earliest, latest)
    }

    /// The file whose head is earliest (the first such file on a tie), or `nil` when all have ended.
    private func next() -> Int? {
        var pick: Int? = nil
        for i in heads.indices {
            if let h = heads[i], pick.map({ h.timestamp < heads[$0]!.timestamp }) ?? true { pick = i }
        }
        return pick
    }

    /// Reads file `i`'s next record into its head; an unreadable record takes the timestamp of the
    /// one before it, and its warning is noted when it is read, as `CaptureReader` notes it.
    private mutating func advance(_ i: Int) throws {
        let previous = heads[i]?.timestamp ?? .min
        heads[i] = try cursors[i].record()
        if heads[i]?.kind == .bad {
            heads[i]!.timestamp = previous
            warnings.append(heads[i]!.warning)
        }
    }
}
