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
