import InterlockCore

/// Random Cilium policies over the random cluster: CiliumNetworkPolicies and CiliumClusterwideNetworkPolicies
/// with `spec`/`specs`, every peer kind (endpoints with the identity labels, source prefixes and reserved labels,
/// entities, CIDRs with `except` and CIDR groups by name or labels, FQDNs, Services by name or labels, cloud
/// provider groups, requirements), ports with ANY/named/ranges/L7 rules, ICMP, deny lists and `enableDefaultDeny`;
/// and service accounts on the pods. Drawn from `ciliumDraws` only.
extension RandomCluster {
    mutating func draw(_ percent: Int) -> Bool { Int.random(in: 0..<100, using: &ciliumDraws) < percent }
    mutating func drawPick<T>(_ items: [T]) -> T { items.randomElement(using: &ciliumDraws)! }
    mutating func drawCount(_ range: ClosedRange<Int>) -> Int { Int.random(in: range, using: &ciliumDraws) }

    /// A pod object with a drawn `serviceAccountName` (other objects unchanged).
    mutating func withServiceAccount(_ object: JSON) -> JSON {
        guard case .object(var fields) = object, fields.contains(where: { $0.0 == "kind" && $0.1 == "Pod" }),
            let s = fields.firstIndex(where: { $0.0 == "spec" }), case .object(var spec) = fields[s].1
        else { return object }
        spec.append(("serviceAccountName", .string(drawPick(["default", "sa1", "sa2"]))))
        fields[s].1 = .object(spec)
        return .object(fields)
    }

    mutating func ciliumObjects() -> [JSON] {
        var out: [JSON] = []
        if draw(50) {
            out.append([
                "apiVersion": "cilium.io/v2alpha1", "kind": "CiliumCIDRGroup",
                "metadata": ["name": "group", "labels": ["vpn": .string(drawPick(["yes", "no"]))]],
                "spec": ["externalCIDRs": [.string(drawPick(["203.0.113.0/24", "8.8.8.0/24"])), "10.0.0.0/29"]],
            ])
        }
        if draw(50) {
            out.append([
                "apiVersion": "v1", "kind": "Service",
                "metadata": [
                    "name": "svc", "namespace": .string(drawPick(Self.namespaces)),
                    "labels": ["env": .string(drawPick(["prod", "dev"]))],
                ],
                "spec": ["selector": ["app": .string(drawPick(Self.apps))], "ports": [["port": 80]]],
            ])
        }
        for i in 0..<drawCount(1...4) { out.append(ciliumPolicy(i)) }
        return out
    }

    mutating func ciliumPolicy(_ i: Int) -> JSON {
        let clusterwide = draw(30)
        var metadata: [(String, JSON)] = [("name", .string("cilium\(i)"))]
        if !clusterwide { metadata.append(("namespace", .string(drawPick(Self.namespaces)))) }
        var fields: [(String, JSON)] = [
            ("apiVersion", "cilium.io/v2"),
            ("kind", .string(clusterwide ? "CiliumClusterwideNetworkPolicy" : "CiliumNetworkPolicy")),
            ("metadata", .object(metadata)),
        ]
        if draw(70) {
            fields.append(("spec", ciliumRule(clusterwide: clusterwide)))
        } else {
            fields.append(("specs", .array((0..<drawCount(1...2)).map { _ in ciliumRule(clusterwide: clusterwide) })))
        }
        return .object(fields)
    }

    mutating func ciliumSelector() -> JSON {
        if draw(20) { return [:] }
        switch drawCount(0...7) {
        case 0: return ["matchLabels": ["app": .string(drawPick(Self.apps))]]
        case 1: return ["matchLabels": ["k8s:app": .string(drawPick(Self.apps))]]
        case 2: return ["matchLabels": ["k8s:io.kubernetes.pod.namespace": .string(drawPick(Self.namespaces))]]
        case 3: return ["matchLabels": ["io.cilium.k8s.policy.serviceaccount": .string(drawPick(["sa1", "sa2"]))]]
        case 4: return ["matchLabels": ["io.cilium.k8s.namespace.labels.team": .string(drawPick(["red", "blue"]))]]
        case 5:
            return [
                "matchExpressions": [
                    ["key": "any:tier", "operator": .string(drawPick(["Exists", "DoesNotExist"]))]
                ]
            ]
        case 6:
            return ["matchLabels": .object([("reserved:" + drawPick(["host", "world", "kube-apiserver"]), "")])]
        default:
            return [
                "matchExpressions": [
                    [
                        "key": "app", "operator": .string(drawPick(["In", "NotIn"])),
                        "values": .array([.string(drawPick(Self.apps))]),
                    ]
                ]
            ]
        }
    }

