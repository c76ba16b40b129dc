import Fabric
import InterlockCore
import Testing

@testable import Traffic

/// Workloads from traces: the Chakra wire format against bytes written by hand from the schema's
/// field numbers, SimAI files, round trips through both writers, the schedule's exposed time in
/// closed form, and replay against the simulator's own figures.
@Suite struct WorkloadTests {
    static let mib = 1024.0 * 1024

    /// A varint, written out for the hand-made bytes.
    static func varint(_ v: Int) -> [UInt8] {
        var v = v
        var out: [UInt8] = []
        while v >= 0x80 {
            out.append(UInt8(v & 0x7f) | 0x80)
            v >>= 7
        }
        return out + [UInt8(v)]
    }

    /// A length-delimited field: tag (field << 3 | 2), length, bytes.
    static func field(_ number: Int, _ bytes: [UInt8]) -> [UInt8] {
        varint(number << 3 | 2) + varint(bytes.count) + bytes
    }

    /// A varint field: tag (field << 3 | 0), value.
    static func int(_ number: Int, _ v: Int) -> [UInt8] { varint(number << 3) + varint(v) }

    /// An AttributeProto with an int64_val (field 9) or a string_val (field 29).
    static func attribute(_ name: String, int v: Int) -> [UInt8] { field(1, Array(name.utf8)) + int(9, v) }
    static func attribute(_ name: String, string v: String) -> [UInt8] {
        field(1, Array(name.utf8)) + field(29, Array(v.utf8))
    }

    /// One rank's trace, byte by byte from et_def.proto's field numbers: GlobalMetadata {version 1},
    /// then length-prefixed Nodes {id 1, name 2, type 3, data_deps 5 (packed), duration_micros 7,
    /// attr 10}: a 500 µs compute node (COMP_NODE = 4), then a 1 MiB all-reduce (COMM_COLL_NODE = 7,
    /// ALL_REDUCE = 0) that depends on it, on process group "0".
    static let handMade: [UInt8] = {
        let metadata = field(1, Array("0.0.4".utf8))
        let compute = int(1, 1) + field(2, Array("matmul".utf8)) + int(3, 4) + int(7, 500)
        let allReduce =
            int(1, 2) + field(2, Array("allreduce".utf8)) + int(3, 7) + field(5, varint(1))
            + field(10, attribute("comm_type", int: 0)) + field(10, attribute("comm_size", int: 1 << 20))
            + field(10, attribute("pg_name", string: "0"))
        return [metadata, compute, allReduce].flatMap { varint($0.count) + $0 }
    }()

