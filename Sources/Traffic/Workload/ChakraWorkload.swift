import Foundation
import InterlockCore

/// Turns Chakra execution traces, one per rank (or one that every rank runs), into a `Workload`.
///
/// Each rank's nodes are ordered by their data dependencies (Kahn's algorithm, lowest id first among
/// the ready ones); compute nodes take `duration_micros`; the k-th collective node of every rank is
/// the iteration's k-th collective, which every rank must issue alike (same `comm_type` and
/// `comm_size`). A node's process group (`pg_name`) holds the ranks the `pg_config` metadata
/// attribute lists for it, or every rank when it lists none. Send and receive nodes pair up
/// (`pairs`) into send-receive transfers between two ranks, after the collectives; the k-th sends of
/// one name and size on their ranks form one transfer collective of several pairs when no rank is in
/// two of them.
public enum ChakraWorkload {
    /// The `GlobalMetadata` attribute listing the process groups: PyTorch's process-group record, a
    /// JSON list of `{"pg_name": ..., "ranks": [...]}`.
    public static let processGroupsAttribute = "pg_config"

    /// The workload of `traces` (named by `files`, in rank order) on a job of `ranks` ranks.
    public static func make(_ traces: [ChakraTrace], files: [String], ranks: Int) throws(InputError) -> Workload {
        guard traces.count == ranks || traces.count == 1 else {
            throw InputError(
                "\(traces.count) Chakra traces for a job of \(ranks) ranks: give one per rank, or one that every rank runs"
            )
        }
        var groups: [String: [Int]] = [:]
        for (t, file) in zip(traces, files) {
            for (name, members) in try processGroups(t, file: file, ranks: ranks) { groups[name] = members }
        }
        var programs: [[WorkloadTask]] = []
        var issued: [[(node: ChakraTrace.Node, collective: Collective)]] = []
        var skipped: [String: Int] = [:]
        var endpoints: [TransferEndpoint] = []
        for (rank, (t, file)) in zip(traces, files).enumerated() {
            let ordered = try order(t.nodes, file: file)
            var tasks: [WorkloadTask] = []
            var index: [UInt64: Int] = [:]
            var mine: [(node: ChakraTrace.Node, collective: Collective)] = []
            for n in ordered {
                let deps = n.dataDeps.compactMap { index[$0] }
                var kind = WorkloadTask.Kind.compute(seconds: 0)
                switch n.type {
                case .compute: kind = .compute(seconds: Double(n.durationMicros) / 1e6)
                case .collective:
                    if let c = try collective(n, file: file) {
                        kind = .collective(index: mine.count)
                        mine.append((n, c))
                    } else {
                        skipped[commTypeName(n), default: 0] += 1
                    }
                case .send, .receive:
                    guard traces.count == ranks else {
                        throw InputError(
                            file: file, "node \(n.id) (\(n.name)) sends or receives: give one trace per rank")
                    }
                    endpoints.append(
                        try TransferEndpoint(n, rank: rank, ranks: ranks, task: tasks.count, file: file))
                default: break
                }
                index[n.id] = tasks.count
                tasks.append(WorkloadTask(kind, after: deps))
            }
            programs.append(tasks)
            issued.append(mine)
        }
        var collectives: [WorkloadCollective] = []
        for (k, first) in issued[0].enumerated() {
            var sets: Set<[Int]> = []
            for (r, mine) in issued.enumerated() {
                guard k < mine.count, mine[k].collective == first.collective,
                    size(mine[k].node) == size(first.node)
                else {
                    throw InputError(
                        file: files[r],
                        "collective \(k + 1) (\(first.node.name)) is not issued alike by every rank: rank \(r) differs from rank 0"
                    )
                }
                let members = groups[pgName(mine[k].node)] ?? Array(0..<ranks)
                if traces.count == 1, members.count != ranks {
                    throw InputError(
                        file: files[0],
                        "process group \(pgName(first.node)) holds \(members.count) of \(ranks) ranks: give one trace per rank"
                    )
                }
                guard traces.count == 1 || members.contains(r) else {
                    throw InputError(
                        file: files[r],
                        "collective \(k + 1) (\(first.node.name)) runs on process group \(pgName(mine[k].node)), which does not hold rank \(r)"
                    )
                }
                sets.insert(members)
            }
            guard sets.reduce(0, { $0 + $1.count }) == Set(sets.joined()).count else {
                throw InputError(
                    file: files[0],
                    "collective \(k + 1) (\(first.node.name)) runs on process groups that share ranks: each rank can be in one"
                )
            }
            collectives.append(
                WorkloadCollective(
                    collective: first.collective, bytes: size(first.node),
                    groups: sets.sorted { $0.lexicographicallyPrecedes($1) },
                    label: first.node.name))
        }
        if let r = issued.firstIndex(where: { $0.count != issued[0].count }) {
            throw InputError(
                file: files[r], "rank \(r) issues \(issued[r].count) collectives, rank 0 \(issued[0].count)")
        }
        // The k-th sends of the same name and size on their ranks run together (as the k-th
        // collectives do), when their pairs share no rank.
        struct Wave: Hashable {
            var name: String
            var bytes: Double
            var ordinal: Int
        }
        var ordinals: [String: [Int: Int]] = [:]
        var waves: [Wave: [Int]] = [:]
        var members: [Int: Set<Int>] = [:]
        for transfer in try pairs(endpoints) {
            let (send, receive) = (transfer.send, transfer.receive)
            let ordinal = ordinals[send.name, default: [:]][send.rank, default: 0]
            ordinals[send.name, default: [:]][send.rank] = ordinal + 1
            let wave = Wave(name: send.name, bytes: send.bytes, ordinal: ordinal)
            let pair = [send.rank, receive.rank]
            var index = collectives.count
            if let i = waves[wave]?.last, members[i]!.isDisjoint(with: pair) {
                index = i
                collectives[i].groups.append(pair)
            } else {
                waves[wave, default: []].append(index)
                collectives.append(
                    WorkloadCollective(collective: .sendReceive, bytes: send.bytes, groups: [pair], label: send.name))
            }
            members[index, default: []].formUnion(pair)
            programs[send.rank][send.task].kind = .collective(index: index)
            programs[receive.rank][receive.task].kind = .collective(index: index)
        }
        return Workload(
            format: "chakra", ranks: ranks, collectives: collectives, programs: programs,
            skipped: skipped.sorted { $0.key < $1.key }.map { ($0.key, $0.value) })
    }

