import Capture
import Documents
import InterlockCore

/// One flow log read whole: its path, its format and the connections its reader made of it, as
/// `TrafficInputs` appends them to the captures' (in one process, or in the merge of a sharded run,
/// which reads them back from the partial results).
struct ReadFlowLog {
    var path: String
    var format: FlowLogFormatName
    var contents: FlowLogContents

    /// Reads the log at `path` in `format` (a flow-log format, not `automatic` or `pcap`).
    ///
    /// - Throws: `InputError` at the file (and line) that cannot be read.
    init(path: String, format: InputFormat, configuration: TrackerConfiguration) throws {
        let binary = format == .ipfix || format == .netflow9
        let bytes = binary ? try FilePrefix.all(path) : try SourceLoader.read(path: path)
        self.path = path
        (self.format, contents) = try TrafficInputs.read(bytes, as: format, file: path, configuration: configuration)
    }

    /// The log at `path` as `body` (a flow-log section of a partial result) holds it.
    ///
    /// - Throws: `InputError` when the section does not follow the format.
    init(path: String, reading body: inout BinaryReader) throws {
        self.path = path
        let name = try body.string()
        format = FlowLogFormatName(name, text: try body.u8() != 0)
        contents = FlowLogContents()
        contents.records = Int(try body.u64())
        for _ in 0..<(try body.u32()) { contents.warnings.append(try body.string()) }
        for _ in 0..<(try body.u64()) { contents.flows.append(try body.loggedFlow()) }
    }

    /// The body of its flow-log section: the format's name and whether it is text, the records read
    /// (`u64`), the warnings (`u32` count, strings), then the connections (`u64` count, each a
    /// `LoggedFlow`) in the order the reader made them.
    var section: [UInt8] {
        var out = BinaryWriter()
        out.string(format.rawValue)
        out.u8(format.isText ? 1 : 0)
        out.u64(UInt64(contents.records))
        out.u32(UInt32(contents.warnings.count))
        for warning in contents.warnings { out.string(warning) }
        out.u64(UInt64(contents.flows.count))
        for flow in contents.flows { out.loggedFlow(flow) }
        return out.bytes
    }
}
