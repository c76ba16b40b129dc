import Documents
import InterlockCore
import Policy

/// Reads and prints the traffic a rule is about: a list of `PROTO/PORT`, `PROTO/LOW-HIGH`, `PROTO`
/// (every port), `any`, or mappings `{protocol: TCP, port: 2049, endPort: 2050}`.
public enum TrafficSpec {
    /// The connection set a list (or a single item) names.
    static func read(_ c: Cursor) throws(InputError) -> ConnectionSet {
        let items: [Cursor]
        if case .sequence = c.node { items = try c.array() } else { items = [c] }
        guard !items.isEmpty else { throw c.error("expected at least one protocol or port") }
        var set = ConnectionSet.none
        for item in items {
            let (proto, range) = try entry(item)
            guard let proto else { return .all }
            set[proto] = set[proto].union(range.map { PortSet([$0]) } ?? .all)
        }
        return set
    }

    /// One entry: `nil` protocol for `any`.
    private static func entry(_ c: Cursor) throws(InputError) -> (IPProtocol?, PortRange?) {
        if c.isMapping {
            try c.rejectUnknownKeys(["protocol", "port", "endPort"], in: "traffic entry")
            let proto = try protocolNamed(try c.optional("protocol")?.string() ?? "TCP", c)
            guard let port = c.optional("port") else {
                if c.optional("endPort") != nil { throw c.error("endPort needs port") }
                return (proto, nil)
            }
            let low = try number(port)
            let high = try c.optional("endPort").map { e throws(InputError) in try number(e) } ?? low
            guard low <= high else { throw c.error("endPort \(high) is below port \(low)") }
            return (proto, PortRange(low, high))
        }
        let text = try c.string()
        if ["any", "all"].contains(text.lowercased()) { return (nil, nil) }
        let parts = text.split(separator: "/", maxSplits: 1).map(String.init)
        let proto = try protocolNamed(parts[0], c)
        guard parts.count == 2 else { return (proto, nil) }
        guard let range = PortRange(parts[1]), range.lower >= 1 else {
            throw c.error("invalid port or range '\(InputError.excerpt(parts[1]))' (expected N or N-M within 1-65535)")
        }
        return (proto, range)
    }

    private static func protocolNamed(_ name: String, _ c: Cursor) throws(InputError) -> IPProtocol {
        guard let p = IPProtocol(name: name), p.hasPorts else {
            throw c.error("unknown protocol '\(InputError.excerpt(name))' (expected TCP, UDP, SCTP or any)")
        }
        return p
    }

    private static func number(_ c: Cursor) throws(InputError) -> UInt16 {
        let n = try c.int()
        guard (1...65535).contains(n) else { throw c.error("port \(n) is outside 1-65535") }
        return UInt16(n)
    }

    /// `TCP 2049,20049 and UDP 4791`, `ICMP 8` (the ICMP types a Calico or Cilium rule allows), or
    /// `all traffic`.
    public static func describe(_ set: ConnectionSet) -> String {
        if set.isAll { return "all traffic" }
        if set.isEmpty { return "no traffic" }
        let ports = IPProtocol.policyProtocols.compactMap { p -> String? in
            let ports = set[p]
            if ports.isEmpty { return nil }
            return ports.isAll ? "\(p) (any port)" : "\(p) \(ports)"
        }
        let messages = [(IPProtocol.icmp, set.icmp), (.icmpv6, set.icmpv6)].compactMap { p, types -> String? in
            types.isEmpty ? nil : types.isAll ? "\(p) (any type)" : "\(p) \(types)"
        }
        return (ports + messages).joined(separator: " and ")
    }

    /// Ports a witness names first when the set holds them: what such traffic usually is (RoCEv2 on
    /// a compute fabric, SSH, HTTPS, DNS), so that a witness of "all traffic" reads as a real connection.
    static let telling: [(IPProtocol, UInt16)] = [(.tcp, 22), (.tcp, 443), (.udp, 53)]

    /// The (protocol, port) a witness uses: RoCEv2 (UDP 4791) first on compute planes, then a telling
    /// port, else the lowest port, TCP before UDP before SCTP.
    static func witness(of set: ConnectionSet, compute: Bool = false) -> (IPProtocol, UInt16)? {
        let preferred = (compute ? [(IPProtocol.udp, UInt16(4791))] : []) + telling
        if let hit = preferred.first(where: { set.contains($0.0, $0.1) }) { return hit }
        for p in [IPProtocol.tcp, .udp, .sctp] {
            if let r = set[p].ranges.first { return (p, r.lower) }
        }
        return nil
    }
}

extension ConnectionSet {
    /// Whether (proto, port) is in the set.
    func contains(_ proto: IPProtocol, _ port: UInt16) -> Bool { self[proto].contains(port) }
}
