import ClusterSynth
import Documents
import FabricACL
import InterlockCore
import Manifests
import Policy
import PolicyEngine
import Testing

@testable import Intents

/// The class-level check finds exactly the member pairs a pair-by-pair check finds: the invariant
/// that a pair of groups stands for all its pairs, checked on synthetic clusters and on the fabric.
@Suite struct ClassLevelTests {
    static func synthetic(seed: UInt64) throws -> PolicyInput {
        let bytes = ClusterSynthesizer.listJSON(
            SynthClusterSpec(namespaces: 16, pods: 240, policies: 50, adminPolicies: 0, seed: seed))
        let manifests = try ManifestLoader.load(documents: try JSONReader.documents(bytes, file: "synth.json"))
        return PolicyInput(manifests: manifests, policies: try PolicySet.decode(manifests))
    }

    static let intents = """
        apiVersion: interlock.dev/v1
        kind: SegmentationIntents
        metadata: {name: t}
        spec:
          zones:
          - {name: web, podLabels: {tier: frontend}}
          - {name: backend, podLabels: {tier: backend}}
          - {name: internet, builtin: internet}
          rules:
          - {id: tenants, deny: {between: tenants}}
          - {id: no-internet, deny: {from: any, to: internet, traffic: [TCP/443, UDP/53]}}
          - {id: backend-from-web, allowOnly: {to: backend, from: [web], ports: [TCP/8080]}}
          - {id: web-reach, require: {from: web, to: backend, traffic: TCP/50051}}
        """

    /// Every judged member pair of `rule` on `space` whose connections break it, pair by pair.
    static func bruteForce(_ checker: IntentChecker, rule r: Int, space k: Int) -> Set<[Int]> {
        let rule = checker.rules[r]
        let space = checker.spaces[k]
        let kubernetes = space.isKubernetes
        func connections(_ a: Int, _ b: Int) -> ConnectionSet {
            switch space.judge {
            case .kubernetes(let network, let engine):
                return engine.connections(on: network, from: space.members[a].kube!, to: space.members[b].kube!)
            case .fabric(let plane): return plane.connections(space.members[a], space.members[b])
            }
        }
        let from = checker.catalog.indices(rule.from)
        let to = checker.catalog.indices(rule.to)
        let between = checker.catalog.indices(rule.between)
        var out = Set<[Int]>()
        for a in space.members.indices {
            for b in space.members.indices
            where a != b && space.members[a].pair.isJudged(to: space.members[b].pair, kubernetes: kubernetes) {
                let za = space.members[a].zones
                let zb = space.members[b].zones
                let set = connections(a, b)
                var bad = ConnectionSet.none
                switch rule.kind {
                case .deny where !between.isEmpty:
                    let crosses = between.contains { i in
                        za.contains(i) && !zb.contains(i)
                            && between.contains { j in j != i && zb.contains(j) && !za.contains(j) }
                    }
                    if crosses { bad = set.intersecting(rule.traffic) }
                case .deny:
                    if (from.isEmpty || za.contains(anyOf: from)) && zb.contains(anyOf: to) {
                        bad = set.intersecting(rule.traffic)
                    }
                case .allowOnly:
                    guard zb.contains(anyOf: to) else { continue }
                    let scoped = set.intersecting(rule.traffic)
                    bad =
                        !from.isEmpty && !za.contains(anyOf: from)
                        ? scoped : rule.ports.map { scoped.subtracting($0) } ?? .none
                case .require:
                    if za.contains(anyOf: from) && zb.contains(anyOf: to) { bad = rule.traffic.subtracting(set) }
                }
                if !bad.isEmpty { out.insert([a, b]) }
            }
        }
        return out
    }

    @Test(arguments: [1, 2, 3] as [UInt64])
    func groupPairsStandForAllTheirMemberPairs(seed: UInt64) throws {
        let input = try Self.synthetic(seed: seed)
        let checker = try IntentChecker(CheckInputs(intents: try Mini.intents(Self.intents), policy: input))
        let perRule = Self.compare(checker)
        // Every kind of rule found something to compare.
        #expect(perRule.values.allSatisfy { $0 > 0 }, "\(perRule)")
        #expect(checker.spaces[0].groups.count < checker.spaces[0].members.count)
    }

    @Test func fabricGroupsStandForAllTheirMemberPairs() throws {
        // The baseline on the mini fabric without segmentation, and with half of it (a storage ACL
        // that lets SSH through, partitions with a node in both tenants).
        let leaky = Mini.segmentation.replacingOccurrences(
            of: "{name: gds, action: permit, protocol: UDP, destinationPorts: 4791}",
            with: "{name: ssh, action: permit, protocol: TCP, destinationPorts: 22}"
        )
        .replacingOccurrences(of: "dgx[0003-0004]", with: "dgx[0002-0004]")
        for segmentation in ["", leaky] {
            let perRule = Self.compare(try Mini.checker(segmentation: segmentation), fabricOnly: true)
            #expect(perRule.values.reduce(0, +) > 0)
        }
    }

    /// Compares class-level and pair-by-pair violations of every rule on every view (or every
    /// fabric view); returns the violating pairs per rule.
    static func compare(_ checker: IntentChecker, fabricOnly: Bool = false) -> [String: Int] {
        var perRule: [String: Int] = [:]
        for r in checker.rules.indices {
            for k in checker.spaces.indices where !(fabricOnly && checker.spaces[k].isKubernetes) {
                let space = checker.spaces[k]
                var classLevel = Set<[Int]>()
                for v in checker.violations(of: r, in: k) ?? [] {
                    for a in space.groups[v.sourceGroup].members {
                        for b in space.groups[v.destinationGroup].members
                        where a != b
                            && space.members[a].pair.isJudged(to: space.members[b].pair, kubernetes: space.isKubernetes)
                        {
                            classLevel.insert([a, b])
                        }
                    }
                }
                let expected = Self.bruteForce(checker, rule: r, space: k)
                #expect(
                    classLevel == expected,
                    "rule \(checker.rules[r].id) on \(space.view): \(classLevel.count) pairs by class, \(expected.count) pair by pair"
                )
                perRule[checker.rules[r].id, default: 0] += expected.count
            }
        }
        return perRule
    }
}
