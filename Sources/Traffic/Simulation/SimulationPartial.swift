import Fabric
import InterlockCore

/// The body of a `traffic simulate --shard` partial result: everything of a `SimulationResult`
/// that the report is made from and that depends on the flows run. Every figure is a count or a
/// sum of whole bytes (exact in a `Double` below 2^53), so the sum of the shards' bodies is the
/// one-process result exactly, whatever the split.
///
/// Layout (little-endian, `BinaryWriter`): the link directions loaded (`u32` count, then `u32`
/// index, `f64` bytes, `u32` flows each); the totals (`FlowStatistics`); the communicators (`u32`
/// count; each its name, `u32` job count and `u32` jobs, `u32` ranks and nodes, `i32` channels or
/// -1, statistics, `u32` direction count and `u32` direction and `f64` own bytes each); the
/// routing modes (`u32` count; `u8` plane and the mode's name each); the policy tallies (`u32`
/// judges; each `u32` groups of key and value); `u8` 1 and the changed verdicts' tally in a
/// comparison, else `u8` 0.
public enum SimulationPartial {
    /// The body of a shard's `result`.
    public static func body(_ result: SimulationResult) -> [UInt8] {
        var w = BinaryWriter()
        let loaded = result.loads.bytes.indices.filter { result.loads.flows[$0] != 0 || result.loads.bytes[$0] != 0 }
        w.u32(UInt32(loaded.count))
        for i in loaded {
            w.u32(UInt32(i))
            w.f64(result.loads.bytes[i])
            w.u32(result.loads.flows[i])
        }
        w.statistics(result.statistics)
        w.u32(UInt32(result.communicators.count))
        for c in result.communicators {
            w.string(c.name)
            w.u32(UInt32(c.jobs.count))
            for j in c.jobs { w.u32(UInt32(j)) }
            w.u32(UInt32(c.ranks))
            w.u32(UInt32(c.nodes))
            w.u32(UInt32(bitPattern: Int32(c.channels ?? -1)))
            w.statistics(c.statistics)
            w.u32(UInt32(c.directions.count))
            for (d, b) in zip(c.directions, c.ownBytes) {
                w.u32(UInt32(d))
                w.f64(b)
            }
        }
        w.u32(UInt32(result.routingModes.count))
        for (plane, mode) in result.routingModes {
            w.u8(plane.rawValue)
            w.string(mode)
        }
        w.u32(UInt32(result.policy.count))
        for tally in result.policy { w.tally(tally) { w, k in w.key(k) } }
        w.u8(result.changes == nil ? 0 : 1)
        if let changes = result.changes {
            w.tally(changes) { w, k in
                w.u8(k.before.rawValue)
                w.key(k.after)
            }
        }
        return w.bytes
    }

    /// The result of the whole run from the bodies of every shard (`readers`, in shard order), run
    /// on `fabric` and `placement` with `options`.
    /// - Throws: `InputError` when a body does not follow the format or does not fit the fabric,
    ///   or when shards disagree on the communicators or routing.
    public static func merge(
        _ readers: [BinaryReader], fabric: FabricGraph, placement: JobPlacement, options: SimulationOptions
    ) throws -> SimulationResult {
        var result = SimulationResult(
            fabric: fabric, placement: placement, options: options, loads: LinkLoads(links: fabric.links.count),
            statistics: FlowStatistics(), communicators: [], routingModes: [], policy: [], changes: nil)
        for (n, reader) in readers.enumerated() {
            var r = reader
            try r.add(into: &result, first: n == 0)
            guard r.atEnd else { throw r.malformed("bytes after the body") }
        }
        return result
    }
}

extension BinaryWriter {
    fileprivate mutating func statistics(_ s: FlowStatistics) {
        u64(UInt64(s.flows))
        f64(s.bytes)
        u64(UInt64(s.unroutableFlows))
        f64(s.unroutableBytes)
        f64(s.localBytes)
        u64(UInt64(s.localFlows))
        f64(s.spineCrossingBytes)
        f64(s.crossRailBytes)
        f64(s.byteHops)
    }

    fileprivate mutating func tally<K>(_ t: Tally<K>, key: (inout BinaryWriter, K) -> Void) {
        u32(UInt32(t.groups.count))
        for (k, v) in t.sorted {
            key(&self, k)
            u64(UInt64(v.flows))
            f64(v.bytes)
            let e = v.example
            for x in [
                e.sourceRank, e.destinationRank, e.source, e.destination, e.sourceIdentity, e.destinationIdentity,
            ] {
                u32(UInt32(bitPattern: x))
            }
        }
    }

    fileprivate mutating func key(_ k: TallyKey) {
        for x in [k.sourceJob, k.destinationJob, k.acl, k.rule] { u32(UInt32(bitPattern: x)) }
        u8(k.verdict.rawValue)
        u8(k.plane.rawValue)
        u8(k.proto)
        u16(k.port)
    }
}

