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
/// backward of the layers below; the weight updates follow their collectives.
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
            if first[k].hasSuffix(":"), let v = Int(first[k + 1]) {
                values[String(first[k].dropLast())] = v
                k += 2
            } else {
                k += 1
            }
        }
        guard let tp = values["model_parallel_NPU_group"], let gpus = values["all_gpus"] else {
            throw fail(1, "the header needs model_parallel_NPU_group: and all_gpus:")
        }
        let header = Header(loop: String(loop), tp: tp, ep: values["ep"] ?? 1, pp: values["pp"] ?? 1, gpus: gpus)
        guard tp >= 1, header.ep >= 1, header.pp >= 1, gpus >= 1, gpus % (tp * header.pp) == 0 else {
            throw fail(1, "all_gpus \(gpus) is not a multiple of model_parallel_NPU_group × pp")
        }
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

    /// The workload of a file's text on a job of `ranks` ranks.
    public static func make(_ text: String, file: String, ranks: Int) throws(InputError) -> Workload {
        let (header, layers) = try parse(text, file: file)
        guard header.gpus == ranks else {
            throw InputError(file: file, line: 1, "all_gpus is \(header.gpus), the job has \(ranks) ranks")
        }
        var collectives: [WorkloadCollective] = []
        var skipped: [String: Int] = [:]
        var tasks: [WorkloadTask] = []
        /// Appends a phase's compute task (after `after`) and its collective (after the compute); returns
        /// the indices of both (the collective's is the compute's when there is none).
        func phase(_ layer: Int, _ p: Int, after: [Int]) throws(InputError) -> (compute: Int, collective: Int) {
            let ph = layers[layer].phases[p]
            tasks.append(WorkloadTask(.compute(seconds: Double(ph.compute) / 1e9), after: after))
            let compute = tasks.count - 1
            guard ph.type != "NONE", ph.bytes > 0 else { return (compute, compute) }
            guard let (kind, groups) = try collective(ph.type, phase: p, header: header, file: file, line: layer + 3)
            else {
                skipped[ph.type, default: 0] += 1
                return (compute, compute)
            }
            let phaseName = ["forward", "input-gradient", "weight-gradient"][p]
            collectives.append(
                WorkloadCollective(
                    collective: kind, bytes: Double(ph.bytes), groups: groups,
                    label: "\(layers[layer].name) \(phaseName)"))
            tasks.append(WorkloadTask(.collective(index: collectives.count - 1), after: [compute]))
            return (compute, tasks.count - 1)
        }
        var last: [Int] = []
        for l in layers.indices {
            last = [try phase(l, 0, after: last).collective]
        }
        var weightCollectives: [(layer: Int, task: Int)] = []
        for l in layers.indices.reversed() {
            let ig = try phase(l, 1, after: last)
            let wg = try phase(l, 2, after: [ig.collective])
            weightCollectives.append((l, wg.collective))
            last = [wg.compute]
        }
        for (l, t) in weightCollectives where layers[l].update > 0 {
            tasks.append(WorkloadTask(.compute(seconds: Double(layers[l].update) / 1e9), after: [t]))
        }
        return Workload(
            format: "simai", ranks: ranks, collectives: collectives, programs: [tasks],
            skipped: skipped.sorted { $0.key < $1.key }.map { ($0.key, $0.value) })
    }

    /// The collective a type names and its groups, or `nil` for a type replay does not simulate.
    static func collective(_ type: String, phase: Int, header h: Header, file: String, line: Int) throws(InputError)
        -> (Collective, [[Int]])?
    {
        let kinds: [(String, Collective)] = [
            ("ALLREDUCE", .allReduce), ("ALLGATHER", .allGather), ("REDUCESCATTER", .reduceScatter),
            ("ALLTOALL", .allToAll),
        ]
        guard let (prefix, kind) = kinds.first(where: { type.hasPrefix($0.0) }) else {
            guard ["BROADCAST", "REDUCE", "GATHER", "SCATTER", "BARRIER"].contains(where: { type.hasPrefix($0) }) else {
                throw InputError(file: file, line: line, "unknown collective type \(type)")
            }
            return nil
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
