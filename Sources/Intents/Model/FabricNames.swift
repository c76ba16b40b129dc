import Fabric

// Fabric and Policy/Manifests both define `Endpoint`, `InterfaceKind` and `Tier`, and the module
// `Fabric` is shadowed by its struct of the same name, so files that import both name the fabric's
// types through these aliases (this file imports only Fabric).

/// A fabric address owner (`Fabric.Endpoint`).
typealias FabricEndpoint = Endpoint
/// What an addressed fabric interface is (`Fabric.InterfaceKind`: compute, frontend, storage, oob, bmc).
typealias FabricInterfaceKind = InterfaceKind
