import InterlockCore
import Manifests
import Testing

@testable import Policy

/// `policy lint` on the mistakes that make Cilium reject or ignore a rule.
@Suite struct CiliumLintTests {
    typealias C = CiliumCluster

    func checks(_ policies: String) throws -> [String] {
        PolicyLinter.lint(try C.input(policies)).map(\.check).filter { $0.hasPrefix("cilium-") }
    }

    @Test func endpointsAndEntitiesInOneRule() throws {
        let mixed = C.cnp(
            "mixed",
            """
            spec:
              endpointSelector: {matchLabels: {role: backend}}
              ingress:
              - fromEndpoints: [{matchLabels: {role: frontend}}]
                fromEntities: [world]
            """)
        #expect(try checks(mixed) == ["cilium-mixed-l3"])
        let split = C.cnp(
            "split",
            """
            spec:
              endpointSelector: {matchLabels: {role: backend}}
              ingress:
              - fromEndpoints: [{matchLabels: {role: frontend}}]
              - fromEntities: [world]
            """)
        #expect(try checks(split).isEmpty)
    }

    @Test func ruleWithNoDirection() throws {
        #expect(
            try checks(C.cnp("idle", "spec:\n  endpointSelector: {matchLabels: {role: backend}}"))
                == ["cilium-no-direction"])
        // With enableDefaultDeny and no list, the rule isolates: it has an effect.
        let isolating = C.cnp(
            "isolate", "spec:\n  endpointSelector: {matchLabels: {role: backend}}\n  enableDefaultDeny: {ingress: true}"
        )
        #expect(try checks(isolating).isEmpty)
    }

    /// An endPort below its port is reported, and the entry is evaluated as its single port.
    @Test func endPortBelowPort() throws {
        let policy = C.cnp(
            "range",
            """
            spec:
              endpointSelector: {matchLabels: {role: backend}}
              ingress:
              - toPorts:
                - ports: [{port: "81", endPort: 80, protocol: TCP}]
            """)
        #expect(try checks(policy) == ["cilium-endport-below-port"])
        let ev = try C.evaluator(policy)
        #expect(C.verdict(ev, "ns1/frontend", "ns1/backend", .tcp, 81) == "allowed")
        #expect(C.verdict(ev, "ns1/frontend", "ns1/backend", .tcp, 80) == "denied")
    }

    /// toFQDNs needs a DNS rule (`rules.dns`) for the same endpoints: the docs' "to-fqdn" example has one.
    @Test func fqdnWithoutDNSVisibility() throws {
        let bare = C.cnp(
            "fqdn",
            """
            spec:
              endpointSelector: {matchLabels: {app: test-app}}
              egress:
              - toFQDNs: [{matchName: "my-remote-service.com"}]
            """, ns: "ns2")
        #expect(try checks(bare) == ["cilium-fqdn-without-dns"])
        let visible = C.cnp(
            "fqdn",
            """
            spec:
              endpointSelector: {matchLabels: {app: test-app}}
              egress:
              - toEndpoints: [{matchLabels: {"k8s:io.kubernetes.pod.namespace": kube-system, k8s-app: kube-dns}}]
                toPorts:
                - ports: [{port: "53", protocol: ANY}]
                  rules: {dns: [{matchPattern: "*"}]}
              - toFQDNs: [{matchName: "my-remote-service.com"}]
            """, ns: "ns2")
        #expect(try checks(visible).isEmpty)
    }
}

/// Cloud provider groups cannot be resolved offline: each is a lint finding at its line, and a deny through one
/// is explained as such.
extension CiliumLintTests {
    @Test func cloudProviderGroupsAreReported() throws {
        let examples = CiliumDocExample.cloudGroups
        let findings = try examples.flatMap { PolicyLinter.lint(try C.input($0.policies)) }
            .filter { $0.check == "cilium-groups-not-evaluated" }
        #expect(findings.count == 2)
        #expect(findings.first?.message.contains("toGroups (cloud provider groups) is not evaluated") == true)
        #expect(findings.map { $0.message.hasSuffix("no address") } == [true, false])
        let ev = try C.evaluator(examples[1].policies)
        let q = Query(
            source: C.endpoint(ev.inventory, "ns1/devpod"), destination: C.endpoint(ev.inventory, "203.0.113.7"),
            proto: .tcp, port: 80)
        let deciding = try #require(ev.verdict(q).egress.decidedBy.first)
        #expect(deciding.detail.contains("toGroups, not evaluated, taken as every address outside the cluster"))
    }
}

/// The warning every policy command prints for an entry enforced above L4 names the section as written.
extension CiliumLintTests {
    @Test func serverNamesAreWarnedAbout() throws {
        let example = try #require(CiliumDocExample.layer7.first { $0.testDescription == "TLS SNI serverNames" })
        let warnings = try C.input(example.policies).policies.ciliumL7Warnings
        #expect(warnings.count == 1)
        #expect(warnings.first?.hasSuffix("has serverNames: what it allows is \(VerdictReport.subjectToL7)") == true)
    }
}

/// A namespaced policy's endpointSelector naming another namespace is reported: Cilium drops that match.
extension CiliumLintTests {
    @Test func endpointSelectorNamingAnotherNamespace() throws {
        let example = try #require(
            CiliumDocExample.namespaces.first { $0.testDescription == "endpointSelector stays in the policy namespace" }
        )
        let findings = PolicyLinter.lint(try C.input(example.policies)).filter {
            $0.check == "cilium-endpointselector-namespace"
        }
        #expect(
            findings.map(\.message) == [
                "endpointSelector names namespace 'ns2': Cilium removes it and applies the rule in the policy's namespace 'ns1'"
            ])
    }
}

/// Reserved-label selectors are endpoint selectors to Cilium's rule sanitizer: beside other endpoints they are
/// not a mix of L3 kinds.
extension CiliumLintTests {
    @Test func reservedLabelsBesideEndpointsAreNotMixed() throws {
        let policy = C.cnp(
            "endpoints",
            """
            spec:
              endpointSelector: {matchLabels: {role: backend}}
              ingress:
              - fromEndpoints: [{matchLabels: {"reserved:host": ""}}, {matchLabels: {role: frontend}}]
            """)
        #expect(try checks(policy).isEmpty)
    }
}
