import InterlockCore

/// What the plane and policy findings of a flow depend on besides its evidence: its placement (the
/// ends, as resolved, and the plane), the protocol and judged port, RoCE and its partition key, the
/// orientation and direction evidence, whether it was answered, and whether a fabric ACL denied its
/// forward direction. Its fabric-ACL denials themselves depend on the whole five-tuple and are
/// classified per connection, outside the shape.
struct FlowShape: FlatHashable {
    /// Position in `PlacementMemo.placements`.
    var placement: Int
    var proto: UInt8
    /// The judged port, 0 for protocols without ports.
    var port: UInt16
    /// The RoCE partition key, 0 for other traffic.
    var partitionKey: UInt16
    /// Bits: RoCE, reversed, direction inferred, answered, forward direction denied by a fabric ACL.
    var flags: UInt8

    init(_ flow: JudgedFlow, placement: Int, forwardACLDenial: Bool) {
        self.placement = placement
        proto = flow.proto.rawValue
        port = flow.port ?? 0
        partitionKey = flow.connection.roce?.partitionKey ?? 0
        flags =
            (flow.isRoCE ? 1 : 0) | (flow.reversed ? 2 : 0) | (flow.connection.direction == .inferred ? 4 : 0)
            | (flow.answered ? 8 : 0) | (forwardACLDenial ? 16 : 0)
    }

    var mixed: UInt64 {
        HashMix.fold(
            UInt64(truncatingIfNeeded: placement),
            UInt64(proto) << 40 | UInt64(port) << 24 | UInt64(partitionKey) << 8 | UInt64(flags))
    }
}

/// The judged outcome of each flow shape seen so far: the findings its first flow made (positions
/// in the `FindingAggregator`) and what its policy judgement counts. A further flow of the shape
/// adds its evidence to those findings and counts the judgement again: the findings, their evidence
/// and the counts are those of judging every flow on its own.
struct ShapeMemo {
    struct Outcome {
        /// Aggregator positions of the plane and policy findings, in the order they were added.
        var findings: [Int]
        /// What the policy judgement counts (nothing when no policy had a say).
        var tally: PolicyCheck.Tally
    }

    private var shapes = FlatIndex<FlowShape>()
    /// `outcomes[p]` is the outcome of `shapes.keys[p]`.
    private var outcomes: [Outcome] = []
    /// Whether outcomes are kept; off, every flow is judged from scratch (the reference).
    let memoizes: Bool

    init(memoizes: Bool) { self.memoizes = memoizes }

    subscript(shape: FlowShape) -> Outcome? {
        get { memoizes ? shapes.position(of: shape).map { outcomes[$0] } : nil }
        set {
            guard memoizes, let outcome = newValue else { return }
            let (p, inserted) = shapes.insert(shape)
            if inserted { outcomes.append(outcome) } else { outcomes[p] = outcome }
        }
    }
}
