import InterlockCore

/// The services whose port says which plane they belong on: management protocols (out-of-band
/// only) and storage protocols (storage network only). Port numbers are IANA's assignments.
enum ProtocolCatalog {
    struct Service {
        var name: String
        var proto: IPProtocol
        var ports: ClosedRange<UInt16>
    }

    /// Management: what a BMC or a switch's management plane speaks. Redfish is HTTPS (TCP 443),
    /// and counts as management only toward a BMC.
    static let management: [Service] = [
        Service(name: "SSH", proto: .tcp, ports: 22...22),
        Service(name: "Telnet", proto: .tcp, ports: 23...23),
        Service(name: "SNMP", proto: .udp, ports: 161...162),
        Service(name: "IPMI (RMCP)", proto: .udp, ports: 623...623),
        Service(name: "IPMI (secure RMCP)", proto: .udp, ports: 664...664),
    ]

    static let redfish = Service(name: "Redfish (HTTPS)", proto: .tcp, ports: 443...443)

    /// Storage: file, block and object-store protocols of GPU clusters' storage networks.
    static let storage: [Service] = [
        Service(name: "NFS", proto: .tcp, ports: 2049...2049),
        Service(name: "NFS", proto: .udp, ports: 2049...2049),
        Service(name: "NFS over RDMA", proto: .tcp, ports: 20049...20049),
        Service(name: "iSCSI", proto: .tcp, ports: 3260...3260),
        Service(name: "NVMe/TCP", proto: .tcp, ports: 4420...4420),
        Service(name: "NVMe-oF discovery", proto: .tcp, ports: 8009...8009),
        Service(name: "SMB", proto: .tcp, ports: 445...445),
        Service(name: "Lustre LNet", proto: .tcp, ports: 988...988),
        Service(name: "IBM Storage Scale (GPFS)", proto: .tcp, ports: 1191...1191),
        Service(name: "Ceph monitor", proto: .tcp, ports: 3300...3300),
        Service(name: "Ceph monitor", proto: .tcp, ports: 6789...6789),
        Service(name: "BeeGFS", proto: .tcp, ports: 8003...8008),
    ]

    static func management(_ proto: IPProtocol, _ port: UInt16?) -> Service? { lookup(management, proto, port) }
    static func storage(_ proto: IPProtocol, _ port: UInt16?) -> Service? { lookup(storage, proto, port) }

    /// The management protocol of traffic to a BMC (any port, named when known).
    static func toBMC(_ proto: IPProtocol, _ port: UInt16?) -> String {
        if let s = management(proto, port) ?? lookup([redfish], proto, port) { return s.name }
        return port.map { "\(proto) \($0)" } ?? proto.description
    }

    private static func lookup(_ list: [Service], _ proto: IPProtocol, _ port: UInt16?) -> Service? {
        guard let port else { return nil }
        return list.first { $0.proto == proto && $0.ports.contains(port) }
    }
}
