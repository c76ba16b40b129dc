import Fabric
import InterlockCore

/// A node whose NICs are slower than the fabric says: `--straggler NODE=FACTOR` divides the
/// capacity of every compute-plane link of the node's NICs (both directions) by `factor`.
public struct Straggler: Sendable, Equatable {
    /// The host.
    public var node: DeviceID
    /// How many times slower its NICs are (at least 1).
    public var factor: Double

    /// Reads `NODE=FACTOR` (a host name, a factor of at least 1, e.g. `dgx0003=2`).
    ///
    /// - Throws: `InputError` for a malformed argument, a name that is not a host of `fabric`, or a
    ///   factor below 1.
    public static func parse(_ text: String, in fabric: FabricGraph) throws(InputError) -> Straggler {
        let parts = text.split(separator: "=", omittingEmptySubsequences: false)
        guard parts.count == 2, let factor = Double(parts[1]), factor.isFinite else {
            throw InputError("--straggler \(text): expected NODE=FACTOR (e.g. dgx0003=2)")
        }
        let name = String(parts[0])
        guard let d = fabric.device(named: name), fabric.devices[Int(d)].kind == .host else {
            throw InputError("--straggler \(text): '\(name)' is not a host of \(fabric.name)")
        }
        guard factor >= 1 else {
            throw InputError("--straggler \(text): the factor must be at least 1 (how many times slower its NICs are)")
        }
        return Straggler(node: d, factor: factor)
    }

    /// Capacities (bytes per second per link direction) with the NIC links of `stragglers` slowed.
    static func capacities(_ fabric: FabricGraph, stragglers: [Straggler]) -> [Double] {
        var capacity = fabric.links.flatMap { l -> [Double] in [l.gbps * 1e9 / 8, l.gbps * 1e9 / 8] }
        for s in stragglers {
            for (l, link) in fabric.links.enumerated() where link.plane == .compute {
                let ends = [fabric.devices[Int(link.lower)], fabric.devices[Int(link.upper)]]
                guard ends.contains(where: { $0.kind == .nic && $0.host == s.node }) else { continue }
                capacity[2 * l] /= s.factor
                capacity[2 * l + 1] /= s.factor
            }
        }
        return capacity
    }
}
