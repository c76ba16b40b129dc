import InterlockCore

/// SimAI/AICB workload files (the ASTRA-sim layer-wise format): a header line with the training
/// loop and the parallel sizes (`model_parallel_NPU_group: TP ep: EP pp: PP ... all_gpus: N`), the
/// layer count, then one line per layer: name, a reserved field, then for the forward pass, the input
/// gradient and the weight gradient each a compute time (nanoseconds) and a collective (type and
/// bytes, `NONE 0` for none), and the delay of the weight update.
///
/// Ranks are numbered as Megatron-LM does (tensor-parallel fastest, then data-parallel, then
/// pipeline stage). The forward and input-gradient collectives run in each tensor-parallel group, the
/// weight-gradient ones in each data-parallel group, unless the type names a group (`_DP`, `_EP`,
/// `_DP_EP`). The iteration runs the layers forward, each waiting for its forward collective, then
/// backward: input gradient, its collective, weight gradient, whose collective overlaps the
/// backward of the layers below; the weight updates follow their collectives. With pp stages, a
/// header's `pp_comm: BYTES` (AICB's activation size) is sent between consecutive stages (see `make`).
public enum SimAIWorkload {
    /// The parallel sizes of the header.
    public struct Header: Sendable, Equatable {
        /// The training loop (`HYBRID_TRANSFORMER_FWD_IN_BCKWD`...).
        public var loop: String
        /// Tensor (model) parallel size.
        public var tp: Int
        /// Expert parallel size.
        public var ep: Int
        /// Pipeline stages.
        public var pp: Int
        /// Ranks in all.
        public var gpus: Int
        /// `pp_comm`: bytes every rank sends to the next pipeline stage after its forward pass
        /// (activations) and to the previous one after its backward pass (gradients); 0 for none.
        public var ppComm: Int
    }

    /// One layer line.
    public struct Layer: Sendable, Equatable {
        public var name: String
        /// Compute nanoseconds and collective (type, bytes) of the forward pass, input gradient and
        /// weight gradient, in that order.
        public var phases: [(compute: Int, type: String, bytes: Int)]
        /// Nanoseconds of the weight update after the weight-gradient collective.
        public var update: Int

        public static func == (a: Layer, b: Layer) -> Bool {
            a.name == b.name && a.update == b.update
                && a.phases.elementsEqual(b.phases) {
                    $0.compute == $1.compute && $0.type == $1.type && $0.bytes == $1.bytes
                }
        }
    }

    /// Reads a workload file's text; errors name `file`, the line and the column.
    public static func parse(_ text: String, file: String) throws(InputError) -> (Header, [Layer]) {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map {
            $0.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\r" })
        }
        func fail(_ line: Int, _ message: String) -> InputError { InputError(file: file, line: line, message) }
        guard let first = lines.first, let loop = first.first else { throw fail(1, "empty workload file") }
        var values: [String: Int] = [:]
        var k = 1
        while k + 1 < first.count {
            // AICB writes pp_comm as a float when it divides by the tensor-parallel size; SimAI also
            // reads `pp_comm` without its colon.
            let number = Int(first[k + 1]) ?? Double(first[k + 1]).flatMap { $0.isFinite ? Int(exactly: $0) : nil }
            if first[k].hasSuffix(":") || first[k] == "pp_comm", let v = number {
                values[String(first[k].hasSuffix(":") ? first[k].dropLast() : first[k])] = v
                k += 2
            } else {
                k += 1
            }
        }
        guard let tp = values["model_parallel_NPU_group"], let gpus = values["all_gpus"] else {
            throw fail(1, "the header needs model_parallel_NPU_group: and all_gpus:")
        }
        let header = Header(
            loop: String(loop), tp: tp, ep: values["ep"] ?? 1, pp: values["pp"] ?? 1, gpus: gpus,
            ppComm: values["pp_comm"] ?? 0)
        guard tp >= 1, header.ep >= 1, header.pp >= 1, gpus >= 1, gpus % (tp * header.pp) == 0 else {
            throw fail(1, "all_gpus \(gpus) is not a multiple of model_parallel_NPU_group × pp")
        }
        guard header.ppComm >= 0 else { throw fail(1, "pp_comm \(header.ppComm) is negative") }
        guard lines.count > 1, lines[1].count == 1, let count = Int(lines[1][0]), count >= 0 else {
            throw fail(2, "the second line must be the layer count")
        }
        var layers: [Layer] = []
        for (i, fields) in lines.dropFirst(2).enumerated() where !fields.isEmpty {
            let line = i + 3
            guard fields.count >= 12 else { throw fail(line, "a layer line has 12 fields, this one \(fields.count)") }
            func int(_ f: Int) throws(InputError) -> Int {
                guard let v = Int(fields[f]), v >= 0 else {
                    throw fail(line, "field \(f + 1) (\(fields[f])) is not a non-negative integer")
                }
                return v
            }
            var phases: [(compute: Int, type: String, bytes: Int)] = []
            for p in 0..<3 {
                phases.append((try int(2 + 3 * p), String(fields[3 + 3 * p]), try int(4 + 3 * p)))
            }
            layers.append(Layer(name: String(fields[0]), phases: phases, update: try int(11)))
        }
        guard layers.count == count else {
            throw fail(2, "the file declares \(count) layers and holds \(layers.count)")
        }
        return (header, layers)
    }

