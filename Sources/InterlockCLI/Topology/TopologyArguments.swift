import ArgumentParser
import Fabric
import InterlockCore

/// `--plane`: compute, frontend, storage or oob, in any case.
extension Plane: ExpressibleByArgument {
    public init?(argument: String) {
        self.init(name: argument)
    }

    public var defaultValueDescription: String { name }
    public static var allValueStrings: [String] { allCases.map(\.name) }
    public static var allValueDescriptions: [String: String] { [:] }
}

/// `--transport` of the generators: infiniband, roce or ethernet, in any case.
extension Transport: CaseInsensitiveArgument {}

/// `--routing` of `topology paths`: ecmp or dmodk, in any case.
extension RoutingMode: CaseInsensitiveArgument {}

/// `--preset` of the rail-optimized generator, in any case.
extension RailPreset: CaseInsensitiveArgument {}

/// `--flow`: `SRCIP:SPORT-DSTIP:DPORT/PROTO`.
extension FiveTuple: ExpressibleByArgument {
    public init?(argument: String) {
        self.init(argument)
    }
}

/// An address to look up (dotted quad).
extension IPv4Address: ExpressibleByArgument {}

/// An oversubscription ratio: `3`, `1.5` or `3:1`.
struct Ratio: ExpressibleByArgument {
    let value: Double
    /// As typed (the help shows a default this way).
    let defaultValueDescription: String

    init?(argument: String) {
        let parts = argument.split(separator: ":")
        if parts.count == 2, let a = Double(parts[0]), let b = Double(parts[1]), b > 0 {
            value = a / b
        } else if parts.count == 1, let v = Double(argument) {
            value = v
        } else {
            return nil
        }
        defaultValueDescription = argument
    }
}
