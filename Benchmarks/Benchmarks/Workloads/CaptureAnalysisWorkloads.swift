import Capture
import CaptureAnalysis
import CaptureSynth
import Foundation
import InterlockCore
import Policy
import PolicyEngine

/// `capture analyze` end to end (read, decode, track, judge every connection) against `capture
/// flows` (no judging) on the same file: the ratio is what judging costs.
public enum CaptureAnalysisWorkloads {
    /// A classic pcap of `packets` 64-byte frames over `flows` flows (TCP 443 and UDP 5791/5792 from
    /// distinct source ports, as `SampleCaptures.minimumFrames` builds them) between `pairs` random
    /// pairs of pod IPs of `input`: clients open many connections to the same servers, so findings
    /// merge; with `pairs == flows` nearly every connection is a finding of its own (the worst case).
    public static func clusterCapture(_ input: PolicyInput, packets: Int, flows: Int, pairs: Int, seed: UInt64 = 11)
        -> String
    {
        let path =
            NSTemporaryDirectory()
            + "interlock-bench-analyze-\(packets)x64-\(flows)-\(pairs)pairs-\(input.inventory.pods.count)pods.pcap"
        if !FileManager.default.fileExists(atPath: path) {
            var random = SeededGenerator(seed: seed)
            let ips = input.inventory.pods.compactMap { $0.ips.first { $0.version == 4 } }
            let ends = (0..<pairs).map { _ in (ips.randomElement(using: &random)!, ips.randomElement(using: &random)!) }
            try! SampleCaptures.writeMinimumFrameCapture(
                path: path, packets: packets, flows: flows,
                addresses: { ends[$0 % pairs] })
        }
        return path
    }

    /// Reading, tracking and judging `path` against `engine` (compiled once, outside the timing).
    public static func analyze(_ path: String, engine: CompiledEngine) -> Workload {
        Workload(name: "capture analyze", unit: "pkt") {
            let flows = try! CaptureFlows.collect(paths: [path])
            let analysis = try! CaptureAnalyzer(engine: engine, fabric: nil).analyze(flows)
            blackHole(analysis.findings.count)
            return flows.summary.packetsRead
        }
    }

    /// The judging alone, over connections read beforehand: items are connections.
    public static func judge(_ flows: CaptureFlows, engine: CompiledEngine) -> Workload {
        Workload(name: "judge connections", unit: "conn") {
            let analysis = try! CaptureAnalyzer(engine: engine, fabric: nil).analyze(flows)
            blackHole(analysis.findings.count)
            return flows.connections.count
        }
    }

    /// 2M 64-byte frames over 64k flows between the pods of a synthetic cluster (2,000 pods, 300
    /// policies, 4 admin policies, nearly everything denied): over 1,024 pod pairs (findings merge,
    /// as in real traffic), end to end and judging alone; and judging alone when every flow is
    /// between a pair of its own (every connection a finding: explanations and findings dominate).
    public static func comparisons(packets: Int = 2_000_000, flows: Int = 65_536) -> [Comparison] {
        let input = PolicyEngineWorkloads.cluster(namespaces: 20, pods: 2_000, policies: 300, adminPolicies: 4)
        let engine = CompiledEngine(inventory: input.inventory, policies: input.policies)
        var out: [Comparison] = []
        for pairs in [1_024, flows] {
            let path = clusterCapture(input, packets: packets, flows: flows, pairs: pairs)
            let title = "capture analyze (\(packets / 1_000_000)M × 64 B, \(flows / 1024)k flows, \(pairs) pod pairs)"
            if pairs < flows {
                out.append(
                    Comparison(
                        title: title, subject: analyze(path, engine: engine), baseline: CaptureWorkloads.flows(path)))
                out.append(
                    Comparison(
                        title: title, subject: analyze(path, engine: engine),
                        baseline: CaptureFloorWorkload.workload(path)))
            }
            let collected = try! CaptureFlows.collect(paths: [path])
            out.append(
                Comparison(
                    title: title, subject: judge(collected, engine: engine), baseline: CaptureWorkloads.flows(path)))
        }
        return out
    }
}
