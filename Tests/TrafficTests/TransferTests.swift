import Fabric
import InterlockCore
import Testing

@testable import Traffic

/// Point-to-point transfers: Chakra send and receive nodes paired into transfers (a hand-made trace
/// and the project's writer), scheduled when both ranks reach them, and SimAI's pipeline stages
/// sending activations forward and gradients back, against closed forms.
@Suite struct TransferTests {
    static let mib = 1024.0 * 1024
    typealias W = WorkloadTests

    /// Two ranks' traces, byte by byte from et_def.proto: rank 0 computes 100 µs (COMP_NODE = 4)
    /// then sends 1 MiB to rank 1 (COMM_SEND_NODE = 5, comm_dst 1, comm_tag 7); rank 1 receives it
    /// (COMM_RECV_NODE = 6, comm_src 0, comm_tag 7) then computes 200 µs.
    static let handMade: [[UInt8]] = {
        let metadata = W.field(1, Array("0.0.4".utf8))
        let compute = W.int(1, 1) + W.field(2, Array("fwd".utf8)) + W.int(3, 4) + W.int(7, 100)
        let send =
            W.int(1, 2) + W.field(2, Array("send act".utf8)) + W.int(3, 5) + W.field(5, W.varint(1))
            + W.field(10, W.attribute("comm_dst", int: 1)) + W.field(10, W.attribute("comm_tag", int: 7))
            + W.field(10, W.attribute("comm_size", int: 1 << 20))
        let receive =
            W.int(1, 1) + W.field(2, Array("recv act".utf8)) + W.int(3, 6)
            + W.field(10, W.attribute("comm_src", int: 0)) + W.field(10, W.attribute("comm_tag", int: 7))
            + W.field(10, W.attribute("comm_size", int: 1 << 20))
        let after = W.int(1, 2) + W.field(2, Array("fwd".utf8)) + W.int(3, 4) + W.field(5, W.varint(1)) + W.int(7, 200)
        return [[metadata, compute, send], [metadata, receive, after]].map { $0.flatMap { W.varint($0.count) + $0 } }
    }()

    static func decode(_ traces: [[UInt8]]) throws -> [ChakraTrace] {
        try traces.enumerated().map { try ChakraTrace.decode($1, file: "r.\($0).et") }
    }

    static func make(_ traces: [ChakraTrace]) throws -> Workload {
        try ChakraWorkload.make(traces, files: traces.indices.map { "r.\($0).et" }, ranks: traces.count)
    }

    /// Bytes per second of a NIC's link.
    static func nicRate(_ fabric: FabricGraph) -> Double {
        fabric.links.first { $0.plane == .compute && $0.tier.description == "host-leaf" }!.gbps * 1e9 / 8
    }

