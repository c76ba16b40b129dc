import InterlockCore
import Manifests
import Testing

@testable import Policy

/// The examples of Cilium's documentation (docs.cilium.io/en/stable/security/policy/language/,
/// .../kubernetes/, .../deny/), each with the verdicts the documentation states, on `CiliumCluster`.
@Suite struct CiliumDocExampleTests {
    typealias C = CiliumCluster

    /// Layer 3, "Simple Ingress Allow": "endpoints with the label role=backend can only receive packets from
    /// endpoints with the label role=frontend"; egress stays open.
    @Test func simpleIngressAllow() throws {
        let ev = try C.evaluator(
            C.cnp(
                "l3-rule",
                """
                spec:
                  endpointSelector: {matchLabels: {role: backend}}
                  ingress:
                  - fromEndpoints:
                    - matchLabels: {role: frontend}
                """))
        #expect(C.verdict(ev, "ns1/frontend", "ns1/backend") == "allowed")
        #expect(C.verdict(ev, "ns1/devpod", "ns1/backend") == "allowed")
        #expect(C.verdict(ev, "ns1/leia", "ns1/backend") == "denied")
        #expect(C.verdict(ev, "8.8.8.8", "ns1/backend") == "denied")
        #expect(C.verdict(ev, "ns1/backend", "ns1/leia") == "allowed")
        let explained = ev.verdict(
            Query(
                source: C.endpoint(ev.inventory, "ns1/leia"), destination: C.endpoint(ev.inventory, "ns1/backend"),
                proto: .tcp, port: 80))
        let deciding = try #require(explained.ingress.decidedBy.first)
        #expect(deciding.detail == "Cilium default deny: a rule selects the endpoint for ingress")
        #expect(deciding.policy?.description == "CiliumNetworkPolicy ns1/l3-rule")
        #expect(deciding.description.contains("(cilium.yaml:"))
    }

    /// A namespaced policy's selectors are limited to its namespace unless they name one
    /// (Kubernetes > Namespaces: "k8s-expose-across-namespace").
    @Test func selectorsDefaultToThePolicyNamespace() throws {
        let ev = try C.evaluator(
            C.cnp(
                "k8s-expose-across-namespace",
                """
                spec:
                  endpointSelector: {matchLabels: {name: leia}}
                  ingress:
                  - fromEndpoints:
                    - matchLabels: {k8s:io.kubernetes.pod.namespace: ns2, name: luke}
                """))
        #expect(C.verdict(ev, "ns2/luke", "ns1/leia") == "allowed")
        #expect(C.verdict(ev, "ns1/luke", "ns1/leia") == "denied")
        let local = try C.evaluator(
            C.cnp(
                "same-namespace",
                """
                spec:
                  endpointSelector: {matchLabels: {name: leia}}
                  ingress:
                  - fromEndpoints:
                    - matchLabels: {name: luke}
                """))
        #expect(C.verdict(local, "ns1/luke", "ns1/leia") == "allowed")
        #expect(C.verdict(local, "ns2/luke", "ns1/leia") == "denied")
    }

    /// "Ingress/Egress Default Deny": a rule list holding one empty rule puts the endpoints into default deny
    /// and allows nothing; an empty list (`ingress: []`) "does not apply".
    @Test func emptyRuleVersusEmptyList() throws {
        let deny = try C.evaluator(
            C.cnp("deny-all-ingress", "spec:\n  endpointSelector: {matchLabels: {role: backend}}\n  ingress:\n  - {}"))
        #expect(C.verdict(deny, "ns1/frontend", "ns1/backend") == "denied")
        #expect(C.verdict(deny, "ns1/backend", "ns1/frontend") == "allowed")
        let none = try C.evaluator(
            C.cnp("nothing", "spec:\n  endpointSelector: {matchLabels: {role: backend}}\n  ingress: []"))
        #expect(C.verdict(none, "ns1/frontend", "ns1/backend") == "allowed")
    }

