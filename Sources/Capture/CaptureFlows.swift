/// The connections of one or more capture files and the read summary: what `capture flows` prints
/// and what the policy analysis judges.
public struct CaptureFlows: Sendable {
    /// By id (order of first packet).
    public var connections: [Connection]
    /// Every packet read, accounted for.
    public var summary: ReadSummary
    /// The input files as opened, in the order given.
    public var files: [CaptureFileInfo]
    /// One line per file whose end was unreadable.
    public var warnings: [String]

    /// Connections read elsewhere (flow logs), with their summary, files and warnings.
    public init(connections: [Connection], summary: ReadSummary, files: [CaptureFileInfo], warnings: [String]) {
        self.connections = connections
        self.summary = summary
        self.files = files
        self.warnings = warnings
    }

    /// Reads `paths` (merged by timestamp), keeping the packets that pass `filter`.
    ///
    /// With `threads` above 1, a single memory-mapped classic pcap file is tracked on that many
    /// cores (`ParallelScan`), with the same result as one thread; other inputs are read on one.
    ///
    /// - Throws: `InputError` naming the first file that cannot be read, or the filter that does not
    ///   compile.
    public static func collect(
        paths: [String], filter: String? = nil,
        configuration: TrackerConfiguration = TrackerConfiguration(),
        readPath: ReadPath = .automatic,
        threads: Int = 1,
        progress: ((ReadSummary) -> Void)? = nil
    ) throws -> CaptureFlows {
        var reader = try CaptureReader(paths: paths, filter: filter, path: readPath)
        if threads > 1 && reader.soloMapping != nil {
            var summary = ReadSummary()
            if var connections = ParallelScan.count(
                reader: reader, configuration: configuration, threads: threads, summary: &summary,
                progress: progress)
            {
                RoCEPairing.pair(&connections)
                return CaptureFlows(
                    connections: connections, summary: summary, files: reader.files, warnings: reader.warnings)
            }
            // The split might differ from one thread's: read the file again on one.
            reader = try CaptureReader(paths: paths, filter: filter, path: readPath)
        }
        let tracker = ConnectionTracker(configuration: configuration)
        var summary = ReadSummary()
        CaptureScan.count(reader: reader, tracker: tracker, summary: &summary, progress: progress)
        var connections = tracker.connections
        RoCEPairing.pair(&connections)
        return CaptureFlows(connections: connections, summary: summary, files: reader.files, warnings: reader.warnings)
    }
}
