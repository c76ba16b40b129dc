/// Scratch memory for path counting, enumeration and fluid splits, reused across queries so that
/// they do not allocate. One per thread: a workspace is not shared.
///
/// Invariant: an entry of a per-switch array is meaningful only when its stamp equals the current
/// stamp of that side; bumping the stamp clears every entry at once.
public final class RouterWorkspace {
    let switchCount: Int
    var stamp: [UInt32]
    var side: [[UInt32]]
    var distance: [[UInt8]]
    var switchPaths: [[UInt64]]
    var linkPaths: [[UInt64]]
    var lastFrom: [[Int32]]
    var visited: [[Int32]]
    /// Fluid split: forward and backward path counts per state (switch × phase).
    var forward: [Double]
    var backward: [Double]
    var stateStamp: [UInt32]
    var currentStateStamp: UInt32 = 0

    public init(graph: PlaneGraph) {
        let s = graph.switchCount
        switchCount = s
        stamp = [0, 0]
        side = [[UInt32](repeating: 0, count: s), [UInt32](repeating: 0, count: s)]
        distance = [[UInt8](repeating: 0, count: s), [UInt8](repeating: 0, count: s)]
        switchPaths = [[UInt64](repeating: 0, count: s), [UInt64](repeating: 0, count: s)]
        linkPaths = switchPaths
        lastFrom = [[Int32](repeating: -1, count: s), [Int32](repeating: -1, count: s)]
        visited = [[], []]
        forward = [Double](repeating: 0, count: 2 * s)
        backward = forward
        stateStamp = [UInt32](repeating: 0, count: 2 * s)
    }

    public convenience init(router: Router) { self.init(graph: router.graph) }

    /// Starts a new query on side `k` (0 or 1).
    func reset(_ k: Int) {
        stamp[k] &+= 1
        if stamp[k] == 0 {
            side[k] = [UInt32](repeating: 0, count: switchCount)
            stamp[k] = 1
        }
        visited[k].removeAll(keepingCapacity: true)
    }

    /// Starts a new fluid split.
    func resetStates() {
        currentStateStamp &+= 1
        if currentStateStamp == 0 {
            stateStamp = [UInt32](repeating: 0, count: 2 * switchCount)
            currentStateStamp = 1
        }
    }
}
