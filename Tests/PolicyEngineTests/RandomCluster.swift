import Documents
import InterlockCore
import Manifests
import Policy

/// Small random clusters built to collide: few namespaces, labels, ports and addresses, so that
/// selectors overlap, named ports resolve differently per pod, CIDRs cut through pod and node
/// addresses, and every tier and peer kind of NetworkPolicy, AdminNetworkPolicy,
/// BaselineAdminNetworkPolicy, ClusterNetworkPolicy and MultiNetworkPolicy appears. Written as
/// manifests and read back with the real loader.
///
/// With `unplaced`, the cluster also has what only templates give (workloads without pods, so pods with
/// no address and no node), nodes' pod CIDRs, CIDRs covering a whole family alone or together, and empty
/// `nodes` selectors; those are drawn from `extras`, so that a seed's other draws stay the same.
///
/// With `userDefinedNetworks`, namespaces are also put on OVN-Kubernetes primary user-defined networks
/// (a UserDefinedNetwork, ClusterUserDefinedNetworks selecting by name or by a random label, so that
/// two may claim one namespace, and namespaces lacking the required label); drawn from `udns`.
///
/// With `calico`, the cluster also has Calico tiers, policies and network sets (`RandomCluster+Calico`),
/// drawn from `calicoDraws`.
struct RandomCluster {
    var random: SeededGenerator
    var objects: [JSON] = []
    let unplaced: Bool
    var extras: SeededGenerator
    let userDefinedNetworks: Bool
    var udns: SeededGenerator
    /// Whether to add Cilium policies (`RandomCluster+Cilium.swift`), drawn from `ciliumDraws`.
    let cilium: Bool
    var ciliumDraws: SeededGenerator
    /// Whether to add Calico policies (`RandomCluster+Calico.swift`), drawn from `calicoDraws`.
    let calico: Bool
    var calicoDraws: SeededGenerator

    static let namespaces = ["x", "y", "z"]
    static let apps = ["a", "b", "c"]
    static let portNames = ["http", "dns", "web", "sctp"]

    init(
        seed: UInt64, unplaced: Bool = false, userDefinedNetworks: Bool = false, cilium: Bool = false,
        calico: Bool = false
    ) {
        random = SeededGenerator(seed: seed)
        ciliumDraws = SeededGenerator(seed: seed ^ 0xC111)
        self.cilium = cilium
        calicoDraws = SeededGenerator(seed: seed ^ 0xCA11C0)
        self.calico = calico
        extras = SeededGenerator(seed: seed ^ 0x5EED)
        udns = SeededGenerator(seed: seed ^ 0x0D17)
        self.unplaced = unplaced
        self.userDefinedNetworks = userDefinedNetworks
    }

    /// A draw from `udns`, always false without `userDefinedNetworks`.
    mutating func udnChance(_ percent: Int) -> Bool {
        userDefinedNetworks && Int.random(in: 0..<100, using: &udns) < percent
    }

    mutating func pick<T>(_ items: [T]) -> T { items.randomElement(using: &random)! }
    mutating func chance(_ percent: Int) -> Bool { Int.random(in: 0..<100, using: &random) < percent }
    /// A draw from `extras`, always false without `unplaced`.
    mutating func extraChance(_ percent: Int) -> Bool {
        unplaced && Int.random(in: 0..<100, using: &extras) < percent
    }
    mutating func extraPick<T>(_ items: [T]) -> T { items.randomElement(using: &extras)! }

    /// Builds the manifests and loads them.
    mutating func input() throws -> PolicyInput {
        generate()
        let text = JSON.object([("apiVersion", "v1"), ("kind", "List"), ("items", .array(objects))]).serialized(
            pretty: false)
        let docs = try JSONReader.documents(Array(text.utf8), file: "random.json")
        let manifests = try ManifestLoader.load(documents: docs)
        return PolicyInput(manifests: manifests, policies: try PolicySet.decode(manifests))
    }

