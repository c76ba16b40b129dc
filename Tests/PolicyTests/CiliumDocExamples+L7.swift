/// Cilium's L7 examples (docs.cilium.io/en/stable/security/policy/language/#layer-7-examples,
/// #dns-based): the L3/L4 part is exact, the L7 part is reported as not evaluated.
extension CiliumDocExample {
    static let layer7 = [
        CiliumDocExample(
            "HTTP GET /path1",
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
                """),
            verdicts: """
                ns1/frontend ns1/backend TCP/80 L7
                ns1/frontend ns1/backend TCP/81 denied
                """),
        // DNS-based policy ("to-fqdn"): DNS to kube-dns through the DNS proxy, and `toFQDNs`: both allowed at
        // L4 subject to rules Interlock does not evaluate; other destinations stay denied.
        CiliumDocExample(
            "to-fqdn",
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
                """, ns: "ns2"),
            verdicts: """
                ns2/client kube-system/dns UDP/53 L7
                ns2/client kube-system/dns TCP/53 L7
                ns2/client kube-system/dns TCP/80 denied
                ns2/client 1.2.3.4 TCP/443 L7
                ns2/client ns1/backend denied
                """),
        // TLS SNI (Policy Language, "TLS SNI"): `serverNames` is checked in the TLS handshake, above L4, so
        // what the entry allows is subject to a rule Interlock does not evaluate; other ports stay denied.
        CiliumDocExample(
            "TLS SNI serverNames",
            C.cnp(
                "l7-sni",
                """
                spec:
                  endpointSelector: {matchLabels: {app: myService}}
                  egress:
                  - toPorts:
                    - ports: [{port: "443", protocol: TCP}]
                      serverNames: [one.one.one.one]
                """),
            verdicts: """
                ns1/devpod 1.1.1.1 TCP/443 L7
                ns1/devpod 1.1.1.1 TCP/80 denied
                """),
    ]
}