    /// The nodes in dependency order: Kahn's algorithm, the lowest id first among the ready nodes.
    static func order(_ nodes: [ChakraTrace.Node], file: String) throws(InputError) -> [ChakraTrace.Node] {
        var byID: [UInt64: Int] = [:]
        for (i, n) in nodes.enumerated() {
            guard byID.updateValue(i, forKey: n.id) == nil else {
                throw InputError(file: file, "node id \(n.id) appears twice")
            }
        }
        var waiting = [Int](repeating: 0, count: nodes.count)
        var children = [[Int]](repeating: [], count: nodes.count)
        for (i, n) in nodes.enumerated() {
            for d in Set(n.dataDeps) {
                guard let p = byID[d] else {
                    throw InputError(file: file, "node \(n.id) (\(n.name)) depends on node \(d), which the trace lacks")
                }
                waiting[i] += 1
                children[p].append(i)
            }
        }
        var ready = Heap(nodes.indices.filter { waiting[$0] == 0 }.map { (nodes[$0].id, $0) })
        var out: [ChakraTrace.Node] = []
        while let (_, i) = ready.popMin() {
            out.append(nodes[i])
            for c in children[i] {
                waiting[c] -= 1
                if waiting[c] == 0 { ready.insert((nodes[c].id, c)) }
            }
        }
        guard out.count == nodes.count else {
            throw InputError(file: file, "the data dependencies form a cycle (\(nodes.count - out.count) nodes on it)")
        }
        return out
    }

