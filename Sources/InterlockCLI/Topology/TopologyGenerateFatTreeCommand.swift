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

    @Option(
        help: ArgumentHelp("Edge oversubscription: hosts per edge over uplinks, e.g. 3 or 3:1.", valueName: "ratio"))
    var oversubscription = Ratio(argument: "1")!

    @OptionGroup var common: GenerateOptions

    func run() throws {
        var p = FatTreeParameters(k: k)
        p.gpusPerHost = gpusPerHost
        p.oversubscription = oversubscription.value
        if let g = common.linkGbps { p.linkGbps = g }
        if let t = common.transport { p.transport = t }
        if let problem = p.problem() { throw usageError(problem) }
        try common.emit(.fatTree(p), defaultName: "fat-tree-k\(k)")
    }
}
