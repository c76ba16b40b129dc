import ArgumentParser
import Capture
import FlowLogs
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

    @Argument(help: "Capture files (pcap or pcapng), or flow logs (see --input-format).")
    var files: [String]

    @OptionGroup var observed: InputFormatOption

    @Option(help: "BPF filter expression, compiled by libpcap (as tcpdump takes it).")
    var filter: String?

    @Option(help: "Output format.")
    var format: TableFormat = .text

    @Option(name: .shortAndLong, help: "Write the report to this file instead of stdout.")
    var output: String?

    @OptionGroup var tracker: TrackerOptions

    @Flag(help: "Read every file through libpcap's pcap_next_ex (the reference path) instead of the memory map.")
    var libpcap = false

    @OptionGroup var sharding: ShardOptions

    func validate() throws {
        if sharding.partialOutput != nil && output != nil {
            throw ValidationError("give --partial-output or --output: `interlock merge` writes the report of the parts")
        }
    }

    /// The options that shape the connections (not the output's), as `interlock merge` replays them.
    var resultArguments: [String] {
        observed.arguments + tracker.arguments + (filter.map { ["--filter", $0] } ?? [])
            + (libpcap ? ["--libpcap"] : [])
    }

    func run() throws {
        if sharding.partialOutput != nil {
            let part = try CaptureShard.files(of: files, for: sharding.part)
            try sharding.write(command: "capture flows", arguments: resultArguments, inputs: files) { emit in
                try TrafficInputs.writeShard(
                    paths: files, indices: part, format: observed.inputFormat, filter: filter,
                    configuration: tracker.configuration(), readPath: libpcap ? .libpcap : .automatic, emit: emit)
            }
            return
        }
        let configuration = tracker.configuration()
        let progress = ProgressLine("reading")
        let flows = try TrafficInputs.collect(
            paths: files, format: observed.inputFormat, filter: filter, configuration: configuration,
            readPath: libpcap ? .libpcap : .automatic,
            threads: tracker.threadCount,
            progress: { s in progress.update("\(Units.formatCount(Double(s.packetsRead))) packets") })
        progress.finish()
        try report(flows)
    }

    /// Writes the connection table of `flows` as the options ask.
    func report(_ flows: CaptureFlows) throws {
        for warning in flows.warnings { Terminal.printWarning(warning) }
        switch format {
        case .json: try OutputWriter.stream(to: output) { ConnectionReport.json(flows, to: $0) }
        case .csv: try OutputWriter.stream(to: output) { ConnectionReport.csv(flows, to: $0) }
        case .text: try OutputWriter.stream(to: output) { ConnectionReport.text(flows, to: $0) }
        }
    }
}

extension CaptureFlowsCommand: WritesFiles {
    var outputPaths: [String?] { [output, sharding.partialOutput] }
    var inputPaths: [String] { files }
}