    @Test func aHandMadeSendReceiveJoinsTheTwoRanks() throws {
        let w = try Self.make(try Self.decode(Self.handMade))
        #expect(
            w.collectives == [
                WorkloadCollective(collective: .sendReceive, bytes: Self.mib, groups: [[0, 1]], label: "send act")
            ])
        #expect(w.programs[0][1] == WorkloadTask(.collective(index: 0), after: [0]))
        #expect(w.programs[1][0] == WorkloadTask(.collective(index: 0)))
        let fabric = Support.rail(1)
        let placement = try Support.jobs(
            "jobs:\n- {name: j, tenant: t, nodes: 'dgx[0001-0002]', gpusPerNode: 1}\n", fabric)
        let r = try WorkloadReplay.run(w, fabric: fabric, job: placement.jobs[0], threads: 2)
        // Rail 0 of both nodes, one leaf: T = S / NIC rate; rank 1 waits for rank 0's compute.
        let t = Self.mib / Self.nicRate(fabric)
        #expect(r.collectives[0].time == t)
        #expect(r.criticalRank == 1)
        #expect(r.schedule.iterationTime == 100e-6 + t + 200e-6)
        #expect(r.schedule.intervals[0] == (100e-6, 100e-6 + t))
        #expect(r.schedule.communicationTime == t && r.schedule.computeTime == 200e-6)
        // S up rank 0's NIC link and down rank 1's, all of it exposed on rank 1.
        let hostLeaf = try #require(r.tiers.first { $0.tier == "host-leaf" })
        #expect(hostLeaf.bytes == 2 * Self.mib && abs(hostLeaf.exposed - 2 * Self.mib) < 1e-9 * Self.mib)
        #expect(r.tiers.first { $0.tier == "leaf-spine" }?.bytes == 0)
    }

    @Test func unmatchedOrMismatchedTransfersAreBadInput() throws {
        let traces = try Self.decode(Self.handMade)
        var otherTag = traces
        otherTag[1].nodes[0].attributes[1] = ("comm_tag", .int(8))
        #expect(
            throws: InputError(
                file: "r.0.et", "send node 2 (send act) to rank 1, tag 7, has no matching receive in rank 1's trace")
        ) { try Self.make(otherTag) }
        var bigger = traces
        bigger[1].nodes[0].attributes[2] = ("comm_size", .int(2 << 20))
        #expect(
            throws: InputError(
                file: "r.0.et",
                "send node 2 (send act) sends 1048576 bytes, its receive (node 1 of rank 1) expects 2097152")
        ) { try Self.make(bigger) }
        var noSend = traces
        noSend[0].nodes.removeLast()
        #expect(
            throws: InputError(
                file: "r.1.et", "receive node 1 (recv act) from rank 0, tag 7, has no matching send in rank 0's trace")
        ) { try Self.make(noSend) }
        var toItself = traces
        toItself[0].nodes[1].attributes[0] = ("comm_dst", .int(0))
        #expect(throws: InputError(file: "r.0.et", "send node 2 (send act) needs comm_dst: another rank of 0..<2")) {
            try Self.make(toItself)
        }
    }

    @Test func transfersWaitingForEachOtherNeverStart() throws {
        // Each rank receives from the other before it sends: the communication streams wait forever.
        func side(_ rank: Int) -> ChakraTrace {
            let peer = Int64(1 - rank)
            return ChakraTrace(nodes: [
                ChakraTrace.Node(
                    id: 1, name: "recv", type: .receive,
                    attributes: [("comm_src", .int(peer)), ("comm_size", .int(4096))]),
                ChakraTrace.Node(
                    id: 2, name: "send \(rank)", type: .send, dataDeps: [1],
                    attributes: [("comm_dst", .int(peer)), ("comm_size", .int(4096))]),
            ])
        }
        let w = try Self.make([side(0), side(1)])
        #expect(w.collectives.map(\.label) == ["send 0", "send 1"])
        #expect(
            throws: InputError(
                "rank 0 waits forever at send 1 (send-receive with rank 1): the sends and receives wait for each other")
        ) { try WorkloadSchedule.schedules(of: w, times: [1, 1]) }
    }

    /// Closed form of a pipeline of pp stages of one rank each, L layers of compute F, I, W, no
    /// collective but the transfers of T seconds: stage s's forward ends at (s+1)·L·F + s·T; the
    /// backward runs from the last stage down, each stage starting T after the next one's layer-0
    /// input gradient; stage 0 ends last.
    @Test func pipelineStagesSendActivationsForwardAndGradientsBack() throws {
        let (pp, layers) = (4, 2)
        let (f, i, wg) = (1e-3, 2e-3, 0.5e-3)
        let job = SyntheticTraining(
            ranks: pp, tp: 1, layers: layers, compute: (Int(f * 1e9), Int(i * 1e9), Int(wg * 1e9)),
            activationBytes: 0, gradientBytes: 0, pp: pp, pipelineBytes: 64 << 20)
        let w = try SimAIWorkload.make(job.simAI(), file: "pp.txt", ranks: pp)
        #expect(w.programs.count == pp)
        #expect(w.collectives.count == 2 * (pp - 1))
        #expect(w.collectives[0].groups == [[0, 1]] && w.collectives[1].groups == [[1, 0]])
        #expect(w.collectives.allSatisfy { $0.collective == .sendReceive && $0.bytes == 64 * Self.mib })
        let fabric = Support.rail(1)
        let placement = try Support.jobs(
            "jobs:\n- {name: j, tenant: t, nodes: 'dgx[0001-0004]', gpusPerNode: 1}\n", fabric)
        let r = try WorkloadReplay.run(w, fabric: fabric, job: placement.jobs[0], threads: 2)
        let t = 64 * Self.mib / Self.nicRate(fabric)
        #expect(r.collectives.allSatisfy { $0.time == t })
        let l = Double(layers)
        var start = Double(pp) * l * f + Double(pp - 1) * t
        for _ in 0..<(pp - 1) { start += (l - 1) * (i + wg) + i + t }
        let end = start + l * (i + wg)
        #expect(r.criticalRank == 0)
        #expect(abs(r.schedule.iterationTime - end) < 1e-12)
        #expect(abs(r.schedule.computeTime - l * (f + i + wg)) < 1e-12)
        #expect(r.schedule.communicationTime == 2 * t)
        // Every transfer: S up one NIC link and down another, on rail 0's leaf. Stage 0 waits through
        // both of its own; the other stages' forward sends are idle time too, their gradient sends
        // overlap their layer-0 weight gradient.
        let bytes = 2 * 64 * Self.mib
        let hostLeaf = try #require(r.tiers.first { $0.tier == "host-leaf" })
        #expect(hostLeaf.bytes == Double(2 * (pp - 1)) * bytes)
        let exposed = bytes * (Double(pp) + Double(pp - 2) * (t - wg) / t)
        #expect(abs(hostLeaf.exposed - exposed) < 1e-9 * exposed)
    }

    @Test func aicbWritesPPCommAsAFloatAndSimAIReadsItWithoutItsColon() throws {
        for field in ["pp_comm: 1048576.0", "pp_comm 1048576"] {
            let (h, _) = try SimAIWorkload.parse(
                "HYBRID_TRANSFORMER_FWD_IN_BCKWD model_parallel_NPU_group: 1 ep: 1 pp: 2 vpp: 1 ga: 1 all_gpus: 2 "
                    + "\(field)\n1\nl -1 1 NONE 0 1 NONE 0 1 NONE 0 0\n", file: "w.txt")
            #expect(h.pp == 2 && h.ppComm == 1 << 20)
        }
    }

    @Test func chakraTracesOfAPipelineReplayAsItsSimAIFile() throws {
        // 32 ranks, tp 8, pp 2: stage 0 on dgx0001-0002, stage 1 on dgx0003-0004; rank r sends to r + 16.
        let job = SyntheticTraining(
            ranks: 32, tp: 8, layers: 2,
            compute: (forward: 1_000_000, inputGradient: 1_000_000, weightGradient: 1_000_000),
            activationBytes: 8 << 20, gradientBytes: 64 << 20, pp: 2, pipelineBytes: 32 << 20)
        let simai = try SimAIWorkload.make(job.simAI(), file: "w.txt", ranks: 32)
        let transfers = simai.collectives.filter { $0.collective == .sendReceive }
        #expect(transfers.map(\.groups) == [(0..<16).map { [$0, $0 + 16] }, (0..<16).map { [$0 + 16, $0] }])
        let traces = try ChakraWorkload.traces(of: simai)
        #expect(traces[0].nodes.contains { $0.type == .send } && traces[16].nodes.contains { $0.type == .receive })
        let chakra = try ChakraWorkload.make(
            try traces.map { try ChakraTrace.decode($0.encoded(), file: "t") }, files: (0..<32).map { "t\($0)" },
            ranks: 32)
        #expect(Set(chakra.collectives) == Set(simai.collectives))
        let fabric = Support.rail(1)
        let placement = try Support.jobs("jobs:\n- {name: j, tenant: t, nodes: 'dgx[0001-0004]'}\n", fabric)
        let a = try WorkloadReplay.run(simai, fabric: fabric, job: placement.jobs[0], threads: 2)
        let b = try WorkloadReplay.run(chakra, fabric: fabric, job: placement.jobs[0], threads: 2)
        #expect(a.schedule == b.schedule && a.criticalRank == b.criticalRank)
        #expect(a.tiers.map(\.bytes) == b.tiers.map(\.bytes))
        // The 16 pairs share no NIC link: each transfer takes S / NIC rate.
        let pipeline = try #require(a.collectives.first { $0.collective.collective == .sendReceive })
        #expect(pipeline.time == 32 * Self.mib / Self.nicRate(fabric))
    }

    @Test func chakraNamesEveryCollectiveKind() throws {
        // One node per kind, comm_type as et_def.proto numbers them; a barrier needs no comm_size.
        let kinds: [(ChakraTrace.CommType, Collective)] = [
            (.broadcast, .broadcast), (.reduce, .reduce), (.gather, .gather), (.scatter, .scatter),
            (.reduceScatterBlock, .reduceScatter), (.barrier, .barrier),
        ]
        let nodes = kinds.enumerated().map { k, kind in
            ChakraTrace.Node(
                id: UInt64(k), name: "\(kind.1)", type: .collective,
                attributes: [("comm_type", .int(Int64(kind.0.rawValue)))]
                    + (kind.1 == .barrier ? [] : [("comm_size", .int(1 << 20))]))
        }
        let w = try ChakraWorkload.make([ChakraTrace(nodes: nodes)], files: ["t.et"], ranks: 8)
        #expect(w.collectives.map(\.collective) == kinds.map(\.1))
        #expect(w.skipped.isEmpty)
        // The writer names them back (reduce-scatter-block reads as reduce-scatter).
        let back = try ChakraWorkload.make(try ChakraWorkload.traces(of: w), files: (0..<8).map { "t\($0)" }, ranks: 8)
        #expect(back.collectives == w.collectives)
        // A barrier replays in no time.
        let fabric = Support.rail(1)
        let placement = try Support.jobs("jobs:\n- {name: j, tenant: t, nodes: 1}\n", fabric)
        let r = try WorkloadReplay.run(w, fabric: fabric, job: placement.jobs[0], threads: 2)
        #expect(r.collectives.last!.time == 0 && r.collectives.dropLast().allSatisfy { $0.time > 0 })
    }
}
