/// Deny Policies (docs.cilium.io/en/stable/security/policy/language/#deny-policies), L7 rules and policies
/// of several kinds together.
extension CiliumDocExample {
    /// The Deny Policies table, columns 1-3: allow L7 (HTTP) on 80, L4 81 and L3 from the client; then
    /// deny L4 80/TCP (column 2: curl :81 allowed, :80 denied, ping allowed), then also deny L3 from the
    /// client (column 3: all denied). A deny-only policy still isolates. And "external-lockdown": "block all
    /// traffic from world while allowing everything else".
    static let deny: [CiliumDocExample] = {
        let allow = C.cnp(
            "allow",
            """
            spec:
              endpointSelector: {matchLabels: {role: backend}}
              ingress:
              - fromEndpoints: [{matchLabels: {role: frontend}}]
              - fromEndpoints: [{matchLabels: {role: frontend}}]
                toPorts:
                - ports: [{port: "80", protocol: TCP}]
                  rules: {http: [{method: GET}]}
                - ports: [{port: "81", protocol: TCP}]
            """)
        let denyL4 = C.cnp(
            "deny-l4",
            """
            spec:
              endpointSelector: {matchLabels: {role: backend}}
              ingressDeny:
              - toPorts:
                - ports: [{port: "80", protocol: TCP}]
            """)
        let denyL3 = C.cnp(
            "deny-l3",
            """
            spec:
              endpointSelector: {matchLabels: {role: backend}}
              ingressDeny:
              - fromEndpoints: [{matchLabels: {role: frontend}}]
            """)
        let columns = [allow, allow + denyL4, allow + denyL4 + denyL3]
        let expected = [
            ["allowed", "allowed", "allowed"], ["allowed", "denied", "allowed"], ["denied", "denied", "denied"],
        ]
        let table = zip(columns, expected).enumerated().map { column, example in
            CiliumDocExample(
                "deny table column \(column + 1)", example.0,
                verdicts: zip(["TCP/81", "TCP/80", "ICMP"], example.1).map { "ns1/frontend ns1/backend \($0) \($1)" }
                    .joined(separator: "\n"))
        }
        let lockdown = C.cnp(
            "external-lockdown",
            """
            spec:
              endpointSelector: {}
              ingressDeny:
              - fromEntities:
                - "world"
              ingress:
              - fromEntities:
                - "all"
            """)
        // The deny rules' fromRequires (here from another policy) narrow the deny rules' fromEndpoints:
        // Cilium's rule resolution adds every deny requirement of the endpoint to each deny endpoint selector.
        let denyRequires = C.cnp(
            "deny-requires",
            """
            spec:
              endpointSelector: {matchLabels: {role: backend}}
              ingressDeny:
              - fromRequires: [{matchLabels: {env: dev}}]
            """)
        let allowNamespace = C.cnp(
            "allow-namespace",
            """
            spec:
              endpointSelector: {matchLabels: {role: backend}}
              ingress:
              - fromEndpoints: [{}]
            """)
        return table + [
            CiliumDocExample("deny-only policy isolates", denyL3, verdicts: "ns1/leia ns1/backend denied"),
            CiliumDocExample(
                "fromRequires in deny rules", allowNamespace + denyL3 + denyRequires,
                verdicts: """
                    ns1/frontend ns1/backend allowed
                    ns1/devpod ns1/backend denied
                    ns1/leia ns1/backend allowed
                    ns2/client ns1/backend denied
                    """),
            CiliumDocExample(
                "external-lockdown", lockdown,
                verdicts: """
                    8.8.8.8 ns1/backend denied
                    ns1/frontend ns1/backend allowed
                    ns2/client ns1/backend allowed
                    """),
        ]
    }()
}
