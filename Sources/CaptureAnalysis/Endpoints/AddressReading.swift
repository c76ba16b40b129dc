import Fabric
import InterlockCore
import Manifests

/// One way to read an address: who owns it, on which Kubernetes network and fabric plane.
///
/// An address can have several readings when the networks reuse address space (a Kubernetes node's
/// in-band address that is also a compute NIC's in the fabric plan): the analysis picks one by the
/// plane the traffic was on (`EndpointDirectory.choose`).
public struct AddressReading: Sendable {
    /// Who owns the address.
    public enum Owner: Sendable, Equatable {
        /// A pod (index in `Inventory.pods`) on `network`.
        case pod(Int)
        /// A Kubernetes node's address (host-network pods' addresses are their node's).
        case node(Int)
        /// A Service's cluster IP (index in `Inventory.services`): traffic to it is DNATed to a backend.
        case service(Int)
        /// A fabric interface from the topology's address plan.
        case fabric
    }

    /// Who owns the address in this reading.
    public var owner: Owner
    /// The Kubernetes network of the reading (`.pod` for pods, nodes and services; the attachment
    /// of a secondary-network pod); `nil` for fabric interfaces.
    public var network: Network?
    /// The fabric plane the address lives on, when known: the pod network rides the front end, a
    /// secondary network the plane its subnet or kind says (`PlaneMap`), a fabric interface its own.
    public var plane: Plane?
    /// The fabric interface (fabric readings), or the fabric host of a Kubernetes node joined by name.
    public var fabric: FabricEndpoint?

    /// Whether the reading comes from the Kubernetes inventory rather than the fabric plan.
    public var isInventory: Bool { owner != .fabric }
}

/// What one side of a connection turned out to be.
public struct ResolvedAddress: Sendable {
    /// Whether anyone owns the address, and if not, where it lies.
    public enum Status: Sendable, Equatable {
        /// Owned: `reading` says by whom.
        case owned
        /// Nobody owns it and it is a public (or special) address: an endpoint outside the cluster.
        case external
        /// Nobody owns it, yet it lies where only the cluster's own hosts should be; `scope` says
        /// where (a plane's prefix, a secondary network's subnet, a private range).
        case unknown(scope: String, inPlan: Bool)
    }

    /// The address as seen in the traffic.
    public var address: IPAddress
    /// The reading chosen for the connection's plane; `nil` when nobody owns the address.
    public var reading: AddressReading?
    /// Owned, external or unknown.
    public var status: Status
    /// How findings name it: `training/llama-pretrain[Job] (pod ...)`, `node/dgx0001`,
    /// `service kube-system/kube-dns`, `dgx0001-nic3`, `storage01[storage]`, or the address.
    public var name: String

    /// The fabric interface kind behind the address, when the fabric knows it.
    public var fabricKind: FabricInterfaceKind? { reading?.fabric?.kind }
    /// Whether the address is a BMC of the fabric plan.
    public var isBMC: Bool { reading?.owner == .fabric && reading?.fabric?.kind == .bmc }
}
