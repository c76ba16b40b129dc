import Capture
import Documents
import InterlockCore

/// Observed traffic from packet captures and flow logs alike: every input becomes the connection
/// records `CaptureFlows` holds, so that the analysis, `check` and `policy diff --capture` judge
/// either without knowing which it was.
///
/// Captures are read by `CaptureFlows.collect` (merged by timestamp); each flow log by its reader.
/// Flow-log connections follow the captures' (if any), ordered by first time, file and record, and
/// are numbered on from them.
public enum TrafficInputs {
    /// Bytes read to recognise a file's format.
    static let probeSize = 4096

    /// Reads `paths`, each in `format` (or the format its content shows).
    ///
    /// - Throws: `InputError` naming the first file that cannot be read (with the line for flow
    ///   logs), or `filter` given with a flow log (BPF filters apply to packets).
    public static func collect(
        paths: [String], format: InputFormat = .automatic, filter: String? = nil,
        configuration: TrackerConfiguration = TrackerConfiguration(), readPath: ReadPath = .automatic,
        threads: Int = 1, progress: ((ReadSummary) -> Void)? = nil
    ) throws -> CaptureFlows {
        let formats = try formats(of: paths, format: format, filter: filter)
        let captures = paths.indices.filter { formats[$0] == .pcap }.map { paths[$0] }
        if captures.count == paths.count {
            return try CaptureFlows.collect(
                paths: paths, filter: filter, configuration: configuration, readPath: readPath, threads: threads,
                progress: progress)
        }
        var flows =
            captures.isEmpty
            ? CaptureFlows(connections: [], summary: ReadSummary(), files: [], warnings: [])
            : try CaptureFlows.collect(
                paths: captures, configuration: configuration, readPath: readPath, threads: threads, progress: progress)
        let logs = try paths.indices.filter { formats[$0] != .pcap }.map {
            try ReadFlowLog(path: paths[$0], format: formats[$0], configuration: configuration)
        }
        append(logs, to: &flows)
        progress?(flows.summary)
        return flows
    }

    /// The format of each of `paths`: `format`, or the one its content shows when automatic.
    ///
    /// - Throws: `InputError` for a file that cannot be probed, or `filter` given with a flow log.
    static func formats(of paths: [String], format: InputFormat, filter: String?) throws -> [InputFormat] {
        let formats = try paths.map { format == .automatic ? try detect($0) : format }
        if let filter, let first = formats.firstIndex(where: { $0 != .pcap }) {
            throw InputError(
                file: paths[first],
                "is a \(formats[first]) flow log: --filter '\(filter)' applies to packet captures only")
        }
        return formats
    }

    /// Appends the connections of `logs` to `flows` (whose captures come first): each log a file,
    /// its warnings and records counted, its connections ordered by first time, file and record and
    /// numbered on from the captures'.
    static func append(_ logs: [ReadFlowLog], to flows: inout CaptureFlows) {
        var logged: [(flow: LoggedFlow, file: Int, format: FlowLogFormatName)] = []
        for log in logs {
            let file = flows.files.count
            flows.files.append(CaptureFileInfo(flowLog: log.path, format: log.format))
            flows.warnings += log.contents.warnings
            flows.summary.flowLogRecords += log.contents.records
            logged += log.contents.flows.map { ($0, file, log.format) }
        }
        logged.sort {
            ($0.flow.firstTimestamp, $0.file, $0.flow.firstRecord) < (
                $1.flow.firstTimestamp, $1.file, $1.flow.firstRecord
            )
        }
        for l in logged {
            flows.connections.append(l.flow.connection(id: flows.connections.count, file: l.file, format: l.format))
            flows.summary.noteTimes(l.flow.firstTimestamp, l.flow.lastTimestamp)
        }
    }

    /// The connections of one flow log in a known format.
    static func read(_ bytes: [UInt8], as format: InputFormat, file: String, configuration: TrackerConfiguration)
        throws(InputError) -> (FlowLogFormatName, FlowLogContents)
    {
        switch format {
        case .hubble:
            return (HubbleReader.format, try HubbleReader.read(bytes, file: file, configuration: configuration))
        case .zeek: return (ZeekTSVReader.format, try ZeekTSVReader.read(bytes, file: file))
        case .zeekJSON: return (ZeekJSONReader.format, try ZeekJSONReader.read(bytes, file: file))
        case .calico: return (CalicoReader.json, try CalicoReader.readJSON(bytes, file: file))
        case .calicoCSV: return (CalicoReader.csv, try CalicoReader.readCSV(bytes, file: file))
        case .ipfix: return (IPFIXReader.format, try IPFIXReader.read(bytes, file: file))
        case .netflow9: return (NetFlowV9Reader.format, try NetFlowV9Reader.read(bytes, file: file))
        case .automatic, .pcap:
            preconditionFailure("captures are read by CaptureFlows")
        }
    }

    /// The format `path`'s first bytes show; standard input, pipes and FIFOs are taken for captures
    /// (they cannot be read twice: name their format with `--input-format`).
    static func detect(_ path: String) throws -> InputFormat {
        guard SourceLoader.isRegularFile(path), let head = FilePrefix.of(path, count: probeSize) else { return .pcap }
        return InputFormat.detect(head)
    }
}
