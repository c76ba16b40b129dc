import ArgumentParser
import Capture
import CaptureAnalysis
import CaptureSynth
import FlowLogs
import Foundation
import InterlockCore

/// `interlock capture synth --cluster PATH --scenario NAME -o OUT.pcap`: a realistic capture of a
/// named scenario, from the cluster's inventory and the fabric's addresses.
struct CaptureSynthCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "synth",
        abstract: "Write a realistic capture of a named scenario from a cluster's inventory and fabric.",
        discussion: """
            TCP sessions with handshake and teardown, UDP exchanges, RoCEv2 RDMA writes with queue \
            pairs, PSNs and acknowledges, and pod traffic in VXLAN between the nodes, all between the \
            cluster's own pods, Services, nodes and fabric addresses. What is allowed or denied is what \
            the compiled policy engine says. The same inputs give the same file, byte for byte.

            --format hubble, zeek or ipfix writes the capture's connections instead, as Hubble flows \
            (JSON lines), a Zeek conn.log (TSV) or IPFIX messages, which capture analyze and check read back.

            Scenarios:
            \(CaptureScenario.allCases.map { "  \($0.rawValue): \($0.summary)" }.joined(separator: "\n"))
            """
    )

    @OptionGroup var cluster: CaptureClusterOptions

    @Option(help: "The scenario (see above).")
    var scenario: CaptureScenario

    @Option(name: .shortAndLong, help: "The capture to write (pcapng when it ends in .pcapng, else pcap).")
    var output: String

    @Option(
        help:
            "What to write: pcap (a packet capture), hubble (Hubble flows), zeek (a Zeek conn.log), ipfix (IPFIX messages)."
    )
    var format: SynthFormat = .pcap

    func run() throws {
        let (input, fabric) = try cluster.load()
        let script = ScenarioBuilder.script(scenario, engine: cluster.engine(input), fabric: fabric)
        guard format != .pcap else {
            try script.write(to: output)
            print("\(output): \(script.frames.count) packets, scenario \(scenario.rawValue)")
            return
        }
        // The log of the capture's connections, as the tracker counts them.
        let capture = NSTemporaryDirectory() + "interlock-synth-\(getpid())-\(UUID().uuidString).pcap"
        defer { try? FileManager.default.removeItem(atPath: capture) }
        try script.write(to: capture)
        let connections = try CaptureFlows.collect(paths: [capture]).connections
        var skipped = 0
        if format == .ipfix {
            try OutputWriter.emit(bytes: IPFIXWriter.messages(connections), to: output)
        } else {
            let text: String
            (text, skipped) = format == .hubble ? HubbleWriter.lines(connections) : ZeekWriter.log(connections)
            try OutputWriter.emit(text, to: output)
        }
        let left = skipped > 0 ? " (\(skipped) of other protocols left out)" : ""
        print(
            "\(output): \(connections.count - skipped) connections as \(format) flows\(left), scenario \(scenario.rawValue)"
        )
    }
}

extension CaptureSynthCommand: WritesFiles {
    var outputPaths: [String?] { [output] }
    var inputPaths: [String] { cluster.inputPaths }
}

/// What `capture synth` writes.
enum SynthFormat: String, FormatArgument {
    case pcap, hubble, zeek, ipfix
}
