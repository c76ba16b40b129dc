import Documents
import InterlockCore
import Manifests

/// Every policy Interlock evaluates, decoded from a `ManifestSet`.
///
/// Invariants: `networkPolicies` (NetworkPolicies and MultiNetworkPolicies) is sorted by (kind,
/// namespace, name); `adminPolicies` is sorted by (tier, priority, kind, name), the order the admin
/// and baseline tiers are evaluated in (ties at one priority are undefined upstream; this order is
/// deterministic and such ties are reported). Each holds one policy per (kind, namespace, name): a
/// later definition replaces an earlier one, with a warning.
public struct PolicySet: Sendable {
    /// NetworkPolicies and MultiNetworkPolicies, sorted by (kind, namespace, name).
    public var networkPolicies: [NetworkPolicy]
    /// Admin and baseline policies in evaluation order: admin tier first, then by priority, kind and name.
    public var adminPolicies: [AdminPolicy]
    /// Things the user should hear about (duplicates, ...).
    public var warnings: [String]
    /// What the policy objects held that the API server would not accept as written and Interlock read
    /// as the Go API machinery decodes it (unknown fields dropped, missing fields as zero values).
    public var decodeWarnings: [DecodeWarning] = []
    /// OVN-Kubernetes UserDefinedNetworks and ClusterUserDefinedNetworks, in input order: primary ones
    /// isolate their namespaces (see `NetworkIsolation`).
    public var userDefinedNetworks: [UserDefinedNetwork] = []
    /// CiliumNetworkPolicies and CiliumClusterwideNetworkPolicies, sorted by (kind, namespace, name).
    public var ciliumPolicies: [CiliumPolicy] = []
    /// CiliumCIDRGroups by name, for `cidrGroupRef`.
    public var ciliumCIDRGroups: [String: CiliumCIDRGroup] = [:]
    /// Calico's policies, tiers and network sets (evaluated under `--cni calico`).
    public var calico = CalicoPolicies()

    /// A set of the given policies, sorted into the orders described above.
    public init(networkPolicies: [NetworkPolicy], adminPolicies: [AdminPolicy] = [], warnings: [String] = []) {
        self.networkPolicies = networkPolicies.sorted { $0.ref < $1.ref }
        self.adminPolicies = adminPolicies.sorted {
            ($0.tier == .admin ? 0 : 1, $0.priority, $0.ref.kind, $0.ref.name) < (
                $1.tier == .admin ? 0 : 1, $1.priority, $1.ref.kind, $1.ref.name
            )
        }
        self.warnings = warnings
    }

    /// The annotation naming the networks a MultiNetworkPolicy is for.
    public static let policyForAnnotation = "k8s.v1.cni.cncf.io/policy-for"

    /// Decodes every evaluated policy object of `manifests`.
    ///
    /// - Throws: `InputError` at the first policy field that fails validation.
    public static func decode(_ manifests: ManifestSet) throws(InputError) -> PolicySet {
        var namespaced: [String: NetworkPolicy] = [:]
        var cluster: [String: AdminPolicy] = [:]
        var warnings: [String] = []
        var udns: [UserDefinedNetwork] = []
        var cilium: [String: CiliumPolicy] = [:]
        var cidrGroups: [String: CiliumCIDRGroup] = [:]
        func note(_ key: String, _ location: SourceLocation, _ previous: SourceLocation?) {
            if let previous {
                warnings.append("\(location): \(key) is also defined at \(previous); the later definition is used")
            }
        }
        let log = DecodeLog()
        let objects = manifests.policyObjects.map { $0.logging(to: log) }
        let calico = try CalicoPolicies.decode(objects.filter(CalicoPolicies.reads), warnings: &warnings)
        // NetworkPolicies, most of a large cluster's policies, are read on every thread, then taken in order.
        let read = Parallel.map(objects.count, batch: 256) { i -> Result<NetworkPolicy, InputError>? in
            let object = objects[i]
            guard object.kind == "NetworkPolicy", !object.name.isEmpty, !CalicoPolicies.reads(object) else {
                return nil
            }
            return Result { () throws(InputError) in try NetworkPolicy.decode(object, networks: []) }
        }
        for (i, object) in objects.enumerated() where !CalicoPolicies.reads(object) {
            // The API server rejects an object without a name ("metadata.name: Required value"); a
            // policy without one could not be told apart from another, nor named in a result.
            guard !object.name.isEmpty else {
                throw (object.metadata ?? object.cursor).error("\(object.kind) has no metadata.name")
            }
            switch object.kind {
            case "UserDefinedNetwork", "ClusterUserDefinedNetwork":
                udns.append(try UserDefinedNetwork.decode(object))
            case "CiliumNetworkPolicy", "CiliumClusterwideNetworkPolicy":
                let policy = try CiliumPolicy.decode(object)
                let key = "\(policy.ref.kind) \(policy.ref.qualifiedName)"
                note(key, policy.ref.location, cilium[key]?.ref.location)
                cilium[key] = policy
            case "CiliumCIDRGroup":
                let group = try CiliumCIDRGroup.decode(object)
                note("CiliumCIDRGroup \(group.name)", group.location, cidrGroups[group.name]?.location)
                cidrGroups[group.name] = group
            case "NetworkPolicy", "MultiNetworkPolicy":
                let networks =
                    object.kind == "MultiNetworkPolicy"
                    ? try policyFor(object).map { manifests.inventory.networkID(of: $0) } : []
                let policy =
                    if let result = read[i] { try result.get() } else {
                        try NetworkPolicy.decode(object, networks: networks)
                    }
                let key = "\(policy.ref.kind) \(policy.ref.qualifiedName)"
                note(key, policy.ref.location, namespaced[key]?.ref.location)
                namespaced[key] = policy
            default:
                let policy = try AdminPolicy.decode(object)
                let key = "\(policy.ref.kind) \(policy.ref.name)"
                note(key, policy.ref.location, cluster[key]?.ref.location)
                cluster[key] = policy
            }
        }
        var set = PolicySet(
            networkPolicies: Array(namespaced.values), adminPolicies: Array(cluster.values), warnings: warnings)
        set.decodeWarnings = log.warnings
        set.userDefinedNetworks = udns
        set.ciliumPolicies = cilium.values.sorted { $0.ref < $1.ref }
        set.ciliumCIDRGroups = cidrGroups
        set.calico = calico
        return set
    }

