import Fabric
import Findings
import Intents
import InterlockCore

/// Everything a check produced: the findings report and what the richer reports draw.
public struct CheckOutcome: Sendable {
    /// The scenario that was checked.
    public var spec: ScenarioSpec
    /// Every finding of the check (static, captures, jobs), with its warnings and figures.
    public var report = FindingsReport()
    /// Zone-to-zone reachability, for the HTML report's heat map.
    public var matrix = ZoneMatrix(zones: [], cells: [])
    /// The scenario's fabric, when it names a topology.
    public var fabric: FabricGraph?
    /// Utilization of each link direction (0...), when traffic was simulated.
    public var linkLoads: [LinkID: Double] = [:]
    /// The intent rules checked, in file order.
    public var rules: [IntentRule] = []
    /// Each rule with the views it was checked on, and a note when it was not checked.
    public var coverage: [(rule: String, views: [String], note: String?)] = []
    /// Every zone with its member count.
    public var zones: [(zone: String, members: Int)] = []
    /// Figures gathered while running (captures read, ...), added to the report's.
    var figures: [(name: String, value: String)] = []

    init(spec: ScenarioSpec) { self.spec = spec }

    /// Whether anything at or above `severity` was found (exit status 1).
    public func fails(at severity: Severity) -> Bool { report.count(atLeast: severity) > 0 }
}
