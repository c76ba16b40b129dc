import ArgumentParser
import Foundation
import Traffic

/// `--format` of `traffic export`.
extension ExportFormat: ExpressibleByArgument {}

/// `interlock traffic export`: a collective's flows as a packet-level simulator's input.
struct TrafficExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write a collective's flows (and the fabric) as input for the htsim or ns-3 packet simulators.",
        discussion: """
            htsim: one connection matrix (`Nodes`, `Connections`, one `src->dst id N start 0 size BYTES` \
            line per flow), to -o or standard output. ns3: HPCC's topology.txt (nodes, switches, links \
            with rate and delay) and flow.txt (`src dst 3 dport BYTES 0` per flow), into the directory -o. \
            Nodes are the plane's endpoints leaf by leaf, then its switches. Bytes inside nodes (NVLink) \
            are not exported.

            Exit status: 0 written, 2 bad input.
            """)

    @OptionGroup var placed: PlacedCollectiveArguments

    @OptionGroup var pattern: PatternArguments

    @Option(help: "htsim (connection matrix) or ns3 (HPCC topology.txt and flow.txt).")
    var format: ExportFormat

    @Option(name: [.short, .long], help: "htsim: the file (default standard output); ns3: the directory to write to.")
    var output: String?

    @Option(help: ArgumentHelp("ns3: the delay of every link.", valueName: "delay"))
    var delay = "0.001ms"

    func validate() throws {
        guard format == .htsim || output != nil else {
            throw ValidationError("--format ns3 writes two files: give the directory with -o")
        }
    }

    func run() throws {
        let (fabric, placement) = try placed.place()
        let export = try FlowMatrixExport(fabric: fabric, placement: placement, collective: pattern.options(placed))
        switch format {
        case .htsim:
            let out = try OutputWriter(path: output)
            out.write(try export.htsim())
            try out.commit()
        case .ns3:
            let directory = output!
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            let flows = try export.ns3Flows()
            let topology = try OutputWriter(path: directory + "/topology.txt")
            topology.write(export.ns3Topology(delay: delay))
            let flowFile = try OutputWriter(path: directory + "/flow.txt")
            flowFile.write(flows)
            try topology.commit()
            try flowFile.commit()
        }
    }
}

extension TrafficExportCommand: WritesFiles {
    var outputPaths: [String?] {
        format == .ns3 ? [output.map { $0 + "/topology.txt" }, output.map { $0 + "/flow.txt" }] : [output ?? "-"]
    }
    var inputPaths: [String] { placed.inputPaths }
}
