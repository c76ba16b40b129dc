import Fabric

/// The ranks of one communicator, node by node, with what flow generation needs per node.
///
/// Invariants: `nodes` holds at least one node; a node's `nics` are the distinct NICs of its slots
/// in slot order (the rails the communicator uses there), `nicFirstSlot[k]` is the first slot on
/// `nics[k]` and `nicSlots[k]` how many slots use it; `railIndex[r]` is the index in `nics` of the
/// NIC on rail r, or -1.
public struct Communicator: Sendable {
    /// A node of the communicator. A class, so that flow generation passes nodes around without
    /// copying (and retaining) their arrays.
    public final class Node: Sendable {
        /// The host the node is.
        public let host: DeviceID
        /// The job whose ranks run here (index into the placement).
        public let job: Int32
        /// Global rank of the node's first slot.
        public let firstRank: Int32
        /// The node's ranks, in rank order.
        public let slots: [RankSlot]
        /// The distinct compute NICs of `slots`, in slot order: the rails used on this node.
        public let nics: [DeviceID]
        let nicFirstSlot: [Int]
        let nicSlots: [Int]
        /// The rail of each of `nics` (0 for a NIC without one).
        let nicRails: [Int]
        let railIndex: [Int]

        init(host: DeviceID, job: Int32, firstRank: Int32, slots: [RankSlot], fabric: FabricGraph) {
            self.host = host
            self.job = job
            self.firstRank = firstRank
            self.slots = slots
            var nics: [DeviceID] = []
            var first: [Int] = []
            var count: [Int] = []
            for (i, s) in slots.enumerated() {
                if let k = nics.firstIndex(of: s.nic) {
                    count[k] += 1
                } else {
                    nics.append(s.nic)
                    first.append(i)
                    count.append(1)
                }
            }
            self.nics = nics
            nicFirstSlot = first
            nicSlots = count
            let rails = nics.map { fabric.devices[Int($0)].rail ?? 0 }
            nicRails = rails
            var index = [Int](repeating: -1, count: (rails.max() ?? 0) + 1)
            for (k, r) in rails.enumerated() where index[r] < 0 { index[r] = k }
            railIndex = index
        }

        /// The index in `nics` of the NIC channel `c` leaves through (channel c on NIC c mod rails).
        @inline(__always) func nic(channel c: Int) -> Int { c % nics.count }

        /// The global rank of the first slot on `nics[k]`.
        @inline(__always) func rank(nic k: Int) -> Int32 { firstRank + Int32(nicFirstSlot[k]) }

        /// The index in `nics` of this node's NIC on `rail`, or -1.
        @inline(__always) func nic(rail: Int) -> Int { rail < railIndex.count ? railIndex[rail] : -1 }
    }

    /// The job's name, or `all jobs` for a communicator spanning every job.
    public var name: String
    /// The nodes, in rank order (at least one).
    public var nodes: [Node]
    /// Ranks over all nodes (N).
    public var rankCount: Int
    /// Jobs whose ranks it holds.
    public var jobs: [Int]

    /// One communicator per job (`span: .job`) or one over every job (`.all`).
    public static func make(_ placement: JobPlacement, span: CommunicatorSpan, fabric: FabricGraph) -> [Communicator] {
        var perJob: [Communicator] = []
        var rank: Int32 = 0
        for (j, job) in placement.jobs.enumerated() {
            var nodes: [Node] = []
            for n in job.nodes {
                nodes.append(Node(host: n.host, job: Int32(j), firstRank: rank, slots: n.slots, fabric: fabric))
                rank += Int32(n.slots.count)
            }
            perJob.append(Communicator(name: job.name, nodes: nodes, rankCount: job.rankCount, jobs: [j]))
        }
        guard span == .all, perJob.count > 1 else { return perJob }
        return [
            Communicator(
                name: "all jobs", nodes: perJob.flatMap(\.nodes), rankCount: placement.rankCount,
                jobs: Array(placement.jobs.indices))
        ]
    }

    /// The most NICs any node of the communicator uses: the rail count channels must be a multiple of.
    public var rails: Int { nodes.map(\.nics.count).max() ?? 1 }
}
