import InterlockCore

/// First-match classification by a binary decision tree over the five header fields, built in the
/// manner of HyperSplit (Qi, Xu, Yang, Li, Li: "Packet classification algorithms: from theory to
/// practice", INFOCOM 2009): every inner node compares one field with one rule boundary, every leaf
/// holds the few rules, in priority order, that can match inside its region, checked exactly.
///
/// Three things keep the trees small: a rule that does not intersect a region is dropped from it;
/// once a rule covers a whole region, no later rule can be the first match there, so the list is cut
/// after it; and rules are first partitioned by which fields they leave wide open (as EffiCuts does:
/// Vamanan, Voskuilen, Vijaykumar, SIGCOMM 2010), one tree per partition, so that wildcard rules are
/// not copied into every leaf of a tree cut on the field they leave open. A lookup descends the (at
/// most four) trees in lockstep, so that their memory accesses overlap, then checks the leaves in
/// order of their trees' first rules, each only up to the best match found so far.
///
/// Lookups allocate nothing and read only immutable storage, so one classifier serves many threads.
public struct DecisionTreeClassifier: PacketClassifier {
    /// The number of rules the trees were built from.
    public let ruleCount: Int
    private let storage: Storage

    /// Builds the tree; `leafSize` is the most rules a leaf keeps while it can still be split.
    public init(rules: [ACLRule], leafSize: Int = 8) {
        ruleCount = rules.count
        storage = Storage(rules: rules, leafSize: leafSize)
    }

    /// The number of trees (rule partitions).
    public var treeCount: Int { storage.treeCount }
    /// Inner nodes and leaves.
    public var nodeCount: Int { storage.nodeCount }
    /// Rule references held by all leaves (rules are replicated into every leaf they reach).
    public var leafEntries: Int { storage.leafEntryCount }
    /// Bytes held by the tree and the rule table.
    public var memoryBytes: Int { storage.memoryBytes }

    /// The index of the first rule that matches `header`, or -1: the same answer as `LinearClassifier`.
    public func firstMatch(_ header: PacketHeader) -> Int {
        storage.firstMatch(header)
    }
}

extension DecisionTreeClassifier {
    /// The field a node tests: 0 source address, 1 destination address, 2 source port,
    /// 3 destination port, 4 protocol.
    static let fieldCount = 5

    /// A rule as five closed ranges of field values, the protocol range being the smallest one that
    /// holds every value the protocol mask accepts (leaves then check the mask exactly).
    struct Box {
        var low: (UInt32, UInt32, UInt32, UInt32, UInt32)
        var high: (UInt32, UInt32, UInt32, UInt32, UInt32)

        subscript(low field: Int) -> UInt32 {
            switch field {
            case 0: return low.0
            case 1: return low.1
            case 2: return low.2
            case 3: return low.3
            default: return low.4
            }
        }

        subscript(high field: Int) -> UInt32 {
            switch field {
            case 0: return high.0
            case 1: return high.1
            case 2: return high.2
            case 3: return high.3
            default: return high.4
            }
        }

        init(_ r: ACLRule) {
            let protoLow = UInt32(r.protocolValue & r.protocolMask)
            let protoHigh = protoLow | UInt32(~r.protocolMask)
            low = (
                r.source.first.value, r.destination.first.value, UInt32(r.sourcePorts.lower),
                UInt32(r.destinationPorts.lower), protoLow
            )
            high = (
                r.source.last.value, r.destination.last.value, UInt32(r.sourcePorts.upper),
                UInt32(r.destinationPorts.upper), protoHigh
            )
        }

        /// A bit per field the rule leaves wide open: an address prefix shorter than /16, a port range
        /// of more than 1,024 ports. Rules with the same bits share a partition.
        var wideFields: Int {
            (high.0 - low.0 >= 1 << 16 ? 1 : 0) | (high.1 - low.1 >= 1 << 16 ? 2 : 0)
        }

        static let everything = Box(low: (0, 0, 0, 0, 0), high: (.max, .max, 65535, 65535, 255))

        init(low: (UInt32, UInt32, UInt32, UInt32, UInt32), high: (UInt32, UInt32, UInt32, UInt32, UInt32)) {
            self.low = low
            self.high = high
        }

        /// The same box with one field's range replaced.
        func with(field: Int, low l: UInt32, high h: UInt32) -> Box {
            var b = self
            switch field {
            case 0:
                b.low.0 = l
                b.high.0 = h
            case 1:
                b.low.1 = l
                b.high.1 = h
            case 2:
                b.low.2 = l
                b.high.2 = h
            case 3:
                b.low.3 = l
                b.high.3 = h
            default:
                b.low.4 = l
                b.high.4 = h
            }
            return b
        }

        func intersects(_ o: Box) -> Bool {
            (0..<DecisionTreeClassifier.fieldCount).allSatisfy {
                self[low: $0] <= o[high: $0] && o[low: $0] <= self[high: $0]
            }
        }

        func covers(_ o: Box) -> Bool {
            (0..<DecisionTreeClassifier.fieldCount).allSatisfy {
                self[low: $0] <= o[low: $0] && o[high: $0] <= self[high: $0]
            }
        }
    }

