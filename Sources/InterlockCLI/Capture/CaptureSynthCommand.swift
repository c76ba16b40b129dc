import ArgumentParser
import Capture
import CaptureAnalysis
import CaptureSynth
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

            Scenarios:
            \(CaptureScenario.allCases.map { "  \($0.rawValue): \($0.summary)" }.joined(separator: "\n"))
            """
    )

    @OptionGroup var cluster: CaptureClusterOptions

    @Option(help: "The scenario (see above).")
    var scenario: CaptureScenario

    @Option(name: .shortAndLong, help: "The capture to write (pcapng when it ends in .pcapng, else pcap).")
    var output: String

    func run() throws {
        let (input, fabric) = try cluster.load()
        let script = ScenarioBuilder.script(scenario, engine: cluster.engine(input), fabric: fabric)
        try script.write(to: output)
        print("\(output): \(script.frames.count) packets, scenario \(scenario.rawValue)")
    }
}

extension CaptureSynthCommand: WritesFiles {
    var outputPaths: [String?] { [output] }
    var inputPaths: [String] { cluster.inputPaths }
}
