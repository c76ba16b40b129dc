import InterlockCore

extension ChakraWorkload {
    /// Chakra's `comm_type` of a collective the readers produce.
    static func commType(_ c: Collective) -> ChakraTrace.CommType? {
        switch c {
        case .allReduce: return .allReduce
        case .allGather: return .allGather
        case .reduceScatter: return .reduceScatter
        case .allToAll: return .allToAll
        default: return nil
        }
    }

    /// One Chakra trace per rank for `workload`: a node per task (id = the task's index), compute
    /// nodes with their duration in whole microseconds, collective nodes with `comm_type`,
    /// `comm_size` and the `pg_name` of the rank's group; `pg_config` lists every group.
    ///
    /// - Throws: `InputError` for a collective Chakra cannot name, or a rank outside every group of one
    ///   of its collectives.
    public static func traces(of workload: Workload) throws(InputError) -> [ChakraTrace] {
        var names: [[Int]: String] = [:]
        var config: [String] = []
        for c in workload.collectives {
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
}

/// A synthetic training job for trace fixtures: `layers` transformer layers on `ranks` ranks with
/// tensor parallelism `tp` (data parallelism ranks / tp): each layer's forward and input gradient end
/// with an all-reduce of `activationBytes` in its tensor-parallel group (none when tp is 1), and its
/// weight gradient with an all-reduce of `gradientBytes` in its data-parallel group (none when
/// ranks / tp is 1).
public struct SyntheticTraining: Sendable, Equatable {
    public var ranks: Int
    public var tp: Int
    public var layers: Int
    /// Compute nanoseconds of each layer's forward pass, input gradient and weight gradient.
    public var compute: (forward: Int, inputGradient: Int, weightGradient: Int)
    public var activationBytes: Int
    public var gradientBytes: Int

    /// A job; compute times in nanoseconds.
    public init(
        ranks: Int, tp: Int, layers: Int, compute: (forward: Int, inputGradient: Int, weightGradient: Int),
        activationBytes: Int, gradientBytes: Int
    ) {
        self.ranks = ranks
        self.tp = tp
        self.layers = layers
        self.compute = compute
        self.activationBytes = activationBytes
        self.gradientBytes = gradientBytes
    }

    public static func == (a: SyntheticTraining, b: SyntheticTraining) -> Bool {
        a.ranks == b.ranks && a.tp == b.tp && a.layers == b.layers && a.compute == b.compute
            && a.activationBytes == b.activationBytes && a.gradientBytes == b.gradientBytes
    }

    /// The job as a SimAI workload file.
    public func simAI() -> String {
        let mp = tp > 1 ? "ALLREDUCE \(activationBytes)" : "NONE 0"
        let dp = ranks / tp > 1 ? "ALLREDUCE \(gradientBytes)" : "NONE 0"
        var out =
            "HYBRID_TRANSFORMER_FWD_IN_BCKWD model_parallel_NPU_group: \(tp) ep: 1 pp: 1 vpp: 1 ga: 1 "
            + "all_gpus: \(ranks) checkpoints: 0 checkpoint_initiates: 0\n\(layers)\n"
        for l in 0..<layers {
            out +=
                "layer\(l) -1 \(compute.forward) \(mp) \(compute.inputGradient) \(mp) \(compute.weightGradient) \(dp) 0\n"
        }
        return out
    }
}
