import ClusterSynth
import Documents
import InterlockCore
import Manifests
import Policy
import PolicyEngine

/// The compiled policy engine against the reference evaluator, on synthetic clusters from
/// `ClusterSynthesizer` (what `interlock synth cluster` writes).
public enum PolicyEngineWorkloads {
    /// A synthetic cluster, written as JSON and read back with the real loader.
    public static func cluster(namespaces: Int, pods: Int, policies: Int, adminPolicies: Int, seed: UInt64 = 1)
        -> PolicyInput
    {
        let bytes = ClusterSynthesizer.listJSON(
            SynthClusterSpec(
                namespaces: namespaces, pods: pods, policies: policies,
                adminPolicies: adminPolicies, seed: seed))
        let manifests = try! ManifestLoader.load(documents: try! JSONReader.documents(bytes, file: "cluster.json"))
        return PolicyInput(manifests: manifests, policies: try! PolicySet.decode(manifests))
    }

    /// Compiling, against loading (parsing and decoding) the same cluster: items are pods. The note
    /// gives the peak memory the compile added.
    public static func compileComparison(_ input: PolicyInput, title: String) -> Comparison {
        Comparison(
            title: title,
            subject: Workload(name: "CompiledEngine compile", unit: "pods") {
                blackHole(CompiledEngine(inventory: input.inventory, policies: input.policies))
                return input.inventory.pods.count
            },
            baseline: Workload(name: "policy decode (PolicySet)", unit: "pods") {
                blackHole(try! PolicySet.decode(input.manifests))
                return input.inventory.pods.count
            })
    }

    /// Random (source pod IP, destination pod IP, protocol, port) questions.
    public static func queries(_ input: PolicyInput, count: Int, seed: UInt64 = 3) -> [(
        IPAddress, IPAddress, IPProtocol, UInt16
    )] {
        var random = SeededGenerator(seed: seed)
        let ips = input.inventory.pods.flatMap(\.ips)
        return (0..<count).map { _ in
            (
                ips.randomElement(using: &random)!, ips.randomElement(using: &random)!,
                [IPProtocol.tcp, .udp, .sctp].randomElement(using: &random)!,
                UInt16.random(in: 1...65535, using: &random)
            )
        }
    }

    /// Verdict lookups by address: the compiled engine against the reference evaluator (which gets a
    /// thousandth of the questions; rates are compared).
    public static func lookupComparison(_ input: PolicyInput, engine: CompiledEngine, title: String) -> Comparison {
        let questions = queries(input, count: 2_000_000)
        let endpoints = questions.prefix(2_000).map { q in
            (endpoint(input.inventory, q.0), endpoint(input.inventory, q.1), q.2, q.3)
        }
        return Comparison(
            title: title,
            subject: Workload(name: "CompiledEngine.isAllowed", unit: "verdicts") {
                var allowed = 0
                for q in questions where engine.isAllowed(source: q.0, destination: q.1, proto: q.2, port: q.3) {
                    allowed += 1
                }
                blackHole(allowed)
                return questions.count
            },
            baseline: Workload(name: "ReferenceEvaluator.isAllowed", unit: "verdicts") {
                var allowed = 0
                for q in endpoints
                where engine.reference.isAllowed(Query(source: q.0, destination: q.1, proto: q.2, port: q.3)) {
                    allowed += 1
                }
                blackHole(allowed)
                return endpoints.count
            })
    }

    /// The same kind of questions answered in batches (`areAllowed`) against one at a time.
    public static func batchComparison(_ input: PolicyInput, engine: CompiledEngine, title: String) -> Comparison {
        let questions = queries(input, count: 2_000_000)
        let batch = questions.map { q -> IPv4Question in
            guard case .v4(let s) = q.0, case .v4(let d) = q.1 else { fatalError("synthetic pod IPs are IPv4") }
            return IPv4Question(source: s.value, destination: d.value, proto: q.2, port: q.3)
        }
        return Comparison(
            title: title,
            subject: Workload(name: "CompiledEngine.areAllowed", unit: "verdicts") {
                var answers = [Bool](repeating: false, count: batch.count)
                engine.areAllowed(batch, into: &answers)
                blackHole(answers.reduce(0) { $0 + ($1 ? 1 : 0) })
                return batch.count
            },
            baseline: Workload(name: "CompiledEngine.isAllowed", unit: "verdicts") {
                var allowed = 0
                for q in questions where engine.isAllowed(source: q.0, destination: q.1, proto: q.2, port: q.3) {
                    allowed += 1
                }
                blackHole(allowed)
                return questions.count
            })
    }

    static func endpoint(_ inventory: Inventory, _ ip: IPAddress) -> PolicyEndpoint {
        switch inventory.owner(of: ip, on: .pod) {
        case .pod(let i): return .pod(i)
        case .node(let i): return .node(i)
        case nil: return .external(ip)
        }
    }

    /// The whole connlist (every workload pair and external range): compiled against reference.
    public static func connlistComparison(_ input: PolicyInput, title: String) -> Comparison {
        let peers = Connlist.peers(input.inventory, on: .pod, policies: input.policies)
        let pairs = peers.count * peers.count
        return Comparison(
            title: title,
            subject: Workload(name: "connlist, compiled", unit: "pairs") {
                let engine = CompiledEngine(inventory: input.inventory, policies: input.policies)
                blackHole(Connlist.lines(engine, on: .pod, peers: peers))
                return pairs
            },
            baseline: Workload(name: "connlist, reference", unit: "pairs") {
                let engine = ReferenceEvaluator(inventory: input.inventory, policies: input.policies)
                blackHole(Connlist.lines(engine, on: .pod, peers: peers))
                return pairs
            })
    }

    /// Recompiling after one policy changed (a user iterating on a proposal), against the first compile.
    public static func recompileComparison(_ input: PolicyInput, title: String) -> Comparison {
        var widened = input.policies
        if !widened.networkPolicies.isEmpty {
            // Widen the first policy: it now also selects every pod of its namespace.
            widened.networkPolicies[0].podSelector = .everything
        }
        let changed = widened
        return Comparison(
            title: title,
            subject: Workload(name: "recompile, one policy changed", unit: "pods") {
                blackHole(CompiledEngine(inventory: input.inventory, policies: changed))
                return input.inventory.pods.count
            },
            baseline: Workload(name: "first compile", unit: "pods") {
                blackHole(CompiledEngine(inventory: input.inventory, policies: input.policies))
                return input.inventory.pods.count
            })
    }

    /// The comparisons for the ratio report.
    public static func comparisons() -> [Comparison] {
        let large = cluster(namespaces: 1000, pods: 100_000, policies: 10_000, adminPolicies: 50)
        let engine = CompiledEngine(inventory: large.inventory, policies: large.policies)
        let small = cluster(namespaces: 20, pods: 1_000, policies: 100, adminPolicies: 4)
        return [
            compileComparison(large, title: "policy compile, 100k pods / 10k policies / 50 ANPs"),
            lookupComparison(large, engine: engine, title: "verdicts by IP, 100k pods / 10k policies"),
            batchComparison(large, engine: engine, title: "verdicts by IP in batches, 100k pods / 10k policies"),
            recompileComparison(large, title: "recompile after one changed policy (100k pods)"),
            connlistComparison(small, title: "connlist, 1k pods / 100 policies"),
        ]
    }
}
