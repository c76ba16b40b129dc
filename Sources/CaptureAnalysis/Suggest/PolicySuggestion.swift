import InterlockCore
import Manifests
import Policy

/// One suggested NetworkPolicy (or CiliumNetworkPolicy): a workload's ingress or egress.
public struct SuggestedPolicy: Sendable {
    /// The policy's namespace (the workload's).
    public var namespace: String
    /// The policy's `metadata.name`.
    public var name: String
    /// The workload it selects, by index in `Inventory.workloads`.
    public var workload: Int
    /// The direction it isolates (its only `policyTypes` entry, or `enableDefaultDeny` direction).
    public var direction: Direction
    /// Its rules: one per peer.
    public var rules: Int
    /// The manifest object.
    public var object: JSON
}

/// Least-privilege NetworkPolicies for observed traffic: an ingress and an egress policy for every
/// workload of the pod network (host-network ones aside), each selecting the workload by its stable
/// labels and allowing exactly the peers and ports observed, one rule per peer: other workloads by
/// namespace and pod labels, addresses by /32 or /128 ipBlocks. Every egress policy also allows DNS
/// to kube-dns (UDP and TCP 53), and kube-dns's ingress policy admits DNS from every namespace.
/// Under `--cni cilium` the same rules are written as CiliumNetworkPolicies (`PolicySuggestion+Cilium`).
public struct PolicySuggestion: Sendable {
    /// The policies in output order: by namespace, workload name and kind, ingress before egress.
    public var policies: [SuggestedPolicy]
    /// What the suggestion cannot say exactly (workloads without stable labels, selectors that also
    /// select another workload), sorted.
    public var warnings: [String]
    /// The traffic it was suggested from.
    public var observed: ObservedTraffic
    /// The CNI whose policy kind it writes: CiliumNetworkPolicies for `.cilium`, NetworkPolicies otherwise.
    public var cni: CNI

    /// The label CoreDNS and kube-dns pods carry, by which egress policies allow DNS.
    public static let dnsLabel = ("k8s-app", "kube-dns")
    /// The ports DNS is allowed on.
    public static let dnsPorts: [(IPProtocol, UInt16)] = [(.udp, 53), (.tcp, 53)]

    /// The suggestion for `observed` over `inventory`, as `cni`'s policy kind.
    public init(observed: ObservedTraffic, inventory: Inventory, cni: CNI = .generic) {
        self.observed = observed
        self.cni = cni
        let builder = SuggestionBuilder(inventory: inventory, edges: observed.edges, cni: cni)
        policies = builder.policies()
        warnings = builder.warnings
    }

    /// Every policy as one YAML stream, `---` before each document.
    public var yaml: String {
        policies.map { "---\n" + $0.object.yaml() }.joined()
    }

    /// The kind of the policies, plural, for summaries.
    public var kindPlural: String { cni == .cilium ? "CiliumNetworkPolicies" : "NetworkPolicies" }
}

/// The selectors and rules of a suggestion.
struct SuggestionBuilder {
    let inventory: Inventory
    /// Whose policy kind to write.
    let cni: CNI
    /// The workloads that get policies (not host-network), sorted by namespace, name and kind.
    let subjects: [Int]
    /// Stable labels by workload (subjects only; empty for a workload that has none).
    let labels: [Int: [String: String]]
    /// The kube-dns workloads.
    let dns: Set<Int>
    let ingress: [Int: [ObservedPeer: Set<PortKey>]]
    let egress: [Int: [ObservedPeer: Set<PortKey>]]
    let warnings: [String]

    struct PortKey: Hashable, Comparable {
        var proto: IPProtocol
        var port: UInt16

        static func < (a: Self, b: Self) -> Bool { (a.proto, a.port) < (b.proto, b.port) }
    }

    init(inventory: Inventory, edges: [ObservedEdge], cni: CNI) {
        self.inventory = inventory
        self.cni = cni
        let subjects = inventory.workloads.indices.filter {
            !inventory.pods[inventory.workloads[$0].representative].hostNetwork
        }
        .sorted {
            let a = inventory.workloads[$0]
            let b = inventory.workloads[$1]
            return (a.namespace, a.name, a.kind) < (b.namespace, b.name, b.kind)
        }
        self.subjects = subjects
        var labels: [Int: [String: String]] = [:]
        for w in subjects { labels[w] = StableLabels.of(workload: w, in: inventory) }
        self.labels = labels
        let (key, value) = PolicySuggestion.dnsLabel
        dns = Set(
            subjects.filter {
                inventory.workloads[$0].namespace == "kube-system" && labels[$0]?[key] == value
            })
        let dnsPorts = Set(PolicySuggestion.dnsPorts.map { PortKey(proto: $0.0, port: $0.1) })
        var ingress: [Int: [ObservedPeer: Set<PortKey>]] = [:]
        var egress: [Int: [ObservedPeer: Set<PortKey>]] = [:]
        for e in edges {
            let port = PortKey(proto: e.proto, port: e.port)
            let peers = [e.source, e.destination].compactMap { p -> Int? in
                if case .workload(let w) = p { return w } else { return nil }
            }
            // A workload no selector can pick out alone: its connections are left out (warned below).
            if peers.contains(where: { labels[$0]?.isEmpty ?? true }) { continue }
            // The DNS rules cover DNS from any workload to kube-dns.
            if case .workload(let d) = e.destination, dns.contains(d), dnsPorts.contains(port) {
                if case .workload = e.source { continue }
            }
            if case .workload(let s) = e.source { egress[s, default: [:]][e.destination, default: []].insert(port) }
            if case .workload(let d) = e.destination {
                ingress[d, default: [:]][e.source, default: []].insert(port)
            }
        }
        self.ingress = ingress
        self.egress = egress
        var warnings = subjects.filter { labels[$0]!.isEmpty }.map {
            "\(inventory.workloads[$0].id) has no stable labels to select it by: it gets no policy, and its observed connections are left out"
        }
        for w in subjects where !(labels[w]?.isEmpty ?? true) {
            let selector = LabelSelector(matchLabels: labels[w]!)
            for v in subjects where v != w && inventory.workloads[v].namespace == inventory.workloads[w].namespace {
                if inventory.workloads[v].pods.contains(where: { selector.matches(inventory.pods[$0].labels) }) {
                    warnings.append(
                        "the selector of \(inventory.workloads[w].id) (\(selector)) also selects \(inventory.workloads[v].id)"
                    )
                }
            }
        }
        self.warnings = warnings.sorted()
    }

