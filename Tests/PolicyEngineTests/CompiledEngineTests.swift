import Documents
import InterlockCore
import Manifests
import Policy
import PropertyBased
import Testing

@testable import PolicyEngine

/// The compiled engine must give the reference evaluator's answer to every question.
@Suite struct CompiledEngineTests {
    /// Every endpoint worth asking about on `network`: all pods, all nodes, and external addresses
    /// inside and around the CIDRs the generator uses.
    static func endpoints(_ inventory: Inventory) -> [PolicyEndpoint] {
        inventory.pods.indices.map { PolicyEndpoint.pod($0) } + inventory.nodes.indices.map { PolicyEndpoint.node($0) }
            + ["10.0.0.200", "10.0.0.2", "192.168.0.3", "172.16.0.9", "203.0.113.7", "8.8.8.8", "fd00::1"]
            .map { PolicyEndpoint.external(IPAddress($0)!) }
    }

    static let probes: [(IPProtocol, UInt16?)] = [
        (.tcp, 80), (.tcp, 443), (.tcp, 8080), (.tcp, 53), (.tcp, 63), (.tcp, 8090), (.tcp, 1), (.tcp, 65535),
        (.udp, 53), (.udp, 80), (.udp, 443), (.sctp, 5000), (.sctp, 80), (.icmp, nil), (.gre, nil),
    ]

    /// Compares both engines on every endpoint pair, probe and network of a cluster; returns the
    /// first disagreement.
    static func disagreement(_ input: PolicyInput, options: EvaluationOptions = EvaluationOptions()) -> String? {
        let reference = ReferenceEvaluator(inventory: input.inventory, policies: input.policies, options: options)
        let compiled = CompiledEngine(inventory: input.inventory, policies: input.policies, options: options)
        let all = endpoints(input.inventory)
        for network in [Network.pod] + input.inventory.networks.map({ .attachment($0.id) }) {
            for s in all {
                for d in all {
                    for (proto, port) in probes {
                        let q = Query(network: network, source: s, destination: d, proto: proto, port: port)
                        if reference.isAllowed(q) != compiled.isAllowed(q) {
                            return
                                "\(network) \(input.inventory.describe(s)) -> \(input.inventory.describe(d)) \(proto) \(port.map(String.init) ?? "-"): reference \(reference.isAllowed(q))"
                        }
                    }
                    let r = reference.connections(on: network, from: s, to: d)
                    let c = compiled.connections(on: network, from: s, to: d)
                    if r != c {
                        return
                            "\(network) \(input.inventory.describe(s)) -> \(input.inventory.describe(d)): connections \(r) vs \(c)"
                    }
                    let conditional = reference.isConditional(on: network, from: s, to: d)
                    if conditional != compiled.isConditional(on: network, from: s, to: d) {
                        return
                            "\(network) \(input.inventory.describe(s)) -> \(input.inventory.describe(d)): conditional \(conditional) vs not"
                    }
                }
            }
        }
        return nil
    }

    @Test func agreesOnRandomClusters() async {
        await propertyCheck(count: 60, input: Gen.int(in: 0...Int(Int32.max))) { seed in
            var cluster = RandomCluster(seed: UInt64(seed))
            let input = try #require(try? cluster.input(), "seed \(seed) did not load")
            #expect(Self.disagreement(input) == nil, "seed \(seed)")
        }
    }

    /// Calico's enforcement (`--cni calico`): random Calico tiers, policies and network sets together
    /// with the Kubernetes and admin kinds; questions with and without a source port.
    @Test func agreesOnCalicoClusters() async {
        await propertyCheck(count: 25, input: Gen.int(in: 0...Int(Int32.max))) { seed in
            var cluster = RandomCluster(seed: UInt64(seed), calico: true)
            let input = try #require(try? cluster.input(), "seed \(seed) did not load")
            var options = EvaluationOptions()
            options.cni = .calico
            #expect(!input.policies.calico.policies.isEmpty)
            #expect(Self.disagreement(input, options: options) == nil, "seed \(seed)")
            #expect(Self.sourcePortDisagreement(input, options: options) == nil, "seed \(seed)")
        }
    }

