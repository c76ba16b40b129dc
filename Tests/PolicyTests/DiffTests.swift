import InterlockCore
import Testing

@testable import Policy

@Suite struct DiffTests {
    @Test func addedWorkloadsAreNamed() throws {
        let before = try XYZ.input(XYZ.policy("deny", "  podSelector: {}\n  ingress: []", ns: "y"))
        let after = try XYZ.input(
            XYZ.policy("deny", "  podSelector: {}\n  ingress: []", ns: "y"),
            extra:
                "apiVersion: v1\nkind: Pod\nmetadata: {name: new, namespace: z}\nspec: {containers: [{name: c}]}\n---\n"
        )
        let diff = ConnectivityDiff(
            before: ReferenceEvaluator(inventory: before.inventory, policies: before.policies),
            beforePolicies: before.policies,
            after: ReferenceEvaluator(inventory: after.inventory, policies: after.policies),
            afterPolicies: after.policies)
        #expect(diff.entries.allSatisfy { $0.kind == .added && $0.workloadsInfo == "workload z/new[Pod] added" })
        // All nine pods and the external range reach it; it reaches all but y (default-deny ingress).
        #expect(diff.entries.filter { $0.destination == "z/new[Pod]" }.count == 10)
        #expect(
            diff.entries.filter { $0.source == "z/new[Pod]" }.map(\.destination).sorted()
                == [
                    "0.0.0.0-255.255.255.255[External]", "x/a[Pod]", "x/b[Pod]", "x/c[Pod]", "z/a[Pod]", "z/b[Pod]",
                    "z/c[Pod]",
                ])
        #expect(diff.render(as: .txt).hasPrefix("Connectivity diff:\ndiff-type: added, source: "))
    }
}
