import InterlockCore
import Manifests

/// Every protocol and port between two endpoints, grouped by verdict and by the steps that decided
/// each side.
public struct ExplainReport: Sendable {
    /// Ports that share a verdict and the same deciding steps on both sides.
    public struct Group: Sendable {
        /// Whether these ports are allowed.
        public var allowed: Bool
        /// The ports of the group, per protocol.
        public var connections: ConnectionSet
        /// The steps that decided the source's egress.
        public var egress: [Step]
        /// The steps that decided the destination's ingress.
        public var ingress: [Step]
    }

    /// The network the endpoints were judged on.
    public var network: Network
    /// The source as the user sees it (a pod, node or address name).
    public var source: String
    /// The destination as the user sees it.
    public var destination: String
    /// Allowed groups first, then denied ones, each in port order.
    public var groups: [Group]
    /// The verdict for protocols without ports (ICMP and others), which only port-less rules match.
    public var otherProtocols: Group
    /// Facts that qualify the verdicts, gathered from every port's verdict and sorted.
    public var notes: [String]
    /// Warnings every result carries (unevaluated policy kinds, overlapping priorities).
    public var warnings: [String]
    /// The evaluation profile; JSON names it unless it is the default.
    public var profile = EvaluationOptions.Profile.interlock

    /// Explains every port atom of every protocol from `source` to `destination`.
    public init(
        evaluator: ReferenceEvaluator, network: Network, source: PolicyEndpoint, destination: PolicyEndpoint,
        warnings: [String]
    ) {
        var groups: [Group] = []
        var keys: [String: Int] = [:]
        var notes: Set<String> = []
        for proto in IPProtocol.policyProtocols {
            for atom in evaluator.portAtoms(proto, destination: destination) {
                let v = evaluator.verdict(
                    Query(network: network, source: source, destination: destination, proto: proto, port: atom.lower))
                notes.formUnion(v.notes)
                let key = "\(v.allowed)|\(v.egress.decidedBy)|\(v.ingress.decidedBy)"
                if let i = keys[key] {
                    groups[i].connections[proto] = groups[i].connections[proto].union(PortSet([atom]))
                } else {
                    keys[key] = groups.count
                    var conns = ConnectionSet.none
                    conns[proto] = PortSet([atom])
                    groups.append(
                        Group(
                            allowed: v.allowed, connections: conns, egress: v.egress.decidedBy,
                            ingress: v.ingress.decidedBy))
                }
            }
        }
        let icmp = evaluator.verdict(
            Query(network: network, source: source, destination: destination, proto: .icmp, port: nil))
        self.network = network
        self.source = evaluator.inventory.describe(source)
        self.destination = evaluator.inventory.describe(destination)
        self.groups = groups.filter(\.allowed) + groups.filter { !$0.allowed }
        self.otherProtocols = Group(
            allowed: icmp.allowed, connections: .none, egress: icmp.egress.decidedBy, ingress: icmp.ingress.decidedBy)
        self.notes = notes.sorted()
        self.warnings = warnings
    }

    /// The report for people: the endpoints and network, then each group with its deciding steps, notes and
    /// warnings.
    public var text: String {
        var out = "\(source) => \(destination) on the \(network) network\n"
        func describe(_ g: Group, _ what: String) -> String {
            var s = "  \(what)\n"
            s += g.egress.map { "    egress:  \($0)\n" }.joined()
            s += g.ingress.map { "    ingress: \($0)\n" }.joined()
            return s
        }
        for allowed in [true, false] {
            let selected = groups.filter { $0.allowed == allowed }
            out += allowed ? "allowed:\n" : "denied:\n"
            if selected.isEmpty { out += "  (none)\n" }
            for g in selected { out += describe(g, g.connections.description) }
        }
        out += "other protocols (ICMP, ...): \(otherProtocols.allowed ? "allowed" : "denied")\n"
        out += describe(otherProtocols, "ICMP and other port-less protocols").split(separator: "\n").dropFirst().map {
            $0 + "\n"
        }.joined()
        out += notes.map { "note: \($0)\n" }.joined()
        return out + warnings.map { "warning: \($0)\n" }.joined()
    }

    /// The report as JSON, with the same groups as the text.
    public var json: JSON {
        func group(_ g: Group) -> JSON {
            .object([
                ("allowed", .bool(g.allowed)), ("conn", .string(g.connections.description)),
                ("egress", .array(g.egress.map(\.json))), ("ingress", .array(g.ingress.map(\.json))),
            ])
        }
        return .object(
            [
                ("network", .string(network.description)), ("source", .string(source)),
                ("destination", .string(destination)),
                ("groups", .array(groups.map(group))), ("otherProtocols", group(otherProtocols)),
                ("notes", .array(notes.map(JSON.string))), ("warnings", .array(warnings.map(JSON.string))),
            ] + (profile == .interlock ? [] : [("profile", .string(profile.rawValue))]))
    }
}
