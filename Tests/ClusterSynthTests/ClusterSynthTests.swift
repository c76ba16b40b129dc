import ClusterSynth
import Documents
import InterlockCore
import Manifests
import Policy
import Testing

@Suite struct ClusterSynthTests {
    /// Every object of a spec, per file, serialized as YAML or JSON.
    func render(_ spec: SynthClusterSpec, json: Bool) -> [String: [UInt8]] {
        var synthesizer = ClusterSynthesizer(spec: spec)
        var files: [String: [UInt8]] = [:]
        synthesizer.generate { file, object in
            if json {
                files[file, default: []] +=
                    (files[file] == nil ? "{\"kind\": \"List\", \"apiVersion\": \"v1\", \"items\": [\n" : ",\n").utf8
                object.write(into: &files[file, default: []], pretty: false, depth: 0)
            } else {
                files[file, default: []] += "---\n".utf8
                object.writeYAML(into: &files[file, default: []])
            }
        }
        if json { for key in files.keys { files[key]! += "\n]}\n".utf8 } }
        return files
    }

    func load(_ files: [String: [UInt8]]) throws -> PolicyInput {
        var documents: [Document] = []
        for (name, bytes) in files.sorted(by: { $0.key < $1.key }) {
            documents += try SourceLoader.documents(bytes: bytes, file: name)
        }
        let manifests = try ManifestLoader.load(documents: documents)
        return PolicyInput(manifests: manifests, policies: try PolicySet.decode(manifests))
    }

    @Test func sameSeedSameBytesOtherSeedOtherCluster() {
        let spec = SynthClusterSpec(namespaces: 6, pods: 200, policies: 40, adminPolicies: 3, seed: 5)
        let a = render(spec, json: false)
        let b = render(spec, json: false)
        #expect(a == b)
        var other = spec
        other.seed = 6
        #expect(render(other, json: false) != a)
    }

    @Test(arguments: [false, true])
    func loadsBackWithTheRequestedCounts(json: Bool) throws {
        let spec = SynthClusterSpec(namespaces: 20, pods: 500, policies: 150, adminPolicies: 4, seed: 9)
        let input = try load(render(spec, json: json))
        // Names are unique: no object replaces another.
        #expect(input.inputWarnings.isEmpty, "\(input.inputWarnings)")
        #expect(input.inventory.pods.count == 500)
        // kube-system and monitoring come on top of the requested namespaces.
        #expect(input.inventory.namespaces.count == 22)
        #expect(input.policies.networkPolicies.count == 150)
        #expect(Set(input.inventory.pods.flatMap(\.ips)).count == 500)
        #expect(input.inventory.pods.allSatisfy { !$0.isRepresentative })
        // Tenancy labels are on every user namespace.
        #expect(input.inventory.namespaces.filter { $0.labels["tenant"] != nil }.count == 20)
    }

    /// `--calico-policies`: the other objects stay those of the seed; the Calico policies load back, and
    /// under Calico's enforcement the first tenant's pods are closed to other tenants (its security-tier
    /// Deny) and open within the tenant (Pass, then the profile or the default tier).
    @Test func calicoPoliciesLoadAndIsolateTenants() throws {
        var spec = SynthClusterSpec(namespaces: 16, pods: 120, policies: 5, seed: 3)
        let plain = render(spec, json: false)
        spec.calicoPolicies = 6
        let files = render(spec, json: false)
        for (name, bytes) in plain where name != "networkpolicies" { #expect(files[name] == bytes) }
        #expect(files["networkpolicies"]!.starts(with: plain["networkpolicies"]!))
        let input = try load(files)
        #expect(input.inputWarnings.isEmpty, "\(input.inputWarnings)")
        #expect(input.policies.calico.policies.count == 6 && input.policies.calico.tiers.map(\.name) == ["security"])
        var options = EvaluationOptions()
        options.cni = .calico
        let ev = ReferenceEvaluator(inventory: input.inventory, policies: input.policies, options: options)
        let pods = input.inventory.pods.indices.filter { !input.inventory.pods[$0].hostNetwork }
        func tenant(_ i: Int) -> String? {
            input.inventory.namespace(named: input.inventory.pods[i].namespace)?.labels["tenant"]
        }
        let first = try #require(pods.first { tenant($0) == "t1" })
        let outsider = try #require(pods.first { tenant($0) != nil && tenant($0) != "t1" })
        let verdict = ev.verdict(Query(source: .pod(outsider), destination: .pod(first), proto: .tcp, port: 8080))
        #expect(!verdict.allowed)
        #expect(verdict.ingress.decidedBy.first?.policy?.name == "security.isolate-t1-0")
    }

    @Test func yamlAndJSONDescribeTheSameCluster() throws {
        let spec = SynthClusterSpec(namespaces: 4, pods: 80, policies: 25, seed: 2)
        let y = try load(render(spec, json: false))
        let j = try load(render(spec, json: true))
        #expect(y.inventory.pods.map(\.id) == j.inventory.pods.map(\.id))
        #expect(
            y.policies.networkPolicies.map(\.ref.qualifiedName) == j.policies.networkPolicies.map(\.ref.qualifiedName))
    }

    /// `--cilium-policies N`: N Cilium policies that load back, some clusterwide, with L7 rules that the
    /// evaluation reports as subject to L7; without it, the other files are byte for byte the same.
    @Test func ciliumPolicies() throws {
        var spec = SynthClusterSpec(namespaces: 6, pods: 150, policies: 20, adminPolicies: 2, seed: 3)
        let plain = render(spec, json: false)
        spec.ciliumPolicies = 20
        let files = render(spec, json: false)
        #expect(files.filter { $0.key != "cilium-policies" } == plain)
        let input = try load(files)
        #expect(input.inputWarnings.isEmpty, "\(input.inputWarnings)")
        #expect(input.policies.ciliumPolicies.count == 20)
        #expect(input.policies.ciliumPolicies.filter { $0.namespace == nil }.count == 2)
        #expect(PolicyLinter.lint(input).filter { $0.check.hasPrefix("cilium-") }.isEmpty)
        var options = EvaluationOptions()
        options.cni = .cilium
        let ev = ReferenceEvaluator(inventory: input.inventory, policies: input.policies, options: options)
        let selected = input.inventory.pods.indices.filter { i in
            input.policies.ciliumPolicies.contains { p in
                p.rules.contains { r in r.ingress.contains { $0.toPorts?.contains { !$0.l7.isEmpty } ?? false } }
                    && p.namespace == input.inventory.pods[i].namespace
            }
        }
        var l7 = 0
        for d in selected {
            for s in input.inventory.pods.indices where s != d {
                for port in input.inventory.pods[d].ports {
                    let q = Query(source: .pod(s), destination: .pod(d), proto: port.proto, port: port.port)
                    if ev.isAllowed(q) && !ev.verdict(q).subjectToL7.isEmpty { l7 += 1 }
                }
            }
        }
        #expect(l7 > 0)
        #expect(SynthClusterSpec(namespaces: 1, pods: 5, policies: 0).problem == nil)
        spec.ciliumPolicies = -1
        #expect(spec.problem != nil)
    }

    @Test func rejectsImpossibleSpecs() {
        #expect(SynthClusterSpec(namespaces: 0, pods: 10, policies: 1).problem != nil)
        #expect(SynthClusterSpec(namespaces: 10, pods: 5, policies: 1).problem != nil)
        #expect(SynthClusterSpec(namespaces: 1, pods: 5, policies: 1, adminPolicies: 1001).problem != nil)
        #expect(SynthClusterSpec(namespaces: 1, pods: 5, policies: 0).problem == nil)
    }
}
