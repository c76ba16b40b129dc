import Capture
import Findings
import InterlockCore

/// The report of `capture analyze`: the findings (through `FindingsReport`'s renderers) with what
/// was read, how it was judged, and where the violating packets were written.
public struct AnalysisReport: Sendable {
    /// The findings, with the run's figures (capture, judged, policy verdicts, mirrors, files written)
    /// and warnings.
    public var findings: FindingsReport
    /// What the scan read and tracked.
    public var flows: CaptureFlows
    /// What the analysis found.
    public var analysis: CaptureAnalysis
    /// Files `--write-violations` wrote and the packets in each.
    public var written: [(path: String, packets: Int)]
    /// `--plane` as given, or `nil` when inferred.
    public var vantage: String?

    /// Builds the findings report: `analysis`' findings, figures from `flows` and `analysis`, and
    /// `warnings` (the caller's, e.g. the inputs' and the analysis' own).
    public init(
        flows: CaptureFlows, analysis: CaptureAnalysis, written: [(path: String, packets: Int)] = [],
        vantage: String? = nil, warnings: [String] = []
    ) {
        self.flows = flows
        self.analysis = analysis
        self.written = written
        self.vantage = vantage
        let s = flows.summary
        let st = analysis.statistics
        var read: [String] = []
        if flows.files.contains(where: { $0.flowLogFormat != nil }) {
            read.append("\(s.flowLogRecords) flow-log records read")
        }
        if flows.files.contains(where: { $0.flowLogFormat == nil }) {
            read.append(
                "\(s.packetsRead) packets read (\(s.decoded) decoded, \(s.filtered) filtered, \(s.undecodableTotal) undecodable)"
            )
        }
        var figures: [(name: String, value: String)] = [
            ("capture", (read + ["\(flows.connections.count) connections"]).joined(separator: ", ")),
            (
                "judged",
                AnalysisReport.count(st.judged, "connection")
                    + (st.planes.isEmpty
                        ? "" : " (" + st.planes.map { "\($0.plane) \($0.connections)" }.joined(separator: ", ") + ")")
                    + (vantage.map { ", plane given: \($0)" } ?? ", planes inferred from the address plan")
            ),
            (
                "policy verdicts",
                "\(st.policyAllowed) allowed, \(st.policyDenied) denied"
                    + (st.serviceConnections > 0
                        ? "; \(AnalysisReport.count(st.serviceConnections, "connection")) to Services judged against their backends"
                        : "")
            ),
        ]
        if st.mirrorCarriers > 0 {
            figures.append(("mirrors", "\(st.mirrorCarriers) ERSPAN sessions carried mirrored traffic (judged inside)"))
        }
        for w in written { figures.append(("violations written", "\(w.path) (\(w.packets) packets)")) }
        findings = FindingsReport(findings: analysis.findings, warnings: warnings, figures: figures)
    }

    /// Writes the findings report as text to `out`, listing at most `limit` findings (`nil`: all).
    public func write(text out: ByteWriter, limit: Int? = nil) { findings.writeText(limit: limit, to: out) }

    /// `1 connection`, `2 connections`.
    static func count(_ n: Int, _ noun: String) -> String { "\(n) \(noun)\(n == 1 ? "" : "s")" }

    /// Writes the report as JSON to `out`: `{"summary", "findings", "warnings"}` as `FindingsReport`
    /// writes them, plus `capture` (the read summary of `capture flows`), `analysis` (counts) and
    /// `violations` (files written); pretty, one finding a record.
    public func write(json out: ByteWriter) {
        let st = analysis.statistics
        out.objectStart()
        findings.writeJSONMembers(to: out)
        out.key("capture")
        out.json(ConnectionReport.json(flows.summary, files: flows.files, warnings: flows.warnings))
        out.key("analysis")
        out.json(
            .object([
                ("connections", .int(flows.connections.count)),
                ("judged", .int(st.judged)),
                ("plane", vantage.map { .string($0) } ?? .null),
                ("planes", .object(st.planes.map { ($0.plane, .int($0.connections)) })),
                ("policyAllowed", .int(st.policyAllowed)),
                ("policyDenied", .int(st.policyDenied)),
                ("serviceConnections", .int(st.serviceConnections)),
                ("mirrorCarriers", .int(st.mirrorCarriers)),
                ("violatingConnections", .array(analysis.violatingConnections.sorted().map { .int($0) })),
            ]))
        out.key("violations")
        out.json(.array(written.map { .object([("path", .string($0.path)), ("packets", .int($0.packets))]) }))
        out.objectEnd()
        out.write(byte: UInt8(ascii: "\n"))
    }
}
