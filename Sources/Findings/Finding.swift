import InterlockCore

/// How bad a finding is. Ordered: `info < low < medium < high`.
public enum Severity: String, CaseIterable, Comparable, Sendable {
    /// From least to most severe; SARIF gives `high` the level error, `medium` warning, the others note.
    case info, low, medium, high

    var rank: Int {
        switch self {
        case .info: return 0
        case .low: return 1
        case .medium: return 2
        case .high: return 3
        }
    }

    /// Orders by rank: `info < low < medium < high`.
    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rank < rhs.rank }
}

/// What kind of problem a finding reports. The raw values are the stable names in JSON and SARIF.
public struct FindingKind: RawRepresentable, Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The stable name, as JSON and SARIF print it (`denied-but-observed`).
    public let rawValue: String
    /// A kind by its stable name; the named statics below are the kinds the tool reports.
    public init(rawValue: String) { self.rawValue = rawValue }

    /// The policy denies the traffic and an enforcement point should have stopped it, yet it flowed.
    public static let deniedButObserved = FindingKind(rawValue: "denied-but-observed")
    /// The policy denies the traffic but nothing on its path can stop it (RDMA/DPDK under Kubernetes
    /// policies, a plane without ACLs).
    public static let unenforceable = FindingKind(rawValue: "unenforceable")
    /// A fabric ACL denies traffic that was observed or would flow.
    public static let aclViolation = FindingKind(rawValue: "acl-violation")
    /// An address nothing in the inventory or the fabric owns.
    public static let unknownEndpoint = FindingKind(rawValue: "unknown-endpoint")
    /// Traffic on a plane it does not belong on (RoCEv2 on the front-end, SSH or IPMI on the compute fabric).
    public static let wrongPlane = FindingKind(rawValue: "wrong-plane")
    /// A segmentation intent is broken: connectivity it forbids exists, or connectivity it requires does not.
    public static let intentViolation = FindingKind(rawValue: "intent-violation")
    /// Traffic a policy blocks (simulated flows, a proposed change's impact).
    public static let blocked = FindingKind(rawValue: "blocked")
    /// Simulated traffic with no path through the fabric (failures, a rail-only fabric without PXN):
    /// the collective that needs it never completes.
    public static let unroutable = FindingKind(rawValue: "unroutable")

    /// A flow log's own verdict (Hubble, Calico) disagrees with the policies given: the CNI let
    /// through what they deny, or dropped what they allow.
    public static let verdictDisagreement = FindingKind(rawValue: "verdict-disagreement")

    /// The stable name.
    public var description: String { rawValue }
    /// Alphabetical by stable name: the order reports group kinds in.
    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// One end of the traffic a finding is about.
public struct FindingEndpoint: Hashable, Sendable {
    /// How people name it: `training/trainer[Job]`, `node/dgx0001`, `dgx0001-nic3`, `203.0.113.7`.
    public var name: String
    /// Its address in the traffic, when there is one.
    public var address: String?
    /// The port, for the destination of port-carrying protocols.
    public var port: UInt16?

    /// An endpoint by the name people use, with its address and port when the traffic has them.
    public init(name: String, address: String? = nil, port: UInt16? = nil) {
        self.name = name
        self.address = address
        self.port = port
    }
}

/// A step of the reasoning behind a finding: a tier, policy, rule or intent and what it did.
public struct FindingReason: Hashable, Sendable, CustomStringConvertible {
    /// Where the reason comes from: a policy side, a fabric plane, the capture...
    public var side: Side
    /// What the step says, as the explanation prints it.
    public var text: String
    /// The policy rule, ACL entry or intent responsible, when it has a place in a file.
    public var location: SourceLocation?

    /// A step of the explanation; `location` is the line responsible, when it is in a file.
    public init(side: Side, text: String, location: SourceLocation? = nil) {
        self.side = side
        self.text = text
        self.location = location
    }

    /// `side: text`, then ` (file:line)` when the step has a location.
    public var description: String {
        let out = ByteWriter()
        write(to: out)
        return out.text
    }

