extension Router {
    /// A position on a path being built: a switch (local index), whether the path may still go up,
    /// and how many links remain to the destination.
    struct Hop {
        var node: Int32
        var up: Bool
        var remaining: Int
    }

    /// The end of a candidate hop: a next switch, or the destination itself (`node == -1`).
    static let destinationNode: Int32 = -1

    /// The destination of a query: the endpoint and, when it hangs off a single leaf, that leaf's row
    /// in the distance tables (-1 when it is multi-homed and every attachment must be tried).
    struct Target {
        var device: DeviceID
        var leafBase: Int
    }

    /// Raw pointers into the router's frozen storage, taken once per query so that the hot loops
    /// do no reference counting. Valid while the router is alive (every use is inside a method of it).
    struct Tables {
        let upStart, upLink, upTo, downStart, downLink, downTo: UnsafeMutablePointer<Int32>
        let attachStart, attachLink, attachTo, leafOf: UnsafeMutablePointer<Int32>
        let dUp, dDown: UnsafeMutablePointer<UInt8>
        let upUniform: UnsafeMutablePointer<Bool>
        let upGroups, upPortOrder: UnsafeMutablePointer<Int32>
        let downRanges: UnsafeMutablePointer<UInt16>
        /// Each switch's ECMP seed (a hash of its name).
        let seeds: UnsafeMutablePointer<UInt64>
        let switchCount: Int
        /// Devices of the fabric (the length of the per-device tables).
        let deviceCount: Int

        /// Whether `device` is an endpoint with a usable link into the plane (`PlaneGraph.isAttached`).
        @inline(__always)
        func isAttached(_ device: DeviceID) -> Bool {
            device >= 0 && Int(device) < deviceCount && attachStart[Int(device) + 1] > attachStart[Int(device)]
        }

        func target(_ t: DeviceID) -> Target {
            let a = Int(attachStart[Int(t)])
            let b = Int(attachStart[Int(t) + 1])
            return Target(device: t, leafBase: b - a == 1 ? Int(leafOf[Int(attachTo[a])]) * switchCount : -1)
        }

        /// Links of the shortest up-down path from switch `x` to the target, starting upward (`up`)
        /// or only downward; `Int.max` when there is none.
        @inline(__always)
        func remaining(_ x: Int32, to t: Target, up: Bool) -> Int {
            if t.leafBase >= 0 {
                let v = up ? dUp[t.leafBase + Int(x)] : dDown[t.leafBase + Int(x)]
                return v == Router.unreachable ? Int.max : Int(v) + 1
            }
            var best = Int.max
            for a in Int(attachStart[Int(t.device)])..<Int(attachStart[Int(t.device) + 1]) {
                let i = Int(leafOf[Int(attachTo[a])]) * switchCount + Int(x)
                let v = up ? dUp[i] : dDown[i]
                if v != Router.unreachable && Int(v) + 1 < best { best = Int(v) + 1 }
            }
            return best
        }

        /// The up-links of `hop` when every one of them is an equal-cost next hop (the destination's
        /// single leaf is not below the switch and its up-links are uniform), so no check is needed.
        @inline(__always)
        func uniformUpLinks(_ hop: Hop, to t: Target) -> Range<Int>? {
            let x = Int(hop.node)
            guard hop.up, t.leafBase >= 0, upUniform[x], dDown[t.leafBase + x] == Router.unreachable else { return nil }
            let range = Int(upStart[x])..<Int(upStart[x + 1])
            return range.isEmpty ? nil : range
        }

        /// The equal-cost down-links of `hop` toward the target's single leaf, as a range of x's down
        /// list, when the table has them (see `DownRange`); nil means: list the candidates.
        @inline(__always)
        func downLinks(_ hop: Hop, to t: Target) -> Range<Int>? {
            guard t.leafBase >= 0 else { return nil }
            let x = Int(hop.node)
            let v = downRanges[t.leafBase + x]
            guard v != 0, !hop.up || v & DownRange.upAlsoEqual == 0 else { return nil }
            let start = Int(downStart[x]) + DownRange.offset(v)
            return start..<(start + DownRange.count(v))
        }

        /// Calls `body(link, next)` for every equal-cost next hop from `hop` toward the target, in
        /// link-id order (up-links first); stops early when `body` returns false.
        @inline(__always)
        func forEachNextHop(_ hop: Hop, to t: Target, _ body: (LinkID, Hop) -> Bool) {
            let x = Int(hop.node)
            let want = hop.remaining - 1
            if let range = uniformUpLinks(hop, to: t) {
                for e in range where !body(upLink[e], Hop(node: upTo[e], up: true, remaining: want)) { return }
                return
            }
            if want == 0 {
                // The last link: one of the destination's own cables to this switch.
                for a in Int(attachStart[Int(t.device)])..<Int(attachStart[Int(t.device) + 1])
                where Int(attachTo[a]) == x {
                    if !body(attachLink[a], Hop(node: Router.destinationNode, up: false, remaining: 0)) { return }
                }
                return
            }
            if hop.up {
                for e in Int(upStart[x])..<Int(upStart[x + 1]) {
                    let y = upTo[e]
                    if remaining(y, to: t, up: true) == want, !body(upLink[e], Hop(node: y, up: true, remaining: want))
                    {
                        return
                    }
                }
            }
            for e in Int(downStart[x])..<Int(downStart[x + 1]) {
                let y = downTo[e]
                if y >= 0, remaining(y, to: t, up: false) == want,
                    !body(downLink[e], Hop(node: y, up: false, remaining: want))
                {
                    return
                }
            }
        }

        /// Calls `body(link, first)` for every equal-cost first hop from endpoint `s` to the target.
        @inline(__always)
        func forEachFirstHop(from s: DeviceID, to t: Target, _ body: (LinkID, Hop) -> Bool) {
            var best = Int.max
            let range = Int(attachStart[Int(s)])..<Int(attachStart[Int(s) + 1])
            for a in range { best = min(best, remaining(attachTo[a], to: t, up: true)) }
            guard best != Int.max else { return }
            for a in range where remaining(attachTo[a], to: t, up: true) == best {
                if !body(attachLink[a], Hop(node: attachTo[a], up: true, remaining: best)) { return }
            }
        }
    }

    /// The pointers of this router's storage.
    var tables: Tables {
        Tables(
            upStart: graph.upStart.baseAddress, upLink: graph.upLink.baseAddress, upTo: graph.upTo.baseAddress,
            downStart: graph.downStart.baseAddress, downLink: graph.downLink.baseAddress,
            downTo: graph.downTo.baseAddress,
            attachStart: graph.attachStart.baseAddress, attachLink: graph.attachLink.baseAddress,
            attachTo: graph.attachTo.baseAddress,
            leafOf: graph.leafOf.baseAddress, dUp: dUp.baseAddress, dDown: dDown.baseAddress,
            upUniform: upUniform.baseAddress,
            upGroups: graph.upGroups.baseAddress, upPortOrder: graph.upPortOrder.baseAddress,
            downRanges: downRanges.baseAddress, seeds: graph.seeds.baseAddress,
            switchCount: graph.switchCount, deviceCount: graph.destinationIndex.count)
    }
}
