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
    @inline(__always) public static func link(ofIndex i: Int) -> (link: LinkID, upward: Bool) { (LinkID(i / 2), i % 2 == 0) }
}

/// Raw storage for the hot loops: a worker's own link loads, or tables every worker reads. No
/// bounds, reference-counting or exclusivity work per access in release builds.
///
/// Invariant: `base` holds `count` initialized elements for the object's lifetime. A buffer made
/// from an array is never written; a zeroed one is written only by the worker that owns it while
/// a run is in progress.
final class RawBuffer<Element>: @unchecked Sendable {
    let base: UnsafeMutablePointer<Element>
    let count: Int

    init(repeating value: Element, count: Int) {
        self.count = count
        base = UnsafeMutablePointer<Element>.allocate(capacity: max(1, count))
        base.initialize(repeating: value, count: count)
    }

    init(_ elements: [Element]) {
        count = elements.count
        base = UnsafeMutablePointer<Element>.allocate(capacity: max(1, count))
        _ = UnsafeMutableBufferPointer(start: base, count: count).initialize(from: elements)
    }

    deinit {
        base.deinitialize(count: count)
        base.deallocate()
    }
}

extension RawBuffer where Element: Numeric {
    convenience init(zeros count: Int) { self.init(repeating: 0, count: count) }
    func zero() { base.update(repeating: 0, count: count) }
}
