/// How many equal-cost paths join two endpoints.
public struct PathCount: Equatable, Sendable {
    /// Distinct switch sequences (parallel cables count once).
    public var paths: UInt64
    /// Distinct link sequences (each parallel cable a separate path).
    public var linkPaths: UInt64
    /// Links on each path (0 when there is no path).
    public var hops: Int
    /// True when a count exceeded 2^64 − 1 and was clamped.
    public var saturated: Bool

    /// No path.
    public static let none = PathCount(paths: 0, linkPaths: 0, hops: 0, saturated: false)
}

extension PlaneGraph {
    /// Counts the equal-cost up-down paths from `s` to `t` without enumerating them: the up-closure
    /// of each endpoint (shortest up-distance and number of up-paths to every switch above it, by
    /// breadth-first search), then the sum over the apexes T of minimal total length of
    /// n_s(T) · n_t(T). Cost: the size of the two up-closures.
    public func count(from s: DeviceID, to t: DeviceID, workspace w: RouterWorkspace) -> PathCount {
        guard s != t, isAttached(s), isAttached(t) else { return .none }
        upClosure(of: s, side: 0, w)
        upClosure(of: t, side: 1, w)
        let (small, other) = w.visitedCount[0] <= w.visitedCount[1] ? (0, 1) : (1, 0)
        var best = Int.max
        var result = PathCount.none
        let visited = w.visited[small].baseAddress
        let marks = w.marks[other].baseAddress
        let stamp = w.stamps[other]
        let distance0 = w.distance[0].baseAddress
        let distance1 = w.distance[1].baseAddress
        for i in 0..<w.visitedCount[small] {
            let x = visited[i]
            guard marks[Int(x)] == stamp else { continue }
            let total = Int(distance0[Int(x)]) + Int(distance1[Int(x)])
            if total > best { continue }
            if total < best {
                best = total
                result = PathCount(paths: 0, linkPaths: 0, hops: total, saturated: false)
            }
            let (p, o1) = w.switchPaths[0][Int(x)].multipliedReportingOverflow(by: w.switchPaths[1][Int(x)])
            let (l, o2) = w.linkPaths[0][Int(x)].multipliedReportingOverflow(by: w.linkPaths[1][Int(x)])
            let (sp, o3) = result.paths.addingReportingOverflow(p)
            let (sl, o4) = result.linkPaths.addingReportingOverflow(l)
            result.saturated = result.saturated || o1 || o2 || o3 || o4
            result.paths = o1 || o3 ? .max : sp
            result.linkPaths = o2 || o4 ? .max : sl
        }
        return result
    }

    /// Counts with a temporary workspace (allocates; reuse a workspace in loops).
    public func count(from s: DeviceID, to t: DeviceID) -> PathCount {
        count(from: s, to: t, workspace: RouterWorkspace(graph: self))
    }

    /// Shortest up-distance and up-path counts from endpoint `e` to every switch above it.
    private func upClosure(of e: DeviceID, side k: Int, _ w: RouterWorkspace) {
        w.reset(k)
        let stamp = w.stamps[k]
        // Raw pointers, taken once: the loop below does no reference counting.
        let marks = w.marks[k].baseAddress
        let distance = w.distance[k].baseAddress
        let switchPaths = w.switchPaths[k].baseAddress
        let linkPaths = w.linkPaths[k].baseAddress
        let lastFrom = w.lastFrom[k].baseAddress
        let visited = w.visited[k].baseAddress
        let upStart = self.upStart.baseAddress
        let upTo = self.upTo.baseAddress
        var count = 0
        func visit(_ y: Int32, from x: Int32, distance d: Int, switchPaths sp: UInt64, linkPaths lp: UInt64) {
            let yi = Int(y)
            if marks[yi] != stamp {
                marks[yi] = stamp
                distance[yi] = UInt8(min(d, 254))
                switchPaths[yi] = 0
                linkPaths[yi] = 0
                lastFrom[yi] = -2
                visited[count] = y
                count += 1
            }
            guard Int(distance[yi]) == d else { return }
            if lastFrom[yi] != x {
                lastFrom[yi] = x
                let (v, o) = switchPaths[yi].addingReportingOverflow(sp)
                switchPaths[yi] = o ? .max : v
            }
            let (v, o) = linkPaths[yi].addingReportingOverflow(lp)
            linkPaths[yi] = o ? .max : v
        }
        for a in Int(attachStart[e])..<Int(attachStart[Int(e) + 1]) {
            visit(attachTo[a], from: -1, distance: 1, switchPaths: 1, linkPaths: 1)
        }
        // Breadth-first: `visited` grows while it is walked, in order of distance.
        var head = 0
        while head < count {
            let x = visited[head]
            head += 1
            let d = Int(distance[Int(x)]) + 1
            let sp = switchPaths[Int(x)]
            let lp = linkPaths[Int(x)]
            for e in Int(upStart[Int(x)])..<Int(upStart[Int(x) + 1]) {
                visit(upTo[e], from: x, distance: d, switchPaths: sp, linkPaths: lp)
            }
        }
        w.visitedCount[k] = count
    }
}
