import InterlockCore
import Manifests
import Policy

/// A rule of one direction, ready for a side table: what it does, which columns (peer classes) its
/// peers match, and which port atoms its ports match.
struct CompiledRule: Sendable {
    enum Action: Sendable { case allow, deny, pass }

    /// What a port list is made of.
    enum Ports: Sendable {
        /// No port list: every port of every protocol, and protocols without ports.
        case everything
        case networkPolicy([PolicyPort])
        case admin([AdminPort])

        /// Whether the atoms depend on the destination pod (a named port resolves on it).
        var usesNames: Bool {
            switch self {
            case .everything: return false
            case .networkPolicy(let ports):
                return ports.contains { if case .name = $0.port { return true } else { return false } }
            case .admin(let ports): return ports.contains { if case .named = $0 { return true } else { return false } }
            }
        }
    }

    var action: Action
    /// The columns whose peers the rule matches, ascending; `nil` for every column.
    var columns: [Int32]?
    /// A Deny or Pass rule with a peer that has no field: "fail closed", it denies everything.
    var failClosed: Bool
    var ports: Ports
    /// The atoms of `ports` when they name no port by name (then they hold for every destination).
    var fixedAtoms: [UInt64]?

    /// The atoms the ports match on a destination with `destinationPorts` (nil: not a pod).
    func atoms(_ layout: PortAtoms, destinationPorts: [ContainerPort]?) -> [UInt64] {
        var words = [UInt64](repeating: 0, count: layout.wordCount)
        switch ports {
        case .everything:
            layout.setEverything(in: &words)
        case .networkPolicy(let list):
            for p in list {
                switch p.port {
                // "If this field is not provided, this matches all port names and numbers."
                case nil: layout.setBits(p.proto, PortRange.all, in: &words)
                case .number(let n):
                    let lower = UInt16(clamping: n)
                    layout.setBits(p.proto, PortRange(lower, max(lower, p.endPort ?? lower)), in: &words)
                // A named port resolves on the destination pod, for the rule's protocol.
                case .name(let name):
                    for c in destinationPorts ?? [] where c.name == name && c.proto == p.proto {
                        layout.setBits(c.proto, PortRange(c.port), in: &words)
                    }
                }
            }
        case .admin(let list):
            for p in list {
                switch p {
                case .range(let proto, let range): layout.setBits(proto, range, in: &words)
                // Admin-tier named ports resolve for any protocol.
                case .named(let name):
                    for c in destinationPorts ?? [] where c.name == name {
                        layout.setBits(c.proto, PortRange(c.port), in: &words)
                    }
                }
            }
        }
        return words
    }
}