    /// The collective a node runs, or `nil` for a `comm_type` Chakra does not define. Every one but
    /// a barrier needs a positive `comm_size`.
    static func collective(_ n: ChakraTrace.Node, file: String) throws(InputError) -> Collective? {
        guard case .int(let t)? = n.attribute("comm_type") else {
            throw InputError(file: file, "collective node \(n.id) (\(n.name)) has no integer comm_type attribute")
        }
        guard let type = ChakraTrace.CommType(rawValue: Int(t)) else { return nil }
        let kind: Collective
        switch type {
        case .allReduce: kind = .allReduce
        case .reduce: kind = .reduce
        case .allGather: kind = .allGather
        case .gather: kind = .gather
        case .scatter: kind = .scatter
        case .broadcast: kind = .broadcast
        case .allToAll: kind = .allToAll
        case .reduceScatter, .reduceScatterBlock: kind = .reduceScatter
        case .barrier: return .barrier
        }
        guard case .int(let s)? = n.attribute("comm_size"), s > 0 else {
            throw InputError(file: file, "collective node \(n.id) (\(n.name)) has no positive comm_size attribute")
        }
        return kind
    }

    static func commTypeName(_ n: ChakraTrace.Node) -> String {
        guard case .int(let t)? = n.attribute("comm_type"), let c = ChakraTrace.CommType(rawValue: Int(t)) else {
            return "unknown collective"
        }
        return "\(c)"
    }

    static func size(_ n: ChakraTrace.Node) -> Double {
        if case .int(let s)? = n.attribute("comm_size") { return Double(s) }
        return 0
    }

    static func pgName(_ n: ChakraTrace.Node) -> String {
        switch n.attribute("pg_name") {
        case .string(let s)?: return s
        case .int(let i)?: return String(i)
        default: return ""
        }
    }

    /// The process groups `pg_config` lists: name -> member ranks (sorted).
    static func processGroups(_ t: ChakraTrace, file: String, ranks: Int) throws(InputError) -> [String: [Int]] {
        guard case .string(let text)? = t.metadata.first(where: { $0.0 == processGroupsAttribute })?.1 else {
            return [:]
        }
        let bad = InputError(file: file, "\(processGroupsAttribute): not a JSON list of {pg_name, ranks}")
        guard let list = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [[String: Any]] else {
            throw bad
        }
        var out: [String: [Int]] = [:]
        for g in list {
            guard let members = g["ranks"] as? [Int], let name = g["pg_name"].map({ "\($0)" }) else { throw bad }
            guard members.allSatisfy({ (0..<ranks).contains($0) }), Set(members).count == members.count else {
                throw InputError(
                    file: file, "process group \(name) lists ranks outside 0..<\(ranks) or a rank twice")
            }
            out[name] = members.sorted()
        }
        return out
    }
}

/// A binary min-heap of (key, value) pairs, smallest key first.
struct Heap {
    private var items: [(UInt64, Int)]

    init(_ items: [(UInt64, Int)]) {
        self.items = []
        for i in items { insert(i) }
    }

    mutating func insert(_ item: (UInt64, Int)) {
        items.append(item)
        var c = items.count - 1
        while c > 0, items[(c - 1) / 2].0 > items[c].0 {
            items.swapAt(c, (c - 1) / 2)
            c = (c - 1) / 2
        }
    }

    mutating func popMin() -> (UInt64, Int)? {
        guard !items.isEmpty else { return nil }
        items.swapAt(0, items.count - 1)
        let top = items.removeLast()
        var p = 0
        while true {
            let l = 2 * p + 1
            let r = l + 1
            var m = p
            if l < items.count, items[l].0 < items[m].0 { m = l }
            if r < items.count, items[r].0 < items[m].0 { m = r }
            if m == p { return top }
            items.swapAt(p, m)
            p = m
        }
    }
}
