import Documents
import InterlockCore

/// Calico resources for random clusters: tiers with either default action, namespaced and global
/// policies with every rule action and field Interlock evaluates (source ports, service accounts,
/// Services and http matches included), network sets over pod and external addresses, and a Service.
extension RandomCluster {
    mutating func calicoChance(_ percent: Int) -> Bool { Int.random(in: 0..<100, using: &calicoDraws) < percent }
    mutating func calicoPick<T>(_ items: [T]) -> T { items.randomElement(using: &calicoDraws)! }

    mutating func calicoObjects() -> [JSON] {
        // The Service `services` matches name: pods `app: a` of `x`, TCP 80 to their `http` port.
        var out: [JSON] = [
            [
                "apiVersion": "v1", "kind": "Service", "metadata": ["name": "svc", "namespace": "x"],
                "spec": [
                    "selector": ["app": "a"], "ports": [["port": .int(80), "protocol": "TCP", "targetPort": "http"]],
                ],
            ]
        ]
        let tiers = ["security", "platform"].filter { _ in calicoChance(50) }
        for tier in tiers {
            var spec: [(String, JSON)] = [("defaultAction", .string(calicoPick(["Deny", "Pass"])))]
            if calicoChance(80) { spec.append(("order", .int(calicoPick([100, 500, 2000, 2_000_000])))) }
            out.append(calicoObject("Tier", tier, namespace: nil, labels: [:], spec: .object(spec)))
        }
        for i in 0..<Int.random(in: 0...2, using: &calicoDraws) {
            let global = calicoChance(40)
            let nets: [JSON] = (0..<Int.random(in: 1...2, using: &calicoDraws)).map { _ in calicoCIDR() }
            out.append(
                calicoObject(
                    global ? "GlobalNetworkSet" : "NetworkSet", "set\(i)",
                    namespace: global ? nil : calicoPick(Self.namespaces),
                    labels: ["role": .string(calicoPick(["db", "ext"]))], spec: ["nets": .array(nets)]))
        }
        for i in 0..<Int.random(in: 1...5, using: &calicoDraws) {
            let global = calicoChance(40)
            var spec: [(String, JSON)] = [("selector", .string(calicoSelector()))]
            if let tier = tiers.isEmpty || calicoChance(40) ? nil : calicoPick(tiers) {
                spec.append(("tier", .string(tier)))
            }
            if calicoChance(70) { spec.append(("order", .int(calicoPick([10, 500, 1000, 1500])))) }
            if calicoChance(10) { spec.append(("serviceAccountSelector", "projectcalico.org/name in {'sa1', 'sa2'}")) }
            if global && calicoChance(30) {
                spec.append(("namespaceSelector", .string(calicoPick(["ns == 'x'", "has(team)"]))))
            }
            if calicoChance(70) { spec.append(("ingress", calicoRules())) }
            if calicoChance(60) { spec.append(("egress", calicoRules())) }
            if calicoChance(30) {
                spec.append(
                    (
                        "types",
                        .array(calicoPick([["Ingress"], ["Egress"], ["Ingress", "Egress"]]).map { .string($0) })
                    ))
            }
            out.append(
                calicoObject(
                    global ? "GlobalNetworkPolicy" : "NetworkPolicy", "c\(i)",
                    namespace: global ? nil : calicoPick(Self.namespaces),
                    labels: [:], spec: .object(spec)))
        }
        return out
    }

    func calicoObject(_ kind: String, _ name: String, namespace: String?, labels: [String: JSON], spec: JSON) -> JSON {
        var metadata: [(String, JSON)] = [
            ("name", .string(name)), ("labels", .object(labels.sorted { $0.key < $1.key })),
        ]
        if let namespace { metadata.append(("namespace", .string(namespace))) }
        return [
            "apiVersion": "projectcalico.org/v3", "kind": .string(kind), "metadata": .object(metadata), "spec": spec,
        ]
    }

