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

    /// One rule of a leaf, copied inline so that a leaf is read sequentially, a cache line or so an
    /// entry: its source, destination, source-port and destination-port bounds with the sign bit
    /// flipped (so that one signed vector comparison tests all four, `Storage.biased`), its
    /// protocol value (pre-masked) and mask (0 matches any protocol), and its rule index.
    struct LeafEntry {
        var low: SIMD4<Int32>
        var high: SIMD4<Int32>
        var rule: Int32
        var proto: UInt8
        var protoMask: UInt8
    }

    /// The tree and the rules in flat arrays (`OwnedBuffer`s).
    ///
    /// Invariants, established by `init` and never changed:
    /// - Node `n` is one word, `nodes[n]`: its low half a value `v`, its high half a signed tag.
    /// - Node `n` is inner when the tag is `>= 0`: a header goes to node `tag >> 3` when its field
    ///   `tag & 7` is `<= v`, else to `(tag >> 3) + 1` (children are allocated in pairs).
    /// - Node `n` is a leaf when the tag is `< 0`: its entries are `first ..< first + count` with
    ///   `first = v` and `count = -tag - 1`, in ascending rule order; the first of them that matches
    ///   exactly is the first match of every header reaching the leaf.
    /// - There are at most `lanes` trees (one per combination of the two wide-address bits);
    ///   `roots.t` is the root of tree `t`, trees ordered by their lowest rule index, ascending. Missing
    ///   trees point at node 0, an empty leaf.
    final class Storage: @unchecked Sendable {
        let nodeCount: Int
        let leafEntryCount: Int
        let nodes: OwnedBuffer<UInt64>
        let entries: OwnedBuffer<LeafEntry>
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
            nodes = OwnedBuffer(
                (0..<nodeCount).map { n in
                    let child = builder.child[n]
                    let tag = child >= 0 ? child << 3 | Int32(builder.field[n]) : child
                    return UInt64(builder.split[n]) | UInt64(UInt32(bitPattern: tag)) << 32
                })
            entries = OwnedBuffer(
                builder.leafRules.map { r in
                    let b = boxes[Int(r)]
                    let rule = rules[Int(r)]
                    return LeafEntry(
                        low: Storage.biased(b.low.0, b.low.1, b.low.2, b.low.3),
                        high: Storage.biased(b.high.0, b.high.1, b.high.2, b.high.3), rule: r,
                        proto: rule.protocolValue & rule.protocolMask, protoMask: rule.protocolMask)
                })
        }

        var memoryBytes: Int {
            nodeCount * MemoryLayout<UInt64>.stride + leafEntryCount * MemoryLayout<LeafEntry>.stride
        }

        /// Four unsigned values as signed ones of the same order (the sign bit flipped).
        @inline(__always)
        static func biased(_ a: UInt32, _ b: UInt32, _ c: UInt32, _ d: UInt32) -> SIMD4<Int32> {
            SIMD4<Int32>(truncatingIfNeeded: SIMD4<UInt32>(a, b, c, d) ^ 0x8000_0000)
        }

        func firstMatch(_ h: PacketHeader) -> Int {
            // The fields in an indexable buffer, so that a node's test is a load, not a branch.
            var fields: (UInt32, UInt32, UInt32, UInt32, UInt32) =
                (h.source, h.destination, UInt32(h.sourcePort), UInt32(h.destinationPort), UInt32(h.proto))
            return withUnsafeBytes(of: &fields) { raw in
                let values = raw.bindMemory(to: UInt32.self)
                let nodes = self.nodes.baseAddress
                @inline(__always) func step(_ node: UInt64) -> Int {
                    let tag = Int32(truncatingIfNeeded: node >> 32)
                    return Int(tag >> 3) &+ (values[Int(tag & 7)] <= UInt32(truncatingIfNeeded: node) ? 0 : 1)
                }
                var (n0, n1, n2, n3) = roots
                while true {
                    let (w0, w1, w2, w3) = (nodes[n0], nodes[n1], nodes[n2], nodes[n3])
                    let inner0 = Int64(bitPattern: w0) >= 0
                    let inner1 = Int64(bitPattern: w1) >= 0
                    let inner2 = Int64(bitPattern: w2) >= 0
                    let inner3 = Int64(bitPattern: w3) >= 0
                    if !(inner0 || inner1 || inner2 || inner3) { break }
                    if inner0 { n0 = step(w0) }
                    if inner1 { n1 = step(w1) }
                    if inner2 { n2 = step(w2) }
                    if inner3 { n3 = step(w3) }
                }
                let header = Storage.biased(h.source, h.destination, UInt32(h.sourcePort), UInt32(h.destinationPort))
                var best = Int32.max
                for leaf in [nodes[n0], nodes[n1], nodes[n2], nodes[n3]] {
                    let m = scan(leaf: leaf, header, proto: h.proto, before: best)
                    if m >= 0 { best = m }
                }
                return best == .max ? -1 : Int(best)
            }
        }

        /// The first entry of a leaf that matches, if its rule comes before `limit`; else -1.
        @inline(__always)
        func scan(leaf node: UInt64, _ header: SIMD4<Int32>, proto: UInt8, before limit: Int32) -> Int32 {
            let first = Int(UInt32(truncatingIfNeeded: node))
            let end = first + Int(-Int32(truncatingIfNeeded: node >> 32) - 1)
            var e = entries.baseAddress + first
            let last = entries.baseAddress + end
            while e < last {
                if e.pointee.rule >= limit { return -1 }
                if all((header .>= e.pointee.low) .& (header .<= e.pointee.high)),
                    proto & e.pointee.protoMask == e.pointee.proto
                {
                    return e.pointee.rule
                }
                e += 1
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
