import ArgumentParser
import Fabric
import InterlockCore
import Manifests
import Traffic

/// The fabric and the jobs placed on it: what `traffic simulate`, `traffic export` and `traffic replay`
/// share.
struct PlacementArguments: ParsableArguments {
    @Option(help: "Topology file (YAML, node-link JSON or DOT).")
    var topology: String

    @Option(help: "Jobs file: a `jobs:` list of {name, tenant, nodes (hostlist, all or a count), gpusPerNode}.")
    var jobs: String?

    @Option(help: "Kubernetes manifests (file or directory): pods requesting nvidia.com/gpu, placed by nodeName.")
    var cluster: String?

    func validate() throws {
        guard (jobs == nil) != (cluster == nil) else {
            throw ValidationError("give exactly one of --jobs and --cluster")
        }
    }

    /// The fabric and the jobs placed on it.
    func place() throws -> (FabricGraph, JobPlacement) {
        let fabric = try TopologyFile.load(path: topology)
        if let jobs { return (fabric, try JobsFile.load(path: jobs, fabric: fabric)) }
        return (fabric, try ManifestJobs.place(try ManifestLoader.load(paths: [cluster!]).inventory, on: fabric))
    }

    /// The files read.
    var inputPaths: [String] { [topology] + [jobs, cluster].compactMap { $0 } }
}

/// The fabric, the jobs placed on it and the collective they run: what `traffic simulate` and
/// `traffic export` share.
struct PlacedCollectiveArguments: ParsableArguments {
    @OptionGroup var placement: PlacementArguments

    @Option(help: "The collective (or a common spelling: allreduce, ring, a2a...).")
    var collective: Collective

    @Option(
        help: ArgumentHelp("S: bytes per rank (nccl-tests' size), with units: 1GiB, 256MiB, 4GB.", valueName: "bytes"))
    var size: Quantity<Bytes>

    @Option(help: "NCCL channels, a multiple of the rails per node (default 8, rounded up to one).")
    var channels: Int?

    @Flag(help: "All-to-all with PXN: relay cross-rail bytes over NVLink, one flow per (node, node, rail).")
    var pxn = false

    @Option(help: "QPs per connection (NCCL_IB_QPS_PER_CONNECTION); each QP is a flow with its own source port.")
    var qpsPerConnection: Int = 1

    func validate() throws {
        try requireRange("--size", size.value, Bytes.range, show: Units.formatBytes)
    }

    /// The fabric and the jobs placed on it.
    func place() throws -> (FabricGraph, JobPlacement) { try placement.place() }

    /// The files read.
    var inputPaths: [String] { placement.inputPaths }
}

/// The parameters of particular collectives.
struct PatternArguments: ParsableArguments {
    @Option(help: "Communicator: job (each job alone) or all (one communicator over every job).")
    var span: CommunicatorSpan = .job

    @Option(help: "Seed of the permutation's node cycle.")
    var seed: UInt64 = 1

    @Option(help: "Incast senders (default: every other node).")
    var senders: Int?

    @Option(help: "Destination TCP port of background flows.")
    var port: UInt16 = 29500

    func validate() throws {
        if let senders { try requireRange("--senders", senders, 1...1_000_000) }
    }

    /// The collective of `placed` with these parameters.
    func options(_ placed: PlacedCollectiveArguments) -> CollectiveOptions {
        CollectiveOptions(
            collective: placed.collective, size: placed.size.value, channels: placed.channels, pxn: placed.pxn,
            qpsPerConnection: placed.qpsPerConnection, seed: seed, senders: senders, port: port, span: span)
    }
}

/// The report options of `traffic simulate` and `traffic replay`: hot links listed, worker threads,
/// output format.
struct TrafficOutputArguments: ParsableArguments {
    @Option(help: "Hot links listed.")
    var hotLinks: Int = 10

    @Option(help: "Worker threads (default: one per core).")
    var threads: Int?

    @Option(help: "Output format.")
    var format: ReportFormat = .text

    func validate() throws {
        try requireRange("--hot-links", hotLinks, 0...1_000_000)
        if let threads { try requireRange("--threads", threads, 1...256) }
    }
}
