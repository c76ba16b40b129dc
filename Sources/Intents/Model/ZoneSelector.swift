import Fabric
import InterlockCore
import Manifests
import Policy

/// One way of picking endpoints: every field given must hold (AND); a zone is the union of its
/// selectors.
///
/// Fields belong to one side of the model or both. Fabric fields (`planes`, `rails`,
/// `scalableUnits`, `interfaces`, `partitions`, `vrfs`, `vlans`) pick fabric interfaces only;
/// Kubernetes fields (`namespaces`, `namespaceSelector`, `podSelector`, `nodeSelector`, `networks`)
/// pick pods, nodes and addresses of the Kubernetes networks only; `nodes`, `cidrs` and `builtin`
/// pick on both sides. A selector with fields of both sides picks nothing: the reader rejects it.
public struct ZoneSelector: Sendable {
    /// Fabric planes whose interfaces are picked.
    public var planes: [Plane]?
    /// Hosts by name (a Slurm hostlist, expanded): their fabric interfaces (NICs and BMC included)
    /// and the Kubernetes nodes of the same names.
    public var nodes: Set<String>?
    /// Compute-fabric rails (NICs on rail r).
    public var rails: Set<Int>?
    /// Scalable units (from 1).
    public var scalableUnits: Set<Int>?
    /// Interface kinds: compute, frontend, storage, oob, bmc.
    var interfaces: [FabricInterfaceKind]?
    /// InfiniBand partitions by P_Key (membership bit cleared) or name.
    public var partitions: [String]?
    /// Ethernet VRFs by name.
    public var vrfs: [String]?
    /// VLAN ids of Ethernet segments.
    public var vlans: Set<Int>?
    /// Kubernetes namespaces by name.
    public var namespaces: Set<String>?
    /// Kubernetes namespaces by label.
    public var namespaceSelector: LabelSelector?
    /// Pods by label (in the namespaces the other fields allow).
    public var podSelector: LabelSelector?
    /// Kubernetes nodes by label.
    public var nodeSelector: LabelSelector?
    /// Kubernetes networks: `pod` or a NetworkAttachmentDefinition `namespace/name`.
    public var networks: [Network]?
    /// Addresses in these blocks (less `except`), on either side.
    public var cidrs: [CIDR]?
    /// Blocks cut out of `cidrs`.
    public var except: [CIDR] = []
    /// A zone Interlock knows how to find (control plane, BMCs, the internet, ...).
    public var builtin: BuiltinZone?
    /// Where the selector is written.
    public var location: SourceLocation
    /// Where `nodes` was written: unknown names are reported there.
    public var nodesLocation: SourceLocation?

    /// A selector with no field set, written at `location`.
    public init(location: SourceLocation) { self.location = location }

    /// Whether a field that only fabric interfaces have is set.
    public var hasFabricFields: Bool {
        planes != nil || rails != nil || scalableUnits != nil || interfaces != nil || partitions != nil
            || vrfs != nil || vlans != nil
    }

    /// Whether a field that only Kubernetes endpoints have is set.
    public var hasKubernetesFields: Bool {
        namespaces != nil || namespaceSelector != nil || podSelector != nil || nodeSelector != nil || networks != nil
    }

    /// Whether an address passes `cidrs` and `except` (true when no CIDR is given).
    func admits(_ address: IPAddress?) -> Bool {
        guard let cidrs else { return true }
        guard let address else { return false }
        return cidrs.contains { $0.contains(address) } && !except.contains { $0.contains(address) }
    }
}

/// A named set of endpoints that rules are written between.
public struct Zone: Sendable {
    /// The zone's name, unique within the intents; rules refer to zones by it.
    public var name: String
    /// What the zone is for, as the intents file says.
    public var description: String?
    /// The union of these picks endpoints.
    public var selectors: [ZoneSelector]
    /// Where the zone is declared.
    public var location: SourceLocation
    /// The pack that defined the zone, when a pack did.
    public var pack: String?

    /// A zone; `pack` names the pack that defined it, if any.
    public init(
        name: String, description: String? = nil, selectors: [ZoneSelector], location: SourceLocation,
        pack: String? = nil
    ) {
        self.name = name
        self.description = description
        self.selectors = selectors
        self.location = location
        self.pack = pack
    }
}
