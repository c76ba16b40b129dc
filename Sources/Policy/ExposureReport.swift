import InterlockCore
import Manifests

/// netpol-analyzer's exposure analysis, over NetworkPolicy and the admin tiers: for each workload and
/// direction, who the allow rules open it to beyond the workloads of the input, each with its rule.
///
/// A peer is reported when it can match more than the input holds: a namespace selector other than
/// one that names namespaces (`kubernetes.io/metadata.name In (...)`) picks namespaces created later;
/// every pod of a named namespace (`ns/[all pods]`) includes pods created later; a pod selector in a
/// named namespace that no workload there matches is reported too, one that some workload matches is
/// not (the workload stands for such pods, as in netpol-analyzer); address ranges, nodes and domain
/// names always are. A workload no policy protects in a direction (no NetworkPolicy isolates it, and no
/// admin-tier policy selecting it denies the entire cluster) is open to everything there.
public struct ExposureReport: Sendable {
    /// Every exposure, egress first, then by workload, peer, connections and rule location.
    public var items: [ExposureItem]
    /// Workloads open to everything in a direction, sorted.
    public var unprotected: [(workload: String, direction: Direction)]

    /// The exposure of every workload of `input` on the pod network.
    public init(_ input: PolicyInput) {
        var analysis = ExposureAnalysis(input: input)
        analysis.run()
        items = analysis.items.sorted { $0.sortKey < $1.sortKey }
        unprotected = analysis.unprotected.sorted {
            ($0.workload, $0.direction == .egress ? 0 : 1) < ($1.workload, $1.direction == .egress ? 0 : 1)
        }
    }
}

extension ExposureItem {
    /// Egress first (as netpol-analyzer prints), then workload, peer, connections and rule location.
    var sortKey: (Int, String, String, String, String, Int) {
        (
            direction == .egress ? 0 : 1, workload, peer.description, connections, rule?.location.file ?? "",
            rule?.location.line ?? 0
        )
    }
}

struct ExposureAnalysis {
    let input: PolicyInput
    var items: [ExposureItem] = []
    var unprotected: [(workload: String, direction: Direction)] = []

    var inventory: Inventory { input.inventory }

    mutating func run() {
        let networkPolicies = input.policies.networkPolicies(on: .pod)
        let v6 = input.policies.cidrs(on: .pod).contains {
            if case .v6 = $0 { return true }
            return false
        }
        let everyAddress = ExposurePeer.everyAddress(v6: v6)
        for workload in inventory.workloads {
            let pod = inventory.pods[workload.representative]
            let namespaceLabels = inventory.namespace(named: pod.namespace)?.labels ?? [:]
            for direction in [Direction.egress, .ingress] {
                // Host-network pods are never policy subjects.
                let isolating =
                    pod.hostNetwork
                    ? []
                    : networkPolicies.filter {
                        $0.namespace == pod.namespace && $0.affects(direction) && $0.podSelector.matches(pod.labels)
                    }
                let admin =
                    pod.hostNetwork
                    ? []
                    : input.policies.adminPolicies.filter {
                        $0.subject.selects(pod, namespaceLabels: namespaceLabels) && !$0.rules(direction).isEmpty
                    }
                let deniesCluster = admin.contains { policy in
                    policy.rules(direction).contains { rule in
                        Self.deniesWholeCluster(rule)
                    }
                }
                guard !isolating.isEmpty || deniesCluster else {
                    unprotected.append((workload.id, direction))
                    for peer in [ExposurePeer.entireCluster] + everyAddress {
                        add(workload, direction, peer, "All Connections", nil)
                    }
                    continue
                }
                // The baseline tier is only reached when no NetworkPolicy isolates the pod.
                for policy in admin where policy.tier == .admin || isolating.isEmpty {
                    for rule in policy.rules(direction) where rule.action == .allow {
                        guard let conns = connections(rule.ports, direction, pod) else { continue }
                        for (peer, _) in rule.peers {
                            for p in peers(of: peer) { add(workload, direction, p, conns, rule.ref) }
                        }
                    }
                }
                for policy in isolating {
                    for rule in policy.rules(direction) {
                        guard let conns = connections(rule.ports, direction, pod) else { continue }
                        let open =
                            rule.peers.map { $0.flatMap { peers(of: $0.peer, in: policy.namespace) } }
                            ?? [.entireCluster] + everyAddress
                        for p in open { add(workload, direction, p, conns, rule.ref) }
                    }
                }
            }
        }
    }

    mutating func add(_ w: Workload, _ d: Direction, _ peer: ExposurePeer, _ conns: String, _ rule: RuleRef?) {
        items.append(ExposureItem(workload: w.id, direction: d, peer: peer, connections: conns, rule: rule))
    }

    /// Whether an admin-tier rule denies every pod of the cluster: a Deny rule with a peer covering them
    /// all, or a Deny or Pass rule with an empty peer (which fails closed: "deny all"). A Pass rule
    /// protects nothing: what it passes may still meet the default.
    static func deniesWholeCluster(_ rule: AdminRule) -> Bool {
        rule.peers.contains { p in
            switch p.peer {
            case .empty: return rule.action != .allow
            case .namespaces(let s): return rule.action == .deny && s.isEmpty
            case .pods(let ns, let pods): return rule.action == .deny && ns.isEmpty && pods.isEmpty
            default: return false
            }
        }
    }

