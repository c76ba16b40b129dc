import Documents
import Fabric
import InterlockCore

/// Reads a jobs file and places its jobs on a fabric.
///
/// ```yaml
/// jobs:
/// - name: llama-pretrain       # unique
///   tenant: training           # the Kubernetes namespace the job runs in
///   nodes: dgx[0001-0016]      # a Slurm hostlist, `all` (every compute node) or a count (first free nodes)
///   gpusPerNode: 8             # optional: default every GPU of each node
/// ```
///
/// Jobs are placed in file order, each taking the first free GPUs of its nodes. Every error names
/// the file, line and column of the entry at fault.
public enum JobsFile {
    /// Reads and places the jobs of `path`.
    ///
    /// - Throws: `InputError` when the file cannot be read, or at the entry at fault (an unknown host, a
    ///   node that is not a compute node, more GPUs or nodes than are free).
    public static func load(path: String, fabric: FabricGraph) throws(InputError) -> JobPlacement {
        let bytes = try SourceLoader.read(path: path)
        return try load(bytes: bytes, file: path, fabric: fabric)
    }

    /// Reads and places the jobs of a document already in memory (`file` names it in errors).
    public static func load(bytes: [UInt8], file: String, fabric: FabricGraph) throws(InputError) -> JobPlacement {
        let documents = try SourceLoader.documents(bytes: bytes, file: file)
        guard documents.count == 1, let root = documents.first?.cursor else {
            throw InputError(
                file: file, "expected one YAML document with a top-level 'jobs' list (found \(documents.count))")
        }
        try root.rejectUnknownKeys(["jobs"], in: "jobs file")
        let entries = try root.required("jobs").array()
        guard !entries.isEmpty else { throw root.error("the jobs list is empty") }
        var allocator = GPUAllocator(fabric: fabric)
        var jobs: [Job] = []
        var seen: [String: SourceLocation] = [:]
        for entry in entries {
            let job = try readJob(entry, fabric: fabric, allocator: &allocator)
            if let first = seen[job.name] {
                throw entry.error("duplicate job name '\(job.name)' (first at \(first))")
            }
            seen[job.name] = job.location
            jobs.append(job)
        }
        return JobPlacement(jobs: jobs)
    }

    static func readJob(_ c: Cursor, fabric: FabricGraph, allocator: inout GPUAllocator) throws(InputError) -> Job {
        guard c.isMapping else {
            throw c.error("expected a job (a mapping with name, tenant, nodes), found \(c.describe)")
        }
        try c.rejectUnknownKeys(["name", "tenant", "nodes", "gpusPerNode"], in: "job")
        let nameCursor = try c.required("name")
        let tenantCursor = try c.required("tenant")
        let name = try nameCursor.string()
        let tenant = try tenantCursor.string()
        guard !name.isEmpty else { throw nameCursor.error("job name must not be empty") }
        guard !tenant.isEmpty else { throw tenantCursor.error("tenant must not be empty") }
        let location = SourceLocation(file: c.file, line: c.mark.line, column: c.mark.column)
        var gpus: Int?
        if let g = c.optional("gpusPerNode") {
            let n = try g.int()
            guard n >= 1 else { throw g.error("gpusPerNode must be at least 1 (got \(n))") }
            gpus = n
        }
        let nodesCursor = try c.required("nodes")
        let fail = { (message: String) in nodesCursor.error(message) }
        let text = try nodesCursor.string()
        var hosts: [DeviceID]
        if text == "all" {
            hosts = allocator.computeNodes
            guard !hosts.isEmpty else { throw fail("the fabric has no compute nodes") }
        } else if let count = Int(text) {
            guard count >= 1 else {
                throw fail("nodes must be a hostlist, 'all' or a count of at least 1 (got \(count))")
            }
            hosts = try allocator.firstFree(count, gpus: gpus, job: name, fail: fail)
        } else {
            do {
                hosts = try fabric.hosts(hostlist: text)
            } catch {
                throw fail(error.message)
            }
        }
        var seenHosts = Set<DeviceID>()
        var nodes: [JobNode] = []
        nodes.reserveCapacity(hosts.count)
        for h in hosts {
            guard seenHosts.insert(h).inserted else {
                throw fail("job '\(name)' lists node \(fabric.devices[Int(h)].name) twice")
            }
            let slots = try allocator.allocate(h, count: gpus, job: name, location: location, fail: fail)
            nodes.append(JobNode(host: h, slots: slots))
        }
        return Job(name: name, tenant: tenant, nodes: nodes, location: location)
    }
}
