import ClusterSynth
import Documents
import InterlockCore
import Manifests
import Policy
import PropertyBased
import Testing

@testable import PolicyEngine

/// Connlists and diffs read by class from the compiled engine list exactly the rows the reference
/// evaluator gives pair by pair, `conditional` flags included.
@Suite struct ClassConnlistTests {
    /// The first network of `input` on which the two engines' connlists differ, with both line counts.
    static func disagreement(_ input: PolicyInput, options: EvaluationOptions = EvaluationOptions()) -> String? {
        let reference = ReferenceEvaluator(inventory: input.inventory, policies: input.policies, options: options)
        let compiled = CompiledEngine(inventory: input.inventory, policies: input.policies, options: options)
        for network in [Network.pod] + input.inventory.networks.map({ .attachment($0.id) }) {
            #expect(compiled.classConnectivity(on: network, sources: [], destinations: []) != nil)
            let peers = Connlist.peers(input.inventory, on: network, policies: input.policies)
            let expected = Connlist.lines(reference, on: network, peers: peers)
            let actual = Connlist.lines(compiled, on: network, peers: peers)
            if expected != actual {
                let missing = Set(expected).subtracting(actual).sorted().first.map { "\($0) \($0.conditional)" }
                let extra = Set(actual).subtracting(expected).sorted().first.map { "\($0) \($0.conditional)" }
                return
                    "\(network): \(expected.count) vs \(actual.count) lines; missing \(missing ?? "-"), extra \(extra ?? "-")"
            }
        }
        return nil
    }

    @Test func agreesOnRandomClusters() async {
        await propertyCheck(count: 40, input: Gen.int(in: 0...Int(Int32.max))) { seed in
            var cluster = RandomCluster(seed: UInt64(seed))
            let input = try #require(try? cluster.input(), "seed \(seed) did not load")
            #expect(Self.disagreement(input) == nil, "seed \(seed)")
        }
    }

    /// Template-only workloads (conditional rows) and primary user-defined networks (isolation), under
    /// both profiles: the netpol-analyzer one polices host-network pods, whose own-node rule ties a pair
    /// to the two ends' nodes.
    @Test(arguments: [false, true], [EvaluationOptions.Profile.interlock, .netpolAnalyzer])
    func agreesOnUnplacedPodsAndUserDefinedNetworks(userDefinedNetworks: Bool, profile: EvaluationOptions.Profile)
        async
    {
        await propertyCheck(count: 20, input: Gen.int(in: 0...Int(Int32.max))) { seed in
            var cluster = RandomCluster(seed: UInt64(seed), unplaced: true, userDefinedNetworks: userDefinedNetworks)
            let input = try #require(try? cluster.input(), "seed \(seed) did not load")
            #expect(Self.disagreement(input, options: EvaluationOptions(profile: profile)) == nil, "seed \(seed)")
        }
    }

    /// The seed whose two template-only DaemonSets share a class and have a conditional row between them.
    @Test func agreesOnConditionalRowsWithinOneClass() throws {
        var cluster = RandomCluster(seed: 1_269_442_570, unplaced: true)
        let input = try cluster.input()
        #expect(Self.disagreement(input, options: EvaluationOptions(ipBlockSelectsPods: true)) == nil)
    }

    /// A diff of two random clusters' policies over one inventory is the same through either engine.
    @Test func diffsAgree() async {
        await propertyCheck(count: 20, input: Gen.int(in: 0...Int(Int32.max))) { seed in
            var before = RandomCluster(seed: UInt64(seed))
            var after = RandomCluster(seed: UInt64(seed) &+ 1)
            let b = try #require(try? before.input(), "seed \(seed) did not load")
            let a = try #require(try? after.input(), "seed \(seed + 1) did not load")
            let reference = ConnectivityDiff(
                before: ReferenceEvaluator(inventory: b.inventory, policies: b.policies), beforePolicies: b.policies,
                after: ReferenceEvaluator(inventory: a.inventory, policies: a.policies), afterPolicies: a.policies)
            let compiled = ConnectivityDiff(
                before: CompiledEngine(inventory: b.inventory, policies: b.policies), beforePolicies: b.policies,
                after: CompiledEngine(inventory: a.inventory, policies: a.policies), afterPolicies: a.policies)
            #expect(reference.entries == compiled.entries, "seed \(seed)")
        }
    }

    /// On a synthetic cluster the classes are far fewer than the workloads, and the connlist is the
    /// reference evaluator's.
    @Test func synthesizedClusterHasFewClasses() throws {
        let spec = SynthClusterSpec(namespaces: 6, pods: 200, policies: 40, adminPolicies: 3, seed: 4)
        let docs = try JSONReader.documents(ClusterSynthesizer.listJSON(spec), file: "synth.json")
        let manifests = try ManifestLoader.load(documents: docs)
        let input = PolicyInput(manifests: manifests, policies: try PolicySet.decode(manifests))
        #expect(Self.disagreement(input) == nil)
        let compiled = CompiledEngine(inventory: input.inventory, policies: input.policies)
        let peers = Connlist.peers(input.inventory, on: .pod, policies: input.policies)
        let classes = try #require(
            compiled.classConnectivity(on: .pod, sources: peers.map(\.endpoint), destinations: peers.map(\.endpoint)))
        #expect(classes.allowed.count * 2 < peers.count)
        #expect(Set(classes.destinationClass).count * 2 < peers.count)
    }

    /// Lines sorted by their text computed once are in `sorted()`'s order, equal lines in input order.
    @Test func sortsAsTheLinesPrint() throws {
        let spec = SynthClusterSpec(namespaces: 6, pods: 200, policies: 40, adminPolicies: 3, seed: 4)
        let manifests = try ManifestLoader.load(
            documents: try JSONReader.documents(ClusterSynthesizer.listJSON(spec), file: "synth.json"))
        let input = PolicyInput(manifests: manifests, policies: try PolicySet.decode(manifests))
        let peers = Connlist.peers(input.inventory, on: .pod, policies: input.policies)
        let lines = Connlist.lines(
            CompiledEngine(inventory: input.inventory, policies: input.policies), on: .pod, peers: peers)
        #expect(lines.count > 100)
        var generator = SeededGenerator(seed: 7)
        var shuffled = lines.shuffled(using: &generator)
        var twin = shuffled[0]
        twin.conditional.toggle()
        shuffled.append(twin)
        let sorted = Connlist.sorted(shuffled)
        #expect(sorted == shuffled.sorted())
        #expect(
            sorted.filter { $0.description == twin.description }.map(\.conditional) == [
                !twin.conditional, twin.conditional,
            ])
        #expect(Connlist.sorted(Array(shuffled.dropLast())) == lines)
    }
}
