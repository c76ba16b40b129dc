/// The index of a link in `FabricGraph.links`: stable for a given topology file, listed by `expand` and
/// the exports, and what `--fail-link` names.
public typealias LinkID = Int32

/// One cable. Parallel cables between the same two devices are separate links.
///
/// Invariant: `lower` is the end nearer the endpoints (`lower`'s level ≤ `upper`'s); when both ends
/// have the same level (a peer link) they keep the order the file gave.
public struct Link: Equatable, Sendable {
    public var lower: DeviceID
    public var upper: DeviceID
    /// Capacity per direction, in Gb/s.
    public var gbps: Double
    public var plane: Plane
    public var tier: LinkTier

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
    public let upper: SwitchRole?

    public init(lower: SwitchRole?, upper: SwitchRole?) {
        self.lower = lower
        self.upper = upper
    }

    public var description: String { "\(lower?.description ?? "host")-\(upper?.description ?? "host")" }

    private var key: (Int, Int) { (lower.map { Int($0.rawValue) + 1 } ?? 0, upper.map { Int($0.rawValue) + 1 } ?? 0) }
    public static func < (lhs: LinkTier, rhs: LinkTier) -> Bool { lhs.key < rhs.key }
}
