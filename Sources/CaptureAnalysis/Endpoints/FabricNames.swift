import Fabric

// Names the Fabric module shares with Policy (`Endpoint`) and Manifests (`InterfaceKind`): this file
// imports only Fabric, so here they mean the fabric's.

/// An addressed fabric interface: device, host, plane, interface kind, rail, SU.
public typealias FabricEndpoint = Endpoint
/// The kind of an addressed fabric interface (compute, frontend, storage, oob, bmc).
public typealias FabricInterfaceKind = InterfaceKind
