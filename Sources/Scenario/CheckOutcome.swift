import Fabric
import Findings
import InterlockCore
import Intents

/// Everything a check produced: the findings report and what the richer reports draw.
public struct CheckOutcome: Sendable {
    public var spec: ScenarioSpec
    public var report = FindingsReport()
    public var matrix = ZoneMatrix(zones: [], cells: [])
    public var fabric: FabricGraph?
    /// Utilization of each link direction (0...), when traffic was simulated.
    public var linkLoads: [LinkID: Double] = [:]
    public var rules: [IntentRule] = []
    public var coverage: [(rule: String, views: [String], note: String?)] = []
    public var zones: [(zone: String, members: Int)] = []
    /// Figures gathered while running (captures read, ...), added to the report's.
    var figures: [(name: String, value: String)] = []

    init(spec: ScenarioSpec) { self.spec = spec }

    /// Whether anything at or above `severity` was found (exit status 1).
    public func fails(at severity: Severity) -> Bool { report.count(atLeast: severity) > 0 }
}
