import InterlockCore

/// The header fields a fabric ACL matches on: an IPv4 five-tuple.
public struct PacketHeader: Hashable, Sendable {
    /// The source address, host order.
    public var source: UInt32
    /// The destination address, host order.
    public var destination: UInt32
    /// The source port (0 for protocols without ports).
    public var sourcePort: UInt16
    /// The destination port (0 for protocols without ports).
    public var destinationPort: UInt16
    /// The IP protocol number.
    public var proto: UInt8

    /// A header from its five fields.
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

    /// The source prefix a header must be in.
    public var source: IPv4CIDR
    /// The destination prefix a header must be in.
    public var destination: IPv4CIDR
    /// The source ports a header must use.
    public var sourcePorts: PortRange
    /// The destination ports a header must use.
    public var destinationPorts: PortRange
    /// The protocol compared under `protocolMask`.
    public var protocolValue: UInt8
    /// Which bits of the protocol are compared: 0xFF for one protocol, 0 for any.
    public var protocolMask: UInt8
    /// TCP flags as written (ClassBench's sixth field); kept, not matched.
    public var tcpFlags: UInt16
    /// The mask of `tcpFlags`; kept, not matched.
    public var tcpFlagsMask: UInt16
    /// What a matching header gets.
    public var action: Action
    /// Where the rule was written, for explanations and findings.
    public var location: SourceLocation?
    /// An optional name or remark, shown in explanations.
    public var remark: String?

    /// A rule; by default it matches every port and protocol and permits.
    public init(
        source: IPv4CIDR, destination: IPv4CIDR, sourcePorts: PortRange = .all,
        destinationPorts: PortRange = .all, protocolValue: UInt8 = 0, protocolMask: UInt8 = 0,
        tcpFlags: UInt16 = 0, tcpFlagsMask: UInt16 = 0, action: Action = .permit,
        location: SourceLocation? = nil, remark: String? = nil
    ) {
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

        /// `plane NAME`, `switch NAME` or `unattached`, as explanations print it.
        public var description: String {
            switch self {
            case .plane(let p): return "plane \(p)"
            case .switchNamed(let s): return "switch \(s)"
            case .none: return "unattached"
            }
        }
    }

    /// The ACL's name (`metadata.name`, or the file's path for ClassBench files).
    public var name: String
    /// Where the ACL is enforced.
    public var attachment: Attachment
    /// The rules in priority order: the first that matches decides.
    public var rules: [ACLRule]
    /// The action for packets no rule matches; switch ACLs end in an implicit deny.
    public var defaultAction: ACLRule.Action
    /// Where the ACL is defined.
    public var location: SourceLocation?

    /// An ACL; unattached and default-deny unless told otherwise.
    public init(
        name: String, attachment: Attachment = .none, rules: [ACLRule],
        defaultAction: ACLRule.Action = .deny, location: SourceLocation? = nil
    ) {
        self.name = name
        self.attachment = attachment
        self.rules = rules
        self.defaultAction = defaultAction
        self.location = location
    }
}
