import Fabric

/// The traffic patterns Interlock generates: NCCL's collectives and a few fabric benchmarks.
///
/// Sizes follow nccl-tests: S is the per-rank buffer of all-reduce and all-to-all, and the total
/// (N × per-rank) buffer of all-gather and reduce-scatter; every rank then sends 2(N−1)/N·S
/// (all-reduce) or (N−1)/N·S (the others) in all. S is the buffer broadcast or reduced (every
/// non-root rank receives or sends S), and the root's total buffer of gather and scatter (S/N per
/// rank).
public enum Collective: String, CaseIterable, Sendable, CustomStringConvertible {
    /// Ring all-reduce (NCCL's ring algorithm): reduce-scatter then all-gather around a ring.
    case allReduce = "all-reduce"
    /// Tree all-reduce (NCCL's double binary tree): reduce up two complementary trees, broadcast down.
    case treeAllReduce = "tree-all-reduce"
    /// Reduce-scatter around a ring: each rank ends with 1/N of the reduced buffer.
    case reduceScatter = "reduce-scatter"
    /// All-gather around a ring: each rank ends with every rank's 1/N.
    case allGather = "all-gather"
    /// Every rank sends S/N to every rank; with PXN, cross-rail bytes hop over NVLink first.
    case allToAll = "all-to-all"
    /// Point to point: the nodes form one random cycle, and every rank sends S to its peer on the
    /// next node.
    case permutation
    /// k senders (one rank on each of k nodes) send S each to one receiver (rank 0).
    case incast
    /// Every node reads S from the storage servers over the storage plane, striped evenly.
    case storageRead = "storage-read"
    /// Front-end load: every node sends S over the front-end plane, spread evenly over the others.
    case background
    /// Rank 0 sends S to every rank: NCCL's ring broadcast, pipelined along each channel's ring from
    /// the root, without the ring's hop back into the root's node.
    case broadcast
    /// Every rank's S is reduced into rank 0: NCCL's ring reduce, pipelined along each channel's ring
    /// to the root, without the ring's hop out of the root's node.
    case reduce
    /// Every rank sends S/N to rank 0 (nccl-tests' gather: a send per rank, a receive per rank at
    /// the root), NIC to NIC (no PXN relay).
    case gather
    /// Rank 0 sends S/N to every rank (nccl-tests' scatter), the mirror of gather.
    case scatter
    /// A synchronization with no payload: no flow, no byte (this tool has no latency model).
    case barrier
    /// Point to point: the communicator's first rank sends S to its last (a Chakra send/receive pair,
    /// a pipeline stage's activations), NIC to NIC, or over NVLink inside a node.
    case sendReceive = "send-receive"

    /// Accepts the canonical names and common spellings (`allreduce`, `ring`, `alltoall`, `a2a`...).
    public init?(name: String) {
        let key = name.lowercased().filter { $0 != "-" && $0 != "_" && $0 != " " }
        switch key {
        case "allreduce", "ringallreduce", "ring": self = .allReduce
        case "treeallreduce", "tree": self = .treeAllReduce
        case "reducescatter": self = .reduceScatter
        case "allgather": self = .allGather
        case "alltoall", "a2a": self = .allToAll
        case "permutation", "perm", "p2p", "sendrecv": self = .permutation
        case "incast": self = .incast
        case "storageread", "storagereads", "storage": self = .storageRead
        case "background", "frontend", "frontendload": self = .background
        case "broadcast", "bcast": self = .broadcast
        case "reduce": self = .reduce
        case "gather": self = .gather
        case "scatter": self = .scatter
        case "barrier": self = .barrier
        case "sendreceive": self = .sendReceive
        default: return nil
        }
    }

    /// The canonical name (`all-reduce`, `all-to-all`, ...), as flags and reports write it.
    public var description: String { rawValue }

    /// nccl-tests' bus-bandwidth factor for N ranks: busBw = algBw × factor (`doc/PERFORMANCE.md`;
    /// gather and scatter as `src/gather.cu` and `src/scatter.cu` compute it).
    public func busFactor(ranks n: Int) -> Double {
        let n = Double(max(n, 1))
        switch self {
        case .allReduce, .treeAllReduce: return 2 * (n - 1) / n
        case .reduceScatter, .allGather, .allToAll, .gather, .scatter: return (n - 1) / n
        case .permutation, .incast, .storageRead, .background, .broadcast, .reduce, .barrier, .sendReceive: return 1
        }
    }

    /// The plane the pattern runs on.
    public var plane: Plane {
        switch self {
        case .storageRead: return .storage
        case .background: return .frontend
        default: return .compute
        }
    }
}

/// Which ranks form one communicator.
public enum CommunicatorSpan: String, CaseIterable, Sendable {
    /// Each job runs the collective among its own ranks.
    case job
    /// One communicator over the ranks of every job, in job order (traffic between jobs and tenants).
    case all
}

/// The parameters of a simulated collective.
public struct CollectiveOptions: Sendable {
    /// The traffic pattern.
    public var collective: Collective
    /// S, in bytes.
    public var size: Double
    /// NCCL channels (rings or tree pairs); a multiple of the rails a node uses. `nil`: 8, rounded up
    /// to a multiple of the rails.
    public var channels: Int?
    /// PXN for all-to-all: relay over NVLink to the destination's rail, aggregate per (source node,
    /// destination node, rail).
    public var pxn: Bool
    /// QPs per connection (NCCL_IB_QPS_PER_CONNECTION); the connection's bytes split evenly over them.
    public var qpsPerConnection: Int
    /// Seed of the permutation's node cycle.
    public var seed: UInt64
    /// Incast senders (default: one rank on every other node).
    public var senders: Int?
    /// Destination TCP port of background flows.
    public var port: UInt16
    /// Which ranks form one communicator: each job's own, or all jobs together.
    public var span: CommunicatorSpan

    /// The options of a run; the defaults are the CLI's (no PXN, one QP per connection, seed 1, port
    /// 29500, one communicator per job).
    public init(
        collective: Collective, size: Double, channels: Int? = nil, pxn: Bool = false,
        qpsPerConnection: Int = 1, seed: UInt64 = 1, senders: Int? = nil, port: UInt16 = 29500,
        span: CommunicatorSpan = .job
    ) {
        self.collective = collective
        self.size = size
        self.channels = channels
        self.pxn = pxn
        self.qpsPerConnection = qpsPerConnection
        self.seed = seed
        self.senders = senders
        self.port = port
        self.span = span
    }
}
