import Fabric
import InterlockCore
import Manifests
import Policy
import PolicyEngine

/// What a check runs on: the intents, and whichever of the fabric and the Kubernetes side were given.
public struct CheckInputs: Sendable {
    /// The zones, rules, fabric segmentation and ACLs to check.
    public var intents: IntentSet
    /// The fabric, for the plane views; `nil` checks the Kubernetes views only.
    public var fabric: FabricGraph?
    /// Manifests and policies, for the Kubernetes views; `nil` checks the planes only.
    public var policy: PolicyInput?
    /// The compiled engine over `policy` (built by `init` when not given).
    public var engine: CompiledEngine?

    /// The inputs of a check. `engine` lets callers share one compiled engine between checks; when it is
    /// `nil` and `policy` is given, one is compiled here with `options`.
    public init(
        intents: IntentSet, fabric: FabricGraph? = nil, policy: PolicyInput? = nil, engine: CompiledEngine? = nil,
        options: EvaluationOptions = EvaluationOptions()
    ) {
        self.intents = intents
        self.fabric = fabric
        self.policy = policy
        self.engine =
            engine ?? policy.map { CompiledEngine(inventory: $0.inventory, policies: $0.policies, options: options) }
    }

    var inventory: Inventory? { policy?.inventory }

    /// The views the inputs allow: the pod network and every secondary network (with manifests),
    /// and every plane with interfaces (with a fabric).
    var views: [View] {
        var out: [View] = []
        if let inventory {
            out.append(.kubernetes(.pod))
            out += inventory.networks.map { .kubernetes(.attachment($0.id)) }
        }
        if let fabric {
            let planes = Set(fabric.addresses.interfaces.map(\.plane))
            out += Plane.allCases.filter { planes.contains($0) }.map { .plane($0) }
        }
        return out
    }
}