    /// "Additional Label Requirements": with `fromRequires env=prod` and an allow from role=frontend, only
    /// frontends that are also env=prod get in.
    @Test func fromRequires() throws {
        let policies =
            C.cnp(
                "requires-rule",
                """
                specs:
                  - description: "For endpoints with env=prod, only allow if source also has label env=prod"
                    endpointSelector: {matchLabels: {env: prod}}
                    ingress:
                    - fromRequires:
                      - matchLabels: {env: prod}
                """)
            + C.cnp(
                "l3-rule",
                """
                specs:
                  - description: "For endpoints with env=prod, allow if source also has label role=frontend"
                    endpointSelector: {matchLabels: {env: prod}}
                    ingress:
                    - fromEndpoints:
                      - matchLabels: {role: frontend}
                """)
        let ev = try C.evaluator(policies)
        #expect(C.verdict(ev, "ns1/frontend", "ns1/backend") == "allowed")
        #expect(C.verdict(ev, "ns1/devpod", "ns1/backend") == "denied")
    }

    /// Entities: "Access to/from local host" (`toEntities: [host]`), "Access to/from outside cluster"
    /// (`world`), and `remote-node`.
    @Test func entities() throws {
        let host = try C.evaluator(
            C.cnp(
                "dev-to-host", "spec:\n  endpointSelector: {matchLabels: {env: dev}}\n  egress:\n  - toEntities: [host]"
            ))
        #expect(C.verdict(host, "ns1/devpod", "node/n2") == "allowed")
        #expect(C.verdict(host, "ns1/devpod", "node/n1") == "denied")
        #expect(C.verdict(host, "ns1/devpod", "8.8.8.8") == "denied")
        #expect(C.verdict(host, "ns1/devpod", "ns1/backend") == "denied")
        let world = try C.evaluator(
            C.cnp(
                "to-world", "spec:\n  endpointSelector: {matchLabels: {env: dev}}\n  egress:\n  - toEntities: [world]"))
        #expect(C.verdict(world, "ns1/devpod", "8.8.8.8") == "allowed")
        #expect(C.verdict(world, "ns1/devpod", "node/n1") == "denied")
        #expect(C.verdict(world, "ns1/devpod", "ns1/backend") == "denied")
        let nodes = try C.evaluator(
            C.cnp(
                "to-nodes",
                "spec:\n  endpointSelector: {matchLabels: {env: dev}}\n  egress:\n  - toEntities: [remote-node, kube-apiserver]"
            ))
        #expect(C.verdict(nodes, "ns1/devpod", "node/n1") == "allowed")
        #expect(C.verdict(nodes, "ns1/devpod", "node/n2") == "allowed")
        #expect(C.verdict(nodes, "ns1/devpod", "8.8.8.8") == "denied")
        let cluster = try C.evaluator(
            C.cnp(
                "to-cluster",
                "spec:\n  endpointSelector: {matchLabels: {env: dev}}\n  egress:\n  - toEntities: [cluster]"))
        #expect(C.verdict(cluster, "ns1/devpod", "ns2/client") == "allowed")
        #expect(C.verdict(cluster, "ns1/devpod", "node/n1") == "allowed")
        #expect(C.verdict(cluster, "ns1/devpod", "8.8.8.8") == "denied")
    }

    /// Layer 3 CIDR: "allow app=myService to talk to 20.1.1.1/32 and 10.0.0.0/8 except 10.96.0.0/12"; CIDR
    /// rules do not select endpoints of the cluster.
    @Test func cidrRules() throws {
        let ev = try C.evaluator(
            C.cnp(
                "cidr-rule",
                """
                spec:
                  endpointSelector: {matchLabels: {app: myService}}
                  egress:
                  - toCIDR:
                    - 20.1.1.1/32
                  - toCIDRSet:
                    - cidr: 10.0.0.0/8
                      except:
                      - 10.96.0.0/12
                """))
        #expect(C.verdict(ev, "ns1/devpod", "20.1.1.1") == "allowed")
        #expect(C.verdict(ev, "ns1/devpod", "20.1.1.2") == "denied")
        #expect(C.verdict(ev, "ns1/devpod", "10.200.0.1") == "allowed")
        #expect(C.verdict(ev, "ns1/devpod", "10.96.0.1") == "denied")
        #expect(C.verdict(ev, "ns1/devpod", "ns1/backend") == "denied")
    }

