import InterlockCore

/// The prefixes the address plan draws from, one per plane plus one for BMCs.
///
/// The defaults stay inside 10.0.0.0/11, clear of Kubernetes' usual service range (10.96.0.0/12) and
/// of pod ranges above 10.128.0.0.
public struct AddressBases: Equatable, Sendable {
    /// The compute plane's prefix, 10.0.0.0/12.
    public var compute = IPv4CIDR(IPv4Address(10, 0, 0, 0), prefixLength: 12)
    /// The front-end plane's prefix, 10.16.0.0/14.
    public var frontend = IPv4CIDR(IPv4Address(10, 16, 0, 0), prefixLength: 14)
    /// The storage plane's prefix, 10.20.0.0/14.
    public var storage = IPv4CIDR(IPv4Address(10, 20, 0, 0), prefixLength: 14)
    /// The out-of-band plane's prefix (host management ports), 10.24.0.0/14.
    public var oob = IPv4CIDR(IPv4Address(10, 24, 0, 0), prefixLength: 14)
    /// The BMCs' prefix, 10.28.0.0/14.
    public var bmc = IPv4CIDR(IPv4Address(10, 28, 0, 0), prefixLength: 14)

    /// The default prefixes.
    public init() {}

    /// The keys of the `addressing:` section, in order.
    public static let keys = FabricInterfaceKind.allCases.map(\.rawValue)

    /// The prefix for an interface kind; setting it replaces that base.
    public subscript(kind: FabricInterfaceKind) -> IPv4CIDR {
        get {
            switch kind {
            case .compute: return compute
            case .frontend: return frontend
            case .storage: return storage
            case .oob: return oob
            case .bmc: return bmc
            }
        }
        set {
            switch kind {
            case .compute: compute = newValue
            case .frontend: frontend = newValue
            case .storage: storage = newValue
            case .oob: oob = newValue
            case .bmc: bmc = newValue
            }
        }
    }

    /// The first pair of overlapping prefixes, later one second.
    public func firstOverlap() -> (FabricInterfaceKind, FabricInterfaceKind)? {
        let kinds = FabricInterfaceKind.allCases
        for (i, a) in kinds.enumerated() {
            for b in kinds[(i + 1)...] where self[a].overlaps(self[b]) { return (a, b) }
        }
        return nil
    }
}