    /// The networks of a MultiNetworkPolicy's `policy-for` annotation, as `namespace/name` (a bare
    /// name is in the policy's namespace).
    static func policyFor(_ object: ManifestObject) throws(InputError) -> [String] {
        guard let text = try object.annotations()[policyForAnnotation] else { return [] }
        return text.split(separator: ",").map { $0.trimmingWhitespace() }.filter { !$0.isEmpty }.map {
            $0.contains("/") ? String($0) : "\(object.effectiveNamespace)/\($0)"
        }
    }

    /// The NetworkPolicies (or MultiNetworkPolicies) in force on `network`.
    public func networkPolicies(on network: Network) -> [NetworkPolicy] {
        networkPolicies.filter { $0.applies(on: network) }
    }

    /// The admin-tier and baseline-tier policies in force on `network` (the pod network only).
    public func adminPolicies(on network: Network) -> [AdminPolicy] {
        network == .pod ? adminPolicies : []
    }

    /// Every CIDR (ipBlock `cidr` and `except`, admin-tier `networks`) of the policies in force on
    /// `network`, sorted: the boundaries at which external address space is cut.
    public func cidrs(on network: Network) -> [CIDR] {
        var out: Set<CIDR> = []
        for policy in networkPolicies(on: network) {
            for rule in policy.ingress + policy.egress {
                for (peer, _) in rule.peers ?? [] {
                    if case .ipBlock(let block) = peer {
                        out.insert(block.cidr)
                        out.formUnion(block.except)
                    }
                }
            }
        }
        for policy in adminPolicies(on: network) {
            for rule in policy.ingress + policy.egress {
                for (peer, _) in rule.peers { if case .networks(let cidrs) = peer { out.formUnion(cidrs) } }
            }
        }
        if network == .pod {
            out.formUnion(ciliumCIDRs)
            out.formUnion(calico.cidrs)
        }
        return out.sorted()
    }

    /// The first port of every port interval any rule names for `proto`, and the port after its
    /// end: between two consecutive cuts, every numeric port match is constant.
    public func portCuts(_ proto: IPProtocol) -> Set<UInt16> {
        var ranges: [PortRange] = []
        for policy in networkPolicies {
            for rule in policy.ingress + policy.egress {
                for p in rule.ports ?? [] where p.proto == proto {
                    guard case .number(let n) = p.port else { continue }
                    ranges.append(PortRange(UInt16(n), p.endPort ?? UInt16(n)))
                }
            }
        }
        for policy in adminPolicies {
            for rule in policy.ingress + policy.egress {
                for case .range(let p, let r) in rule.ports ?? [] where p == proto { ranges.append(r) }
            }
        }
        ranges += ciliumPortRanges(proto)
        ranges += calico.portRanges
        var cuts: Set<UInt16> = [1]
        for r in ranges {
            cuts.insert(r.lower)
            if r.upper < 65535 { cuts.insert(r.upper + 1) }
        }
        return cuts
    }
}
