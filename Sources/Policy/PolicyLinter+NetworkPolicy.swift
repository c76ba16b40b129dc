import InterlockCore
import Manifests

extension PolicyLinter {
    /// The pods a pod selector can select on `network` in `namespaces` (host-network pods never).
    func pods(in namespaces: (String) -> Bool, matching selector: LabelSelector?, on networks: [Network]) -> [Pod] {
        inventory.pods.filter { pod in
            !pod.hostNetwork && namespaces(pod.namespace) && (selector?.matches(pod.labels) ?? true)
                && networks.contains { pod.isAttached(to: $0) }
        }
    }

    mutating func lintNetworkPolicy(_ policy: NetworkPolicy) {
        let networks: [Network] = policy.networks.isEmpty ? [.pod] : policy.networks.map { .attachment($0) }
        if policy.ref.kind == "MultiNetworkPolicy" { lintPolicyFor(policy) }
        let subjects = pods(in: { $0 == policy.namespace }, matching: policy.podSelector, on: networks)
        if hasWorkloads && subjects.isEmpty {
            add(
                policy.ref.location, "selects-nothing",
                "\(policy.ref): podSelector \(policy.podSelector) selects no pod in namespace \(policy.namespace)")
        }
        for rule in policy.ingress + policy.egress {
            var peerPods: [Pod] = []
            for (peer, location) in rule.peers ?? [] {
                switch peer {
                case .empty:
                    add(
                        location, "empty-peer",
                        "\(rule.ref): a peer with no field (the API server rejects it; it matches nothing)")
                case .ipBlock(let block):
                    for e in block.except where !block.cidr.contains(e) {
                        add(
                            location, "except-outside-cidr", "\(rule.ref): except \(e) is not inside cidr \(block.cidr)"
                        )
                    }
                case .pods(let nsSelector, let podSelector):
                    let namespaces = nsSelector.map { s in
                        Set(inventory.namespaces.filter { s.matches($0.labels) }.map(\.name))
                    }
                    let matched = pods(
                        in: { namespaces?.contains($0) ?? ($0 == policy.namespace) }, matching: podSelector,
                        on: networks)
                    peerPods += matched
                    guard hasWorkloads else { continue }
                    if let namespaces, namespaces.isEmpty, let nsSelector {
                        add(
                            location, "selects-nothing",
                            "\(rule.ref): namespaceSelector \(nsSelector) selects no namespace")
                    } else if matched.isEmpty {
                        let whereText = nsSelector == nil ? " in the policy's namespace \(policy.namespace)" : ""
                        let separate =
                            nsSelector == nil
                            && (rule.peers ?? []).contains {
                                if case .pods(.some, nil) = $0.peer { return true } else { return false }
                            }
                        let hint =
                            separate
                            ? " (it is a separate peer, ORed with the namespaceSelector peer; one peer with both fields ANDs them)"
                            : ""
                        add(
                            location, "selects-nothing",
                            "\(rule.ref): podSelector \(podSelector ?? .everything) selects no pod\(whereText)\(hint)")
                    }
                }
            }
            for (text, location) in rule.hostBitCIDRs {
                let network = CIDR(text).map { " (the block is \($0))" } ?? ""
                add(location, "cidr-host-bits", "\(rule.ref): \(text) has host bits set\(network)")
            }
            for port in rule.ports ?? [] {
                guard case .name(let name) = port.port else { continue }
                lintPortName(name, at: port.location, in: "\(rule.ref)")
                if port.endPort != nil {
                    add(
                        port.location, "endport-named-port",
                        "\(rule.ref): endPort cannot be used with the named port '\(name)' (the API server rejects it; it is ignored)"
                    )
                }
                // A named port resolves on the destination: the selected pods for ingress, the peers for egress.
                let destinations =
                    rule.ref.direction == .ingress
                    ? subjects
                    : rule.peers == nil ? pods(in: { _ in true }, matching: nil, on: networks) : peerPods
                if hasWorkloads && !destinations.contains(where: { !$0.ports(named: name, proto: port.proto).isEmpty })
                {
                    add(
                        port.location, "unknown-named-port",
                        "\(rule.ref): no destination pod defines a \(port.proto) port named '\(name)'")
                }
            }
        }
    }

    /// A MultiNetworkPolicy must name existing networks, and those networks must be enforceable.
    mutating func lintPolicyFor(_ policy: NetworkPolicy) {
        if policy.networks.isEmpty {
            add(
                policy.ref.location, "no-network",
                "\(policy.ref) has no \(PolicySet.policyForAnnotation) annotation: it applies to no network")
        }
        for name in policy.networks {
            guard let network = inventory.network(id: name) else {
                guard hasWorkloads || !inventory.networks.isEmpty else { continue }
                add(
                    policy.ref.location, "unknown-network",
                    "\(policy.ref) is for network \(name), which no NetworkAttachmentDefinition defines")
                continue
            }
            switch network.kind {
            case .kernel: break
            case .rdma:
                add(
                    policy.ref.location, "unenforceable",
                    "\(policy.ref) is for \(name), an RDMA network: RDMA verbs traffic (RoCEv2, InfiniBand) bypasses the kernel and nothing enforces this policy on it"
                )
            case .dpdk:
                add(
                    policy.ref.location, "unenforceable",
                    "\(policy.ref) is for \(name), a DPDK network: no kernel netdev sees its traffic and nothing enforces this policy on it"
                )
            }
        }
    }
}
