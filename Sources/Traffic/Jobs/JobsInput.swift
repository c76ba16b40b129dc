import Documents
import InterlockCore

/// A scenario's jobs file and the collective simulated on its placed jobs.
///
/// ```yaml
/// jobs:
/// - traffic/jobs.yaml                              # all-to-all with PXN, 1 GiB per rank
/// - {path: traffic/jobs.yaml, collective: all-reduce, size: 4GiB, routing: ecmp}
/// ```
///
/// The default, all-to-all with PXN, puts every (node, node, rail) pair of every job on the
/// fabric: what a segmentation check needs to see every conversation a job may hold.
public struct JobsInput: Sendable, Equatable {
    /// The jobs file, resolved against the scenario file.
    public var path: String
    /// The collective run over the jobs (all-to-all by default).
    public var collective: Collective = .allToAll
    /// Bytes per rank (the collective's S).
    public var size: Double = 1024 * 1024 * 1024
    /// PXN for all-to-all (on by default).
    public var pxn = true
    /// `nil`: each plane's own routing.
    public var routing: RoutingChoice?
    /// The scenario line that names the jobs: where findings with no rule of their own point.
    public var location: SourceLocation?

    /// The jobs file `path` with the default collective: all-to-all with PXN, 1 GiB per rank.
    public init(path: String) { self.path = path }

    /// How the simulation is described in figures and evidence: `all-to-all (PXN), 1 GiB`.
    public var summary: String {
        var name = collective.rawValue
        if collective == .allToAll { name += pxn ? " (PXN)" : " (no PXN)" }
        if let routing { name += ", \(routing.rawValue) routing" }
        return "\(name), \(Units.formatBytes(size))"
    }

    /// Reads the settings of a mapping entry (its `path` already resolved by the caller).
    ///
    /// - Throws: `InputError` at an unknown key, an unknown collective, a size that is not a positive
    ///   byte size, or a routing other than ecmp, dmodk or fluid.
    public mutating func read(settings c: Cursor) throws(InputError) {
        try c.rejectUnknownKeys(["path", "collective", "size", "pxn", "routing"], in: "jobs entry")
        if let v = c.optional("collective") {
            let name = try v.string()
            guard let parsed = Collective(name: name) else {
                throw v.error(
                    "unknown collective '\(name)' (expected one of: \(Collective.allCases.map(\.rawValue).joined(separator: ", ")))"
                )
            }
            collective = parsed
        }
        if let v = c.optional("size") {
            let text = try v.string()
            guard let bytes = Units.parseBytes(text), bytes > 0 else {
                throw v.error("size must be a byte size such as 1GiB (got \(text))")
            }
            size = bytes
        }
        if let v = c.optional("pxn") { pxn = try v.bool() }
        if let v = c.optional("routing") {
            let name = try v.string()
            guard let parsed = RoutingChoice(rawValue: name.lowercased()) else {
                throw v.error("routing must be ecmp, dmodk or fluid (got \(name))")
            }
            routing = parsed
        }
    }
}