    /// The workload of a file's text on a job of `ranks` ranks. With pp stages and `pp_comm` bytes,
    /// each stage's program is the file's loop between the pipeline's transfers: it receives the
    /// activations of the stage before (but the first), runs its forward pass, sends its activations
    /// to the stage after and receives their gradients (but the last), runs its backward pass, and
    /// sends its input gradient back right after layer 0's (but the first). Rank r of stage s pairs
    /// with rank r + tp × dp of stage s + 1 (Megatron's order).
    public static func make(_ text: String, file: String, ranks: Int) throws(InputError) -> Workload {
        let (header, layers) = try parse(text, file: file)
        guard header.gpus == ranks else {
            throw InputError(file: file, line: 1, "all_gpus is \(header.gpus), the job has \(ranks) ranks")
        }
        var collectives: [WorkloadCollective] = []
        // The collective of each layer's phases, in the order the loop issues them: forward passes,
        // then input and weight gradients from the last layer down.
        var phaseCollective = [[Int?]](repeating: [nil, nil, nil], count: layers.count)
        let order = layers.indices.map { ($0, 0) } + layers.indices.reversed().flatMap { [($0, 1), ($0, 2)] }
        for (l, p) in order {
            let ph = layers[l].phases[p]
            guard ph.type != "NONE", ph.bytes > 0 else { continue }
            let (kind, groups) = try collective(ph.type, phase: p, header: header, file: file, line: l + 3)
            let phaseName = ["forward", "input-gradient", "weight-gradient"][p]
            phaseCollective[l][p] = collectives.count
            collectives.append(
                WorkloadCollective(
                    collective: kind, bytes: Double(ph.bytes), groups: groups,
                    label: "\(layers[l].name) \(phaseName)"))
        }
        let pipelined = header.pp > 1 && header.ppComm > 0
        let stageSize = header.gpus / header.pp
        /// The transfers between stage s and s + 1: activations forward, gradients back.
        func transfer(_ s: Int, forward: Bool) -> WorkloadCollective {
            let pairs = (s * stageSize..<(s + 1) * stageSize).map { r in
                forward ? [r, r + stageSize] : [r + stageSize, r]
            }
            return WorkloadCollective(
                collective: .sendReceive, bytes: Double(header.ppComm), groups: pairs,
                label: forward ? "pipeline forward \(s)→\(s + 1)" : "pipeline backward \(s + 1)→\(s)")
        }
        var forwardTransfers: [Int] = []
        var backwardTransfers: [Int] = []
        for s in 0..<(pipelined ? header.pp - 1 : 0) {
            forwardTransfers.append(collectives.count)
            collectives.append(transfer(s, forward: true))
            backwardTransfers.append(collectives.count)
            collectives.append(transfer(s, forward: false))
        }
        /// Transfer k of `list`, or none beyond its ends (the first and the last stage).
        func at(_ list: [Int], _ k: Int) -> Int? { list.indices.contains(k) ? list[k] : nil }
        let programs = (0..<(pipelined ? header.pp : 1)).map { s in
            program(
                layers, phaseCollective: phaseCollective,
                receive: (at(forwardTransfers, s - 1), at(backwardTransfers, s)),
                send: (at(forwardTransfers, s), at(backwardTransfers, s - 1)))
        }
        return Workload(
            format: "simai", ranks: ranks, collectives: collectives,
            programs: pipelined ? (0..<ranks).map { programs[$0 / stageSize] } : programs)
    }

