import Dispatch

extension AllToAllAggregates {
    /// Generates every group on the workers (group k on worker k mod T, as flow chunks are), the
    /// same-host NVLink bytes on the first; `progress` gets the groups done.
    func run(workers: [SimulationWorker], scratches: [AggregateScratch], progress: (@Sendable (Int) -> Void)?) {
        var first = workers[0]
        generateSameHost(into: &first)
        let count = chunkCount
        let width = min(workers.count, count)
        DispatchQueue.concurrentPerform(iterations: width) { t in
            var sink = workers[t]
            var chunk = t
            while chunk < count {
                generate(chunk: chunk, scratch: scratches[t], into: &sink)
                if t == 0 { progress?(chunk + 1) }
                chunk += width
            }
        }
    }
}
