import Fabric
import Findings
import InterlockCore
import Reports

/// Findings, rules and a fabric built with the libraries' own APIs, for the report tests.
enum Inputs {
    /// A k=4 fat tree: 16 hosts (`host0001` … `host0016`, NICs `host0001-nic0` …) on the compute plane.
    static func fabric() throws -> FabricGraph {
        try FabricGraph.generate(
            GeneratorDescription(compute: .fatTree(FatTreeParameters(k: 4)), networks: []), name: "k4")
    }

    /// One rule the caller describes, one finding of a kind without a rule, one at a pseudo-file,
    /// one in a file outside the working directory `/repo`, and one between two fabric NICs.
    static func report() -> FindingsReport {
        FindingsReport(findings: [
            Finding(
                kind: .intentViolation, severity: .high, title: "training-isolated: training reaches storage",
                source: FindingEndpoint(name: "training/trainer[Job]", address: "10.0.0.1"),
                destination: FindingEndpoint(name: "storage/nfs[Pod]", address: "10.0.1.1", port: 2049),
                proto: "TCP", network: "pod",
                reasons: [
                    FindingReason(
                        side: .egress, text: "allowed by storage-clients",
                        location: SourceLocation(file: "/repo/policies/netpol/storage.yaml", line: 18, column: 5)),
                    FindingReason(
                        side: .intent, text: "training must not reach storage",
                        location: SourceLocation(file: "/repo/policies/scenario.yaml", line: 7)),
                ],
                ruleID: "training-isolated",
                location: SourceLocation(file: "/repo/policies/netpol/storage.yaml", line: 18, column: 5)),
            Finding(
                kind: .wrongPlane, severity: .medium, title: "SSH on the compute fabric",
                source: FindingEndpoint(name: "host0001-nic0"),
                destination: FindingEndpoint(name: "host0016-nic0", port: 22),
                proto: "TCP", network: "compute"),
            Finding(
                kind: .unknownEndpoint, severity: .low, title: "an address nothing owns",
                source: FindingEndpoint(name: "203.0.113.7"), destination: FindingEndpoint(name: "10.0.0.1"),
                location: SourceLocation(file: "builtin:ai-infra-baseline", line: 3)),
            Finding(
                kind: .blocked, severity: .info, title: "a flow a policy blocks",
                location: SourceLocation(file: "/elsewhere/jobs.yaml", line: 0, column: 0)),
        ])
    }

    static let rules = [
        ReportRule(
            id: "training-isolated", summary: "Training does not reach storage.",
            help: "Keep training jobs off the storage network.", severity: .high,
            location: SourceLocation(file: "/repo/policies/scenario.yaml", line: 7))
    ]
}
