import InterlockCore
import Manifests
import Policy
import Testing

@testable import PolicyEngine

/// The property tests over random Calico and Cilium clusters compare connection sets with their ICMP
/// messages (`CompiledEngineTests.disagreement`); they are not vacuous: some pairs are allowed only some
/// ICMP types, and both engines list the same ones.
@Suite struct ICMPConnectionsTests {
    @Test(arguments: [CNI.calico, .cilium])
    func somePairsAllowSomeTypes(_ cni: CNI) throws {
        var options = EvaluationOptions()
        options.cni = cni
        var partial = 0
        for seed in UInt64(0)..<120 where partial == 0 {
            var cluster = RandomCluster(seed: seed, cilium: cni == .cilium, calico: cni == .calico)
            let input = try cluster.input()
            let reference = ReferenceEvaluator(inventory: input.inventory, policies: input.policies, options: options)
            var compiled: CompiledEngine?
            let pods = input.inventory.pods.indices.map { PolicyEndpoint.pod($0) }
            for s in pods {
                for d in pods where s != d {
                    let set = reference.connections(on: .pod, from: s, to: d)
                    guard set.tracksICMP, [set.icmp, set.icmpv6].contains(where: { !$0.isEmpty && !$0.isAll })
                    else { continue }
                    partial += 1
                    compiled =
                        compiled
                        ?? CompiledEngine(inventory: input.inventory, policies: input.policies, options: options)
                    #expect(compiled?.connections(on: .pod, from: s, to: d) == set, "seed \(seed)")
                }
            }
        }
        #expect(partial > 0)
    }
}
