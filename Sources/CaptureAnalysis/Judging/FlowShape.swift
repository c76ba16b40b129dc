/// What the plane and policy findings of a flow depend on besides its evidence: its placement (the
/// ends, as resolved, and the plane), the protocol and judged port, RoCE and its partition key, the
/// orientation and direction evidence, whether it was answered, and whether a fabric ACL denied its
/// forward direction. Its fabric-ACL denials themselves depend on the whole five-tuple and are
/// classified per connection, outside the shape.
struct FlowShape: Equatable {
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
        flags = (flow.isRoCE ? 1 : 0) | (flow.reversed ? 2 : 0) | (flow.connection.direction == .inferred ? 4 : 0)
            | (flow.answered ? 8 : 0) | (forwardACLDenial ? 16 : 0)
    }

    /// 64 well-mixed bits of the shape (a multiply-fold of its two words), for `ShapeMemo`'s table.
    var mixed: UInt64 {
        let fields = UInt64(proto) << 40 | UInt64(port) << 24 | UInt64(partitionKey) << 8 | UInt64(flags)
        let m = (UInt64(truncatingIfNeeded: placement) ^ 0x9E37_79B9_7F4A_7C15).multipliedFullWidth(by: fields ^ 0xC2B2_AE3D_27D4_EB4F)
        return m.high ^ m.low
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

    /// A flat open-addressing table: a shape is looked up once per flow, and `Dictionary`'s
    /// hashing was a sixth of the per-flow work in profiles. Invariant: `slots.count` is a power of two, at least
    /// twice `shapes.count`; a slot holds 0 (empty) or `i + 1` for `shapes[i]`/`outcomes[i]`.
    private var slots = [Int32](repeating: 0, count: 64)
    private var shapes: [FlowShape] = []
    private var outcomes: [Outcome] = []
    /// Whether outcomes are kept; off, every flow is judged from scratch (the reference).
    let memoizes: Bool

    init(memoizes: Bool) { self.memoizes = memoizes }

    subscript(shape: FlowShape) -> Outcome? {
        get {
            guard memoizes else { return nil }
            let (slot, found) = find(shape)
            return found ? outcomes[Int(slots[slot]) - 1] : nil
        }
        set {
            guard memoizes, let outcome = newValue else { return }
            let (slot, found) = find(shape)
            if found {
                outcomes[Int(slots[slot]) - 1] = outcome
                return
            }
            shapes.append(shape)
            outcomes.append(outcome)
            slots[slot] = Int32(shapes.count)
            if shapes.count * 2 > slots.count { grow() }
        }
    }

    /// The slot holding `shape`, or the empty slot where it would go.
    private func find(_ shape: FlowShape) -> (slot: Int, found: Bool) {
        let mask = slots.count - 1
        var i = Int(truncatingIfNeeded: shape.mixed) & mask
        while slots[i] != 0 {
            if shapes[Int(slots[i]) - 1] == shape { return (i, true) }
            i = (i + 1) & mask
        }
        return (i, false)
    }

    private mutating func grow() {
        slots = [Int32](repeating: 0, count: slots.count * 2)
        let mask = slots.count - 1
        for (k, shape) in shapes.enumerated() {
            var i = Int(truncatingIfNeeded: shape.mixed) & mask
            while slots[i] != 0 { i = (i + 1) & mask }
            slots[i] = Int32(k + 1)
        }
    }
}
