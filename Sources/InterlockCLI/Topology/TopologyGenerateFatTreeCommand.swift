import ArgumentParser
import Fabric

/// `interlock topology generate fat-tree --k K`.
struct TopologyGenerateFatTreeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fat-tree",
        abstract: "A k-ary fat-tree (Al-Fares): k pods, k³/4 hosts, 5k²/4 switches.")

    @Option(help: "Switch radix: even, 4 through 64.")
    var k: Int

    @Option(help: "GPUs per host, behind its single NIC (default: plain hosts).")
    var gpusPerHost: Int = 0

    @Option(help: "Edge oversubscription: hosts per edge over uplinks, e.g. 3 or 3:1.")
    var oversubscription: String = "1"

    @OptionGroup var common: GenerateOptions

    func run() throws {
        var p = FatTreeParameters(k: k)
        p.gpusPerHost = gpusPerHost
        p.oversubscription = try GenerateRatio.parse(oversubscription)
        if let g = common.linkGbps { p.linkGbps = g }
        if let t = try common.parsedTransport() { p.transport = t }
        if let (_, message) = p.problem() { throw ValidationError(message) }
        try common.emit(.fatTree(p), defaultName: "fat-tree-k\(k)")
    }
}

/// `3`, `1.5` or `3:1` from the command line.
enum GenerateRatio {
    static func parse(_ text: String) throws -> Double {
        let parts = text.split(separator: ":")
        if parts.count == 2, let a = Double(parts[0]), let b = Double(parts[1]), b > 0 { return a / b }
        guard parts.count == 1, let v = Double(text) else { throw ValidationError("--oversubscription takes a ratio such as 2 or 2:1 (got \(text))") }
        return v
    }
}
