import Capture
import CaptureAnalysis
import Foundation
import InterlockCore
import Policy
import Reachability

/// `capture analyze` end to end (read, decode, track, judge every connection) against `capture
/// flows` (no judging) on the same file: the ratio is what judging costs.
public enum CaptureAnalysisWorkloads {
    /// A classic pcap of `packets` 64-byte frames over `flows` flows whose ends are random pod IPs
    /// of `input` (TCP 443 and UDP 5791/5792, as `SampleCaptures.minimumFrames` builds them).
    public static func clusterCapture(_ input: PolicyInput, packets: Int, flows: Int, seed: UInt64 = 11) -> String {
        let path = NSTemporaryDirectory() + "interlock-bench-analyze-\(packets)x64-\(flows)-\(input.inventory.pods.count)pods.pcap"
        if !FileManager.default.fileExists(atPath: path) {
            var random = SeededGenerator(seed: seed)
            let ips = input.inventory.pods.compactMap { $0.ips.first { $0.version == 4 } }
            let pairs = (0..<flows).map { _ in (ips.randomElement(using: &random)!, ips.randomElement(using: &random)!) }
            try! SampleCaptures.writeMinimumFrameCapture(path: path, packets: packets, flows: flows, addresses: { pairs[$0] })
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
    /// policies, 4 admin policies).
    public static func comparisons(packets: Int = 2_000_000, flows: Int = 65_536) -> [Comparison] {
        let input = PolicyEngineWorkloads.cluster(namespaces: 20, pods: 2_000, policies: 300, adminPolicies: 4)
        let engine = CompiledEngine(inventory: input.inventory, policies: input.policies)
        let path = clusterCapture(input, packets: packets, flows: flows)
        let title = "capture analyze (\(packets / 1_000_000)M × 64 B, \(flows / 1024)k flows, \(input.inventory.pods.count) pods)"
        let collected = try! CaptureFlows.collect(paths: [path])
        return [
            Comparison(title: title, subject: analyze(path, engine: engine), baseline: CaptureWorkloads.flows(path)),
            Comparison(title: title, subject: judge(collected, engine: engine), baseline: CaptureWorkloads.flows(path)),
        ]
    }
}
