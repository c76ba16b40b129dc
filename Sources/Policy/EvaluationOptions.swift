/// Switches for every behaviour where the specifications leave room and tools differ, in one place. The
/// default profile follows the upstream conformance tests and API text; `netpolAnalyzer` switches each to
/// the choice of np-guard's netpol-analyzer, so that the two tools can be compared side by side.
public struct EvaluationOptions: Hashable, Sendable {
    /// A named set of switches.
    public enum Profile: String, Hashable, Sendable, CaseIterable {
        /// Interlock's defaults: upstream conformance behaviour and API text.
        case interlock
        /// np-guard's netpol-analyzer.
        case netpolAnalyzer = "netpol-analyzer"
    }

    /// The profile the switches come from (named in reports).
    public var profile: Profile

    /// Whether an `ipBlock` peer (and an admin-tier `networks` peer) matches pods by their IPs. The
    /// upstream e2e conformance tests ("should allow egress access to server in CIDR block") expect it
    /// to; np-guard's netpol-analyzer and some CNIs treat ipBlocks as cluster-external only (false).
    public var ipBlockSelectsPods: Bool

    /// Whether NetworkPolicy selects host-network pods and matches them as pod peers like ordinary pods.
    /// The Kubernetes documentation ("NetworkPolicy behavior for hostNetwork pods is undefined") allows
    /// either; most CNIs cannot tell their traffic from their node's, so by default it is their node's
    /// (false); netpol-analyzer treats them as ordinary pods (true). The admin tiers exclude them
    /// either way: AdminNetworkPolicy's API text does not apply to host-network pods.
    public var hostNetworkPodsPoliced: Bool

    /// Whether pods in phase Succeeded or Failed are read (they hold no address and run nothing, so by
    /// default they are skipped with a warning; netpol-analyzer lists them).
    public var listsFinishedPods: Bool

    /// Whether IPv6 address ranges are analysed (netpol-analyzer analyses IPv4 only: its connlist has no
    /// IPv6 external ranges).
    public var analysesIPv6: Bool

    /// Whose semantics decide how the policy dialects combine.
    public var cni: CNI

    /// The default profile with `ipBlockSelectsPods` as given.
    public init(ipBlockSelectsPods: Bool = true) {
        self.init(profile: .interlock)
        self.ipBlockSelectsPods = ipBlockSelectsPods
    }

    /// The switches of `profile`.
    public init(profile: Profile) {
        self.profile = profile
        let analyzer = profile == .netpolAnalyzer
        ipBlockSelectsPods = !analyzer
        hostNetworkPodsPoliced = analyzer
        listsFinishedPods = analyzer
        analysesIPv6 = !analyzer
        cni = .generic
    }
}
