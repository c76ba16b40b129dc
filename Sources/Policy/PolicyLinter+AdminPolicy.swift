import InterlockCore
import Manifests

extension PolicyLinter {
    mutating func lintAdminPolicy(_ policy: AdminPolicy) {
        let subjects = inventory.pods.filter { pod in
            !pod.hostNetwork
                && policy.subject.selects(
                    pod, namespaceLabels: inventory.namespace(named: pod.namespace)?.labels ?? [:])
        }
        if hasWorkloads && subjects.isEmpty {
            add(policy.ref.location, "selects-nothing", "\(policy.ref): subject \(policy.subject) selects no pod")
        }
        for rule in policy.ingress + policy.egress {
            var peerPods: [Pod] = []
            for (peer, location) in rule.peers {
                switch peer {
                case .empty:
                    let effect =
                        rule.action == .allow ? "the rule matches nothing" : "the rule denies all traffic (fail closed)"
                    add(location, "empty-peer", "\(rule.ref): a peer with no field: \(effect)")
                case .namespaces(let s):
                    if hasWorkloads && !inventory.namespaces.contains(where: { s.matches($0.labels) }) {
                        add(location, "selects-nothing", "\(rule.ref): namespaces \(s) selects no namespace")
                    }
                    peerPods += inventory.pods.filter {
                        !$0.hostNetwork && s.matches(inventory.namespace(named: $0.namespace)?.labels ?? [:])
                    }
                case .pods(let ns, let p):
                    let matched = inventory.pods.filter {
                        !$0.hostNetwork && ns.matches(inventory.namespace(named: $0.namespace)?.labels ?? [:])
                            && p.matches($0.labels)
                    }
                    if hasWorkloads && matched.isEmpty {
                        add(location, "selects-nothing", "\(rule.ref): pods \(p) in namespaces \(ns) selects no pod")
                    }
                    peerPods += matched
                case .nodes(let s):
                    if hasWorkloads && !inventory.nodes.contains(where: { s.matches($0.labels) }) {
                        add(location, "selects-nothing", "\(rule.ref): nodes \(s) selects no node")
                    }
                case .domainNames(let names):
                    add(
                        location, "not-evaluated",
                        "\(rule.ref): domainNames \(names.joined(separator: ", ")) are not evaluated (they match no address here)"
                    )
                case .networks:
                    break
                }
            }
            for case .named(let name) in rule.ports ?? [] {
                lintPortName(name, at: rule.ref.location, in: "\(rule.ref)")
                let destinations = rule.ref.direction == .ingress ? subjects : peerPods
                if hasWorkloads && !destinations.contains(where: { pod in pod.ports.contains { $0.name == name } }) {
                    add(
                        rule.ref.location, "unknown-named-port",
                        "\(rule.ref): no destination pod defines a port named '\(name)'")
                }
            }
        }
    }
}
