import InterlockCore
import Manifests
import Policy

extension PolicySuggestion {
    /// Where the suggestion was checked: the edges the policies in force with it deny (admin tiers)
    /// and the connectivity that changes from the current policies.
    public struct Check: Sendable {
        /// Observed edges still denied once the suggestion is in force.
        public var denied: [ObservedEdge]
        /// The current policies against the suggestion.
        public var diff: ConnectivityDiff

        /// A check of `denied` edges and `diff`.
        public init(denied: [ObservedEdge], diff: ConnectivityDiff) {
            self.denied = denied
            self.diff = diff
        }
    }

    /// How the summary names a peer.
    public static func describe(_ peer: ObservedPeer, in inventory: Inventory) -> String {
        switch peer {
        case .workload(let w): return inventory.workloads[w].id
        case .address(let ip): return ip.description
        }
    }

    /// An edge as `source => destination : PROTO/port`.
    public static func describe(_ edge: ObservedEdge, in inventory: Inventory) -> String {
        "\(describe(edge.source, in: inventory)) => \(describe(edge.destination, in: inventory)) : \(edge.proto)/\(edge.port)"
    }

    /// The text summary: the policies with their rule counts, the connections covered and skipped,
    /// the files written, the warnings, then the connectivity diff.
    public func text(_ check: Check, inventory: Inventory, written: [String]) -> String {
        var out = "\(policies.count) \(kindPlural) for \(Set(policies.map(\.workload)).count) workloads"
        out += " from \(observed.connections) connections (\(observed.edges.count) distinct peer-port edges)\n"
        var table = TextTable(headers: ["namespace", "policy", "rules"], alignments: [.left, .left, .right])
        for p in policies { table.append([p.namespace, p.name, String(p.rules)]) }
        out += "\n" + table.render() + "\n"
        let skipped = observed.connections - observed.covered
        out += "connections: \(observed.covered) allowed by the suggestion, \(skipped) not covered"
        out += skipped == 0 ? "\n" : ":\n"
        for (reason, n) in observed.skipped.sorted(by: { $0.key < $1.key }) {
            out += "  \(n) \(reason.explanation)\n"
        }
        for edge in check.denied {
            out += "still denied by the admin tiers: \(Self.describe(edge, in: inventory))\n"
        }
        for path in written { out += "wrote \(path)\n" }
        for w in warnings { out += "warning: \(w)\n" }
        return out + "\n" + check.diff.render(as: .txt)
    }

    /// The JSON summary: `policies`, `connections`, `deniedByAdminTiers`, `written`, `warnings`, `diff`.
    public func json(_ check: Check, inventory: Inventory, written: [String]) -> JSON {
        let skipped = observed.skipped.sorted(by: { $0.key < $1.key }).map { ($0.key.rawValue, JSON.int($0.value)) }
        return .object([
            (
                "policies",
                .array(
                    policies.map {
                        .object([
                            ("namespace", .string($0.namespace)), ("name", .string($0.name)),
                            ("workload", .string(inventory.workloads[$0.workload].id)),
                            ("direction", .string($0.direction.rawValue)), ("rules", .int($0.rules)),
                        ])
                    })
            ),
            (
                "connections",
                .object([
                    ("observed", .int(observed.connections)), ("allowed", .int(observed.covered)),
                    ("edges", .int(observed.edges.count)), ("skipped", .object(skipped)),
                ])
            ),
            ("deniedByAdminTiers", .array(check.denied.map { .string(Self.describe($0, in: inventory)) })),
            ("written", .array(written.map { .string($0) })),
            ("warnings", .array(warnings.map { .string($0) })),
            ("diff", check.diff.json),
        ])
    }
}
