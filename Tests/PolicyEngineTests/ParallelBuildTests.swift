import ClusterSynth
import Documents
import InterlockCore
import Manifests
import Policy
import PropertyBased
import Testing

@testable import PolicyEngine

/// Reading manifests and compiling the engine on several threads give what one thread gives: the
/// same inventory and warnings, and the same tables, entry for entry.
@Suite struct ParallelBuildTests {
    /// A synthetic cluster's documents (JSON `List`).
    static func synthesized(pods: Int, policies: Int, seed: UInt64) throws -> [Document] {
        let spec = SynthClusterSpec(namespaces: 6, pods: pods, policies: policies, adminPolicies: 3, seed: seed)
        return try JSONReader.documents(ClusterSynthesizer.listJSON(spec), file: "synth.json")
    }

    /// What the loader read, in order: every pod, workload, namespace and node with what policies
    /// see of it, and the warnings.
    static func fingerprint(_ set: ManifestSet) -> [String] {
        func labels(_ l: [String: String]) -> String {
            l.sorted { $0.key < $1.key }.map { "\($0)=\($1)" }.joined(separator: ",")
        }
        let inventory = set.inventory
        return inventory.pods.map { p in
            "pod \(p.namespace)/\(p.name) \(labels(p.labels)) \(p.ips) \(p.ports) \(p.workload) \(p.isRepresentative) "
                + "\(p.nodeName ?? "-") \(p.location)"
        } + inventory.workloads.map { "workload \($0.namespace)/\($0.name)[\($0.kind)] \($0.pods)" }
            + inventory.namespaces.map { "namespace \($0.name) \(labels($0.labels))" }
            + inventory.nodes.map { "node \($0.name) \($0.addresses) \($0.podCIDRs)" }
            + set.warnings + set.decodeWarnings.map(\.description) + set.policyObjects.map { "\($0.location)" }
    }

    @Test func loadsTheSameOnAnyThreadCount() throws {
        let documents = try Self.synthesized(pods: 3000, policies: 200, seed: 6)
        let one = Self.fingerprint(try ManifestLoader.load(documents: documents, threads: 1))
        #expect(one.count > 3000)
        for threads in [2, 3] {
            #expect(Self.fingerprint(try ManifestLoader.load(documents: documents, threads: threads)) == one)
        }
    }

    /// The first malformed object in input order is the one reported, whichever thread read it.
    @Test func reportsTheFirstErrorOnAnyThreadCount() throws {
        var items: [String] = (0..<2000).map { i in
            #"{"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p\#(i)", "namespace": "n"}}"#
        }
        items[700] = #"{"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "bad1"}, "status": {"podIP": "x"}}"#
        items[1900] = #"{"apiVersion": "v1", "kind": "Pod", "metadata": {"namespace": "n"}}"#
        let text = #"{"apiVersion": "v1", "kind": "List", "items": ["# + items.joined(separator: ",\n") + "]}"
        let documents = try JSONReader.documents(Array(text.utf8), file: "bad.json")
        func error(_ threads: Int) -> String {
            do {
                _ = try ManifestLoader.load(documents: documents, threads: threads)
                return "loaded"
            } catch {
                return error.description
            }
        }
        #expect(error(1).hasPrefix("bad.json:701:"))
        #expect(error(2) == error(1))
    }

    /// Every table of the engine, as bytes: rows, columns and entries of both directions per network.
    static func tables(_ engine: CompiledEngine) -> [String] {
        engine.networks.sorted { "\($0.key)" < "\($1.key)" }.flatMap { network, compiled in
            [compiled.egress, compiled.ingress].map { "\(network) \(bytes($0))" }
        }
    }

    /// One table's rows, columns, entries and profiles.
    static func bytes(_ t: SideTable) -> String {
        "\(t.direction) \(t.rowOf) \(t.columnOf) \(t.ownNodeColumnOf) \(t.entries.rawBytes) \(t.profiles.words)"
    }

    /// Rows evaluated in blocks, each with a store of its own, give the tables of one walk over all
    /// rows with one store (one block), whatever the blocks' size and the threads.
    @Test func rowBlocksGiveOneWalksTables() throws {
        let documents = try Self.synthesized(pods: 1500, policies: 150, seed: 8)
        let manifests = try ManifestLoader.load(documents: documents)
        let input = PolicyInput(manifests: manifests, policies: try PolicySet.decode(manifests))
        let engine = CompiledEngine(inventory: input.inventory, policies: input.policies, threads: 1)
        let builders = CompiledNetwork.builders(
            network: .pod, catalog: engine.podNetwork.catalog, policies: input.policies, layout: engine.layout)
        let whole = builders.map { builder in
            var builder = builder
            return Self.bytes(builder.build(evaluator: engine.reference, inventory: input.inventory))
        }
        #expect(whole == [engine.podNetwork.egress, engine.podNetwork.ingress].map(Self.bytes))
        for (threads, rows) in [(1, 1), (2, 1), (2, 7), (3, 64)] {
            let blocks = SideTableBuilder.tables(
                builders, evaluator: engine.reference, inventory: input.inventory, threads: threads, rowsPerBlock: rows)
            #expect(blocks.map(Self.bytes) == whole, "\(threads) threads, \(rows) rows a block")
        }
    }

    @Test func compilesTheSameOnAnyThreadCount() throws {
        let documents = try Self.synthesized(pods: 1500, policies: 150, seed: 8)
        let manifests = try ManifestLoader.load(documents: documents)
        let input = PolicyInput(manifests: manifests, policies: try PolicySet.decode(manifests))
        let one = Self.tables(CompiledEngine(inventory: input.inventory, policies: input.policies, threads: 1))
        let two = Self.tables(CompiledEngine(inventory: input.inventory, policies: input.policies, threads: 2))
        #expect(one == two)
    }

    /// Random clusters (every tier, named ports, secondary networks) compile alike on one and two threads.
    @Test func compilesRandomClustersTheSame() async {
        await propertyCheck(count: 20, input: Gen.int(in: 0...Int(Int32.max))) { seed in
            var cluster = RandomCluster(seed: UInt64(seed), unplaced: true)
            let input = try #require(try? cluster.input(), "seed \(seed) did not load")
            let one = Self.tables(CompiledEngine(inventory: input.inventory, policies: input.policies, threads: 1))
            let two = Self.tables(CompiledEngine(inventory: input.inventory, policies: input.policies, threads: 2))
            #expect(one == two, "seed \(seed)")
        }
    }
}
