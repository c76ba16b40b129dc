/// Switches for behaviour that differs between CNIs; each defaults to the upstream conformance
/// behaviour.
public struct EvaluationOptions: Hashable, Sendable {
    /// Whether an `ipBlock` peer (and an admin-tier `networks` peer) matches pods by their IPs. The
    /// upstream e2e conformance tests ("should allow egress access to server in CIDR block") expect it
    /// to; np-guard's netpol-analyzer and some CNIs treat ipBlocks as cluster-external only (false).
    public var ipBlockSelectsPods: Bool

    /// Options with the upstream conformance behaviour unless overridden.
    public init(ipBlockSelectsPods: Bool = true) {
        self.ipBlockSelectsPods = ipBlockSelectsPods
    }
}
