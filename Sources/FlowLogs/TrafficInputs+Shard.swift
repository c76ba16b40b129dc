import Capture
import InterlockCore

/// One shard of observed traffic (`--shard I/N --partial-output F`) and the merge of the shards:
/// captures as `CaptureShard` writes them (records, tracked in the merge), flow logs as the
/// connections their reader made of each file, which the merge appends after the captures' exactly
/// as `collect` does.
extension TrafficInputs {
    /// Reads files `indices` of `paths` (each in `format`, or the format its content shows) and hands
    /// the body of their partial result to `emit`: the captures' sections (`CaptureShard.write`),
    /// then a flow-log section per log, in input order.
    ///
    /// - Throws: `InputError` naming the first file that cannot be read, or `filter` given while any
    ///   of `paths` (of any shard) is a flow log, as one process refuses it.
    public static func writeShard(
        paths: [String], indices: [Int], format: InputFormat, filter: String?, configuration: TrackerConfiguration,
        readPath: ReadPath = .automatic, emit: ([UInt8]) -> Void
    ) throws {
        let formats = try formats(of: paths, format: format, filter: filter)
        let logs = try indices.filter { formats[$0] != .pcap }.map {
            ($0, try ReadFlowLog(path: paths[$0], format: formats[$0], configuration: configuration))
        }
        try CaptureShard.write(
            paths: paths, indices: indices.filter { formats[$0] == .pcap }, filter: filter, readPath: readPath,
            emit: emit)
        for (index, log) in logs { emit(CapturePartial.flowLogSection(index: index, body: log.section)) }
    }

    /// The connections and read summary of every shard's partial result, exactly as `collect` reads
    /// all their inputs in one process.
    ///
    /// - Parameter partials: all the shards of one job (`PartialHeader.checkComplete`).
    /// - Throws: `InputError` as `CaptureFlows.merge` throws it, or for a flow-log section that does
    ///   not follow the format.
    public static func merge(_ partials: [CapturePartial], configuration: TrackerConfiguration) throws -> CaptureFlows {
        var flows = try CaptureFlows.merge(partials, configuration: configuration)
        let inputs = partials[0].header.inputs
        let logs = try partials.flatMap(\.flowLogSections).sorted { $0.index < $1.index }.map { section in
            var body = section.body
            return try ReadFlowLog(path: inputs[section.index], reading: &body)
        }
        append(logs, to: &flows)
        return flows
    }
}