extension BinaryReader {
    /// Adds the body at the reader to `result`; the first body also sets the communicators and
    /// routing, which later bodies must repeat.
    fileprivate mutating func add(into result: inout SimulationResult, first: Bool) throws {
        let directions = result.loads.bytes.count
        for _ in 0..<(try count()) {
            let i = Int(try u32())
            guard i < directions else { throw malformed("link direction \(i) outside the fabric") }
            result.loads.bytes[i] += try f64()
            result.loads.flows[i] &+= try u32()
        }
        result.statistics.add(try statistics())
        let communicators = try count()
        guard first || communicators == result.communicators.count else { throw malformed("communicator count") }
        for n in 0..<communicators {
            let name = try string()
            let jobs = try (0..<(try count())).map { _ in Int(try u32()) }
            let (ranks, nodes) = (Int(try u32()), Int(try u32()))
            let channels = Int32(bitPattern: try u32())
            let statistics = try self.statistics()
            var own = [Double](repeating: 0, count: directions)
            var loaded = [Bool](repeating: false, count: directions)
            if !first {
                let c = result.communicators[n]
                guard c.name == name, c.jobs == jobs, c.ranks == ranks, c.nodes == nodes else {
                    throw malformed("communicator \(name) differs from the first shard's \(c.name)")
                }
                for (d, b) in zip(c.directions, c.ownBytes) { (own[Int(d)], loaded[Int(d)]) = (b, true) }
            }
            for _ in 0..<(try count()) {
                let d = Int(try u32())
                guard d < directions else { throw malformed("link direction \(d) outside the fabric") }
                own[d] += try f64()
                loaded[d] = true
            }
            let ds = loaded.indices.filter { loaded[$0] }
            var c = CommunicatorResult(
                name: name, jobs: jobs, ranks: ranks, nodes: nodes, channels: channels < 0 ? nil : Int(channels),
                statistics: statistics, directions: ds.map { Int32($0) }, ownBytes: ds.map { own[$0] })
            if first {
                result.communicators.append(c)
            } else {
                c.statistics.add(result.communicators[n].statistics)
                result.communicators[n] = c
            }
        }
        var modes: [(plane: Plane, mode: String)] = []
        for _ in 0..<(try count()) {
            guard let plane = Plane(rawValue: try u8()) else { throw malformed("plane") }
            modes.append((plane, try string()))
        }
        if first {
            result.routingModes = modes
        } else if modes.map({ "\($0.plane)=\($0.mode)" }) != result.routingModes.map({ "\($0.plane)=\($0.mode)" }) {
            throw malformed("routing differs from the first shard's")
        }
        let judges = try count()
        guard first || judges == result.policy.count else { throw malformed("judge count") }
        for j in 0..<judges {
            let t = try tally { r in try r.key() }
            if first { result.policy.append(t) } else { result.policy[j] = .merged([result.policy[j], t]) }
        }
        if try u8() == 1 {
            let t = try tally { r in
                guard let before = FlowVerdict(rawValue: try r.u8()) else { throw r.malformed("verdict") }
                return ChangeKey(before: before, after: try r.key())
            }
            result.changes = first ? t : .merged([result.changes ?? Tally(), t])
        }
    }

    private mutating func count() throws -> Int { Int(try u32()) }

    private mutating func statistics() throws -> FlowStatistics {
        var s = FlowStatistics()
        s.flows = Int(try u64())
        s.bytes = try f64()
        s.unroutableFlows = Int(try u64())
        s.unroutableBytes = try f64()
        s.localBytes = try f64()
        s.localFlows = Int(try u64())
        s.spineCrossingBytes = try f64()
        s.crossRailBytes = try f64()
        s.byteHops = try f64()
        return s
    }

    private mutating func tally<K>(key: (inout BinaryReader) throws -> K) throws -> Tally<K> {
        var t = Tally<K>()
        for _ in 0..<(try count()) {
            let k = try key(&self)
            let flows = Int(try u64())
            let bytes = try f64()
            let x = try (0..<6).map { _ in Int32(bitPattern: try u32()) }
            let example = FlowExample(
                sourceRank: x[0], destinationRank: x[1], source: x[2], destination: x[3], sourceIdentity: x[4],
                destinationIdentity: x[5])
            t.groups[k] = TallyValue(flows: flows, bytes: bytes, example: example)
        }
        return t
    }

    private mutating func key() throws -> TallyKey {
        let x = try (0..<4).map { _ in Int32(bitPattern: try u32()) }
        guard let verdict = FlowVerdict(rawValue: try u8()), let plane = Plane(rawValue: try u8()) else {
            throw malformed("verdict or plane")
        }
        return TallyKey(
            sourceJob: x[0], destinationJob: x[1], verdict: verdict, acl: x[2], rule: x[3], plane: plane,
            proto: try u8(), port: try u16())
    }
}
