import Fabric

/// Bytes and flows per link direction: index `2·link` is the link crossed upward (from its lower
/// end to its upper end), `2·link + 1` downward.
public struct LinkLoads: Sendable {
    /// Bytes per link direction.
    public var bytes: [Double]
    /// Flows per link direction.
    public var flows: [UInt32]

    /// Zero loads for a fabric of `links` links (two directions each).
    public init(links: Int) {
        bytes = [Double](repeating: 0, count: 2 * links)
        flows = [UInt32](repeating: 0, count: 2 * links)
    }

    /// The direction index of `link` crossed upward or downward.
    @inline(__always) public static func index(_ link: LinkID, upward: Bool) -> Int { 2 * Int(link) + (upward ? 0 : 1) }

    /// The link of a direction index, and whether it is the upward direction.
    @inline(__always) public static func link(ofIndex i: Int) -> (link: LinkID, upward: Bool) {
        (LinkID(i / 2), i % 2 == 0)
    }
}