    mutating func ciliumRule(clusterwide: Bool) -> JSON {
        var rule: [(String, JSON)] = []
        if clusterwide && draw(10) {
            rule.append(("nodeSelector", [:]))
        } else {
            rule.append(("endpointSelector", ciliumSelector()))
        }
        for key in ["ingress", "ingressDeny", "egress", "egressDeny"] where draw(key.hasSuffix("Deny") ? 30 : 60) {
            rule.append((key, .array((0..<drawCount(0...2)).map { _ in ciliumEntry(key) })))
        }
        if draw(15) {
            rule.append(("enableDefaultDeny", .object([("ingress", .bool(draw(50))), ("egress", .bool(draw(50)))])))
        }
        return .object(rule)
    }

    mutating func ciliumEntry(_ key: String) -> JSON {
        let side = key.hasPrefix("ingress") ? "from" : "to"
        let deny = key.hasSuffix("Deny")
        var entry: [(String, JSON)] = []
        switch drawCount(0...8) {
        case 0: entry.append((side + "Endpoints", .array((0..<drawCount(1...2)).map { _ in ciliumSelector() })))
        case 1:
            let entities = [
                "all", "world", "world-ipv4", "world-ipv6", "cluster", "host", "remote-node", "kube-apiserver",
                "health",
            ]
            entry.append((side + "Entities", [.string(drawPick(entities))]))
        case 2: entry.append((side + "CIDR", [.string(drawPick(["10.0.0.0/24", "203.0.113.0/24", "0.0.0.0/0"]))]))
        case 3:
            var set: [(String, JSON)] = [("cidr", .string(drawPick(["0.0.0.0/0", "8.0.0.0/7", "::/0"])))]
            if draw(40) {
                let selector: JSON = ["matchLabels": ["vpn": .string(drawPick(["yes", "no"]))]]
                set = [draw(50) ? ("cidrGroupRef", "group") : ("cidrGroupSelector", selector)]
            }
            if draw(40) { set.append(("except", [.string(drawPick(["8.8.8.8/32", "203.0.113.0/25"]))])) }
            entry.append((side + "CIDRSet", [.object(set)]))
        case 4 where side == "to" && !deny:
            entry.append(("toFQDNs", [["matchName": "example.com"]]))
        case 5 where side == "to":
            var service: [(String, JSON)] = [
                ("selector", ["matchLabels": ["env": .string(drawPick(["prod", "dev"]))]])
            ]
            if draw(50) { service.append(("namespace", .string(drawPick(Self.namespaces)))) }
            entry.append(
                (
                    "toServices",
                    [draw(50) ? ["k8sService": ["serviceName": "svc"]] : ["k8sServiceSelector": .object(service)]]
                ))
        case 6: entry.append((side + "Groups", [["aws": ["securityGroupsIds": ["sg-1"]]]]))
        default: break
        }
        if draw(10) { entry.append((side + "Requires", [ciliumSelector()])) }
        if draw(55) {
            entry.append(("toPorts", .array((0..<drawCount(1...2)).map { _ in ciliumPortRule(deny: deny) })))
        }
        if draw(10) {
            let type: JSON = drawPick([8, 0, "EchoRequest", "EchoReply"])
            entry.append(("icmps", [["fields": [["type": type, "family": .string(drawPick(["IPv4", "IPv6"]))]]]]))
        }
        return .object(entry)
    }

    mutating func ciliumPortRule(deny: Bool) -> JSON {
        var ports: [JSON] = []
        for _ in 0..<drawCount(0...2) {
            var port: [(String, JSON)] = []
            switch drawCount(0...3) {
            case 0: port.append(("port", .string(drawPick(["53", "80", "443", "5000"]))))
            case 1: port.append(("port", .string(drawPick(Self.portNames))))
            case 2:
                port.append(("port", "80"))
                port.append(("endPort", .int(drawPick([443, 8080]))))
            default: port.append(("port", "0"))
            }
            if draw(80) { port.append(("protocol", .string(drawPick(["TCP", "UDP", "SCTP", "ANY"])))) }
            ports.append(.object(port))
        }
        var rule: [(String, JSON)] = [("ports", .array(ports))]
        if !deny && draw(25) { rule.append(("rules", ["http": [["method": "GET"]]])) }
        return .object(rule)
    }
}