    /// `cidrGroupRef` through a CiliumCIDRGroup (CIDR > "Selecting CIDRs with CiliumCIDRGroup").
    @Test func cidrGroupRef() throws {
        let group = """
            apiVersion: cilium.io/v2alpha1
            kind: CiliumCIDRGroup
            metadata: {name: vpn-example-1}
            spec:
              externalCIDRs: ["10.48.0.0/24", "10.16.0.0/24"]
            ---

            """
        let ev = try C.evaluator(
            group
                + C.cnp(
                    "from-vpn-example",
                    """
                    spec:
                      endpointSelector: {matchLabels: {role: backend}}
                      ingress:
                      - fromCIDRSet:
                        - cidrGroupRef: vpn-example-1
                    """))
        #expect(C.verdict(ev, "10.48.0.7", "ns1/backend") == "allowed")
        #expect(C.verdict(ev, "10.16.0.200", "ns1/backend") == "allowed")
        #expect(C.verdict(ev, "10.17.0.1", "ns1/backend") == "denied")
    }

    /// Layer 4: "allow app=myService to emit packets using TCP on port 80 to any layer 3 destination", and the
    /// port range example (`endPort`).
    @Test func layer4() throws {
        let ev = try C.evaluator(
            C.cnp(
                "l4-rule",
                """
                spec:
                  endpointSelector: {matchLabels: {app: myService}}
                  egress:
                    - toPorts:
                      - ports:
                        - port: "80"
                          protocol: TCP
                """))
        #expect(C.verdict(ev, "ns1/devpod", "ns1/backend") == "allowed")
        #expect(C.verdict(ev, "ns1/devpod", "8.8.8.8") == "allowed")
        #expect(C.verdict(ev, "ns1/devpod", "8.8.8.8", .tcp, 443) == "denied")
        #expect(C.verdict(ev, "ns1/devpod", "8.8.8.8", .udp, 80) == "denied")
        let range = try C.evaluator(
            C.cnp(
                "l4-port-range-rule",
                """
                spec:
                  endpointSelector: {matchLabels: {app: myService}}
                  egress:
                    - toPorts:
                      - ports:
                        - port: "80"
                          endPort: 444
                          protocol: TCP
                """))
        #expect(C.verdict(range, "ns1/devpod", "8.8.8.8", .tcp, 443) == "allowed")
        #expect(C.verdict(range, "ns1/devpod", "8.8.8.8", .tcp, 445) == "denied")
        let named = try C.evaluator(
            C.cnp(
                "named-port",
                """
                spec:
                  endpointSelector: {matchLabels: {role: backend}}
                  ingress:
                  - toPorts:
                    - ports:
                      - port: http
                """))
        #expect(C.verdict(named, "ns1/frontend", "ns1/backend", .tcp, 80) == "allowed")
        #expect(C.verdict(named, "ns1/frontend", "ns1/backend", .tcp, 81) == "denied")
    }