    /// The tree and the rules in flat arrays (`OwnedBuffer`s).
    ///
    /// Invariants, established by `init` and never changed:
    /// - Node `n` is inner when `child[n] >= 0`: a header goes to node `child[n]` when its field
    ///   `field[n]` is `<= split[n]`, else to `child[n] + 1` (children are allocated in pairs).
    /// - Node `n` is a leaf when `child[n] < 0`: its entries are `first ..< first + count` with
    ///   `first = split[n]` and `count = -child[n] - 1`, in ascending rule order; the first of them
    ///   that matches exactly is the first match of every header reaching the leaf.
    /// - Leaf entry `e` is rule `leafRules[e]`, copied inline so that a leaf is read sequentially:
    ///   `entryLow[4e ..< 4e+4]` and `entryHigh[4e ..< 4e+4]` are its source, destination, source-port
    ///   and destination-port bounds, `entryProtocol[2e]` its protocol value (pre-masked) and
    ///   `entryProtocol[2e+1]` its mask (0 matches any protocol).
    /// - There are at most `lanes` trees (one per combination of the two wide-address bits);
    ///   `roots.t` is the root of tree `t`, trees ordered by their lowest rule index, ascending. Missing
    ///   trees point at node 0, an empty leaf.
    final class Storage: @unchecked Sendable {
        let nodeCount: Int
        let leafEntryCount: Int
        let field: OwnedBuffer<UInt8>
        let split: OwnedBuffer<UInt32>
        let child: OwnedBuffer<Int32>
        let leafRules: OwnedBuffer<Int32>
        let entryLow: OwnedBuffer<UInt32>
        let entryHigh: OwnedBuffer<UInt32>
        let entryProtocol: OwnedBuffer<UInt8>
        let roots: (Int, Int, Int, Int)
        let treeCount: Int
        static let lanes = 4

        init(rules: [ACLRule], leafSize: Int) {
            let boxes = rules.map(Box.init)
            var builder = Builder(boxes: boxes, leafSize: max(1, leafSize))
            // Node 0: the empty leaf that absent trees point at.
            builder.build(rules: [], region: .everything, depth: 0)
            // Partition by the set of fields a rule leaves wide open; partitions keep rule order.
            var partitions: [Int: [Int32]] = [:]
            for (r, b) in boxes.enumerated() { partitions[b.wideFields, default: []].append(Int32(r)) }
            let ordered = partitions.values.sorted { $0[0] < $1[0] }
            precondition(ordered.count <= Storage.lanes, "more rule partitions than lookup lanes")
            var built = ordered.map { builder.build(rules: $0, region: .everything, depth: 0) }
            treeCount = built.count
            built += Array(repeating: 0, count: Storage.lanes - built.count)
            roots = (built[0], built[1], built[2], built[3])

            nodeCount = builder.field.count
            leafEntryCount = builder.leafRules.count
            field = OwnedBuffer(builder.field)
            split = OwnedBuffer(builder.split)
            child = OwnedBuffer(builder.child)
            leafRules = OwnedBuffer(builder.leafRules)
            entryLow = OwnedBuffer(repeating: 0, count: 4 * leafEntryCount)
            entryHigh = OwnedBuffer(repeating: 0, count: 4 * leafEntryCount)
            entryProtocol = OwnedBuffer(repeating: 0, count: 2 * leafEntryCount)
            for (e, r) in builder.leafRules.enumerated() {
                let b = boxes[Int(r)]
                for f in 0..<4 {
                    entryLow[4 * e + f] = b[low: f]
                    entryHigh[4 * e + f] = b[high: f]
                }
                entryProtocol[2 * e] = rules[Int(r)].protocolValue & rules[Int(r)].protocolMask
                entryProtocol[2 * e + 1] = rules[Int(r)].protocolMask
            }
        }

        var memoryBytes: Int { nodeCount * 9 + leafEntryCount * 38 }

        func firstMatch(_ h: PacketHeader) -> Int {
            // The fields in an indexable buffer, so that a node's test is a load, not a branch.
            var fields: (UInt32, UInt32, UInt32, UInt32, UInt32) =
                (h.source, h.destination, UInt32(h.sourcePort), UInt32(h.destinationPort), UInt32(h.proto))
            return withUnsafeBytes(of: &fields) { raw in
                let values = raw.bindMemory(to: UInt32.self)
                @inline(__always) func step(_ n: Int) -> Int {
                    Int(child[n]) &+ (values[Int(field[n])] <= split[n] ? 0 : 1)
                }
                var (n0, n1, n2, n3) = roots
                while true {
                    let inner0 = child[n0] >= 0
                    let inner1 = child[n1] >= 0
                    let inner2 = child[n2] >= 0
                    let inner3 = child[n3] >= 0
                    if !(inner0 || inner1 || inner2 || inner3) { break }
                    if inner0 { n0 = step(n0) }
                    if inner1 { n1 = step(n1) }
                    if inner2 { n2 = step(n2) }
                    if inner3 { n3 = step(n3) }
                }
                var best = Int32.max
                for leaf in [n0, n1, n2, n3] {
                    let m = scan(leaf: leaf, values, proto: h.proto, before: best)
                    if m >= 0 { best = m }
                }
                return best == .max ? -1 : Int(best)
            }
        }