    mutating func calicoCIDR() -> JSON {
        .string(
            calicoPick(["10.0.0.0/29", "10.0.0.4/30", "10.0.0.3/32", "192.168.0.1/32", "203.0.113.0/24", "0.0.0.0/0"]))
    }

    mutating func calicoSelector() -> String {
        calicoPick([
            "all()", "app == 'a'", "app != 'b'", "app in {'a', 'c'}", "app not in {'a'}", "has(tier)", "!has(tier)",
            "tier == 'fe' || app == 'b'", "app starts with 'a' && !(tier ends with 'e')", "app contains 'c'",
            "role == 'db'", "role == 'ext' || app == 'c'", "projectcalico.org/namespace == 'y'", "global()",
        ])
    }

    /// A rule's source or destination; `ports`/`notPorts` (a destination's in 40% and 15% of rules, a
    /// source's in 20% and 10%) only when the rule's protocol has ports.
    mutating func calicoEntity(ports: Bool, chance: Int) -> JSON {
        var e: [(String, JSON)] = []
        if calicoChance(40) { e.append(("selector", .string(calicoSelector()))) }
        if calicoChance(15) { e.append(("notSelector", .string(calicoSelector()))) }
        if calicoChance(20) {
            e.append(("namespaceSelector", .string(calicoPick(["ns == 'y'", "global()", "all()", "team == 'red'"]))))
        }
        if calicoChance(20) { e.append(("nets", [calicoCIDR()])) }
        if calicoChance(10) {
            e.append(
                (
                    "serviceAccounts",
                    calicoPick([["names": ["sa1", "default"]], ["selector": "projectcalico.org/name != 'sa2'"]])
                ))
        }
        if calicoChance(10) {
            e.append(("services", calicoPick([["name": "svc", "namespace": "x"], ["name": "svc"]])))
        }
        if calicoChance(15) { e.append(("notNets", [calicoCIDR()])) }
        if ports && calicoChance(chance) {
            e.append(("ports", .array((0..<Int.random(in: 1...2, using: &calicoDraws)).map { _ in calicoPort() })))
        }
        if ports && calicoChance(chance * 3 / 8) { e.append(("notPorts", [calicoPort()])) }
        return .object(e)
    }

    mutating func calicoPort() -> JSON {
        calicoPick([.int(80), .int(53), .string("80:443"), .string("5000:8080"), .string("http"), .string("dns")])
    }

    /// An `icmp` (or `notICMP`) match: a type, sometimes with a code.
    mutating func calicoICMP() -> (String, JSON) {
        var match: [(String, JSON)] = [("type", .int(calicoPick([0, 8, 3])))]
        if calicoChance(30) { match.append(("code", .int(calicoPick([0, 1])))) }
        return (calicoChance(25) ? "notICMP" : "icmp", .object(match))
    }

    mutating func calicoRules() -> JSON {
        .array(
            (0..<Int.random(in: 0...3, using: &calicoDraws)).map { _ in
                var rule: [(String, JSON)] = [("action", .string(calicoPick(["Allow", "Deny", "Pass", "Log"])))]
                let proto = calicoPick(["TCP", "UDP", "SCTP", "ICMP", "ICMPv6", nil, nil] as [String?])
                if let proto { rule.append(("protocol", .string(proto))) }
                if proto == nil && calicoChance(20) {
                    rule.append(("notProtocol", .string(calicoPick(["TCP", "UDP"]))))
                }
                if proto?.hasPrefix("ICMP") == true && calicoChance(50) { rule.append(calicoICMP()) }
                let ports = ["TCP", "UDP", "SCTP"].contains(proto ?? "")
                if calicoChance(10) { rule.append(("http", ["methods": ["GET"]])) }
                if calicoChance(50) { rule.append(("source", calicoEntity(ports: ports, chance: 20))) }
                if calicoChance(60) { rule.append(("destination", calicoEntity(ports: ports, chance: 40))) }
                return .object(rule)
            })
    }
}
