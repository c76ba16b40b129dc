import Documents
import InterlockCore
import Manifests
import Policy

extension PolicySuggestion {
    /// `input` with the suggestion in force: its pod-network NetworkPolicies replaced by the suggested
    /// ones, read back from the YAML through the manifest loader (`file` names it in locations);
    /// MultiNetworkPolicies, the admin tiers and user-defined networks kept as they are. A Cilium
    /// suggestion replaces the Cilium policies too (Cilium enforces both kinds together).
    ///
    /// - Throws: `InputError` if the YAML does not read back (a bug: the tests hold it to round-trip).
    public func applied(to input: PolicyInput, file: String = "suggestion") throws(InputError) -> PolicyInput {
        let documents = try SourceLoader.documents(bytes: Array(yaml.utf8), file: file)
        let suggested = try PolicySet.decode(ManifestLoader.load(documents: documents))
        let current = input.policies
        var policies = PolicySet(
            networkPolicies: current.networkPolicies.filter { !$0.networks.isEmpty } + suggested.networkPolicies,
            adminPolicies: current.adminPolicies, warnings: current.warnings)
        policies.userDefinedNetworks = current.userDefinedNetworks
        if cni == .cilium {
            policies.ciliumPolicies = suggested.ciliumPolicies
            policies.ciliumCIDRGroups = current.ciliumCIDRGroups
        }
        return PolicyInput(manifests: input.manifests, policies: policies)
    }

    /// The observed edges `engine` denies: none, unless an admin tier denies what the suggestion allows.
    public func denied(by engine: some ConnectivityEngine) -> [ObservedEdge] {
        observed.edges.filter { !engine.isAllowed(Self.query($0, in: engine.inventory)) }
    }

    /// The question an edge asks: a workload by its representative pod, a node by its index, else
    /// the address as external.
    public static func query(_ edge: ObservedEdge, in inventory: Inventory) -> Query {
        Query(
            source: endpoint(edge.source, in: inventory), destination: endpoint(edge.destination, in: inventory),
            proto: edge.proto, port: edge.port)
    }

    /// A peer as a policy endpoint on the pod network.
    public static func endpoint(_ peer: ObservedPeer, in inventory: Inventory) -> PolicyEndpoint {
        switch peer {
        case .workload(let w): return .pod(inventory.workloads[w].representative)
        case .address(let ip):
            if case .node(let i)? = inventory.owner(of: ip, on: .pod) { return .node(i) }
            return .external(ip)
        }
    }
}