    /// Writes `description` to `out` (the text report writes each reason this way).
    public func write(to out: ByteWriter) {
        out.write(side.rawValue)
        out.write(": " as StaticString)
        out.write(text)
        if let location {
            out.write(" (" as StaticString)
            out.write(location.file)
            out.write(byte: UInt8(ascii: ":"))
            out.write(location.line)
            out.write(byte: UInt8(ascii: ")"))
        }
    }
}

/// What was seen or computed: packets from a capture, bytes of simulated flows.
public struct Evidence: Hashable, Sendable {
    /// Packets seen (captures) or simulated; 0 when the finding is not about traffic.
    public var packets: Int
    /// Bytes of those packets or flows.
    public var bytes: Int
    /// First and last packet numbers (1-based, as Wireshark counts frames) in the capture.
    public var firstPacket: Int?
    /// The last packet's number, like `firstPacket`.
    public var lastPacket: Int?
    /// First and last timestamps, nanoseconds since the Unix epoch.
    public var firstTimestamp: Int64?
    /// The last packet's timestamp, like `firstTimestamp`.
    public var lastTimestamp: Int64?
    /// The capture file or flow matrix it came from.
    public var source: String?
    /// Flows behind the finding (simulated traffic, or connections merged into one finding).
    public var flows: Int
    /// The capture's connection ids behind the finding (as `capture flows` numbers them), ascending.
    public var connections: [Int]
    /// A Wireshark display filter that selects the finding's packets.
    public var displayFilter: String?
    /// What `firstPacket` and `lastPacket` number: `nil` for a capture's frames, `line` or `record`
    /// for a flow log's.
    public var positions: String? = nil
    /// Whether `packets` and `bytes` were counted: a flow log may count neither (then both are 0
    /// and reports say unknown).
    public var countsKnown = true

    /// Evidence with every figure given; what is not known stays `nil` (or 0, or empty), and `flows`
    /// defaults to one flow.
    public init(
        packets: Int = 0, bytes: Int = 0, firstPacket: Int? = nil, lastPacket: Int? = nil,
        firstTimestamp: Int64? = nil, lastTimestamp: Int64? = nil, source: String? = nil, flows: Int = 1,
        connections: [Int] = [], displayFilter: String? = nil
    ) {
        self.packets = packets
        self.bytes = bytes
        self.firstPacket = firstPacket
        self.lastPacket = lastPacket
        self.firstTimestamp = firstTimestamp
        self.lastTimestamp = lastTimestamp
        self.source = source
        self.flows = flows
        self.connections = connections
        self.displayFilter = displayFilter
    }
}

/// One problem found: what, how bad, between whom, why, and the evidence.
public struct Finding: Hashable, Sendable {
    /// What kind of problem it is (the stable name JSON and SARIF print).
    public var kind: FindingKind
    /// How bad it is; reports sort by it, most severe first.
    public var severity: Severity
    /// One line saying what is wrong.
    public var title: String
    /// Where the traffic comes from, when the finding is about traffic.
    public var source: FindingEndpoint?
    /// Where the traffic goes, with the port for port-carrying protocols.
    public var destination: FindingEndpoint?
    /// `TCP`, `UDP`, `RoCEv2`, ...
    public var proto: String?
    /// The network or plane: `pod`, `training/rdma-rail`, `compute`, `storage`...
    public var network: String?
    /// The explanation, step by step, in the order it is printed.
    public var reasons: [FindingReason]
    /// What was seen or simulated, when the finding comes from traffic.
    public var evidence: Evidence?
    /// The intent or rule id the finding belongs to (`ai-infra-baseline/oob-only-from-management`).
    public var ruleID: String?
    /// Where the responsible rule or intent is written: what SARIF points at.
    public var location: SourceLocation?

    /// A finding; only what it is, how bad and its one-line title are required.
    public init(
        kind: FindingKind, severity: Severity, title: String, source: FindingEndpoint? = nil,
        destination: FindingEndpoint? = nil, proto: String? = nil, network: String? = nil,
        reasons: [FindingReason] = [], evidence: Evidence? = nil, ruleID: String? = nil,
        location: SourceLocation? = nil
    ) {
        self.kind = kind
        self.severity = severity
        self.title = title
        self.source = source
        self.destination = destination
        self.proto = proto
        self.network = network
        self.reasons = reasons
        self.evidence = evidence
        self.ruleID = ruleID
        self.location = location
    }
}

