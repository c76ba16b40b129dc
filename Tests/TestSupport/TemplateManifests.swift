/// Manifests for tests of workloads given only by their templates (their pods have no address and no
/// node), shared by the policy and CLI tests.
public enum TemplateManifests {
    /// A `kind` workload `namespace/name` without pods, whose template labels its pods `app: NAME`
    /// and declares TCP `port` when given.
    public static func workload(
        _ kind: String, _ name: String, namespace: String, hostNetwork: Bool = false, port: Int? = nil
    ) -> String {
        let ports = port.map { ", ports: [{containerPort: \($0)}]" } ?? ""
        return """
            apiVersion: apps/v1
            kind: \(kind)
            metadata: {name: \(name), namespace: \(namespace)}
            spec:
              selector: {matchLabels: {app: \(name)}}
              template:
                metadata: {labels: {app: \(name)}}
                spec: {hostNetwork: \(hostNetwork), containers: [{name: c, image: i\(ports)}]}
            ---

            """
    }

    /// An AdminNetworkPolicy `name` of priority 1 over the namespaces `subject` selects, with one egress
    /// rule: `action` to `peer` (a peer mapping in flow YAML).
    public static func adminEgress(_ name: String, subject: String = "{}", action: String, peer: String) -> String {
        """
        apiVersion: policy.networking.k8s.io/v1alpha1
        kind: AdminNetworkPolicy
        metadata: {name: \(name)}
        spec:
          priority: 1
          subject: {namespaces: \(subject)}
          egress: [{action: \(action), to: [\(peer)]}]
        ---

        """
    }
}