        /// The first entry of a leaf that matches, if its rule comes before `limit`; else -1.
        @inline(__always)
        func scan(leaf n: Int, _ values: UnsafeBufferPointer<UInt32>, proto: UInt8, before limit: Int32) -> Int32 {
            let first = Int(split[n])
            let end = first + Int(-child[n] - 1)
            let (s, d, sp, dp) = (values[0], values[1], values[2], values[3])
            for e in first..<end {
                if leafRules[e] >= limit { return -1 }
                let lo = entryLow.baseAddress + 4 * e
                let hi = entryHigh.baseAddress + 4 * e
                if s >= lo[0] && s <= hi[0] && d >= lo[1] && d <= hi[1] && sp >= lo[2] && sp <= hi[2]
                    && dp >= lo[3] && dp <= hi[3] && proto & entryProtocol[2 * e + 1] == entryProtocol[2 * e]
                {
                    return leafRules[e]
                }
            }
            return -1
        }
    }

    /// Grows the tree depth first into flat arrays.
    struct Builder {
        let boxes: [Box]
        let leafSize: Int
        var field: [UInt8] = []
        var split: [UInt32] = []
        var child: [Int32] = []
        var leafRules: [Int32] = []

        /// Past this depth a node becomes a leaf whatever its size (it bounds lookups and recursion).
        static let maxDepth = 64

        init(boxes: [Box], leafSize: Int) {
            self.boxes = boxes
            self.leafSize = leafSize
        }

        /// Appends one node (and its subtree) for the `rules` that intersect `region`; returns its index.
        @discardableResult
        mutating func build(rules: [Int32], region: Box, depth: Int) -> Int {
            let node = field.count
            field.append(0)
            split.append(0)
            child.append(0)
            fill(node, rules: rules, region: region, depth: depth)
            return node
        }

        mutating func fill(_ node: Int, rules incoming: [Int32], region: Box, depth: Int) {
            // Only rules up to the first that covers the region can ever be a first match here.
            var rules: [Int32] = []
            for r in incoming {
                rules.append(r)
                if boxes[Int(r)].covers(region) { break }
            }
            if rules.count > leafSize, depth < Builder.maxDepth, let (f, value) = chooseSplit(rules, region) {
                let left = region.with(field: f, low: region[low: f], high: value)
                let right = region.with(field: f, low: value + 1, high: region[high: f])
                let l = rules.filter { boxes[Int($0)][low: f] <= value }
                let r = rules.filter { boxes[Int($0)][high: f] > value }
                let pair = field.count
                field += [0, 0]
                split += [0, 0]
                child += [0, 0]
                field[node] = UInt8(f)
                split[node] = value
                child[node] = Int32(pair)
                fill(pair, rules: l, region: left, depth: depth + 1)
                fill(pair + 1, rules: r, region: right, depth: depth + 1)
                return
            }
            split[node] = UInt32(leafRules.count)
            child[node] = -Int32(rules.count) - 1
            leafRules += rules
        }

        /// The field and boundary that best divide the rules: for each field, the rule boundaries
        /// inside the region, split at the point that balances the rules on either side; the field whose
        /// best split leaves the fewest rules in the larger child (then the fewest copies) wins.
        func chooseSplit(_ rules: [Int32], _ region: Box) -> (Int, UInt32)? {
            var best: (field: Int, value: UInt32, larger: Int, total: Int)?
            for f in 0..<DecisionTreeClassifier.fieldCount {
                let lo = region[low: f]
                let hi = region[high: f]
                guard lo < hi else { continue }
                // Candidate split values v (left gets <= v): every rule's low - 1 and high inside [lo, hi).
                var points: [UInt32] = []
                points.reserveCapacity(2 * rules.count)
                for r in rules {
                    let b = boxes[Int(r)]
                    let l = max(b[low: f], lo)
                    let h = min(b[high: f], hi)
                    if l > lo { points.append(l - 1) }
                    if h < hi { points.append(h) }
                }
                guard !points.isEmpty else { continue }
                points.sort()
                // Try the quartiles and the median of the candidates (a repeat is merely evaluated twice).
                let candidates = [points[points.count / 4], points[points.count / 2], points[3 * points.count / 4]]
                for v in candidates {
                    var left = 0
                    var right = 0
                    for r in rules {
                        let b = boxes[Int(r)]
                        if b[low: f] <= v { left += 1 }
                        if b[high: f] > v { right += 1 }
                    }
                    let larger = max(left, right)
                    guard larger < rules.count || left + right < 2 * rules.count else { continue }
                    if best == nil || (larger, left + right) < (best!.larger, best!.total) {
                        best = (f, v, larger, left + right)
                    }
                }
            }
            guard let best, best.larger < rules.count else { return nil }
            return (best.field, best.value)
        }
    }
}
