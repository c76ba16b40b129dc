import Documents
import Intents
import Manifests
import Policy
import PolicyEngine

/// The static intent check at class level against judging every endpoint pair, on synthetic
/// clusters from `ClusterSynthesizer` (namespaces grouped into tenants by the label `tenant`).
public enum IntentWorkloads {
    static let tenantIsolation = """
        apiVersion: interlock.dev/v1
        kind: SegmentationIntents
        metadata: {name: bench}
        spec:
          rules:
          - {id: tenant-isolation, deny: {between: tenants}, on: [pod]}
        """

    /// Tenant isolation on the pod network: `IntentChecker` (one pair of endpoint classes stands for
    /// all its pairs, with a witness per violation) against asking the compiled engine about every
    /// cross-tenant pod pair. Items are the cross-tenant pod pairs both answer for.
    public static func tenantIsolationComparison(_ input: PolicyInput, title: String) -> Comparison {
        let engine = CompiledEngine(inventory: input.inventory, policies: input.policies)
        let intents = try! IntentReader.read(
            documents: try! SourceLoader.documents(bytes: Array(tenantIsolation.utf8), file: "bench.yaml"))
        let inventory = input.inventory
        let tenantOf: [String?] = inventory.pods.map { inventory.namespace(named: $0.namespace)?.labels["tenant"] }
        var pairs = 0
        for i in inventory.pods.indices {
            for j in inventory.pods.indices where tenantOf[i] != nil && tenantOf[j] != nil && tenantOf[i] != tenantOf[j]
            { pairs += 1 }
        }
        let crossTenant = pairs
        return Comparison(
            title: title,
            subject: Workload(name: "IntentChecker, class pairs", unit: "pod pairs") {
                let checker = try! IntentChecker(CheckInputs(intents: intents, policy: input, engine: engine))
                blackHole(checker.staticFindings())
                return crossTenant
            },
            baseline: Workload(name: "every pod pair through the engine", unit: "pod pairs") {
                var connected = 0
                for i in inventory.pods.indices {
                    guard let ti = tenantOf[i] else { continue }
                    for j in inventory.pods.indices
                    where tenantOf[j] != nil && tenantOf[j] != ti
                        && !engine.connections(on: .pod, from: .pod(i), to: .pod(j)).isEmpty
                    {
                        connected += 1
                    }
                }
                blackHole(connected)
                return crossTenant
            })
    }

    /// The comparisons for the ratio report.
    public static func comparisons() -> [Comparison] {
        [
            tenantIsolationComparison(
                PolicyEngineWorkloads.cluster(namespaces: 40, pods: 2_000, policies: 300, adminPolicies: 0),
                title: "tenant isolation check, 2k pods / 300 policies (5 tenants)")
        ]
    }
}
