import Fabric
import InterlockCore
import Manifests

/// Where a capture was taken: a fabric plane, or a Kubernetes network (whose plane follows from
/// `PlaneMap`). Without one, each connection's plane is inferred from its addresses.
public enum Vantage: Sendable, Equatable {
    /// A fabric plane (`--plane compute|frontend|storage|oob`).
    case plane(Plane)
    /// A Kubernetes network: `pod`, or a secondary network `namespace/name`.
    case network(Network)

    /// Parses `--plane`: `compute`, `frontend`, `storage`, `oob`, `pod` (the pod network), or a
    /// secondary network `namespace/name` of `inventory`.
    ///
    /// - Throws: `InputError` when `text` names no plane and no network of `inventory`.
    public init(parsing text: String, inventory: Inventory) throws(InputError) {
        if let p = Plane(name: text) {
            self = .plane(p)
        } else if text == "pod" {
            self = .network(.pod)
        } else if inventory.network(id: text) != nil {
            self = .network(.attachment(text))
        } else {
            let networks = inventory.networks.map(\.id)
            throw InputError(
                "unknown --plane '\(text)' (expected compute, frontend, storage, oob, pod"
                    + (networks.isEmpty ? "" : " or a network: \(networks.joined(separator: ", "))") + ")")
        }
    }
}

/// How the plane of a connection was decided.
public enum PlaneEvidence: String, Sendable {
    /// `--plane` said so.
    case given
    /// From the address plan: the plane both ends' addresses share (or the initiator's).
    case inferred
    /// The plane of the tunnel that carried it.
    case tunnel
    /// No address of the connection is on a known plane.
    case unknown
}

/// A judged flow's two ends and the plane and Kubernetes network it was on. A class: the flows
/// between the same ends share one (`PlacementMemo`), and passing it on costs one reference.
final class FlowPlacement {
    let initiator: ResolvedAddress
    let responder: ResolvedAddress
    let plane: Plane?
    let evidence: PlaneEvidence
    /// The network the Kubernetes policies are evaluated on: a secondary network when either end is
    /// a pod on one, else the pod network when a pod or Service is involved; `nil` when neither is
    /// (traffic between nodes and external hosts: no Kubernetes policy selects it).
    let network: Network?
    /// Whether an end is an address nobody owns where only the cluster's hosts should be.
    let hasUnknownSide: Bool

    var sides: [ResolvedAddress] { [initiator, responder] }

    init(
        initiator i: IPAddress, responder r: IPAddress, vantage: Vantage?, carrier: FlowPlacement?,
        directory: EndpointDirectory
    ) {
        var hintNetwork: Network? = nil
        switch vantage {
        case .plane(let p)?:
            plane = p
            evidence = .given
        case .network(let n)?:
            hintNetwork = n
            plane = directory.planes.plane(of: n)
            evidence = .given
        case nil:
            if let carrier {
                plane = carrier.plane
                evidence = .tunnel
            } else {
                plane = FlowPlacement.infer(directory.readings(of: i), directory.readings(of: r))
                evidence = plane == nil ? .unknown : .inferred
            }
        }
        initiator = directory.resolve(i, plane: plane, network: hintNetwork)
        responder = directory.resolve(r, plane: plane, network: hintNetwork)
        network = FlowPlacement.network(initiator.reading, responder.reading)
        hasUnknownSide = [initiator, responder].contains { if case .unknown = $0.status { true } else { false } }
    }

    /// The plane both ends have a reading on (the first such, in reading order, initiator first),
    /// else the initiator's first plane, else the responder's.
    static func infer(_ a: [AddressReading], _ b: [AddressReading]) -> Plane? {
        let pa = Set(a.compactMap(\.plane))
        let pb = Set(b.compactMap(\.plane))
        let common = pa.intersection(pb)
        if let p = (a + b).lazy.compactMap(\.plane).first(where: common.contains) { return p }
        return a.lazy.compactMap(\.plane).first ?? b.lazy.compactMap(\.plane).first
    }

    static func network(_ a: AddressReading?, _ b: AddressReading?) -> Network? {
        for r in [a, b] {
            if case .attachment? = r?.network { return r?.network }
        }
        for r in [a, b] {
            switch r?.owner {
            case .pod?, .service?: return .pod
            default: continue
            }
        }
        return nil
    }
}
