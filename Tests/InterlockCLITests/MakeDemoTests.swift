import Foundation
import TestSupport
import Testing

/// `make demo` runs `check policies/demo` as the Makefile says; its summary shows the line of each of
/// the five mistakes README promises.
@Suite struct MakeDemoTests {
    /// The arguments of the Makefile's demo command, its report written under `Scratch`.
    static func demoArguments() throws -> [String] {
        let makefile = try String(contentsOf: CLIRunner.packageRoot.appendingPathComponent("Makefile"), encoding: .utf8)
        let line = try #require(
            makefile.split(separator: "\n").first { $0.contains("$(INTERLOCK) check policies/demo") })
        let command = line.components(separatedBy: "$(INTERLOCK) ")[1].components(separatedBy: " ||")[0]
        return command.split(separator: " ").map {
            $0 == ".build/demo/report.html" ? Scratch.path("report.html") : String($0)
        }
    }

    @Test func summaryShowsEveryPlantedMistake() throws {
        let r = try CLIRunner.run(Self.demoArguments())
        #expect(r.status == 1)
        for location in [
            "policies/demo/cluster/netpol/training.yaml:5",  // the notebook's default-deny without Egress
            "policies/demo/cluster/netpol/training.yaml:63",  // the scrape rule whose selector selects nothing
            "policies/demo/cluster/netpol/inference.yaml:54",  // vLLM's ingress rule with the wrong named port
            "policies/demo/cluster/netpol/storage.yaml:18",  // the rule with OR-ed peers
            "policies/demo/fabric.yaml:20",  // a node in both tenants' partitions
        ] {
            #expect(r.stdout.contains("(\(location))"), "\(location) is not in the demo's summary")
        }
        #expect(!r.stdout.contains(" more (see the full report)"))
        // The serving tenant's Cilium policy: its HTTP rule shows as "subject to L7".
        #expect(
            r.stdout.contains(
                "warning: policies/demo/cilium/vllm-api.yaml:11: CiliumNetworkPolicy inference/vllm-probes ingress rule 0 'ingress' has rules.http: what it allows is allowed at L4, subject to an L7 rule Interlock does not evaluate"
            ))
    }
}
