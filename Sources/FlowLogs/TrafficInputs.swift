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
        var captures: [String] = []
        var logs: [(path: String, format: InputFormat)] = []
        for path in paths {
            let f = format == .automatic ? try detect(path) : format
            if f == .pcap { captures.append(path) } else { logs.append((path, f)) }
        }
        if let first = logs.first, let filter {
            throw InputError(
                file: first.path, "is a \(first.format) flow log: --filter '\(filter)' applies to packet captures only")
        }
        if logs.isEmpty {
            return try CaptureFlows.collect(
                paths: paths, filter: filter, configuration: configuration, readPath: readPath, threads: threads,
                progress: progress)
        }
        var flows =
            captures.isEmpty
            ? CaptureFlows(connections: [], summary: ReadSummary(), files: [], warnings: [])
            : try CaptureFlows.collect(
                paths: captures, configuration: configuration, readPath: readPath, threads: threads, progress: progress)
        var logged: [(flow: LoggedFlow, file: Int, format: FlowLogFormatName)] = []
        for log in logs {
            let binary = log.format == .ipfix || log.format == .netflow9
            let bytes = binary ? try FilePrefix.all(log.path) : try SourceLoader.read(path: log.path)
            let (name, contents) = try read(bytes, as: log.format, file: log.path, configuration: configuration)
            let file = flows.files.count
            flows.files.append(CaptureFileInfo(flowLog: log.path, format: name))
            flows.warnings += contents.warnings
            flows.summary.flowLogRecords += contents.records
            logged += contents.flows.map { ($0, file, name) }
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
        progress?(flows.summary)
        return flows
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

    /// Throws for the first of `paths` that is a flow log (by `format`, or by content when automatic):
    /// what `--shard` splits and `interlock merge` joins are packet records.
    ///
    /// - Throws: `InputError` naming the flow log.
    public static func requireCaptures(_ paths: [String], format: InputFormat) throws {
        for path in paths {
            let f = format == .automatic ? try detect(path) : format
            guard f == .pcap else {
                throw InputError(
                    file: path,
                    "a \(f.rawValue) flow log: --shard splits packet captures only; read flow logs in one process")
            }
        }
    }

    /// The format `path`'s first bytes show; standard input, pipes and FIFOs are taken for captures
    /// (they cannot be read twice: name their format with `--input-format`).
    static func detect(_ path: String) throws -> InputFormat {
        guard SourceLoader.isRegularFile(path), let head = FilePrefix.of(path, count: probeSize) else { return .pcap }
        return InputFormat.detect(head)
    }
}