extension Finding {
    /// The order reports list findings in: most severe first, then kind, then endpoints and title.
    public static func reportOrder(_ a: Finding, _ b: Finding) -> Bool { a.reportKey < b.reportKey }

    /// What `reportOrder` compares, extracted once so that large lists sort without copying findings.
    public struct ReportKey: Comparable, Sendable {
        var severity: Int
        var kind: String
        var source: String
        var destination: String
        var port: UInt16
        var title: String

        /// Most severe first, then kind, source, destination, port and title ascending.
        public static func < (a: Self, b: Self) -> Bool {
            if a.severity != b.severity { return a.severity > b.severity }
            if a.kind != b.kind { return a.kind < b.kind }
            return (a.source, a.destination, a.port, a.title) < (b.source, b.destination, b.port, b.title)
        }
    }

    /// The finding's sort key for `reportOrder`: severity, kind, endpoint names, port and title.
    public var reportKey: ReportKey {
        ReportKey(
            severity: severity.rank, kind: kind.rawValue, source: source?.name ?? "",
            destination: destination?.name ?? "",
            port: destination?.port ?? 0, title: title)
    }

    /// `findings` in report order, stable for equal keys.
    ///
    /// Each distinct kind, endpoint name and title is ranked once (`String.<`, as `ReportKey`
    /// compares them), so that the sort itself compares integers: sorting tens of thousands of
    /// findings by their strings spent most of its time copying and comparing them.
    public static func sortedForReport(_ findings: consuming [Finding]) -> [Finding] {
        let kinds = ranks(findings.map(\.kind.rawValue))
        let sources = ranks(findings.map { $0.source?.name ?? "" })
        let destinations = ranks(findings.map { $0.destination?.name ?? "" })
        let titles = ranks(findings.map(\.title))
        // Most severe first, then kind, source, destination, port, title, and first position.
        let keys = findings.indices.map { i in
            RankedKey(
                severity: -findings[i].severity.rank, kind: kinds[i], source: sources[i],
                destination: destinations[i], port: Int(findings[i].destination?.port ?? 0), title: titles[i],
                position: i)
        }
        // Put in place by swaps along each cycle of the permutation: findings are moved, never copied.
        let order = keys.sorted().map(\.position)
        var placed = [Bool](repeating: false, count: order.count)
        findings.withUnsafeMutableBufferPointer { all in
            for start in order.indices where !placed[start] {
                var k = start
                placed[k] = true
                while order[k] != start {
                    all.swapAt(k, order[k])
                    k = order[k]
                    placed[k] = true
                }
            }
        }
        return findings
    }

    /// Integer stand-ins for `ReportKey`'s fields, compared in the same order; `position` breaks ties.
    private struct RankedKey: Comparable {
        var severity: Int, kind: Int, source: Int, destination: Int, port: Int, title: Int, position: Int

        static func < (a: Self, b: Self) -> Bool {
            let x = (a.severity, a.kind, a.source, a.destination, a.port, a.title)
            let y = (b.severity, b.kind, b.source, b.destination, b.port, b.title)
            return x < y || (x == y && a.position < b.position)
        }
    }

    /// The rank of each string among the distinct strings of `values`: equal strings rank equal, and
    /// `values[i] < values[j]` exactly when `ranks[i] < ranks[j]`.
    private static func ranks(_ values: [String]) -> [Int] {
        // The positions sorted by their strings, ranked in one pass (no hashing: the titles of tens
        // of thousands of findings are mostly distinct).
        let order = values.indices.sorted { values[$0] < values[$1] }
        var ranks = [Int](repeating: 0, count: values.count)
        var rank = 0
        for k in order.indices.dropFirst() {
            if values[order[k]] != values[order[k - 1]] { rank += 1 }
            ranks[order[k]] = rank
        }
        return ranks
    }
}