    func policies() -> [SuggestedPolicy] {
        var out: [SuggestedPolicy] = []
        var names: [String: Int] = [:]
        for w in subjects {
            names["\(inventory.workloads[w].namespace)/\(inventory.workloads[w].name)", default: 0] += 1
        }
        for w in subjects {
            guard let own = labels[w], !own.isEmpty else { continue }
            let workload = inventory.workloads[w]
            let shared = names["\(workload.namespace)/\(workload.name)"]! > 1
            let base = "suggested-\(workload.name)" + (shared ? "-\(workload.kind.lowercased())" : "")
            for direction in Direction.allCases {
                let observed = direction == .ingress ? ingress[w] ?? [:] : egress[w] ?? [:]
                let name = "\(base)-\(direction.rawValue)"
                let (object, rules) =
                    cni == .cilium
                    ? ciliumPolicy(w, name: name, direction, observed)
                    : networkPolicy(w, name: name, direction, observed)
                out.append(
                    SuggestedPolicy(
                        namespace: workload.namespace, name: name, workload: w, direction: direction,
                        rules: rules, object: object))
            }
        }
        return out
    }

    /// Workload `w`'s NetworkPolicy for `direction` allowing `observed`, and its rule count.
    func networkPolicy(_ w: Int, name: String, _ direction: Direction, _ observed: [ObservedPeer: Set<PortKey>])
        -> (JSON, Int)
    {
        let namespace = inventory.workloads[w].namespace
        var rules = observed.keys.sorted().map { peer in
            rule(direction, peers: [self.peer(peer, from: namespace)], ports: observed[peer]!.sorted())
        }
        if !dns.isEmpty && (direction == .egress || dns.contains(w)) { rules.insert(dnsRule(direction), at: 0) }
        let head: [(String, JSON)] = [
            ("podSelector", Self.matchLabels(labels[w]!)),
            ("policyTypes", .array([.string(direction == .ingress ? "Ingress" : "Egress")])),
        ]
        let spec = Self.spec(head, direction, rules)
        return (
            Self.manifest("networking.k8s.io/v1", "NetworkPolicy", name: name, namespace: namespace, spec), rules.count
        )
    }

    /// A policy object: `apiVersion`, `kind`, `metadata` with `name` and `namespace`, then `spec`.
    static func manifest(_ apiVersion: String, _ kind: String, name: String, namespace: String, _ spec: JSON) -> JSON {
        .object([
            ("apiVersion", .string(apiVersion)), ("kind", .string(kind)),
            ("metadata", .object([("name", .string(name)), ("namespace", .string(namespace))])), ("spec", spec),
        ])
    }

    /// A spec of `head` then, unless there are none, the `rules` under the direction's key.
    static func spec(_ head: [(String, JSON)], _ direction: Direction, _ rules: [JSON]) -> JSON {
        .object(head + (rules.isEmpty ? [] : [(direction.rawValue, .array(rules))]))
    }

    static func matchLabels(_ labels: [String: String]) -> JSON {
        .object([("matchLabels", .object(labels.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) }))])
    }

    static func namespace(_ name: String) -> JSON { matchLabels([Namespace.nameLabel: name]) }

    /// A peer as seen from a policy in `namespace`.
    func peer(_ peer: ObservedPeer, from namespace: String) -> JSON {
        switch peer {
        case .workload(let v):
            let other = inventory.workloads[v].namespace
            let pods = ("podSelector", Self.matchLabels(labels[v]!))
            return other == namespace ? .object([pods]) : .object([("namespaceSelector", Self.namespace(other)), pods])
        case .address(let ip):
            let cidr = "\(ip)/\(ip.version == 4 ? 32 : 128)"
            return .object([("ipBlock", .object([("cidr", .string(cidr))]))])
        }
    }

    func rule(_ direction: Direction, peers: [JSON], ports: [PortKey]) -> JSON {
        .object([
            (direction == .ingress ? "from" : "to", .array(peers)),
            (
                "ports",
                .array(
                    ports.map { .object([("protocol", .string($0.proto.description)), ("port", .int(Int($0.port)))]) })
            ),
        ])
    }

    /// Egress: to kube-dns in kube-system; kube-dns's ingress: from every namespace.
    func dnsRule(_ direction: Direction) -> JSON {
        let ports = PolicySuggestion.dnsPorts.map { PortKey(proto: $0.0, port: $0.1) }
        guard direction == .egress else {
            return rule(direction, peers: [.object([("namespaceSelector", .object([]))])], ports: ports)
        }
        let (key, value) = PolicySuggestion.dnsLabel
        let peer = JSON.object([
            ("namespaceSelector", Self.namespace("kube-system")), ("podSelector", Self.matchLabels([key: value])),
        ])
        return rule(direction, peers: [peer], ports: ports)
    }
}
