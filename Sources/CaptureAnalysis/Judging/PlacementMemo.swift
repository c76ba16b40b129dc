import InterlockCore

/// The placements of a capture's flows, one per distinct (initiator, responder, carrier plane):
/// with the analyzer's vantage fixed, a placement depends on nothing else, so flows between the same
/// ends share one instead of inferring and resolving it again. Counts the flows of each placement.
struct PlacementMemo {
    private struct Key: FlatHashable {
        var initiator: IPAddress
        var responder: IPAddress
        /// 0: no carrier; 1: a carrier on no known plane; 2 + raw value: the carrier's plane.
        var carrier: UInt8

        var mixed: UInt64 {
            let (ih, il) = initiator.words
            let (rh, rl) = responder.words
            return HashMix.fold(HashMix.fold(ih ^ UInt64(carrier), il) ^ rh, rl)
        }
    }

    /// With `memoizes`, a key's position in the index is its placement's in `placements`.
    private var index = FlatIndex<Key>()
    /// Placements in order of first use; `flows[i]` counts the flows placed by `placements[i]`.
    private(set) var placements: [FlowPlacement] = []
    private(set) var flows: [Int] = []
    /// Whether equal keys share a placement; off, every flow gets one of its own (the reference).
    let memoizes: Bool

    init(memoizes: Bool) { self.memoizes = memoizes }

    /// The position in `placements` of the placement of one more flow from `initiator` to `responder`
    /// (carried by a tunnel placed at `carrier`), made by `make` when no earlier flow had it.
    mutating func place(initiator: IPAddress, responder: IPAddress, carrier: FlowPlacement?, make: () -> FlowPlacement)
        -> Int
    {
        let key = Key(
            initiator: initiator, responder: responder,
            carrier: carrier.map { c in c.plane.map { 2 + $0.rawValue } ?? 1 } ?? 0)
        if memoizes {
            let (i, inserted) = index.insert(key)
            if !inserted {
                flows[i] += 1
                return i
            }
        }
        placements.append(make())
        flows.append(1)
        return placements.count - 1
    }
}