    @Test func decodesAHandMadeTrace() throws {
        let t = try ChakraTrace.decode(Self.handMade, file: "rank0.et")
        #expect(t.version == "0.0.4")
        #expect(t.nodes.count == 2)
        #expect(t.nodes[0] == ChakraTrace.Node(id: 1, name: "matmul", type: .compute, durationMicros: 500))
        #expect(t.nodes[1].type == .collective)
        #expect(t.nodes[1].dataDeps == [1])
        #expect(t.nodes[1].attribute("comm_size") == .int(1 << 20))
        #expect(t.nodes[1].attribute("pg_name") == .string("0"))
        // The writer frames and orders fields as the hand-made bytes do.
        #expect(t.encoded() == Self.handMade)

        let w = try ChakraWorkload.make([t], files: ["rank0.et"], ranks: 16)
        #expect(
            w.collectives == [
                WorkloadCollective(collective: .allReduce, bytes: Self.mib, groups: [Array(0..<16)], label: "allreduce")
            ])
        #expect(
            w.programs == [[WorkloadTask(.compute(seconds: 500e-6)), WorkloadTask(.collective(index: 0), after: [0])]])
    }

    @Test func malformedTracesFailWithTheirOffset() {
        #expect(throws: InputError(file: "t.et", "byte 1: length 5 runs past the end")) {
            try ChakraTrace.decode([5, 1], file: "t.et")
        }
        // A dependency on a node the trace lacks.
        let node = Self.int(1, 1) + Self.int(3, 4) + Self.field(5, Self.varint(9))
        let bytes = [Self.field(1, []), node].flatMap { Self.varint($0.count) + $0 }
        #expect(throws: InputError(file: "t.et", "node 1 () depends on node 9, which the trace lacks")) {
            try ChakraWorkload.make([try ChakraTrace.decode(bytes, file: "t.et")], files: ["t.et"], ranks: 1)
        }
    }

    @Test func processGroupsMustHoldTheirRanks() throws {
        // Rank 1's all-reduce names process group "0", which pg_config says holds ranks 0 and 2 only.
        var t = try ChakraTrace.decode(Self.handMade, file: "r.et")
        t.metadata = [
            ("pg_config", .string(#"[{"pg_name": "0", "ranks": [0, 2]}, {"pg_name": "1", "ranks": [1, 3]}]"#))
        ]
        var other = t
        other.nodes[1].attributes[2] = ("pg_name", .string("1"))
        #expect(
            throws: InputError(
                file: "r.1.et", "collective 1 (allreduce) runs on process group 0, which does not hold rank 1")
        ) {
            try ChakraWorkload.make([t, t, t, t], files: (0..<4).map { "r.\($0).et" }, ranks: 4)
        }
        let w = try ChakraWorkload.make([t, other, t, other], files: (0..<4).map { "r.\($0).et" }, ranks: 4)
        #expect(w.collectives[0].groups == [[0, 2], [1, 3]])
    }

    static let training = SyntheticTraining(
        ranks: 32, tp: 8, layers: 3, compute: (forward: 2_000_000, inputGradient: 2_000_000, weightGradient: 1_000_000),
        activationBytes: 16 << 20, gradientBytes: 256 << 20)

    @Test func simAIGroupsFollowMegatronOrder() throws {
        let w = try SimAIWorkload.make(Self.training.simAI(), file: "w.txt", ranks: 32)
        // Forward: three tensor-parallel all-reduces; backward from layer 2: input gradient (tensor
        // parallel), weight gradient (data parallel), ...
        #expect(
            w.collectives.map(\.label).prefix(5) == [
                "layer0 forward", "layer1 forward", "layer2 forward", "layer2 input-gradient", "layer2 weight-gradient",
            ])
        #expect(w.collectives.count == 9)
        #expect(w.collectives[0].groups == (0..<4).map { g in Array(8 * g..<8 * g + 8) })
        #expect(w.collectives[4].groups == (0..<8).map { t in [t, t + 8, t + 16, t + 24] })
        // 3 forward (compute, all-reduce), 3 backward (compute, all-reduce, compute, all-reduce).
        #expect(w.programs[0].count == 3 * 2 + 3 * 4)
        #expect(throws: InputError(file: "w.txt", line: 3, "field 3 (x) is not a non-negative integer")) {
            try SimAIWorkload.make(
                "HYBRID_TRANSFORMER model_parallel_NPU_group: 1 all_gpus: 2\n1\nl -1 x NONE 0 1 NONE 0 1 NONE 0 0\n",
                file: "w.txt", ranks: 2)
        }
    }

    @Test func chakraRoundTripKeepsTheCollectivesAndTheSchedule() throws {
        let simai = try SimAIWorkload.make(Self.training.simAI(), file: "w.txt", ranks: 32)
        let traces = try ChakraWorkload.traces(of: simai)
        #expect(traces.count == 32)
        let decoded = try traces.map { try ChakraTrace.decode($0.encoded(), file: "t") }
        #expect(decoded == traces)
        let chakra = try ChakraWorkload.make(decoded, files: decoded.indices.map { "t\($0)" }, ranks: 32)
        #expect(chakra.collectives == simai.collectives)
        // Same times in, same schedule out, on every rank.
        let times = simai.collectives.indices.map { Double($0 % 3 + 1) / 1000 }
        let expected = WorkloadSchedule(simai.programs[0], times: times)
        for p in chakra.programs { #expect(WorkloadSchedule(p, times: times) == expected) }
    }

    @Test func exposedTimeInClosedForm() {
        let a = 3.0
        // Compute, then a collective that waits for it: all of the collective is exposed.
        let serial = WorkloadSchedule(
            [WorkloadTask(.compute(seconds: 2)), WorkloadTask(.collective(index: 0), after: [0])], times: [a])
        #expect(serial.iterationTime == 2 + a)
        #expect(serial.exposedTime == a)
        #expect(serial.exposed == [0, a])
        // Independent compute of C overlaps the collective: max(0, A − C) is exposed.
        for c in [1.0, 3.0, 5.0] {
            let s = WorkloadSchedule(
                [WorkloadTask(.collective(index: 0)), WorkloadTask(.compute(seconds: c))], times: [a])
            #expect(s.iterationTime == max(a, c))
            #expect(s.exposedTime == max(0, a - c))
            #expect(s.exposed[0] == max(0, a - c))
        }
    }

    @Test func kAllReducesTakeKTimesOne() throws {
        let fabric = Support.rail(1)
        let placement = try Support.jobs("jobs:\n- {name: j, tenant: t, nodes: 'dgx[0001-0004]'}\n", fabric)
        let size = 64 * Self.mib
        let single = try Support.run(fabric, placement, .allReduce, size: size)
        let one = TrafficAnalysis(single)
        for k in [1, 3] {
            let tasks = (0..<k).map { i in WorkloadTask(.collective(index: 0), after: i == 0 ? [] : [i - 1]) }
            let w = Workload(
                format: "test", ranks: 32,
                collectives: [
                    WorkloadCollective(collective: .allReduce, bytes: size, groups: [Array(0..<32)], label: "ar")
                ],
                programs: [tasks])
            let r = try WorkloadReplay.run(w, fabric: fabric, job: placement.jobs[0], threads: 2)
            #expect(r.collectives[0].time == one.predictedTime)
            #expect(r.schedule.communicationTime == Double(k) * one.predictedTime)
            #expect(r.schedule.exposedTime == r.schedule.iterationTime)
            let nvlink = Double(k) * single.statistics.localBytes
            #expect(r.tiers[0].tier == "NVLink" && r.tiers[0].bytes == nvlink && r.tiers[0].exposed == nvlink)
            for t in one.tiers where t.plane == .compute {
                #expect(r.tiers.first { $0.tier == t.name }!.bytes == Double(k) * t.bytes)
            }
            #expect(r.directionBytes == single.loads.bytes.map { Double(k) * $0 })
        }
    }
    @Test func exposedBytesFollowTheExposedShare() throws {
        let fabric = Support.rail(1)
        let placement = try Support.jobs("jobs:\n- {name: j, tenant: t, nodes: 'dgx[0001-0002]'}\n", fabric)
        let ring = WorkloadCollective(
            collective: .allReduce, bytes: 64 * Self.mib, groups: [Array(0..<16)], label: "ar")
        let alone = try WorkloadReplay.run(
            Workload(format: "test", ranks: 16, collectives: [ring], programs: [[WorkloadTask(.collective(index: 0))]]),
            fabric: fabric, job: placement.jobs[0], threads: 2)
        let a = alone.collectives[0].time
        // Independent compute of a quarter of the all-reduce's time hides a quarter of its bytes.
        let overlapped = try WorkloadReplay.run(
            Workload(
                format: "test", ranks: 16, collectives: [ring],
                programs: [[WorkloadTask(.collective(index: 0)), WorkloadTask(.compute(seconds: a / 4))]]),
            fabric: fabric, job: placement.jobs[0], threads: 2)
        #expect(overlapped.schedule.iterationTime == a)
        #expect(abs(overlapped.schedule.exposedTime - 0.75 * a) < 1e-15)
        for (t, u) in zip(overlapped.tiers, alone.tiers) {
            #expect(t.bytes == u.bytes)
            #expect(u.exposed == u.bytes)
            #expect(abs(t.exposed - 0.75 * u.bytes) <= 1e-9 * u.bytes)
        }
    }

    @Test func simAIGroupSuffixes() throws {
        // 16 ranks, tp 2, ep 2: data-parallel size 8; expert groups of 2 ranks tp apart, and the
        // expert-data-parallel groups of 4 ranks tp × ep apart.
        let text = """
            HYBRID_TRANSFORMER_FWD_IN_BCKWD model_parallel_NPU_group: 2 ep: 2 pp: 1 all_gpus: 16
            1
            moe -1 1 ALLTOALL_EP 4096 1 ALLGATHER_DP 4096 1 REDUCESCATTER_DP_EP 8192 0
            """
        let w = try SimAIWorkload.make(text, file: "moe.txt", ranks: 16)
        #expect(w.collectives.map(\.collective) == [.allToAll, .allGather, .reduceScatter])
        #expect(w.collectives[0].groups.first == [0, 2] && w.collectives[0].groups.count == 8)
        #expect(w.collectives[1].groups.first == [0, 2, 4, 6, 8, 10, 12, 14] && w.collectives[1].groups.count == 2)
        #expect(w.collectives[2].groups.first == [0, 4, 8, 12] && w.collectives[2].groups.count == 4)
        #expect(Set(w.collectives[2].groups.flatMap { $0 }) == Set(0..<16))
        // The other kinds take the same suffixes; REDUCESCATTER is not REDUCE.
        let rooted = try SimAIWorkload.make(
            text.replacingOccurrences(of: "ALLTOALL_EP", with: "BROADCAST_EP")
                .replacingOccurrences(of: "ALLGATHER_DP", with: "REDUCE_DP"),
            file: "moe.txt", ranks: 16)
        #expect(rooted.collectives.map(\.collective) == [.broadcast, .reduce, .reduceScatter])
        #expect(rooted.collectives.map(\.groups) == w.collectives.map(\.groups) && rooted.skipped.isEmpty)
        #expect(throws: InputError(file: "moe.txt", line: 3, "unknown collective type SEND")) {
            try SimAIWorkload.make(
                text.replacingOccurrences(of: "ALLTOALL_EP", with: "SEND"), file: "moe.txt", ranks: 16)
        }
    }
}
