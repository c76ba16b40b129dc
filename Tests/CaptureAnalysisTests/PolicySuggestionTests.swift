import Capture
import CaptureAnalysis
import CaptureSynth
import ClusterSynth
import Documents
import Foundation
import InterlockCore
import Manifests
import Policy
import PolicyEngine
import TestSupport
import Testing

/// `policy suggest`'s policies, run back through the evaluator: every observed connection allowed,
/// every other (workload or address, workload, protocol and port) denied but DNS to kube-dns; on the
/// demo capture and cluster, and on traffic generated from a synthetic cluster; as NetworkPolicies and,
/// under Cilium's enforcement, as CiliumNetworkPolicies.
@Suite struct PolicySuggestionTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path

    /// The demo cluster with the pods running when `demo-violations.pcap` was taken, and the capture.
    static func demo() throws -> (PolicyInput, CaptureFlows) {
        let input = try PolicyInput.load(paths: [root + "/policies/demo/cluster", root + "/captures/demo-pods.yaml"])
        return (input, try CaptureFlows.collect(paths: [root + "/captures/demo-violations.pcap"]))
    }

    /// A synthetic cluster and `capture synth`'s violations scenario on it (the clean traffic plus
    /// connections its policies deny), written and read back as a capture.
    static func generated(seed: UInt64) throws -> (PolicyInput, CaptureFlows) {
        let bytes = ClusterSynthesizer.listJSON(
            SynthClusterSpec(namespaces: 5, pods: 60, policies: 16, adminPolicies: 0, seed: seed))
        let manifests = try ManifestLoader.load(documents: try JSONReader.documents(bytes, file: "synth.json"))
        let input = PolicyInput(manifests: manifests, policies: try PolicySet.decode(manifests))
        let engine = CompiledEngine(inventory: input.inventory, policies: input.policies)
        let path = Scratch.path("suggest-\(seed).pcap")
        try ScenarioBuilder.script(.violations, engine: engine, fabric: nil).write(to: path)
        return (input, try CaptureFlows.collect(paths: [path]))
    }

    /// The suggestion alone in force: the current NetworkPolicies, Cilium policies and the admin tiers
    /// taken out.
    static func suggestionOnly(_ suggestion: PolicySuggestion, _ input: PolicyInput) throws -> PolicyInput {
        var bare = input
        bare.policies = PolicySet(networkPolicies: [])
        return try suggestion.applied(to: bare)
    }

    /// The engine over the suggestion alone, under the suggestion's CNI.
    static func engine(_ suggestion: PolicySuggestion, _ input: PolicyInput) throws -> CompiledEngine {
        var options = EvaluationOptions()
        options.cni = suggestion.cni
        let after = try suggestionOnly(suggestion, input)
        return CompiledEngine(inventory: input.inventory, policies: after.policies, options: options)
    }

    /// Asks the evaluator about every pair of peers (the workloads, the addresses seen, and one
    /// address never seen) on every port seen, every port the destination declares, DNS and two
    /// ports nothing uses: allowed exactly when observed, or DNS from a workload to kube-dns. Under
    /// Cilium, nodes are one class (the host and remote-node entities: a workload reaches or is reached
    /// by every node on the ports seen with any node), and a pod's own node may always reach it
    /// (allow-localhost).
    static func prove(_ suggestion: PolicySuggestion, _ input: PolicyInput) throws {
        let inventory = input.inventory
        let engine = try engine(suggestion, input)
        #expect(suggestion.denied(by: engine).isEmpty)

        let observed = Set(suggestion.observed.edges)
        let workloads = Set(suggestion.policies.map(\.workload))
        let dns = Set(
            workloads.filter {
                inventory.workloads[$0].namespace == "kube-system"
                    && inventory.pods[inventory.workloads[$0].representative].labels["k8s-app"] == "kube-dns"
            })
        var addresses = Set<ObservedPeer>()
        for e in observed {
            for p in [e.source, e.destination] { if case .address = p { addresses.insert(p) } }
        }
        addresses.insert(.address(IPAddress("203.0.113.77")!))
        var ports = Set(observed.map { PortProbe(proto: $0.proto, port: $0.port) })
        ports.formUnion([
            PortProbe(proto: .udp, port: 53), PortProbe(proto: .tcp, port: 53), PortProbe(proto: .tcp, port: 1),
            PortProbe(proto: .sctp, port: 9),
        ])
        let peers = workloads.map { ObservedPeer.workload($0) } + addresses
        let cilium = suggestion.cni == .cilium
        func node(_ peer: ObservedPeer) -> Int? {
            guard case .address(let ip) = peer, case .node(let n)? = inventory.owner(of: ip, on: .pod) else {
                return nil
            }
            return n
        }
        // Under Cilium: the (workload, direction, port)s seen with some node, as (source, destination)
        // edges with the node side left out.
        var nodeClass = Set<ObservedEdge>()
        let anyNode = ObservedPeer.address(IPAddress("0.0.0.0")!)
        for e in observed where cilium {
            if node(e.source) != nil {
                nodeClass.insert(
                    ObservedEdge(source: anyNode, destination: e.destination, proto: e.proto, port: e.port))
            }
            if node(e.destination) != nil {
                nodeClass.insert(ObservedEdge(source: e.source, destination: anyNode, proto: e.proto, port: e.port))
            }
        }
        var checked = 0
        var wrong: [String] = []
        for source in peers {
            // A pod's traffic to itself is always allowed: a workload is not asked about itself.
            for destination in peers where destination != source {
                guard case .workload(let d) = destination else {
                    if case .address = source { continue }
                    try probe(source, destination, ports)
                    continue
                }
                var destinationPorts = ports
                for pod in inventory.workloads[d].pods {
                    for p in inventory.pods[pod].ports {
                        destinationPorts.insert(PortProbe(proto: p.proto, port: p.port))
                    }
                }
                try probe(source, destination, destinationPorts)
            }
        }
        func probe(_ source: ObservedPeer, _ destination: ObservedPeer, _ ports: Set<PortProbe>) throws {
            for p in ports {
                let edge = ObservedEdge(source: source, destination: destination, proto: p.proto, port: p.port)
                var expected = observed.contains(edge)
                if case .workload(let d) = destination, case .workload = source, dns.contains(d),
                    (p.proto == .udp || p.proto == .tcp) && p.port == 53
                {
                    expected = true
                }
                if cilium, let n = node(source), case .workload(let d) = destination {
                    let local = inventory.node(of: inventory.pods[inventory.workloads[d].representative]) == n
                    expected =
                        local
                        || nodeClass.contains(
                            ObservedEdge(source: anyNode, destination: destination, proto: p.proto, port: p.port))
                }
                if cilium, node(destination) != nil, case .workload = source {
                    expected = nodeClass.contains(
                        ObservedEdge(source: source, destination: anyNode, proto: p.proto, port: p.port))
                }
                let allowed = engine.isAllowed(PolicySuggestion.query(edge, in: inventory))
                checked += 1
                if allowed != expected {
                    wrong.append((allowed ? "allowed: " : "denied: ") + PolicySuggestion.describe(edge, in: inventory))
                }
            }
        }
        #expect(wrong.isEmpty, "\(wrong.prefix(10))")
        #expect(checked > 1000)
    }

    struct PortProbe: Hashable {
        var proto: IPProtocol
        var port: UInt16
    }

    @Test(arguments: [CNI.generic, .cilium])
    func demoCaptureSuggestionAllowsExactlyTheObservedTraffic(cni: CNI) throws {
        let (input, flows) = try Self.demo()
        let suggestion = PolicySuggestion(
            observed: ObservedTraffic(flows: flows, inventory: input.inventory), inventory: input.inventory, cni: cni)
        #expect(suggestion.warnings.isEmpty)
        #expect(suggestion.observed.covered > 0 && suggestion.observed.edges.count > 10)
        // Every connection is either covered or skipped for a stated reason.
        #expect(
            suggestion.observed.covered + suggestion.observed.skipped.values.reduce(0, +)
                == suggestion.observed.connections)
        // The capture holds traffic NetworkPolicy cannot speak of: on the RDMA network, between fabric hosts.
        #expect(suggestion.observed.skipped[.secondaryNetwork, default: 0] > 0)
        #expect(suggestion.observed.skipped[.noPod, default: 0] > 0)
        // Two policies for each workload of the pod network (the host-network node-exporter has none).
        let workloads = input.inventory.workloads.indices.filter {
            !input.inventory.pods[input.inventory.workloads[$0].representative].hostNetwork
        }
        #expect(suggestion.policies.count == 2 * workloads.count)
        #expect(!suggestion.policies.contains { input.inventory.workloads[$0.workload].name == "node-exporter" })
        try Self.prove(suggestion, input)
    }

    @Test(arguments: [CNI.generic, .cilium])
    func generatedTrafficSuggestionAllowsExactlyTheObservedTraffic(cni: CNI) throws {
        for seed: UInt64 in [1, 7] {
            let (input, flows) = try Self.generated(seed: seed)
            let suggestion = PolicySuggestion(
                observed: ObservedTraffic(flows: flows, inventory: input.inventory), inventory: input.inventory,
                cni: cni)
            #expect(suggestion.warnings.isEmpty)
            #expect(suggestion.observed.covered > 0)
            try Self.prove(suggestion, input)
        }
    }

    @Test func selectorsUseStableLabelsOnly() throws {
        let (input, flows) = try Self.demo()
        let suggestion = PolicySuggestion(
            observed: ObservedTraffic(flows: flows, inventory: input.inventory), inventory: input.inventory)
        let yaml = suggestion.yaml
        for key in StableLabels.unstableKeys { #expect(!yaml.contains(key)) }
        // The demo pods carry pod-template-hash and controller-revision-hash; coredns is selected by its app label.
        #expect(
            yaml.contains(
                """
                metadata:
                  name: suggested-coredns-ingress
                  namespace: kube-system
                spec:
                  podSelector:
                    matchLabels:
                      k8s-app: kube-dns
                  policyTypes:
                  - Ingress
                """))
        #expect(StableLabels.unstableKeys.isSuperset(of: ["pod-template-hash", "controller-revision-hash"]))
    }

    @Test func suggestionRoundTripsThroughTheLoaderWithoutLintFindings() throws {
        let (input, flows) = try Self.demo()
        let suggestion = PolicySuggestion(
            observed: ObservedTraffic(flows: flows, inventory: input.inventory), inventory: input.inventory)
        let after = try Self.suggestionOnly(suggestion, input)
        let read = after.policies.networkPolicies.filter { $0.networks.isEmpty }
        #expect(read.map(\.ref.name).sorted() == suggestion.policies.map(\.name).sorted())
        let byName = Dictionary(uniqueKeysWithValues: read.map { ("\($0.namespace)/\($0.ref.name)", $0) })
        for p in suggestion.policies {
            let r = try #require(byName["\(p.namespace)/\(p.name)"])
            #expect(r.affectsIngress == (p.direction == .ingress) && r.affectsEgress == (p.direction == .egress))
            #expect(r.rules(p.direction).count == p.rules)
        }
        #expect(PolicyLinter.lint(after).filter { $0.location.file == "suggestion" }.isEmpty)
        // Deterministic: a second run writes the same bytes.
        let again = PolicySuggestion(
            observed: ObservedTraffic(flows: flows, inventory: input.inventory), inventory: input.inventory)
        #expect(again.yaml == suggestion.yaml)
    }

    @Test func externalPeersAreHostBlocks() throws {
        let (input, flows) = try Self.demo()
        let suggestion = PolicySuggestion(
            observed: ObservedTraffic(flows: flows, inventory: input.inventory), inventory: input.inventory)
        let after = try Self.suggestionOnly(suggestion, input)
        let blocks = after.policies.networkPolicies.flatMap { p in
            (p.ingress + p.egress).flatMap { $0.peers ?? [] }.compactMap { peer -> CIDR? in
                if case .ipBlock(let b) = peer.peer { return b.cidr } else { return nil }
            }
        }
        #expect(!blocks.isEmpty)
        #expect(blocks.allSatisfy { $0.prefixLength == ($0.description.contains(":") ? 128 : 32) })
        let addresses = Set(
            suggestion.observed.edges.flatMap { [$0.source, $0.destination] }.compactMap { p -> String? in
                if case .address(let ip) = p { return "\(ip)/\(ip.version == 4 ? 32 : 128)" } else { return nil }
            })
        #expect(Set(blocks.map(\.description)) == addresses)
    }

    @Test func ciliumSuggestionRoundTripsThroughTheLoaderWithoutLintFindings() throws {
        let (input, flows) = try Self.demo()
        let observed = ObservedTraffic(flows: flows, inventory: input.inventory)
        let suggestion = PolicySuggestion(observed: observed, inventory: input.inventory, cni: .cilium)
        let after = try Self.suggestionOnly(suggestion, input)
        #expect(after.policies.networkPolicies.allSatisfy { !$0.networks.isEmpty })
        let read = after.policies.ciliumPolicies
        #expect(read.map(\.ref.name).sorted() == suggestion.policies.map(\.name).sorted())
        let byName = Dictionary(uniqueKeysWithValues: read.map { ("\($0.namespace!)/\($0.ref.name)", $0) })
        for p in suggestion.policies {
            let r = try #require(byName["\(p.namespace)/\(p.name)"]?.rules.first)
            #expect(r.policy.kind == "CiliumNetworkPolicy" && r.defaultDeny(p.direction))
            #expect(!r.defaultDeny(p.direction == .ingress ? .egress : .ingress))
            #expect(r.rules(p.direction, deny: false).count == p.rules)
            #expect(r.rules(p.direction, deny: false).allSatisfy { $0.toPorts?.allSatisfy(\.l7.isEmpty) ?? false })
        }
        #expect(PolicyLinter.lint(after).filter { $0.location.file == "suggestion" }.isEmpty)
        #expect(after.policies.ciliumL7Warnings.isEmpty)
        let again = PolicySuggestion(observed: observed, inventory: input.inventory, cni: .cilium)
        #expect(again.yaml == suggestion.yaml)
        // The same selectors as the NetworkPolicies: the stable labels, the namespace label across namespaces.
        #expect(
            suggestion.yaml.contains(
                """
                  name: suggested-gateway-egress
                  namespace: inference
                spec:
                  endpointSelector:
                    matchLabels:
                      app: gateway
                  enableDefaultDeny:
                    egress: true
                  egress:
                  - toEndpoints:
                    - matchLabels:
                        k8s-app: kube-dns
                        k8s:io.kubernetes.pod.namespace: kube-system
                """))
    }

    /// The demo traffic plus a scrape of a node by a workload and a node's probe of another workload
    /// (the demo capture holds no pod-node connection): nodes become the host and remote-node entities
    /// and the proof holds with nodes as one class; other addresses are exactly the observed /32s.
    @Test func ciliumPeersAreEndpointsHostCIDRsAndNodeEntities() throws {
        let (input, flows) = try Self.demo()
        let inventory = input.inventory
        var observed = ObservedTraffic(flows: flows, inventory: inventory)
        let workloads = inventory.workloads.indices.filter {
            !inventory.pods[inventory.workloads[$0].representative].hostNetwork
        }
        let node = try #require(inventory.nodes.first { !$0.addresses.isEmpty }?.addresses.first)
        observed.edges += [
            ObservedEdge(source: .workload(workloads[0]), destination: .address(node), proto: .tcp, port: 10250),
            ObservedEdge(source: .address(node), destination: .workload(workloads[1]), proto: .tcp, port: 8080),
        ]
        let suggestion = PolicySuggestion(observed: observed, inventory: inventory, cni: .cilium)
        try Self.prove(suggestion, input)
        let rules = try Self.suggestionOnly(suggestion, input).policies.ciliumRules
        let peers = rules.flatMap { $0.ingress + $0.egress }.flatMap { $0.peers.map(\.peer) }
        let blocks = Set(peers.compactMap { p -> String? in if case .cidr(let b) = p { "\(b.cidr)" } else { nil } })
        let external = Set(
            observed.edges.flatMap { [$0.source, $0.destination] }.compactMap { p -> String? in
                guard case .address(let ip) = p, inventory.owner(of: ip, on: .pod) == nil else { return nil }
                return "\(ip)/\(ip.version == 4 ? 32 : 128)"
            })
        #expect(!blocks.isEmpty && blocks == external)
        #expect(peers.filter { $0 == .entity(.host) }.count == 2)
        #expect(peers.filter { $0 == .entity(.remoteNode) }.count == 2)
        #expect(!peers.contains { if case .entity(let e) = $0 { ![.host, .remoteNode].contains(e) } else { false } })
    }
}
