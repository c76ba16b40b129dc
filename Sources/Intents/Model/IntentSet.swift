import FabricACL
import InterlockCore

/// Everything the checks judge against: zones, rules, and the fabric's own segmentation (partitions,
/// VRFs and ACLs).
///
/// Invariants: zone names and rule ids are unique; every zone a rule names is in `zones`.
public struct IntentSet: Sendable {
    /// The zones, user zones and the packs' zones, names unique.
    public var zones: [Zone]
    /// The rules, in document order, ids unique.
    public var rules: [IntentRule]
    /// The fabric's partitions and VRFs.
    public var segmentation: FabricSegmentation
    /// Fabric ACLs the intents put in force.
    public var acls: [ACL]
    /// The packs in force, as `name (file:line)`.
    public var packs: [String]
    /// The namespace label whose values name tenants (`between: tenants` makes one zone per value).
    public var tenantLabel: String?

    /// The zone family `between:` names to mean every tenant.
    public static let tenantFamily = "tenants"
    /// The label tenants are named by unless a pack use says otherwise.
    public static let defaultTenantLabel = "tenant"
    /// The prefix of the zones made for tenants (`tenant:llm`); a zone of that name overrides one.
    public static let tenantZonePrefix = "tenant:"

    /// Intents from their parts; the caller keeps the invariants above.
    public init(
        zones: [Zone] = [], rules: [IntentRule] = [], segmentation: FabricSegmentation = FabricSegmentation(),
        acls: [ACL] = [], packs: [String] = []
    ) {
        self.zones = zones
        self.rules = rules
        self.segmentation = segmentation
        self.acls = acls
        self.packs = packs
    }
}
