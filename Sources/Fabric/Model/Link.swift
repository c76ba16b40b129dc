/// The index of a link in `FabricGraph.links`: stable for a given topology file, listed by `expand` and
/// the exports, and what `--fail-link` names.
public typealias LinkID = Int32

/// One cable. Parallel cables between the same two devices are separate links.
///
/// Invariant: `lower` is the end nearer the endpoints (`lower`'s level ≤ `upper`'s); when both ends
/// have the same level (a peer link) they keep the order the file gave.
public struct Link: Equatable, Sendable {
    /// The end nearer the endpoints.
    public var lower: DeviceID
    /// The end farther from the endpoints (the higher switch).
    public var upper: DeviceID
    /// Capacity per direction, in Gb/s.
    public var gbps: Double
    /// The plane the link belongs to, which both ends belong to as well.
    public var plane: Plane
    /// The layer the link joins.
    public var tier: LinkTier

    /// A link between two devices, `lower` the end nearer the endpoints.
    public init(lower: DeviceID, upper: DeviceID, gbps: Double, plane: Plane, tier: LinkTier) {
        self.lower = lower
        self.upper = upper
        self.gbps = gbps
        self.plane = plane
        self.tier = tier
    }

    /// The other end of the link seen from `device`.
    @inlinable public func other(_ device: DeviceID) -> DeviceID { device == lower ? upper : lower }
}

/// The layer a link joins, named after the roles at its ends: `host-leaf`, `leaf-spine`, `spine-core`
/// on rail-optimized fabrics; `host-edge`, `edge-aggregation`, `aggregation-core` on fat-trees; the same
/// names on the user networks (`host-management` for out-of-band access ports).
public struct LinkTier: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The lower end's switch role, or `nil` for an endpoint (named `host`).
    public let lower: SwitchRole?
    /// The upper end's switch role, or `nil` for an endpoint.
    public let upper: SwitchRole?

    /// The tier between two roles (`nil` for an endpoint).
    public init(lower: SwitchRole?, upper: SwitchRole?) {
        self.lower = lower
        self.upper = upper
    }

    /// `lower-upper`, with `host` for an endpoint: `host-leaf`, `leaf-spine`.
    public var description: String { "\(lower?.description ?? "host")-\(upper?.description ?? "host")" }

    private var key: (Int, Int) { (lower.map { Int($0.rawValue) + 1 } ?? 0, upper.map { Int($0.rawValue) + 1 } ?? 0) }
    /// Endpoints first, then by the roles' order in `SwitchRole`, lower end first.
    public static func < (lhs: LinkTier, rhs: LinkTier) -> Bool { lhs.key < rhs.key }
}