    mutating func generate() {
        for ns in Self.namespaces {
            var labels: [(String, JSON)] = [("ns", .string(ns))]
            if chance(50) { labels.append(("team", .string(pick(["red", "blue"])))) }
            if udnChance(80) { labels.append((NetworkIsolation.namespaceLabel, "")) }
            objects.append([
                "apiVersion": "v1", "kind": "Namespace", "metadata": ["name": .string(ns), "labels": .object(labels)],
            ])
        }
        let podCIDRs = extraChance(50)
        for n in 1...2 {
            var node: [(String, JSON)] = [
                ("apiVersion", "v1"), ("kind", "Node"),
                ("metadata", ["name": .string("node\(n)"), "labels": ["zone": .string(pick(["east", "west"]))]]),
                ("status", ["addresses": [["type": "InternalIP", "address": .string("192.168.0.\(n)")]]]),
            ]
            if podCIDRs { node.append(("spec", ["podCIDR": .string("10.0.0.\((n - 1) * 16)/28")])) }
            objects.append(.object(node))
        }
        objects.append([
            "apiVersion": "k8s.cni.cncf.io/v1", "kind": "NetworkAttachmentDefinition",
            "metadata": ["name": "rail", "namespace": "x"],
            "spec": ["config": #"{"cniVersion":"0.3.1","type":"macvlan","ipam":{"type":"static"}}"#],
        ])
        for i in 0..<Int.random(in: 4...10, using: &random) { objects.append(pod(i)) }
        for i in 0..<Int.random(in: 0...6, using: &random) { objects.append(networkPolicy(i)) }
        for i in 0..<Int.random(in: 0...3, using: &random) { objects.append(adminPolicy(i)) }
        if chance(40) { objects.append(baselinePolicy()) }
        if chance(30) { objects.append(clusterNetworkPolicy()) }
        if chance(30) { objects.append(multiNetworkPolicy()) }
        if unplaced {
            for i in 0..<Int.random(in: 2...4, using: &extras) { objects.append(templateOnlyWorkload(i)) }
        }
        if userDefinedNetworks { objects += userDefinedNetworkObjects() }
        if cilium || calico {
            for i in objects.indices { objects[i] = withServiceAccount(objects[i]) }
        }
        if cilium { objects += ciliumObjects() }
        if calico { objects += calicoObjects() }
    }

    /// A primary UserDefinedNetwork in `y`, ClusterUserDefinedNetworks for `x`/`z` and for `team: red`
    /// namespaces, and a secondary one (which isolates nothing), each drawn.
    mutating func userDefinedNetworkObjects() -> [JSON] {
        var out: [JSON] = []
        if udnChance(70) {
            out.append([
                "apiVersion": "k8s.ovn.org/v1", "kind": "UserDefinedNetwork",
                "metadata": ["name": "net", "namespace": "y"],
                "spec": ["topology": "Layer2", "layer2": ["role": "Primary", "subnets": ["10.100.0.0/16"]]],
            ])
        }
        let selectors: [JSON] = [
            ["matchExpressions": [["key": "ns", "operator": "In", "values": ["x", "z"]]]],
            ["matchLabels": ["team": "red"]],
        ]
        for (i, selector) in selectors.enumerated() where udnChance(50) {
            out.append([
                "apiVersion": "k8s.ovn.org/v1", "kind": "ClusterUserDefinedNetwork",
                "metadata": ["name": .string("c\(i)")],
                "spec": [
                    "namespaceSelector": selector,
                    "network": [
                        "topology": "Layer3",
                        "layer3": ["role": "Primary", "subnets": [["cidr": .string("10.\(60 + i).0.0/16")]]],
                    ],
                ],
            ])
        }
        if udnChance(30) {
            out.append([
                "apiVersion": "k8s.ovn.org/v1", "kind": "UserDefinedNetwork",
                "metadata": ["name": "side", "namespace": "x"],
                "spec": ["topology": "Layer2", "layer2": ["role": "Secondary", "subnets": ["10.110.0.0/16"]]],
            ])
        }
        return out
    }

    /// A Deployment or DaemonSet given without its pods: its pod has no address and no node.
    mutating func templateOnlyWorkload(_ i: Int) -> JSON {
        let ns = extraPick(Self.namespaces)
        let app = extraPick(Self.apps)
        var metadata: [(String, JSON)] = [("labels", ["app": .string(app)])]
        if ns == "x" && extraChance(50) { metadata.append(("annotations", ["k8s.v1.cni.cncf.io/networks": "rail"])) }
        var ports: [JSON] = []
        if extraChance(50) { ports.append(["name": "http", "containerPort": 80, "protocol": "TCP"]) }
        return [
            "apiVersion": "apps/v1", "kind": .string(extraPick(["Deployment", "DaemonSet"])),
            "metadata": ["name": .string("w\(i)"), "namespace": .string(ns)],
            "spec": [
                "selector": ["matchLabels": ["app": .string(app)]],
                "template": [
                    "metadata": .object(metadata),
                    "spec": [
                        "hostNetwork": .bool(extraChance(25)), "containers": [["name": "c", "ports": .array(ports)]],
                    ],
                ],
            ],
        ]
    }

    mutating func pod(_ i: Int) -> JSON {
        let ns = pick(Self.namespaces)
        var labels: [(String, JSON)] = [("app", .string(pick(Self.apps)))]
        if chance(50) { labels.append(("tier", .string(pick(["fe", "be"])))) }
        let hostNetwork = chance(15)
        let node = "node\(Int.random(in: 1...2, using: &random))"
        var ports: [JSON] = []
        for name in Self.portNames where chance(40) {
            let (port, proto): (Int, String) =
                switch name {
                case "http": (pick([80, 8080]), "TCP")
                case "dns": (53, "UDP")
                case "web": (pick([80, 443]), "TCP")
                default: (5000, "SCTP")
                }
            ports.append(["name": .string(name), "containerPort": .int(port), "protocol": .string(proto)])
        }
        var metadata: [(String, JSON)] = [
            ("name", .string("p\(i)")), ("namespace", .string(ns)), ("labels", .object(labels)),
        ]
        if ns == "x" && !hostNetwork && chance(50) {
            metadata.append(
                (
                    "annotations",
                    .object([
                        ("k8s.v1.cni.cncf.io/networks", "rail"),
                        (
                            "k8s.v1.cni.cncf.io/network-status",
                            .string(#"[{"name":"x/rail","interface":"net1","ips":["172.16.0.\#(i + 1)"]}]"#)
                        ),
                    ])
                ))
        }
        let ip = hostNetwork ? "192.168.0.\(node.last!)" : "10.0.0.\(i + 1)"
        return [
            "apiVersion": "v1", "kind": "Pod", "metadata": .object(metadata),
            "spec": [
                "nodeName": .string(node), "hostNetwork": .bool(hostNetwork),
                "containers": [["name": "c", "ports": .array(ports)]],
            ],
            "status": ["podIP": .string(ip), "podIPs": [["ip": .string(ip)]]],
        ]
    }

    mutating func selector(emptyChance: Int = 25) -> JSON {
        if chance(emptyChance) { return [:] }
        switch Int.random(in: 0..<4, using: &random) {
        case 0: return ["matchLabels": ["app": .string(pick(Self.apps))]]
        case 1:
            return [
                "matchExpressions": [
                    [
                        "key": "app", "operator": .string(pick(["In", "NotIn"])),
                        "values": .array([.string(pick(Self.apps)), .string(pick(Self.apps))]),
                    ]
                ]
            ]
        case 2: return ["matchExpressions": [["key": "tier", "operator": .string(pick(["Exists", "DoesNotExist"]))]]]
        default: return ["matchLabels": ["tier": .string(pick(["fe", "be"]))]]
        }
    }

    mutating func namespaceSelector() -> JSON {
        if chance(25) { return [:] }
        return chance(50)
            ? ["matchLabels": ["ns": .string(pick(Self.namespaces))]]
            : ["matchLabels": ["team": .string(pick(["red", "blue"]))]]
    }

    mutating func cidr() -> JSON {
        if extraChance(60) {
            return .string(extraPick(["0.0.0.0/0", "0.0.0.0/1", "128.0.0.0/1", "::/0", "10.0.0.0/8", "10.0.0.0/27"]))
        }
        return .string(
            pick([
                "10.0.0.0/24", "10.0.0.0/29", "10.0.0.4/30", "192.168.0.0/31", "192.168.0.2/32", "0.0.0.0/0",
                "172.16.0.0/29", "203.0.113.0/24",
            ]))
    }

    mutating func policyPeer() -> JSON {
        if extraChance(25) { return ["ipBlock": ["cidr": cidr()]] }
        switch Int.random(in: 0..<5, using: &random) {
        case 0: return ["podSelector": selector()]
        case 1: return ["namespaceSelector": namespaceSelector()]
        case 2: return ["namespaceSelector": namespaceSelector(), "podSelector": selector()]
        case 3:
            var block: [(String, JSON)] = [("cidr", cidr())]
            if extraChance(20) {
                block.append(("except", [.string(extraPick(["169.254.0.0/16", "10.0.0.0/28"]))]))
            } else if chance(40) {
                block.append(("except", [.string(pick(["10.0.0.2/32", "10.0.0.4/31", "192.168.0.1/32"]))]))
            }
            return ["ipBlock": .object(block)]
        default: return ["podSelector": selector(), "namespaceSelector": [:]]
        }
    }

    mutating func policyPort() -> JSON {
        var fields: [(String, JSON)] = []
        if chance(80) { fields.append(("protocol", .string(pick(["TCP", "UDP", "SCTP"])))) }
        switch Int.random(in: 0..<4, using: &random) {
        case 0: fields.append(("port", .int(pick([53, 80, 443, 5000, 8080]))))
        case 1: fields.append(("port", .string(pick(Self.portNames))))
        case 2:
            let start = pick([53, 80, 443])
            fields.append(("port", .int(start)))
            fields.append(("endPort", .int(start + pick([0, 10, 8000]))))
        default: break
        }
        return .object(fields)
    }

    mutating func rules(_ direction: String) -> JSON {
        .array(
            (0..<Int.random(in: 0...2, using: &random)).map { _ in
                var rule: [(String, JSON)] = []
                if chance(75) {
                    rule.append(
                        (
                            direction == "ingress" ? "from" : "to",
                            .array((0..<Int.random(in: 0...2, using: &random)).map { _ in policyPeer() })
                        ))
                }
                if chance(60) {
                    rule.append(
                        ("ports", .array((0..<Int.random(in: 0...2, using: &random)).map { _ in policyPort() })))
                }
                return .object(rule)
            })
    }

    mutating func networkPolicy(_ i: Int) -> JSON {
        var spec: [(String, JSON)] = [("podSelector", selector())]
        if chance(70) { spec.append(("ingress", rules("ingress"))) }
        if chance(60) { spec.append(("egress", rules("egress"))) }
        if chance(50) {
            spec.append(
                ("policyTypes", .array(pick([["Ingress"], ["Egress"], ["Ingress", "Egress"]]).map { .string($0) })))
        }
        return [
            "apiVersion": "networking.k8s.io/v1", "kind": "NetworkPolicy",
            "metadata": ["name": .string("np\(i)"), "namespace": .string(pick(Self.namespaces))], "spec": .object(spec),
        ]
    }

    mutating func adminPeer(_ direction: String) -> JSON {
        if direction == "egress" && extraChance(25) { return ["networks": .array([cidr()])] }
        switch Int.random(in: 0..<(direction == "egress" ? 5 : 3), using: &random) {
        case 0: return ["namespaces": namespaceSelector()]
        case 1: return ["pods": ["namespaceSelector": namespaceSelector(), "podSelector": selector()]]
        case 2: return chance(10) ? [:] : ["namespaces": namespaceSelector()]
        case 3: return ["networks": .array([cidr()] + (extraChance(40) ? [cidr()] : []))]
        default:
            if extraChance(40) { return ["nodes": [:]] }
            return ["nodes": ["matchLabels": ["zone": .string(pick(["east", "west"]))]]]
        }
    }

    mutating func adminPorts() -> JSON {
        .array(
            (0..<Int.random(in: 1...2, using: &random)).map { _ in
                switch Int.random(in: 0..<3, using: &random) {
                case 0:
                    return [
                        "portNumber": [
                            "protocol": .string(pick(["TCP", "UDP", "SCTP"])), "port": .int(pick([53, 80, 443, 5000])),
                        ]
                    ]
                case 1: return ["namedPort": .string(pick(Self.portNames))]
                default:
                    let start = pick([53, 80, 443])
                    return [
                        "portRange": [
                            "protocol": .string(pick(["TCP", "UDP"])), "start": .int(start),
                            "end": .int(start + pick([1, 100])),
                        ]
                    ]
                }
            })
    }

    mutating func adminRules(_ direction: String, actions: [String]) -> JSON {
        .array(
            (0..<Int.random(in: 0...3, using: &random)).map { k in
                var rule: [(String, JSON)] = [
                    ("name", .string("r\(k)")), ("action", .string(pick(actions))),
                    (direction == "ingress" ? "from" : "to", .array([adminPeer(direction)])),
                ]
                if chance(50) { rule.append(("ports", adminPorts())) }
                return .object(rule)
            })
    }

    mutating func adminSubject() -> JSON {
        chance(50)
            ? ["namespaces": namespaceSelector()]
            : ["pods": ["namespaceSelector": namespaceSelector(), "podSelector": selector()]]
    }

    mutating func adminPolicy(_ i: Int) -> JSON {
        [
            "apiVersion": "policy.networking.k8s.io/v1alpha1", "kind": "AdminNetworkPolicy",
            "metadata": ["name": .string("anp\(i)")],
            "spec": [
                "priority": .int(Int.random(in: 0...3, using: &random)), "subject": adminSubject(),
                "ingress": adminRules("ingress", actions: ["Allow", "Deny", "Pass"]),
                "egress": adminRules("egress", actions: ["Allow", "Deny", "Pass"]),
            ],
        ]
    }

    mutating func baselinePolicy() -> JSON {
        [
            "apiVersion": "policy.networking.k8s.io/v1alpha1", "kind": "BaselineAdminNetworkPolicy",
            "metadata": ["name": "default"],
            "spec": [
                "subject": adminSubject(), "ingress": adminRules("ingress", actions: ["Allow", "Deny"]),
                "egress": adminRules("egress", actions: ["Allow", "Deny"]),
            ],
        ]
    }

    mutating func clusterNetworkPolicy() -> JSON {
        let tier = pick(["Admin", "Baseline"])
        return [
            "apiVersion": "policy.networking.k8s.io/v1alpha2", "kind": "ClusterNetworkPolicy",
            "metadata": ["name": "cnp"],
            "spec": [
                "tier": .string(tier), "priority": .int(Int.random(in: 0...3, using: &random)),
                "subject": adminSubject(),
                "ingress": adminRules("ingress", actions: ["Accept", "Deny", "Pass"]).cnp(),
            ],
        ]
    }

    mutating func multiNetworkPolicy() -> JSON {
        [
            "apiVersion": "k8s.cni.cncf.io/v1beta1", "kind": "MultiNetworkPolicy",
            "metadata": ["name": "mnp", "namespace": "x", "annotations": ["k8s.v1.cni.cncf.io/policy-for": "x/rail"]],
            "spec": ["podSelector": selector(), "ingress": rules("ingress"), "egress": rules("egress")],
        ]
    }
}

extension JSON {
    /// v1alpha1 admin rules rewritten for ClusterNetworkPolicy v1alpha2: `ports` become `protocols`.
    func cnp() -> JSON {
        guard case .array(let rules) = self else { return self }
        return .array(
            rules.map { rule in
                guard case .object(let fields) = rule else { return rule }
                return .object(
                    fields.compactMap { key, value in
                        guard key == "ports" else { return (key, value) }
                        guard case .array(let ports) = value else { return nil }
                        let protocols: [JSON] = ports.compactMap { p in
                            guard case .object(let f) = p, let (kind, body) = f.first else { return nil }
                            switch kind {
                            case "portNumber":
                                guard case .object(let b) = body else { return nil }
                                let proto = b.first { $0.0 == "protocol" }?.1 ?? "TCP"
                                let port = b.first { $0.0 == "port" }?.1 ?? 80
                                guard case .string(let name) = proto else { return nil }
                                return .object([
                                    (name.lowercased(), .object([("destinationPort", .object([("number", port)]))]))
                                ])
                            case "namedPort": return .object([("destinationNamedPort", body)])
                            default: return nil
                            }
                        }
                        return ("protocols", .array(protocols))
                    })
            })
    }
}
