import ArgumentParser
import Capture
import InterlockCore

/// `interlock capture flows FILE...`: the connection table of one or more captures, with no policy.
struct CaptureFlowsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "flows",
        abstract: "List the connections in packet captures, with the read summary.",
        discussion: """
            Files are merged by timestamp. Connections are keyed by VLAN, tunnel, five-tuple and, for \
            RoCEv2, destination QP; bytes are whole frames, as tshark counts them. Every packet read is \
            decoded, filtered out, or counted as undecodable under a named reason.
            """
    )

    @Argument(help: "Capture files (pcap or pcapng).")
    var files: [String]

    @Option(help: "BPF filter expression, compiled by libpcap (as tcpdump takes it).")
    var filter: String?

    @Option(help: "Output format: text, json or csv.")
    var format: OutputFormat = .text

    @Option(name: .shortAndLong, help: "Write the report to this file instead of stdout.")
    var output: String?

    @Option(help: "Idle time after which a UDP key starts a new connection (e.g. 120s, 2m).")
    var udpTimeout: String = "120s"

    @Option(help: "Idle time after which an ICMP, SCTP, GRE or other key starts a new connection.")
    var otherTimeout: String = "60s"

    @Option(help: "Idle time after which a TCP key starts a new connection (default: only after a close).")
    var tcpTimeout: String?

    @Flag(help: "Read every file through libpcap's pcap_next_ex (the reference path) instead of the memory map.")
    var libpcap = false

    func validate() throws {
        try format.validate([.text, .json, .csv])
    }

    func run() throws {
        var configuration = TrackerConfiguration()
        configuration.udpIdleTimeout = try duration(udpTimeout, "--udp-timeout")
        configuration.otherIdleTimeout = try duration(otherTimeout, "--other-timeout")
        configuration.tcpIdleTimeout = try tcpTimeout.map { try duration($0, "--tcp-timeout") }
        let progress = ProgressLine("reading")
        let flows = try CaptureFlows.collect(
            paths: files, filter: filter, configuration: configuration, readPath: libpcap ? .libpcap : .automatic,
            progress: { s in progress.update("\(Units.formatCount(Double(s.packetsRead))) packets") })
        progress.finish()
        for warning in flows.warnings { Terminal.printWarning(warning) }
        let report: String
        switch format {
        case .json: report = ConnectionReport.json(flows).serialized()
        case .csv: report = ConnectionReport.csv(flows)
        default: report = ConnectionReport.text(flows)
        }
        try OutputWriter.emit(report, to: output)
    }

    private func duration(_ text: String, _ flag: String) throws -> Int64 {
        guard let seconds = Units.parseDuration(text) else {
            throw ValidationError("\(flag) must be a duration such as 30s, 2m or 500ms (got \(text))")
        }
        return Int64(seconds * 1e9)
    }
}