    /// The namespaces a selector names, when it is only `kubernetes.io/metadata.name In (...)`
    /// requirements (their values' intersection); `nil` for any other selector.
    static func namedNamespaces(_ selector: LabelSelector) -> [String]? {
        guard !selector.isEmpty,
            selector.requirements.allSatisfy({ $0.key == Namespace.nameLabel && $0.op == .in })
        else { return nil }
        var names = Set(selector.requirements[0].values)
        for r in selector.requirements.dropFirst() { names.formIntersection(r.values) }
        return names.sorted()
    }

    /// What a pods peer opens beyond the input: see `ExposureReport`.
    func pods(namespaces selector: LabelSelector?, pods: LabelSelector?, policyNamespace: String) -> [ExposurePeer] {
        let names: [String]
        if let selector {
            guard let named = Self.namedNamespaces(selector) else {
                if selector.isEmpty {
                    return pods?.isEmpty ?? true ? [.entireCluster] : [.pods(namespaces: .all, pods: pods)]
                }
                return [.pods(namespaces: .selected(selector), pods: pods)]
            }
            names = named
        } else {
            names = [policyNamespace]
        }
        return names.filter { ns in
            guard let pods, !pods.isEmpty else { return true }
            return !inventory.workloads.contains { w in
                let pod = inventory.pods[w.representative]
                return w.namespace == ns && !pod.hostNetwork && pods.matches(pod.labels)
            }
        }.map { .pods(namespaces: .named($0), pods: pods) }
    }

    func peers(of peer: PolicyPeer, in policyNamespace: String) -> [ExposurePeer] {
        switch peer {
        case .empty: return []
        case .ipBlock(let block):
            let ranges = ExposurePeer.ranges(block.cidr, except: block.except)
            return ranges.isEmpty ? [] : [.addresses(ranges)]
        case .pods(let ns, let podSelector):
            return pods(namespaces: ns, pods: podSelector, policyNamespace: policyNamespace)
        }
    }

    func peers(of peer: AdminPeer) -> [ExposurePeer] {
        switch peer {
        case .empty: return []
        case .namespaces(let s): return pods(namespaces: s, pods: nil, policyNamespace: "")
        case .pods(let ns, let podSelector): return pods(namespaces: ns, pods: podSelector, policyNamespace: "")
        case .nodes(let s): return [.nodes(s)]
        case .networks(let cidrs): return cidrs.map { .addresses(ExposurePeer.ranges($0, except: [])) }
        case .domainNames(let names): return [.domainNames(names)]
        }
    }

    /// A NetworkPolicy rule's ports as CONNS; named ports resolve on the workload's pod for ingress
    /// (a name it does not have matches nothing) and stay names for egress. `nil` when nothing is left.
    func connections(_ ports: [PolicyPort]?, _ d: Direction, _ pod: Pod) -> String? {
        guard let ports else { return "All Connections" }
        var text = PortText()
        for p in ports {
            switch p.port {
            case nil: text.numbers[p.proto] = .all
            case .number(let n):
                text.add(p.proto, PortRange(UInt16(clamping: n), p.endPort ?? UInt16(clamping: n)))
            case .name(let name) where d == .ingress:
                for n in pod.ports(named: name, proto: p.proto) { text.add(p.proto, PortRange(n)) }
            case .name(let name):
                text.names[p.proto, default: []].insert(name)
            }
        }
        return text.description
    }

    /// An admin-tier rule's ports as CONNS: a named port is for any protocol.
    func connections(_ ports: [AdminPort]?, _ d: Direction, _ pod: Pod) -> String? {
        guard let ports else { return "All Connections" }
        var text = PortText()
        for p in ports {
            switch p {
            case .range(let proto, let r): text.add(proto, r)
            case .named(let name) where d == .ingress:
                for proto in IPProtocol.policyProtocols {
                    for n in pod.ports(named: name, proto: proto) { text.add(proto, PortRange(n)) }
                }
            case .named(let name):
                for proto in IPProtocol.policyProtocols { text.names[proto, default: []].insert(name) }
            }
        }
        return text.description
    }
}

/// Ports per protocol as numbers and names, in netpol-analyzer's CONNS form (`TCP 8050,http`).
struct PortText {
    var numbers: [IPProtocol: PortSet] = [:]
    var names: [IPProtocol: Set<String>] = [:]

    mutating func add(_ proto: IPProtocol, _ range: PortRange) {
        numbers[proto] = (numbers[proto] ?? .empty).union(PortSet([range]))
    }

    /// `All Connections` when every protocol has every port; `nil` when nothing is allowed.
    var description: String? {
        let parts = IPProtocol.policyProtocols.compactMap { p -> String? in
            let n = numbers[p] ?? .empty
            let items = (n.isEmpty ? [] : [n.description]) + (names[p] ?? []).sorted()
            return items.isEmpty ? nil : "\(p) " + items.joined(separator: ",")
        }
        if IPProtocol.policyProtocols.allSatisfy({ numbers[$0]?.isAll == true }) { return "All Connections" }
        return parts.isEmpty ? nil : parts.joined(separator: ",")
    }
}
