import InterlockCore
import Manifests
import Policy
import PropertyBased
import Testing

@testable import PolicyEngine

/// Under `--cni cilium` the compiled engine must give the reference evaluator's answer to every question on
/// clusters with random Cilium policies (`RandomCluster+Cilium.swift`).
@Suite struct CiliumEngineTests {
    static var options: EvaluationOptions {
        var options = EvaluationOptions()
        options.cni = .cilium
        return options
    }

    @Test(arguments: [false, true])
    func agreesOnRandomCiliumPolicies(unplaced: Bool) async {
        await propertyCheck(count: 40, input: Gen.int(in: 0...Int(Int32.max))) { seed in
            var cluster = RandomCluster(seed: UInt64(seed), unplaced: unplaced, cilium: true)
            let input = try #require(try? cluster.input(), "seed \(seed) did not load")
            #expect(!input.policies.ciliumPolicies.isEmpty)
            #expect(CompiledEngineTests.disagreement(input, options: Self.options) == nil, "seed \(seed)")
        }
    }

    /// The property is not vacuous: over a few seeds the Cilium rules deny some pod pairs the generic
    /// evaluation allows, allow some, and leave some subject to L7 rules.
    @Test func ciliumPoliciesDecideSomePairs() throws {
        var changed = 0
        var l7 = 0
        for seed in UInt64(0)..<40 where changed == 0 || l7 == 0 {
            var cluster = RandomCluster(seed: seed, cilium: true)
            let input = try cluster.input()
            let cilium = ReferenceEvaluator(inventory: input.inventory, policies: input.policies, options: Self.options)
            let generic = ReferenceEvaluator(inventory: input.inventory, policies: input.policies)
            let pods = input.inventory.pods.indices.map { PolicyEndpoint.pod($0) }
            for s in pods {
                for d in pods where s != d {
                    for (proto, port) in [(IPProtocol.tcp, UInt16(80)), (.udp, 53), (.tcp, 443)] {
                        let q = Query(source: s, destination: d, proto: proto, port: port)
                        let allowed = cilium.isAllowed(q)
                        if allowed != generic.isAllowed(q) { changed += 1 }
                        if allowed && !cilium.verdict(q).subjectToL7.isEmpty { l7 += 1 }
                    }
                }
            }
        }
        #expect(changed > 0)
        #expect(l7 > 0)
    }
}
