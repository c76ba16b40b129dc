import Fabric
import InterlockCore

/// Hands out the GPUs of compute nodes to jobs, first free GPU first, and refuses what cannot be
/// placed: unknown or non-compute nodes, a node listed twice, more GPUs than a node has, GPUs
/// another job already holds, more nodes than the fabric has.
///
/// Invariant: `taken[host]` never exceeds `capacity(host)`; `holders[host]` lists the jobs holding
/// GPUs there, in allocation order.
struct GPUAllocator {
    let fabric: FabricGraph
    private var taken: [DeviceID: Int] = [:]
    private var holders: [DeviceID: [(job: String, location: SourceLocation?)]] = [:]
    /// Compute nodes in device order (the order of `nodes: all` and of counted placements).
    let computeNodes: [DeviceID]

    init(fabric: FabricGraph) {
        self.fabric = fabric
        computeNodes = fabric.computeHosts.filter { !fabric.nics(of: $0).isEmpty }
    }

    /// The rank slots of `host`: its GPUs with their NICs, or one slot per NIC on a host without GPUs.
    func slots(of host: DeviceID) -> [RankSlot] {
        let nics = fabric.nics(of: host)
        let gpus = fabric.gpus(of: host)
        if gpus.isEmpty { return nics.map { RankSlot(gpu: -1, nic: $0) } }
        return gpus.compactMap { g in
            guard let nic = fabric.devices[Int(g)].nic ?? nics.first else { return nil }
            return RankSlot(gpu: g, nic: nic)
        }
    }

    func capacity(_ host: DeviceID) -> Int { slots(of: host).count }
    func free(_ host: DeviceID) -> Int { capacity(host) - taken[host, default: 0] }

    /// Checks that `host` is a compute node; `fail` turns a message into an error at the right place.
    func checkComputeNode(_ host: DeviceID, fail: (String) -> InputError) throws(InputError) {
        let name = fabric.devices[Int(host)].name
        guard fabric.devices[Int(host)].kind == .host, capacity(host) > 0 else {
            throw fail("node '\(name)' is not a compute node (it has no compute NIC)")
        }
    }

    /// Takes `count` GPUs of `host` for `job` (all its free GPUs when `count` is nil).
    mutating func allocate(
        _ host: DeviceID, count: Int?, job: String, location: SourceLocation?,
        fail: (String) -> InputError
    ) throws(InputError) -> [RankSlot] {
        try checkComputeNode(host, fail: fail)
        let name = fabric.devices[Int(host)].name
        let all = slots(of: host)
        let used = taken[host, default: 0]
        let want = count ?? (all.count - used)
        guard want <= all.count else {
            throw fail("job '\(job)' asks for \(want) GPUs per node, but \(name) has \(all.count)")
        }
        guard want > 0, used + want <= all.count else {
            let others = holders[host, default: []]
            let names = others.map { h in "'\(h.job)'" + (h.location.map { " (\($0))" } ?? "") }.joined(separator: ", ")
            let who = others.count == 1 ? "job \(names) already holds" : "jobs \(names) already hold"
            throw fail("job '\(job)' needs \(max(want, 1)) GPUs on \(name), but \(who) \(used) of its \(all.count)")
        }
        taken[host] = used + want
        holders[host, default: []].append((job, location))
        return Array(all[used..<(used + want)])
    }

    /// The first `count` compute nodes (device order) with `gpus` free GPUs each (all of a node's
    /// GPUs when nil).
    func firstFree(_ count: Int, gpus: Int?, job: String, fail: (String) -> InputError) throws(InputError) -> [DeviceID]
    {
        guard count <= computeNodes.count else {
            throw fail("job '\(job)' asks for \(count) nodes, but the fabric has \(computeNodes.count) compute nodes")
        }
        let fit = computeNodes.filter { h in
            let f = free(h)
            return gpus.map { f >= $0 && $0 > 0 } ?? (f == capacity(h) && f > 0)
        }
        guard fit.count >= count else {
            let what = gpus.map { "\($0) free GPUs" } ?? "all GPUs free"
            throw fail(
                "job '\(job)' asks for \(count) nodes with \(what); only \(fit.count) of the fabric's \(computeNodes.count) compute nodes have that"
            )
        }
        return Array(fit.prefix(count))
    }
}
