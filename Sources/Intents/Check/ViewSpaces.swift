import Fabric
import FabricACL
import InterlockCore
import Manifests
import Policy
import PolicyEngine

/// Builds the members and groups of every view the inputs allow.
enum ViewSpaces {
    static func build(_ inputs: CheckInputs, matcher: ZoneMatcher) -> [ViewSpace] {
        let zoneCIDRs = matcher.catalog.zones.flatMap(\.selectors).flatMap { ($0.cidrs ?? []) + $0.except }
        return inputs.views.map { view in
            switch view {
            case .kubernetes(let network): return kubernetes(network, inputs, matcher, zoneCIDRs)
            case .plane(let plane): return fabric(plane, inputs, matcher, zoneCIDRs)
            }
        }
    }

    private static func kubernetes(
        _ network: Network, _ inputs: CheckInputs, _ matcher: ZoneMatcher, _ zoneCIDRs: [CIDR]
    ) -> ViewSpace {
        let policy = inputs.policy!
        let engine = inputs.engine!
        let inventory = policy.inventory
        var members: [Member] = []
        for (i, pod) in inventory.pods.enumerated() where pod.isAttached(to: network) {
            let hostNetwork = network == .pod && pod.hostNetwork
            let node = inventory.node(of: pod)
            let facts = engine.reference.facts(.pod(i), on: network)
            var f = ZoneMatcher.KubeFacts(
                member: .pod, pod: pod, namespaceLabels: inventory.namespace(named: pod.namespace)?.labels ?? [:],
                node: hostNetwork ? node.map { inventory.nodes[$0] } : nil, network: network, addresses: facts.ips)
            if hostNetwork { f.node = node.map { inventory.nodes[$0] } }
            var m = Member(
                kind: .pod, name: inventory.describe(.pod(i)), shortName: inventory.workloads[pod.workload].id,
                address: facts.ips.first, kube: .pod(i), zones: matcher.zones(of: f))
            m.pair.selectable = !hostNetwork
            if hostNetwork { m.pair.peerNode = Int32(node ?? -1) } else { m.pair.subjectNode = Int32(node ?? -1) }
            members.append(m)
        }
        if network == .pod {
            for (j, node) in inventory.nodes.enumerated() {
                let f = ZoneMatcher.KubeFacts(member: .node, node: node, network: network, addresses: node.addresses)
                var m = Member(
                    kind: .node, name: "node/\(node.name)", shortName: "node/\(node.name)",
                    address: node.addresses.first,
                    kube: .node(j), zones: matcher.zones(of: f))
                m.pair.peerNode = Int32(j)
                members.append(m)
            }
        }
        // A secondary network reaches only its own subnets (its IPAM ranges): outside them there is
        // no external address to talk to.
        var subnets: [CIDR]?
        if case .attachment(let id) = network { subnets = inventory.network(id: id)?.subnets ?? [] }
        for atom in ExternalSpace.atoms(
            cutAt: AddressScope.cuts(policy.policies.cidrs(on: network) + zoneCIDRs + (subnets ?? [])))
        where subnets.map({ $0.contains { $0.contains(atom.first) } }) ?? true {
            let isPublic = AddressScope.isPublic(atom.first)
            let f = ZoneMatcher.KubeFacts(
                member: .external, network: network, addresses: [atom.first], isPublic: isPublic)
            var m = Member(
                kind: .external, name: atom.description, shortName: atom.description, address: atom.first,
                kube: .external(atom.first), zones: matcher.zones(of: f))
            m.lastAddress = atom.last
            m.isPublic = isPublic
            members.append(m)
        }
        return ViewSpace(view: .kubernetes(network), judge: .kubernetes(network, engine), members: members) { m in
            [engine.endpointClass(of: m.kube!, on: network) ?? -1, m.isSelectable ? 1 : 0]
        }
    }

    private static func fabric(_ plane: Plane, _ inputs: CheckInputs, _ matcher: ZoneMatcher, _ zoneCIDRs: [CIDR])
        -> ViewSpace
    {
        let fabric = inputs.fabric!
        let model = FabricPlane(plane: plane, fabric: fabric, acls: inputs.intents.acls, matcher: matcher)
        var members: [Member] = []
        for interface in fabric.addresses.interfaces where interface.plane == plane {
            let device = fabric.devices[Int(interface.device)]
            let host = device.host.map { fabric.devices[Int($0)] } ?? device
            let f = ZoneMatcher.FabricFacts(
                plane: plane, interface: interface, device: device, host: host, address: .v4(interface.address))
            let name = device.kind == .host ? "\(device.name)[\(interface.kind)]" : device.name
            var m = Member(
                kind: .interface, name: name, shortName: host.name, address: .v4(interface.address),
                device: interface.device, zones: matcher.zones(of: f))
            m.host = host.name
            m.pair.host = device.host ?? interface.device
            members.append(m)
        }
        // Traffic from outside the cluster enters through the front-end network's border.
        if plane == .frontend {
            let bases = fabric.addresses.bases
            let inside = FabricInterfaceKind.allCases.map { CIDR.v4(bases[$0]) }
            let aclCIDRs = model.acls.flatMap {
                $0.acl.rules.flatMap { [CIDR.v4($0.source), CIDR.v4($0.destination)] }
            }
            let v4 = (zoneCIDRs + aclCIDRs + inside).filter { if case .v4 = $0 { return true } else { return false } }
            for atom in ExternalSpace.atoms(cutAt: AddressScope.cuts(v4))
            where !inside.contains(where: { $0.contains(atom.first) }) {
                guard case .v4(let first) = atom.first, fabric.endpoint(at: first) == nil else { continue }
                let isPublic = AddressScope.isPublic(atom.first)
                let f = ZoneMatcher.FabricFacts(plane: plane, address: atom.first, isPublic: isPublic)
                var m = Member(
                    kind: .outside, name: atom.description, shortName: atom.description, address: atom.first,
                    zones: matcher.zones(of: f))
                m.lastAddress = atom.last
                m.isPublic = isPublic
                m.pair.outside = true
                members.append(m)
            }
        }
        return ViewSpace(view: .plane(plane), judge: .fabric(model), members: members) { model.signature($0) }
    }
}
