import Policy

// See FabricNames.swift: the Kubernetes side's `Endpoint`, named without ambiguity.

/// One end of a connection as Kubernetes policies see it: a pod, a node, or an external address.
typealias KubernetesEndpoint = Endpoint
