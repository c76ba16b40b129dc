import InterlockCore

extension ChakraWorkload {
    /// Chakra's `comm_type` of a collective the readers produce.
    static func commType(_ c: Collective) -> ChakraTrace.CommType? {
        switch c {
        case .allReduce: return .allReduce
        case .allGather: return .allGather
        case .reduceScatter: return .reduceScatter
        case .allToAll: return .allToAll
        case .broadcast: return .broadcast
        case .reduce: return .reduce
        case .gather: return .gather
        case .scatter: return .scatter
        case .barrier: return .barrier
        default: return nil
        }
    }

    /// One Chakra trace per rank for `workload`: a node per task (id = the task's index), compute
    /// nodes with their duration in whole microseconds, collective nodes with `comm_type`,
    /// `comm_size` and the `pg_name` of the rank's group, send and receive nodes for transfers;
    /// `pg_config` lists every collective's group.
    ///
    /// - Throws: `InputError` for a collective Chakra cannot name, or a rank outside every group of one
    ///   of its collectives.
    public static func traces(of workload: Workload) throws(InputError) -> [ChakraTrace] {
        var names: [[Int]: String] = [:]
        var config: [String] = []
        for c in workload.collectives where c.collective != .sendReceive {
            for g in c.groups where names[g] == nil {
                names[g] = String(names.count)
                config.append(
                    "{\"pg_name\": \"\(names[g]!)\", \"ranks\": [\(g.map(String.init).joined(separator: ", "))]}")
            }
        }
        let metadata: [(String, ChakraTrace.Value)] = [
            (processGroupsAttribute, .string("[" + config.joined(separator: ", ") + "]"))
        ]
        return try (0..<workload.ranks).map { (r: Int) throws(InputError) -> ChakraTrace in
            let program = workload.programs[workload.programs.count == 1 ? 0 : r]
            var nodes: [ChakraTrace.Node] = []
            for (t, task) in program.enumerated() {
                let deps = task.dependencies.map { UInt64($0) }
                switch task.kind {
                case .compute(let s):
                    nodes.append(
                        ChakraTrace.Node(
                            id: UInt64(t), name: "compute \(t)", type: .compute, dataDeps: deps,
                            durationMicros: UInt64((s * 1e6).rounded())))
                case .collective(let i) where workload.collectives[i].collective == .sendReceive:
                    guard let pair = workload.collectives[i].groups.first(where: { $0.contains(r) }) else {
                        throw InputError(
                            "rank \(r) is in no pair of transfer \(i + 1) (\(workload.collectives[i].label))")
                    }
                    nodes.append(transferNode(workload.collectives[i], id: UInt64(t), pair: pair, rank: r, deps: deps))
                case .collective(let i):
                    let c = workload.collectives[i]
                    guard let type = commType(c.collective) else {
                        throw InputError("Chakra has no comm_type for \(c.collective)")
                    }
                    guard let group = c.groups.first(where: { $0.contains(r) }) else {
                        throw InputError("rank \(r) is in no group of collective \(i + 1) (\(c.label))")
                    }
                    nodes.append(
                        ChakraTrace.Node(
                            id: UInt64(t), name: c.label, type: .collective, dataDeps: deps,
                            attributes: [
                                ("comm_type", .int(Int64(type.rawValue))), ("comm_size", .int(Int64(c.bytes))),
                                ("pg_name", .string(names[group]!)),
                            ]))
                }
            }
            return ChakraTrace(version: "0.0.4", metadata: metadata, nodes: nodes)
        }
    }

    /// A rank's side of a transfer: a `COMM_SEND_NODE` on the sender (`pair[0]`), a `COMM_RECV_NODE` on
    /// the receiver, with `comm_src`, `comm_dst`, `comm_size` and tag 0 (pairs in order match).
    static func transferNode(
        _ c: WorkloadCollective, id: UInt64, pair: [Int], rank: Int, deps: [UInt64]
    ) -> ChakraTrace.Node {
        ChakraTrace.Node(
            id: id, name: c.label, type: pair[0] == rank ? .send : .receive, dataDeps: deps,
            attributes: [
                ("comm_src", .int(Int64(pair[0]))), ("comm_dst", .int(Int64(pair[1]))),
                ("comm_size", .int(Int64(c.bytes))), ("comm_tag", .int(0)),
            ])
    }
}

/// A synthetic training job for trace fixtures: `layers` transformer layers on `ranks` ranks with
/// tensor parallelism `tp` and `pp` pipeline stages (data parallelism ranks / (tp × pp)): each
/// layer's forward and input gradient end with an all-reduce of `activationBytes` in its
/// tensor-parallel group (none when tp is 1), and its weight gradient with an all-reduce of
/// `gradientBytes` in its data-parallel group (none when that holds one rank). With pp > 1, every
/// stage runs the layers and sends `pipelineBytes` to the next stage (activations) and back (gradients).
public struct SyntheticTraining: Sendable, Equatable {
    public var ranks: Int
    public var tp: Int
    public var layers: Int
    /// Compute nanoseconds of each layer's forward pass, input gradient and weight gradient.
    public var compute: (forward: Int, inputGradient: Int, weightGradient: Int)
    public var activationBytes: Int
    public var gradientBytes: Int
    /// Pipeline stages.
    public var pp: Int
    /// SimAI's `pp_comm`: bytes each rank sends to the next stage and back.
    public var pipelineBytes: Int

    /// A job; compute times in nanoseconds.
    public init(
        ranks: Int, tp: Int, layers: Int, compute: (forward: Int, inputGradient: Int, weightGradient: Int),
        activationBytes: Int, gradientBytes: Int, pp: Int = 1, pipelineBytes: Int = 0
    ) {
        self.ranks = ranks
        self.tp = tp
        self.layers = layers
        self.compute = compute
        self.activationBytes = activationBytes
        self.gradientBytes = gradientBytes
        self.pp = pp
        self.pipelineBytes = pipelineBytes
    }

    public static func == (a: SyntheticTraining, b: SyntheticTraining) -> Bool {
        a.ranks == b.ranks && a.tp == b.tp && a.layers == b.layers && a.compute == b.compute
            && a.activationBytes == b.activationBytes && a.gradientBytes == b.gradientBytes && a.pp == b.pp
            && a.pipelineBytes == b.pipelineBytes
    }

    /// The job as a SimAI workload file; `pp_comm` ends the header when pp > 1, as AICB writes it.
    public func simAI() -> String {
        let mp = tp > 1 ? "ALLREDUCE \(activationBytes)" : "NONE 0"
        let dp = ranks / (tp * pp) > 1 ? "ALLREDUCE \(gradientBytes)" : "NONE 0"
        var out =
            "HYBRID_TRANSFORMER_FWD_IN_BCKWD model_parallel_NPU_group: \(tp) ep: 1 pp: \(pp) vpp: 1 ga: 1 "
            + "all_gpus: \(ranks) checkpoints: 0 checkpoint_initiates: 0"
            + (pp > 1 ? " pp_comm: \(pipelineBytes)\n" : "\n") + "\(layers)\n"
        for l in 0..<layers {
            out +=
                "layer\(l) -1 \(compute.forward) \(mp) \(compute.inputGradient) \(mp) \(compute.weightGradient) \(dp) 0\n"
        }
        return out
    }
}
