import InterlockCore
import Manifests

extension PolicyInput {
    /// A query from what a user typed: endpoints by name or address, a protocol, and a port
    /// number or a name resolved on the destination pod for that protocol.
    ///
    /// - Throws: `InputError` when an endpoint names nothing (or is ambiguous), the protocol is unknown, or
    ///   the port is missing, out of range, unnamed on the destination, or given for a protocol without
    ///   ports.
    public func query(network: Network, source: String, destination: String, proto p: IPProtocol, port: String?)
        throws(InputError) -> Query
    {
        let src = try inventory.endpoint(named: source, on: network)
        let dst = try inventory.endpoint(named: destination, on: network)
        var number: UInt16?
        if p.hasPorts {
            guard let port else { throw InputError("--port is required for \(p)") }
            if let n = Int(port) {
                guard (1...65535).contains(n) else { throw InputError("port \(n) is outside 1-65535") }
                number = UInt16(n)
            } else {
                guard case .pod(let i) = dst, let resolved = inventory.pods[i].ports(named: port, proto: p).first else {
                    throw InputError("the destination has no \(p) port named '\(port)'")
                }
                number = resolved
            }
        } else if port != nil {
            throw InputError("\(p) has no ports; drop --port")
        }
        return Query(network: network, source: src, destination: dst, proto: p, port: number)
    }
}
