import ArgumentParser
import Fabric

/// `interlock topology generate rail-optimized --preset dgx-h100 --scalable-units N [--pods P] [--rail-only]`.
struct TopologyGenerateRailCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rail-optimized",
        abstract: "A rail-optimized DGX SuperPOD compute fabric (or rail-only with --rail-only).")

    @Option(help: "The DGX SuperPOD preset.")
    var preset: RailPreset

    @Option(help: "Scalable units (32 nodes each by default), 1 through 64.")
    var scalableUnits: Int

    @Flag(help: "Rail-only (Wang et al.): every rail its own network, no path between rails.")
    var railOnly = false

    @Option(
        help: ArgumentHelp(
            "Pods of --scalable-units SUs each, joined by a core tier (supercore above pods of three tiers).",
            valueName: "count"))
    var pods: Int?

    @Option(help: "Nodes per scalable unit.")
    var nodesPerSU: Int?

    @Option(help: "Rails (NICs per node); GPUs per node follow unless --gpus-per-node is given.")
    var rails: Int?

    @Option(help: "GPUs per node.")
    var gpusPerNode: Int?

    @Option(help: ArgumentHelp("Leaf oversubscription: down-ports over up-ports, e.g. 2 or 2:1.", valueName: "ratio"))
    var oversubscription: Ratio?

    @OptionGroup var common: GenerateOptions

    func run() throws {
        var p = RailParameters(preset: preset, scalableUnits: scalableUnits, railOnly: railOnly)
        if let n = nodesPerSU { p.nodesPerSU = n }
        if let r = rails {
            p.rails = r
            p.gpusPerNode = r
        }
        if let g = gpusPerNode { p.gpusPerNode = g }
        if let o = oversubscription { p.oversubscription = o.value }
        if let n = pods { p.pods = n }
        if let g = common.linkGbps { p.linkGbps = g }
        if let t = common.transport { p.transport = t }
        if let problem = p.problem() { throw usageError(problem) }
        let size = p.pods > 1 ? "\(p.pods)x\(scalableUnits)su" : "\(scalableUnits)su"
        try common.emit(.rail(p), defaultName: "\(preset.rawValue)-\(size)\(railOnly ? "-rail-only" : "")")
    }
}