    /// One stage's tasks: the SimAI loop over `layers` (each phase's compute, then its collective),
    /// with the pipeline's transfers (collective indices) received and sent around the passes.
    static func program(
        _ layers: [Layer], phaseCollective: [[Int?]], receive: (activations: Int?, gradients: Int?),
        send: (activations: Int?, gradients: Int?)
    ) -> [WorkloadTask] {
        var tasks: [WorkloadTask] = []
        /// Appends a collective (when there is one) after `after`; returns what comes next waits for.
        func communicate(_ index: Int?, after: [Int]) -> [Int] {
            guard let index else { return after }
            tasks.append(WorkloadTask(.collective(index: index), after: after))
            return [tasks.count - 1]
        }
        /// Appends a phase's compute task (after `after`) and its collective (after the compute);
        /// returns the indices of both (the collective's is the compute's when there is none).
        func phase(_ l: Int, _ p: Int, after: [Int]) -> (compute: Int, collective: Int) {
            tasks.append(WorkloadTask(.compute(seconds: Double(layers[l].phases[p].compute) / 1e9), after: after))
            let compute = tasks.count - 1
            return (compute, communicate(phaseCollective[l][p], after: [compute])[0])
        }
        var last = communicate(receive.activations, after: [])
        for l in layers.indices {
            last = [phase(l, 0, after: last).collective]
        }
        last = communicate(receive.gradients, after: communicate(send.activations, after: last))
        var weightCollectives: [(layer: Int, task: Int)] = []
        for l in layers.indices.reversed() {
            let ig = phase(l, 1, after: last)
            if l == 0 { _ = communicate(send.gradients, after: [ig.collective]) }
            let wg = phase(l, 2, after: [ig.collective])
            weightCollectives.append((l, wg.collective))
            last = [wg.compute]
        }
        for (l, t) in weightCollectives where layers[l].update > 0 {
            tasks.append(WorkloadTask(.compute(seconds: Double(layers[l].update) / 1e9), after: [t]))
        }
        return tasks
    }

    /// The collective a type names and its groups.
    static func collective(_ type: String, phase: Int, header h: Header, file: String, line: Int) throws(InputError)
        -> (Collective, [[Int]])
    {
        // Longest names first: REDUCESCATTER before REDUCE.
        let kinds: [(String, Collective)] = [
            ("ALLREDUCE", .allReduce), ("ALLGATHER", .allGather), ("REDUCESCATTER", .reduceScatter),
            ("ALLTOALL", .allToAll), ("BROADCAST", .broadcast), ("REDUCE", .reduce), ("GATHER", .gather),
            ("SCATTER", .scatter), ("BARRIER", .barrier),
        ]
        guard let (prefix, kind) = kinds.first(where: { type.hasPrefix($0.0) }) else {
            throw InputError(file: file, line: line, "unknown collective type \(type)")
        }
        let dp = h.gpus / (h.tp * h.pp)
        // Every group: `size` ranks `stride` apart, starting at each first rank that is not a member
        // of an earlier group.
        func groups(size: Int, stride: Int) -> [[Int]] {
            var seen = Set<Int>()
            var out: [[Int]] = []
            for r in 0..<h.gpus where !seen.contains(r) {
                let g = (0..<size).map { r + $0 * stride }
                seen.formUnion(g)
                out.append(g)
            }
            return out
        }
        switch type.dropFirst(prefix.count) {
        case "": return (kind, phase == 2 ? groups(size: dp, stride: h.tp) : groups(size: h.tp, stride: 1))
        case "_DP": return (kind, groups(size: dp, stride: h.tp))
        case "_EP" where dp % h.ep == 0: return (kind, groups(size: h.ep, stride: h.tp))
        case "_DP_EP" where dp % h.ep == 0: return (kind, groups(size: dp / h.ep, stride: h.tp * h.ep))
        default:
            throw InputError(file: file, line: line, "unsupported group in \(type) (ep \(h.ep), data-parallel \(dp))")
        }
    }
}