    /// Deny Policies, "external-lockdown": "block all traffic from world while allowing everything else".
    @Test func externalLockdown() throws {
        let ev = try C.evaluator(
            C.cnp(
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
                """))
        #expect(C.verdict(ev, "8.8.8.8", "ns1/backend") == "denied")
        #expect(C.verdict(ev, "ns1/frontend", "ns1/backend") == "allowed")
        #expect(C.verdict(ev, "ns2/client", "ns1/backend") == "allowed")
    }

    /// The Deny Policies table, columns 1-3: allow L7 (HTTP) on 80, L4 81 and L3 from the client; then
    /// deny L4 80/TCP (column 2: curl :81 allowed, :80 denied, ping allowed), then also deny L3 from the
    /// client (column 3: all denied). A deny-only policy still isolates.
    @Test func denyTable() throws {
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
        for (policies, want) in zip(columns, expected) {
            let ev = try C.evaluator(policies)
            let got = [
                C.verdict(ev, "ns1/frontend", "ns1/backend", .tcp, 81),
                C.verdict(ev, "ns1/frontend", "ns1/backend", .tcp, 80),
                C.verdict(ev, "ns1/frontend", "ns1/backend", .icmp, nil),
            ]
            #expect(got == want)
        }
        let denyOnly = try C.evaluator(denyL3)
        #expect(C.verdict(denyOnly, "ns1/leia", "ns1/backend") == "denied")
    }

    /// Layer 7, HTTP: "allow GET /path1 on TCP 80 to app=service": the L3/L4 part is exact, the L7 part is
    /// reported as not evaluated; the service account example selects on `io.cilium.k8s.policy.serviceaccount`.
    @Test func layer7AndServiceAccounts() throws {
        let ev = try C.evaluator(
            C.cnp(
                "rule1",
                """
                spec:
                  endpointSelector: {matchLabels: {app: service}}
                  ingress:
                  - toPorts:
                    - ports:
                      - port: "80"
                        protocol: TCP
                      rules:
                        http:
                        - method: "GET"
                          path: "/path1$"
                """))
        #expect(C.verdict(ev, "ns1/frontend", "ns1/backend", .tcp, 80) == "L7")
        #expect(C.verdict(ev, "ns1/frontend", "ns1/backend", .tcp, 81) == "denied")
        let sa = try C.evaluator(
            C.cnp(
                "k8s-svc-account",
                """
                spec:
                  endpointSelector: {matchLabels: {io.cilium.k8s.policy.serviceaccount: leia}}
                  ingress:
                  - fromEndpoints:
                    - matchLabels: {io.cilium.k8s.policy.serviceaccount: luke}
                    toPorts:
                    - ports: [{port: '80', protocol: TCP}]
                      rules:
                        http:
                        - method: GET
                          path: "/public$"
                """))
        #expect(C.verdict(sa, "ns1/luke", "ns1/leia") == "L7")
        #expect(C.verdict(sa, "ns1/frontend", "ns1/leia") == "denied")
        let report = VerdictReport(
            query: Query(
                source: C.endpoint(sa.inventory, "ns1/luke"), destination: C.endpoint(sa.inventory, "ns1/leia"),
                proto: .tcp, port: 80),
            verdict: sa.verdict(
                Query(
                    source: C.endpoint(sa.inventory, "ns1/luke"), destination: C.endpoint(sa.inventory, "ns1/leia"),
                    proto: .tcp, port: 80)), inventory: sa.inventory, warnings: [])
        #expect(report.text(explain: false) == "allowed\nwarning: \(VerdictReport.subjectToL7): L7 rules (http)\n")
        #expect(report.json.serialized(pretty: false).contains("\"verdict\":\"allowed-subject-to-l7\""))
    }

    /// DNS-based policy ("to-fqdn"): DNS to kube-dns through the DNS proxy, and `toFQDNs`: both allowed at L4
    /// subject to rules Interlock does not evaluate; other destinations stay denied.
    @Test func dnsAndFQDN() throws {
        let ev = try C.evaluator(
            C.cnp(
                "to-fqdn",
                """
                spec:
                  endpointSelector: {matchLabels: {app: test-app}}
                  egress:
                    - toEndpoints:
                      - matchLabels:
                          "k8s:io.kubernetes.pod.namespace": kube-system
                          "k8s:k8s-app": kube-dns
                      toPorts:
                        - ports:
                           - port: "53"
                             protocol: ANY
                          rules:
                            dns:
                              - matchPattern: "*"
                    - toFQDNs:
                        - matchName: "my-remote-service.com"
                """, ns: "ns2"))
        #expect(C.verdict(ev, "ns2/client", "kube-system/dns", .udp, 53) == "L7")
        #expect(C.verdict(ev, "ns2/client", "kube-system/dns", .tcp, 53) == "L7")
        #expect(C.verdict(ev, "ns2/client", "kube-system/dns", .tcp, 80) == "denied")
        #expect(C.verdict(ev, "ns2/client", "1.2.3.4", .tcp, 443) == "L7")
        #expect(C.verdict(ev, "ns2/client", "ns1/backend") == "denied")
    }

    /// `enableDefaultDeny: {ingress: false, egress: false}`: the policy's allows add to others' but do not
    /// isolate ("This is useful for creating broad-based network policies that will not cause endpoints to
    /// enter default-deny").
    @Test func enableDefaultDenyFalse() throws {
        let ev = try C.evaluator(
            C.cnp(
                "allow-dns",
                """
                spec:
                  endpointSelector: {}
                  enableDefaultDeny: {egress: false, ingress: false}
                  egress:
                  - toEndpoints:
                    - matchLabels: {k8s:io.kubernetes.pod.namespace: kube-system, k8s-app: kube-dns}
                """, kind: "CiliumClusterwideNetworkPolicy"))
        #expect(C.verdict(ev, "ns2/client", "ns1/backend") == "allowed")
        #expect(C.verdict(ev, "ns2/client", "8.8.8.8") == "allowed")
    }

    /// Kubernetes NetworkPolicy and Cilium policies together: allows are unioned; under Cilium a
    /// NetworkPolicy selecting on the identity labels (namespace labels, cluster name) matches.
    @Test func unionWithNetworkPolicyAndIdentityLabels() throws {
        let np = """
            apiVersion: networking.k8s.io/v1
            kind: NetworkPolicy
            metadata: {name: np, namespace: ns1}
            spec:
              podSelector: {matchLabels: {role: backend}}
              ingress:
              - from:
                - podSelector: {matchLabels: {io.cilium.k8s.namespace.labels.team: a, name: leia}}
            ---

            """
        let policies =
            np
            + C.cnp(
                "cnp",
                """
                spec:
                  endpointSelector: {matchLabels: {role: backend}}
                  ingress:
                  - fromEndpoints: [{matchLabels: {io.cilium.k8s.policy.cluster: default, role: frontend}}]
                """)
        let ev = try C.evaluator(policies)
        #expect(C.verdict(ev, "ns1/leia", "ns1/backend") == "allowed")
        #expect(C.verdict(ev, "ns1/frontend", "ns1/backend") == "allowed")
        #expect(C.verdict(ev, "ns1/luke", "ns1/backend") == "denied")
        let other = try C.evaluator(policies, clusterName: "prod")
        #expect(C.verdict(other, "ns1/frontend", "ns1/backend") == "denied")
        #expect(C.verdict(other, "ns1/leia", "ns1/backend") == "allowed")
    }

    /// `toServices` by name: the pods the Service selects.
    @Test func toServices() throws {
        let service = """
            apiVersion: v1
            kind: Service
            metadata: {name: backend, namespace: ns1}
            spec:
              selector: {role: backend}
              ports: [{port: 80}]
            ---

            """
        let ev = try C.evaluator(
            C.cnp(
                "to-service",
                """
                spec:
                  endpointSelector: {matchLabels: {role: frontend}}
                  egress:
                  - toServices:
                    - k8sService: {serviceName: backend, namespace: ns1}
                """), extra: service)
        #expect(C.verdict(ev, "ns1/frontend", "ns1/backend") == "allowed")
        #expect(C.verdict(ev, "ns1/frontend", "ns1/leia") == "denied")
    }

    /// The admin tier is decided before Cilium's rules: an AdminNetworkPolicy Allow beats a Cilium deny, and
    /// its Deny beats a Cilium allow.
    @Test func adminTierFirst() throws {
        let anp = """
            apiVersion: policy.networking.k8s.io/v1alpha1
            kind: AdminNetworkPolicy
            metadata: {name: admin}
            spec:
              priority: 1
              subject: {namespaces: {}}
              ingress:
              - action: Allow
                from: [{pods: {namespaceSelector: {}, podSelector: {matchLabels: {name: leia}}}}]
              - action: Deny
                from: [{pods: {namespaceSelector: {}, podSelector: {matchLabels: {role: frontend}}}}]
            ---

            """
        let ev = try C.evaluator(
            anp
                + C.cnp(
                    "cnp",
                    """
                    spec:
                      endpointSelector: {matchLabels: {role: backend}}
                      ingressDeny:
                      - fromEndpoints: [{matchLabels: {name: leia}}]
                      ingress:
                      - fromEndpoints: [{matchLabels: {role: frontend}}]
                    """))
        #expect(C.verdict(ev, "ns1/leia", "ns1/backend") == "allowed")
        #expect(C.verdict(ev, "ns1/frontend", "ns1/backend") == "denied")
    }

    /// Host policies (`nodeSelector`, clusterwide only) are read and select no pod.
    @Test func hostPoliciesSelectNoPod() throws {
        let ev = try C.evaluator(
            C.cnp(
                "host-fw", "spec:\n  nodeSelector: {}\n  ingress:\n  - {}", kind: "CiliumClusterwideNetworkPolicy"))
        #expect(C.verdict(ev, "ns1/frontend", "ns1/backend") == "allowed")
        #expect(throws: InputError.self) {
            _ = try C.input(C.cnp("bad", "spec:\n  nodeSelector: {}\n  ingress:\n  - {}"))
        }
    }
}

/// ICMP rules by type (Layer 4 Policies > "Limit ICMP/ICMPv6 types", and the `ICMPField` API reference).
extension CiliumDocExampleTests {
    /// "icmp-rule": endpoints labelled app=myService may only emit ICMP of type 8 and ICMPv6 EchoRequest,
    /// to any layer 3 destination.
    @Test func limitICMPTypes() throws {
        let fields = "[{type: 8, family: IPv4}, {type: EchoRequest, family: IPv6}]"
        let spec = "spec:\n  endpointSelector: {matchLabels: {app: myService}}\n  egress:\n  - icmps:\n"
        let ev = try C.evaluator(C.cnp("icmp-rule", spec + "    - fields: \(fields)"))
        for destination in ["ns1/backend", "8.8.8.8"] {
            #expect(C.verdict(ev, "ns1/devpod", destination, .icmp, nil, icmpType: 8) == "allowed")
            #expect(C.verdict(ev, "ns1/devpod", destination, .icmpv6, nil, icmpType: 128) == "allowed")
            #expect(C.verdict(ev, "ns1/devpod", destination, .icmp, nil, icmpType: 0) == "denied")
            #expect(C.verdict(ev, "ns1/devpod", destination, .icmpv6, nil, icmpType: 8) == "denied")
            #expect(C.verdict(ev, "ns1/devpod", destination, .icmp, nil) == "denied")
            #expect(C.verdict(ev, "ns1/devpod", destination, .tcp, 80) == "denied")
        }
        #expect(C.verdict(ev, "ns1/frontend", "ns1/backend", .icmp, nil, icmpType: 0) == "allowed")
    }

    /// Type names resolve in their family (EchoReply is 0 in ICMP, 129 in ICMPv6); a deny rule by type
    /// denies that type only.
    @Test func namesByFamilyAndDenyByType() throws {
        let deny = "  ingressDeny:\n  - icmps: [{fields: [{type: EchoReply}, {type: EchoReply, family: IPv6}]}]"
        let spec = "spec:\n  endpointSelector: {matchLabels: {role: backend}}\n  ingress:\n  - fromEntities: [all]\n"
        let ev = try C.evaluator(C.cnp("icmp-deny", spec + deny))
        #expect(C.verdict(ev, "ns1/frontend", "ns1/backend", .icmp, nil, icmpType: 0) == "denied")
        #expect(C.verdict(ev, "ns1/frontend", "ns1/backend", .icmpv6, nil, icmpType: 129) == "denied")
        #expect(C.verdict(ev, "ns1/frontend", "ns1/backend", .icmp, nil, icmpType: 8) == "allowed")
        #expect(C.verdict(ev, "ns1/frontend", "ns1/backend", .icmpv6, nil, icmpType: 0) == "allowed")
        #expect(C.verdict(ev, "ns1/frontend", "ns1/backend", .tcp, 80) == "allowed")
    }

    /// A type outside 0-255, or a name of the other family, is an input error with its position.
    @Test(arguments: ["{type: 256}", "{type: Echo, family: IPv6}", "{type: PacketTooBig}"])
    func rejectsUnknownTypes(_ field: String) throws {
        let policy = C.cnp(
            "bad", "spec:\n  endpointSelector: {}\n  egress:\n  - icmps:\n    - fields:\n      - \(field)")
        #expect(throws: InputError.self) { _ = try C.evaluator(policy) }
    }
}
