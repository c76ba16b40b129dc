import InterlockCore

/// Scratch memory for path counting, enumeration and fluid splits, reused across queries so that
/// they do not allocate. One per thread: a workspace is not shared.
///
/// Invariant: a per-switch entry of side k is meaningful only when `marks[k][x]` equals
/// `stamps[k]`; bumping the stamp clears every entry at once. `visited[k]` holds `visitedCount[k]`
/// switches, each at most once.
public final class RouterWorkspace {
    let stamps = OwnedBuffer<UInt32>(repeating: 0, count: 2)
    let marks: [OwnedBuffer<UInt32>]
    let distance: [OwnedBuffer<UInt8>]
    let switchPaths: [OwnedBuffer<UInt64>]
    let linkPaths: [OwnedBuffer<UInt64>]
    let lastFrom: [OwnedBuffer<Int32>]
    let visited: [OwnedBuffer<Int32>]
    let visitedCount = OwnedBuffer<Int>(repeating: 0, count: 2)
    /// Fluid split: forward and backward path counts per state (switch × phase), and their stamps.
    let forward: OwnedBuffer<Double>
    let backward: OwnedBuffer<Double>
    let stateMarks: OwnedBuffer<UInt32>
    let stateStamp = OwnedBuffer<UInt32>(repeating: 0, count: 1)

    /// Scratch memory sized for `graph`'s switches.
    public init(graph: PlaneGraph) {
        let s = graph.switchCount
        marks = [OwnedBuffer(repeating: 0, count: s), OwnedBuffer(repeating: 0, count: s)]
        distance = [OwnedBuffer(repeating: 0, count: s), OwnedBuffer(repeating: 0, count: s)]
        switchPaths = [OwnedBuffer(repeating: 0, count: s), OwnedBuffer(repeating: 0, count: s)]
        linkPaths = [OwnedBuffer(repeating: 0, count: s), OwnedBuffer(repeating: 0, count: s)]
        lastFrom = [OwnedBuffer(repeating: -1, count: s), OwnedBuffer(repeating: -1, count: s)]
        visited = [OwnedBuffer(repeating: 0, count: s), OwnedBuffer(repeating: 0, count: s)]
        forward = OwnedBuffer(repeating: 0, count: 2 * s)
        backward = OwnedBuffer(repeating: 0, count: 2 * s)
        stateMarks = OwnedBuffer(repeating: 0, count: 2 * s)
    }

    /// Scratch memory sized for `router`'s plane.
    public convenience init(router: Router) { self.init(graph: router.graph) }

    /// Starts a new query on side `k` (0 or 1).
    func reset(_ k: Int) {
        stamps[k] &+= 1
        if stamps[k] == 0 {
            marks[k].fill(0)
            stamps[k] = 1
        }
        visitedCount[k] = 0
    }

    /// Starts a new fluid split.
    func resetStates() {
        stateStamp[0] &+= 1
        if stateStamp[0] == 0 {
            stateMarks.fill(0)
            stateStamp[0] = 1
        }
    }
}