    @Test func agreesWithIPBlocksNotSelectingPods() async {
        await propertyCheck(count: 30, input: Gen.int(in: 0...Int(Int32.max))) { seed in
            var cluster = RandomCluster(seed: UInt64(seed))
            let input = try #require(try? cluster.input(), "seed \(seed) did not load")
            #expect(
                Self.disagreement(input, options: EvaluationOptions(ipBlockSelectsPods: false)) == nil, "seed \(seed)")
        }
    }

    /// Clusters with template-only workloads (pods with no address or node), whole-family CIDRs and
    /// empty `nodes` selectors, with ipBlocks selecting pods or not.
    @Test(arguments: [true, false])
    func agreesOnUnplacedPods(ipBlockSelectsPods: Bool) async {
        await propertyCheck(count: 30, input: Gen.int(in: 0...Int(Int32.max))) { seed in
            var cluster = RandomCluster(seed: UInt64(seed), unplaced: true)
            let input = try #require(try? cluster.input(), "seed \(seed) did not load")
            #expect(input.inventory.pods.contains { $0.isRepresentative && $0.ips.isEmpty })
            let options = EvaluationOptions(ipBlockSelectsPods: ipBlockSelectsPods)
            #expect(Self.disagreement(input, options: options) == nil, "seed \(seed)")
        }
    }

    /// The netpol-analyzer profile: host-network pods (15% of the random pods, 25% of template-only
    /// workloads) policed by NetworkPolicy as pods while the admin tiers see their node, ipBlocks not
    /// selecting pods; with and without template-only workloads.
    @Test(arguments: [false, true])
    func agreesUnderTheNetpolAnalyzerProfile(unplaced: Bool) async {
        await propertyCheck(count: 30, input: Gen.int(in: 0...Int(Int32.max))) { seed in
            var cluster = RandomCluster(seed: UInt64(seed), unplaced: unplaced)
            let input = try #require(try? cluster.input(), "seed \(seed) did not load")
            #expect(
                Self.disagreement(input, options: EvaluationOptions(profile: .netpolAnalyzer)) == nil, "seed \(seed)")
        }
    }

    /// An ingress controller absent from the input stands in as an unplaced pod (`Inventory.adding(probe:)`):
    /// in a namespace of the cluster with a pod's labels, or in netpol-analyzer's own namespace.
    @Test func agreesWithAStandInIngressController() async {
        await propertyCheck(count: 20, input: Gen.int(in: 0...Int(Int32.max))) { seed in
            var cluster = RandomCluster(seed: UInt64(seed))
            let input = try #require(try? cluster.input(), "seed \(seed) did not load")
            let inventory = input.inventory
            let labels = inventory.pods.isEmpty ? [:] : inventory.pods[seed % inventory.pods.count].labels
            let namespace =
                seed % 3 == 0 ? "ingress-controller-ns" : inventory.namespaces[seed % inventory.namespaces.count].name
            let controller = IngressController(namespace: namespace, selector: LabelSelector(matchLabels: labels))
            let (probed, sources) = controller.sources(in: input)
            #expect(!sources.isEmpty)
            #expect(Self.disagreement(probed) == nil, "seed \(seed)")
        }
    }

    /// Clusters whose namespaces sit on primary user-defined networks (isolated from the default
    /// network and from each other), with and without template-only workloads.
    @Test(arguments: [false, true])
    func agreesOnUserDefinedNetworks(unplaced: Bool) async {
        await propertyCheck(count: 30, input: Gen.int(in: 0...Int(Int32.max))) { seed in
            var cluster = RandomCluster(seed: UInt64(seed), unplaced: unplaced, userDefinedNetworks: true)
            let input = try #require(try? cluster.input(), "seed \(seed) did not load")
            #expect(Self.disagreement(input) == nil, "seed \(seed)")
        }
    }

    /// The generator does put pods on isolated networks, and then some pairs are denied by isolation
    /// alone: the property above is not vacuous.
    @Test func userDefinedNetworksIsolateSomePairs() throws {
        var isolatedPairs = 0
        for seed in UInt64(0)..<20 {
            var cluster = RandomCluster(seed: seed, userDefinedNetworks: true)
            let input = try cluster.input()
            let reference = ReferenceEvaluator(inventory: input.inventory, policies: input.policies)
            let pods = input.inventory.pods.indices.map { PolicyEndpoint.pod($0) }
            for s in pods {
                for d in pods where reference.isolation.separates(s, d, on: .pod, in: input.inventory) != nil {
                    isolatedPairs += 1
                    #expect(
                        !reference.isAllowed(Query(network: .pod, source: s, destination: d, proto: .tcp, port: 80)))
                }
            }
        }
        #expect(isolatedPairs > 0)
    }

    /// A seed whose template-only DaemonSets share a class: its representative twice is one endpoint,
    /// yet two members of the class are two, and a rule may leave their connections conditional.
    @Test func agreesOnConditionalRowsWithinOneClass() throws {
        var cluster = RandomCluster(seed: 1_269_442_570, unplaced: true)
        let input = try cluster.input()
        #expect(Self.disagreement(input, options: EvaluationOptions(ipBlockSelectsPods: true)) == nil)
    }

    /// Twin pods told apart only by their addresses, and external addresses told apart only by a Calico
    /// `nets` and a GlobalNetworkSet: the classes must be cut at Calico's CIDRs.
    @Test func calicoNetsCutClasses() throws {
        let text = """
            apiVersion: v1
            kind: Pod
            metadata: {name: a1, namespace: x, labels: {app: a}}
            status: {podIP: 10.0.0.1}
            ---
            apiVersion: v1
            kind: Pod
            metadata: {name: a2, namespace: x, labels: {app: a}}
            status: {podIP: 10.0.0.9}
            ---
            apiVersion: projectcalico.org/v3
            kind: GlobalNetworkSet
            metadata: {name: partners, labels: {role: partner}}
            spec: {nets: [203.0.113.0/24]}
            ---
            apiVersion: projectcalico.org/v3
            kind: NetworkPolicy
            metadata: {name: p, namespace: x}
            spec:
              egress:
              - action: Allow
                destination: {selector: role == 'partner', namespaceSelector: global()}
              - action: Allow
                destination: {nets: [10.0.0.8/29]}
            """
        let manifests = try ManifestLoader.load(documents: try YAMLReader.documents(text, file: "calico.yaml"))
        let input = PolicyInput(manifests: manifests, policies: try PolicySet.decode(manifests))
        var options = EvaluationOptions()
        options.cni = .calico
        let compiled = CompiledEngine(inventory: input.inventory, policies: input.policies, options: options)
        let a1 = PolicyEndpoint.pod(try #require(input.inventory.podIndex(id: "x/a1")))
        let a2 = PolicyEndpoint.pod(try #require(input.inventory.podIndex(id: "x/a2")))
        func allowed(_ d: PolicyEndpoint) -> Bool {
            compiled.isAllowed(Query(source: a1, destination: d, proto: .tcp, port: 80))
        }
        #expect(allowed(.external(IPAddress("203.0.113.7")!)) && !allowed(.external(IPAddress("8.8.8.8")!)))
        #expect(allowed(a2) && !compiled.isAllowed(Query(source: a2, destination: a1, proto: .tcp, port: 80)))
        #expect(Self.disagreement(input, options: options) == nil)
    }

    /// Seeds that once disagreed, kept as regression cases.
    @Test(arguments: [UInt64(1), 2, 3])
    func agreesOnKeptSeeds(seed: UInt64) throws {
        var cluster = RandomCluster(seed: seed)
        let input = try cluster.input()
        #expect(Self.disagreement(input) == nil)
    }

    /// Address lookups (with and without primary user-defined networks) answer what the reference
    /// evaluator answers for the addresses' owners.
    @Test(arguments: [false, true])
    func addressLookupsMatchEndpointLookups(userDefinedNetworks: Bool) throws {
        var cluster = RandomCluster(seed: 77, userDefinedNetworks: userDefinedNetworks)
        let input = try cluster.input()
        let compiled = CompiledEngine(inventory: input.inventory, policies: input.policies)
        let addresses =
            input.inventory.pods.flatMap(\.ips) + input.inventory.nodes.flatMap(\.addresses) + [IPAddress("8.8.8.8")!]
        for s in addresses {
            for d in addresses {
                let source = input.inventory.owner(of: s, on: .pod).map(Self.endpoint) ?? .external(s)
                let destination = input.inventory.owner(of: d, on: .pod).map(Self.endpoint) ?? .external(d)
                for (proto, port) in Self.probes {
                    let q = Query(source: source, destination: destination, proto: proto, port: port)
                    #expect(
                        compiled.isAllowed(source: s, destination: d, proto: proto, port: port)
                            == compiled.reference.isAllowed(q))
                }
            }
        }
    }

    /// Batched lookups answer exactly what single lookups answer, on every network of random
    /// clusters, for batches of every length around the group size (16) and the pipeline's depth
    /// (four groups in flight), including empty ones; with primary user-defined networks too.
    @Test(arguments: [UInt64(5), 6, 7], [false, true])
    func batchedLookupsMatchSingleLookups(seed: UInt64, userDefinedNetworks: Bool) throws {
        var cluster = RandomCluster(seed: seed, userDefinedNetworks: userDefinedNetworks)
        let input = try cluster.input()
        let compiled = CompiledEngine(inventory: input.inventory, policies: input.policies)
        let addresses =
            (input.inventory.pods.flatMap(\.ips) + input.inventory.nodes.flatMap(\.addresses) + [
                IPAddress("8.8.8.8")!, IPAddress("10.255.0.1")!,
            ])
            .compactMap { a -> UInt32? in if case .v4(let v) = a { return v.value } else { return nil } }
        var questions: [IPv4Question] = []
        for s in addresses {
            for d in addresses {
                for (proto, port) in Self.probes {
                    questions.append(IPv4Question(source: s, destination: d, proto: proto, port: port ?? 0))
                }
            }
        }
        let networks: [Network] = [.pod] + input.inventory.networks.map { .attachment($0.id) }
        for network in networks {
            for length in [0, 1, 15, 16, 17, 33, 47, 48, 49, 63, 64, 65, 81, questions.count] {
                let batch = Array(questions.prefix(length))
                var answers: [Bool] = []
                compiled.areAllowed(network: network, batch, into: &answers)
                let single = batch.map { q in
                    compiled.isAllowed(
                        network: network, source: .v4(IPv4Address(q.source)),
                        destination: .v4(IPv4Address(q.destination)),
                        proto: q.proto, port: q.port)
                }
                #expect(answers == single, "network \(network), \(length) questions")
            }
        }
    }

    static func endpoint(_ owner: AddressOwner) -> PolicyEndpoint {
        switch owner {
        case .pod(let i): return .pod(i)
        case .node(let i): return .node(i)
        }
    }
}
