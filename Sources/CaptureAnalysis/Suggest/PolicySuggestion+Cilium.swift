import InterlockCore
import Manifests
import Policy

extension SuggestionBuilder {
    /// The Cilium entities nodes are allowed as: Cilium's CIDR rules "do not apply to traffic where both
    /// sides of the connection are either managed by Cilium or use an IP belonging to a node in the cluster",
    /// so a node is reached through the `host` (the endpoint's own node) and `remote-node` entities; selecting
    /// one node (`toNodes`) needs the agent's non-default `--enable-node-selector-labels` (DEVELOPERS.md).
    static let nodeEntities = ["host", "remote-node"]

    /// Workload `w`'s CiliumNetworkPolicy for `direction` allowing `observed`, and its rule count: the
    /// `endpointSelector` from the stable labels, `enableDefaultDeny` for the direction only (as
    /// `policyTypes`), one entry per peer (endpoints, a /32 or /128 CIDR, or the node entities for every
    /// node seen, their ports unioned) and the DNS entry first.
    func ciliumPolicy(_ w: Int, name: String, _ direction: Direction, _ observed: [ObservedPeer: Set<PortKey>])
        -> (JSON, Int)
    {
        let namespace = inventory.workloads[w].namespace
        let side = direction == .ingress ? "from" : "to"
        var entries: [JSON] = []
        var nodePorts: Set<PortKey> = []
        for peer in observed.keys.sorted() {
            switch peer {
            case .workload(let v):
                var selector = labels[v]!
                if inventory.workloads[v].namespace != namespace {
                    selector["k8s:" + CiliumIdentity.namespaceLabel] = inventory.workloads[v].namespace
                }
                entries.append(
                    Self.ciliumEntry(side, "Endpoints", [Self.matchLabels(selector)], ports: observed[peer]!.sorted()))
            case .address(let ip):
                if case .node? = inventory.owner(of: ip, on: .pod) {
                    nodePorts.formUnion(observed[peer]!)
                    continue
                }
                let cidr = JSON.string("\(ip)/\(ip.version == 4 ? 32 : 128)")
                entries.append(Self.ciliumEntry(side, "CIDR", [cidr], ports: observed[peer]!.sorted()))
            }
        }
        if !nodePorts.isEmpty {
            let entities = Self.nodeEntities.map { JSON.string($0) }
            entries.append(Self.ciliumEntry(side, "Entities", entities, ports: nodePorts.sorted()))
        }
        if !dns.isEmpty && (direction == .egress || dns.contains(w)) { entries.insert(ciliumDNS(direction), at: 0) }
        let head: [(String, JSON)] = [
            ("endpointSelector", Self.matchLabels(labels[w]!)),
            ("enableDefaultDeny", .object([(direction.rawValue, .bool(true))])),
        ]
        let spec = Self.spec(head, direction, entries)
        return (
            Self.manifest("cilium.io/v2", "CiliumNetworkPolicy", name: name, namespace: namespace, spec), entries.count
        )
    }

    /// An entry allowing `peers` (under `side + key`, such as `toCIDR`) on `ports`.
    static func ciliumEntry(_ side: String, _ key: String, _ peers: [JSON], ports: [PortKey]) -> JSON {
        let list = ports.map {
            JSON.object([("port", .string(String($0.port))), ("protocol", .string($0.proto.description))])
        }
        return .object([(side + key, .array(peers)), ("toPorts", .array([.object([("ports", .array(list))])]))])
    }

    /// Egress: to kube-dns in kube-system; kube-dns's ingress: from the endpoints of every namespace (a
    /// namespaced policy's selectors are limited to its namespace unless they name one). An L4 rule: an L7
    /// DNS rule would only send the queries through Cilium's DNS proxy, which `toFQDNs` rules need and the
    /// suggestion, made of addresses, has none of (DEVELOPERS.md).
    func ciliumDNS(_ direction: Direction) -> JSON {
        let ports = PolicySuggestion.dnsPorts.map { PortKey(proto: $0.0, port: $0.1) }
        let namespaceKey = "k8s:" + CiliumIdentity.namespaceLabel
        guard direction == .egress else {
            let any = JSON.object([("key", .string(namespaceKey)), ("operator", "Exists")])
            let peer = JSON.object([("matchExpressions", .array([any]))])
            return Self.ciliumEntry("from", "Endpoints", [peer], ports: ports)
        }
        let (key, value) = PolicySuggestion.dnsLabel
        let peer = Self.matchLabels([key: value, namespaceKey: "kube-system"])
        return Self.ciliumEntry("to", "Endpoints", [peer], ports: ports)
    }
}
