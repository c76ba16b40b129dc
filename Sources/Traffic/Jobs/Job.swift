import Fabric
import InterlockCore

/// Where one rank runs: its GPU, and the compute NIC its network traffic leaves through.
///
/// A host without GPUs (the plain hosts of a textbook fat-tree) runs one rank per compute NIC;
/// such a slot has `gpu == -1`.
public struct RankSlot: Equatable, Sendable {
    /// The GPU (`-1` on hosts without GPUs).
    public var gpu: DeviceID
    /// The compute NIC the rank's traffic leaves through.
    public var nic: DeviceID

    /// A slot of `gpu` sending through `nic`.
    public init(gpu: DeviceID, nic: DeviceID) {
        self.gpu = gpu
        self.nic = nic
    }
}

/// One node of a job and the slots (ranks) the job holds on it, in rank order.
public struct JobNode: Equatable, Sendable {
    /// The host.
    public var host: DeviceID
    /// The job's ranks on the host, in rank order.
    public var slots: [RankSlot]
    /// The pod (`namespace/name`) holding each slot, parallel to `slots`, for jobs read from
    /// Kubernetes manifests; empty for jobs from a jobs file (policy impact then looks the pods up by
    /// tenant and node).
    public var pods: [String]

    /// A node; `pods` is empty or parallel to `slots`.
    public init(host: DeviceID, slots: [RankSlot], pods: [String] = []) {
        self.host = host
        self.slots = slots
        self.pods = pods
    }
}

/// A job placed on the fabric: each of its GPUs is a rank; nodes are taken in the order given
/// (hostlist order), ranks numbered node by node.
///
/// Invariant: every node appears once, holds at least one slot, and no slot is shared with another
/// job of the same `JobPlacement`.
public struct Job: Sendable {
    /// The job's name (unique in its placement).
    public var name: String
    /// The tenant: the Kubernetes namespace the job runs in.
    public var tenant: String
    /// The nodes, in hostlist order; ranks are numbered node by node.
    public var nodes: [JobNode]
    /// Where the job is declared (its entry in the jobs file, or its first pod).
    public var location: SourceLocation?

    /// A job; the caller keeps the invariant above.
    public init(name: String, tenant: String, nodes: [JobNode], location: SourceLocation? = nil) {
        self.name = name
        self.tenant = tenant
        self.nodes = nodes
        self.location = location
    }

    /// Ranks of the job (N).
    public var rankCount: Int { nodes.reduce(0) { $0 + $1.slots.count } }
}

/// Every job of a simulation, placed without overlap.
public struct JobPlacement: Sendable {
    /// The jobs, in placement order: global ranks follow this order.
    public var jobs: [Job]
    /// Facts the reader should know about how the jobs were found (skipped workloads, ...).
    public var warnings: [String]

    /// A placement of `jobs`, which must not share slots.
    public init(jobs: [Job], warnings: [String] = []) {
        self.jobs = jobs
        self.warnings = warnings
    }

    /// Ranks over all jobs.
    public var rankCount: Int { jobs.reduce(0) { $0 + $1.rankCount } }
}
