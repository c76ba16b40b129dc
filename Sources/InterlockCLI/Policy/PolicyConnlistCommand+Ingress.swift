import InterlockCore
import Manifests
import Policy

extension PolicyConnlistCommand {
    /// The `{ingress-controller}` rows: none off the pod network or without routes. The controller's
    /// workloads of the input are asked about through `engine`; a stand-in pod (one the input does not
    /// hold) through the reference evaluator over the input plus that pod, which is cheap to create and
    /// answers the few questions these rows ask (both engines agree: the property tests check it).
    func ingressControllerLines(
        _ loaded: PolicyInput, _ engine: any ExplainingEngine, on network: Network, peers: [ConnlistPeer],
        focus: Set<String>?
    ) throws -> [ConnlistLine] {
        let controller = try ingressController.map(IngressController.init(parsing:))
        if let controller, let text = ingressController {
            if loaded.manifests.routes.isEmpty {
                Terminal.printWarning("--ingress-controller: the input holds no Ingress, Route or Gateway API route")
            } else if controller.workloads(in: loaded.inventory).isEmpty {
                Terminal.printWarning(
                    "--ingress-controller: no workload of the input matches '\(text)'; a pod with its labels stands in")
            }
        }
        guard network == .pod, !loaded.manifests.exposedPorts.isEmpty else { return [] }
        let (probed, sources) = (controller ?? .netpolAnalyzer).sources(in: loaded)
        let exposed = loaded.manifests.exposedPorts
        guard probed.inventory.pods.count != loaded.inventory.pods.count else {
            return Connlist.ingressControllerLines(
                engine, exposed: exposed, sources: sources, peers: peers, focus: focus)
        }
        let reference = ReferenceEvaluator(
            inventory: probed.inventory, policies: probed.policies, options: input.evaluationOptions(for: loaded))
        return Connlist.ingressControllerLines(
            reference, exposed: exposed, sources: sources, peers: peers, focus: focus)
    }
}
