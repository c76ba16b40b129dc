import InterlockCore

/// The header fields a fabric ACL matches on: an IPv4 five-tuple.
public struct PacketHeader: Hashable, Sendable {
    public var source: UInt32
    public var destination: UInt32
    public var sourcePort: UInt16
    public var destinationPort: UInt16
    public var proto: UInt8

    public init(source: UInt32, destination: UInt32, sourcePort: UInt16, destinationPort: UInt16, proto: UInt8) {
        self.source = source
        self.destination = destination
        self.sourcePort = sourcePort
        self.destinationPort = destinationPort
        self.proto = proto
    }
}

/// One fabric ACL entry: prefixes, port ranges and a protocol under a mask, with an action.
///
/// A header matches when every field matches (`proto & protocolMask == protocolValue & protocolMask`,
/// so mask 0 is any protocol). TCP flags are kept as written (ClassBench's sixth field) but not
/// matched: headers, like ClassBench traces, carry none.
public struct ACLRule: Hashable, Sendable {
    /// What a matching packet gets.
    public enum Action: String, Hashable, Sendable { case permit, deny }

    public var source: IPv4CIDR
    public var destination: IPv4CIDR
    public var sourcePorts: PortRange
    public var destinationPorts: PortRange
    public var protocolValue: UInt8
    public var protocolMask: UInt8
    public var tcpFlags: UInt16
    public var tcpFlagsMask: UInt16
    public var action: Action
    /// Where the rule was written, for explanations and findings.
    public var location: SourceLocation?
    /// An optional name or remark, shown in explanations.
    public var remark: String?

    public init(source: IPv4CIDR, destination: IPv4CIDR, sourcePorts: PortRange = .all,
                destinationPorts: PortRange = .all, protocolValue: UInt8 = 0, protocolMask: UInt8 = 0,
                tcpFlags: UInt16 = 0, tcpFlagsMask: UInt16 = 0, action: Action = .permit,
                location: SourceLocation? = nil, remark: String? = nil) {
        self.source = source
        self.destination = destination
        self.sourcePorts = sourcePorts
        self.destinationPorts = destinationPorts
        self.protocolValue = protocolValue
        self.protocolMask = protocolMask
        self.tcpFlags = tcpFlags
        self.tcpFlagsMask = tcpFlagsMask
        self.action = action
        self.location = location
        self.remark = remark
    }

    /// Whether the rule matches a protocol number.
    @inlinable public func matches(proto: UInt8) -> Bool {
        proto & protocolMask == protocolValue & protocolMask
    }

    /// Whether the rule matches a header.
    @inlinable public func matches(_ h: PacketHeader) -> Bool {
        source.contains(IPv4Address(h.source)) && destination.contains(IPv4Address(h.destination))
            && sourcePorts.contains(h.sourcePort) && destinationPorts.contains(h.destinationPort)
            && matches(proto: h.proto)
    }
}

/// An ordered list of rules evaluated first match, with an action for packets no rule matches,
/// attached where it is enforced.
public struct ACL: Sendable {
    /// Where the ACL is enforced.
    public enum Attachment: Hashable, Sendable, CustomStringConvertible {
        /// Every switch of a plane (`compute`, `frontend`, `storage`, `oob`).
        case plane(String)
        /// One switch, by name.
        case switchNamed(String)
        /// Not attached (a rule set read on its own, such as a ClassBench filter file).
        case none

        public var description: String {
            switch self {
            case .plane(let p): return "plane \(p)"
            case .switchNamed(let s): return "switch \(s)"
            case .none: return "unattached"
            }
        }
    }

    public var name: String
    public var attachment: Attachment
    public var rules: [ACLRule]
    /// The action for packets no rule matches; switch ACLs end in an implicit deny.
    public var defaultAction: ACLRule.Action
    public var location: SourceLocation?

    public init(name: String, attachment: Attachment = .none, rules: [ACLRule],
                defaultAction: ACLRule.Action = .deny, location: SourceLocation? = nil) {
        self.name = name
        self.attachment = attachment
        self.rules = rules
        self.defaultAction = defaultAction
        self.location = location
    }
}
