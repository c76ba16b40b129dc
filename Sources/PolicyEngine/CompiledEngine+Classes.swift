import InterlockCore
import Manifests
import Policy

extension CompiledEngine {
    /// The class of `endpoint` on `network`: endpoints of one class get the same answer from every
    /// policy towards any peer, except for the rule that a pod and its own node may always talk
    /// (applied at lookup). `nil` for a network the engine did not compile.
    ///
    /// Checks that judge many endpoint pairs (segmentation intents) evaluate one pair per pair of
    /// classes.
    public func endpointClass(of endpoint: PolicyEndpoint, on network: Network) -> Int? {
        guard let net = networks[network] else { return nil }
        return Int(net.catalog.classOf[net.catalog.id(of: endpoint)])
    }
}
