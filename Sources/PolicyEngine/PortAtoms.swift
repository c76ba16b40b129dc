import InterlockCore
import Policy

/// Every (protocol, port) a verdict can depend on, cut into atoms: ports between two consecutive cuts
/// are treated alike by every rule, so one bit per atom stands for them all.
///
/// Bit layout of a port-atom set (`wordCount` 64-bit words): SCTP atoms from bit `offsets[0]`, TCP from
/// `offsets[1]`, UDP from `offsets[2]`, then one bit for every protocol without ports (ICMP, GRE, ...),
/// which only rules without a port list match.
///
/// Invariants: for slot `s` in 0..<3, `starts[s]` is strictly increasing, starts at 0, and its atom
/// `k` covers `starts[s][k] ..< starts[s][k+1]` (or up to 65535); `atomOfPort[s][p]` is the atom holding
/// port `p`; `offsets[s+1] == offsets[s] + starts[s].count`; `bitCount == offsets[3] + 1`.
struct PortAtoms: Sendable {
    static let portedProtocols: [IPProtocol] = [.sctp, .tcp, .udp]

    let starts: [[UInt16]]
    let offsets: [Int]
    let bitCount: Int
    let wordCount: Int
    private let atomOfPort: [[UInt16]]

    /// Cuts every protocol's port space at 1 and at the given ports (each the first port of an atom).
    init(cuts: [IPProtocol: Set<UInt16>]) {
        var starts: [[UInt16]] = []
        var tables: [[UInt16]] = []
        var offsets: [Int] = []
        var offset = 0
        for proto in PortAtoms.portedProtocols {
            let s = (cuts[proto, default: []].union([0, 1])).sorted()
            var table = [UInt16](repeating: 0, count: 65536)
            for (k, start) in s.enumerated() {
                let end = k + 1 < s.count ? Int(s[k + 1]) : 65536
                for port in Int(start)..<end { table[port] = UInt16(k) }
            }
            starts.append(s)
            tables.append(table)
            offsets.append(offset)
            offset += s.count
        }
        offsets.append(offset)
        self.starts = starts
        self.offsets = offsets
        atomOfPort = tables
        bitCount = offset + 1
        wordCount = (bitCount + 63) / 64
    }

    /// The three port tables end to end (SCTP, TCP, UDP): what `VerdictIndex` looks ports up in.
    var flatAtomTable: [UInt16] { atomOfPort[0] + atomOfPort[1] + atomOfPort[2] }

    /// The slot of a protocol: 0 SCTP, 1 TCP, 2 UDP, 3 everything without ports.
    @inline(__always) static func slot(_ proto: IPProtocol) -> Int {
        switch proto {
        case .sctp: return 0
        case .tcp: return 1
        case .udp: return 2
        default: return 3
        }
    }

    /// The bits of the atoms inside `range` of `proto` (a range whose ends are cuts, as rule ports are).
    func setBits(_ proto: IPProtocol, _ range: PortRange, in words: inout [UInt64]) {
        let s = PortAtoms.slot(proto)
        guard s < 3 else { return }
        let first = Int(atomOfPort[s][Int(range.lower)])
        let last = Int(atomOfPort[s][Int(range.upper)])
        for atom in first...last { PortAtoms.set(offsets[s] + atom, in: &words) }
    }

    /// Every port of `proto` (a port list entry without a port number matches them all).
    func setAllPorts(_ proto: IPProtocol, in words: inout [UInt64]) {
        setBits(proto, PortRange.all, in: &words)
    }

    /// Every bit: all ports of every protocol, and the portless protocols.
    func setEverything(in words: inout [UInt64]) {
        for b in 0..<bitCount { PortAtoms.set(b, in: &words) }
    }

    @inline(__always) static func set(_ bit: Int, in words: inout [UInt64]) {
        words[bit >> 6] |= 1 << UInt64(bit & 63)
    }

    @inline(__always) static func test(_ bit: Int, in words: UnsafePointer<UInt64>) -> Bool {
        words[bit >> 6] & (1 << UInt64(bit & 63)) != 0
    }

    /// The connections a port-atom set allows, as netpol-analyzer prints them (ports 1-65535).
    func connectionSet(_ words: UnsafePointer<UInt64>) -> ConnectionSet {
        var result = ConnectionSet.none
        for (s, proto) in PortAtoms.portedProtocols.enumerated() {
            var ranges: [PortRange] = []
            for (k, start) in starts[s].enumerated() where PortAtoms.test(offsets[s] + k, in: words) {
                let end = k + 1 < starts[s].count ? starts[s][k + 1] - 1 : 65535
                ranges.append(PortRange(start, end))
            }
            result[proto] = PortSet(ranges)
        }
        return result
    }
}
