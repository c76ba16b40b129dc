/// Scratch memory for path counting, enumeration and fluid splits, reused across queries so that
/// they do not allocate. One per thread: a workspace is not shared.
///
/// Invariant: a per-switch entry of side k is meaningful only when `marks[k][x]` equals
/// `stamps[k]`; bumping the stamp clears every entry at once. `visited[k]` holds `visitedCount[k]`
/// switches, each at most once.
public final class RouterWorkspace {
    let stamps = ScratchArray<UInt32>(repeating: 0, count: 2)
    let marks: [ScratchArray<UInt32>]
    let distance: [ScratchArray<UInt8>]
    let switchPaths: [ScratchArray<UInt64>]
    let linkPaths: [ScratchArray<UInt64>]
    let lastFrom: [ScratchArray<Int32>]
    let visited: [ScratchArray<Int32>]
    let visitedCount = ScratchArray<Int>(repeating: 0, count: 2)
    /// Fluid split: forward and backward path counts per state (switch × phase), and their stamps.
    let forward: ScratchArray<Double>
    let backward: ScratchArray<Double>
    let stateMarks: ScratchArray<UInt32>
    let stateStamp = ScratchArray<UInt32>(repeating: 0, count: 1)

    /// Scratch memory sized for `graph`'s switches.
    public init(graph: PlaneGraph) {
        let s = graph.switchCount
        marks = [ScratchArray(repeating: 0, count: s), ScratchArray(repeating: 0, count: s)]
        distance = [ScratchArray(repeating: 0, count: s), ScratchArray(repeating: 0, count: s)]
        switchPaths = [ScratchArray(repeating: 0, count: s), ScratchArray(repeating: 0, count: s)]
        linkPaths = [ScratchArray(repeating: 0, count: s), ScratchArray(repeating: 0, count: s)]
        lastFrom = [ScratchArray(repeating: -1, count: s), ScratchArray(repeating: -1, count: s)]
        visited = [ScratchArray(repeating: 0, count: s), ScratchArray(repeating: 0, count: s)]
        forward = ScratchArray(repeating: 0, count: 2 * s)
        backward = ScratchArray(repeating: 0, count: 2 * s)
        stateMarks = ScratchArray(repeating: 0, count: 2 * s)
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
