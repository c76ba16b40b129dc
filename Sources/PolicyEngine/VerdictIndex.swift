import InterlockCore
import Manifests

/// One network's compiled tables flattened for the hot path: fixed-size records in `OwnedBuffer`s,
/// so that a verdict is a handful of loads with no reference counting, bounds checks or allocation.
/// Tables are probed at random: they are on huge pages where large, so that a probe costs a cache
/// miss but rarely a TLB miss too.
///
/// Invariants, established by `init` and never changed:
/// - `endpoints[e]` is endpoint `e`'s nodes (see `EndpointCatalog`) and its class's row and columns
///   in both directions (see `SideTable`), copied into the record so that a lookup reads one
///   record per endpoint rather than an endpoint and then its class.
/// - `addressSlots` are `EndpointAddressTable`'s IPv4 slots (a power of two of them, laid out as
///   `AddressSlot` says); an address missing there is external: its endpoint is `externalBase` plus its atom, the
///   last index of `externalStarts` not above it.
/// - `atomOfPort[s * 65536 + p]` is the atom of port `p` in protocol slot `s` (0 SCTP, 1 TCP, 2 UDP);
///   the bit of an atom is `bitOffset[s] + atom`; protocols without ports use `portlessBit`.
/// - Side `x`'s entry `(r, c)` is the `width[x]`-byte little-endian integer at byte
///   `(r * columns[x] + c) * width[x]` of `entries[x]` (the side table's bytes, unaligned); profile `p`'s words start
///   at `p * wordCount`
///   of `profiles[x]`.
final class VerdictIndex: @unchecked Sendable {
    struct EndpointRecord {
        var subjectNode: Int32
        var peerNode: Int32
        var egressRow: Int32, egressColumn: Int32, egressOwnNodeColumn: Int32
        var ingressRow: Int32, ingressColumn: Int32, ingressOwnNodeColumn: Int32
        /// The endpoint's isolation domain (`EndpointCatalog.domain`), -1 when none applies.
        var domain: Int32
    }

    let isPodNetwork: Bool
    let endpoints: OwnedBuffer<EndpointRecord>
    let addressSlots: OwnedBuffer<UInt64>
    let externalBase: Int
    let externalStarts: OwnedBuffer<UInt32>
    let atomOfPort: OwnedBuffer<UInt16>
    let bitOffset: (Int, Int, Int)
    let portlessBit: Int
    let wordCount: Int
    let entries: (OwnedBuffer<UInt8>, OwnedBuffer<UInt8>)
    let width: (Int, Int)
    let columns: (Int, Int)
    let profiles: (OwnedBuffer<UInt64>, OwnedBuffer<UInt64>)

    init(
        network: Network, catalog: EndpointCatalog, egress eg: SideTable, ingress ig: SideTable,
        addresses: EndpointAddressTable, layout: PortAtoms
    ) {
        isPodNetwork = network == .pod
        endpoints = OwnedBuffer(
            (0..<catalog.endpointCount).map { e in
                let c = Int(catalog.classOf[e])
                return EndpointRecord(
                    subjectNode: catalog.subjectNode[e], peerNode: catalog.peerNode[e],
                    egressRow: eg.rowOf[c], egressColumn: eg.columnOf[c], egressOwnNodeColumn: eg.ownNodeColumnOf[c],
                    ingressRow: ig.rowOf[c], ingressColumn: ig.columnOf[c], ingressOwnNodeColumn: ig.ownNodeColumnOf[c],
                    domain: catalog.domain[e])
            }, hugePages: true)
        addressSlots = OwnedBuffer(addresses.ipv4Slots, hugePages: true)
        externalBase = catalog.podCount + catalog.nodeCount
        externalStarts = OwnedBuffer(catalog.external.v4Starts, hugePages: true)
        atomOfPort = OwnedBuffer(layout.flatAtomTable, hugePages: true)
        bitOffset = (layout.offsets[0], layout.offsets[1], layout.offsets[2])
        portlessBit = layout.offsets[3]
        wordCount = layout.wordCount
        entries = (OwnedBuffer(eg.entries.rawBytes, hugePages: true), OwnedBuffer(ig.entries.rawBytes, hugePages: true))
        width = (eg.entries.width, ig.entries.width)
        columns = (eg.entries.columnCount, ig.entries.columnCount)
        profiles = (OwnedBuffer(eg.profiles.words, hugePages: true), OwnedBuffer(ig.profiles.words, hugePages: true))
    }

    /// The endpoint of an IPv4 address on this network.
    @inline(__always) func endpoint(ofIPv4 a: UInt32) -> Int {
        endpoint(ofIPv4: a, from: AddressSlot.home(of: a, mask: addressSlots.count - 1))
    }

    /// `endpoint(ofIPv4:)` probing from `home`, the address's home slot.
    @inline(__always) func endpoint(ofIPv4 a: UInt32, from home: Int) -> Int {
        let id = addressSlots.withUnsafeBufferPointer { AddressSlot.find(a, in: $0, from: home) }
        return id >= 0 ? Int(id) : externalEndpoint(ofIPv4: a)
    }

    /// The endpoint of an IPv4 address no pod or node owns: its external atom's.
    @inline(__always) func externalEndpoint(ofIPv4 a: UInt32) -> Int {
        var low = 0
        var count = externalStarts.count
        while count > 1 {
            let half = count >> 1
            if externalStarts[low + half] <= a { low += half }
            count -= half
        }
        return externalBase + low
    }

    /// Where `(proto, port)`'s atom sits in `atomOfPort`, or -1 for protocols without ports.
    @inline(__always) func portSlot(_ proto: IPProtocol, _ port: UInt16) -> Int {
        switch proto {
        case .sctp: return Int(port)
        case .tcp: return 65536 + Int(port)
        case .udp: return 131072 + Int(port)
        default: return -1
        }
    }

    /// The profile bit of `(proto, port)`.
    @inline(__always) func bit(_ proto: IPProtocol, _ port: UInt16) -> Int {
        let slot = portSlot(proto, port)
        guard slot >= 0 else { return portlessBit }
        let offset =
            switch slot >> 16 {
            case 0: bitOffset.0
            case 1: bitOffset.1
            default: bitOffset.2
            }
        return offset + Int(atomOfPort[slot])
    }

    /// The cell `(row, column)` of side `side`: an index into `entries` for `entry(side, at:)`.
    @inline(__always) func cell(_ side: Int, _ row: Int32, _ column: Int32) -> Int {
        Int(row) * (side == 0 ? columns.0 : columns.1) + Int(column)
    }

    /// The profile stored in cell `at` of side `side`.
    @inline(__always) func entry(_ side: Int, at cell: Int) -> Int {
        let (bytes, w) =
            side == 0
            ? (UnsafeRawPointer(entries.0.baseAddress), width.0) : (UnsafeRawPointer(entries.1.baseAddress), width.1)
        let at = cell * w
        switch w {
        case 1: return Int(bytes.load(fromByteOffset: at, as: UInt8.self))
        case 2: return Int(bytes.loadUnaligned(fromByteOffset: at, as: UInt16.self).littleEndian)
        default: return Int(bytes.loadUnaligned(fromByteOffset: at, as: UInt32.self).littleEndian)
        }
    }

    @inline(__always) func test(_ side: Int, _ profile: Int, _ bit: Int) -> Bool {
        let words = side == 0 ? profiles.0.baseAddress : profiles.1.baseAddress
        return words[profile * wordCount + bit >> 6] & (1 << UInt64(bit & 63)) != 0
    }

    /// The egress and ingress profiles from endpoint `s` to endpoint `d` (-1: that side restricts
    /// nothing): the source's egress row and the destination's ingress row, against the peer's column,
    /// or its own-node column when the peer is the subject's node ("traffic to and from the node where
    /// a Pod is running is always allowed").
    @inline(__always) func profiles(_ s: Int, _ d: Int) -> (egress: Int, ingress: Int) {
        let (e, i) = cells(endpoints[s], endpoints[d])
        return (e < 0 ? -1 : entry(0, at: e), i < 0 ? -1 : entry(1, at: i))
    }

    /// The egress and ingress cells `profiles` reads (-1: that side restricts nothing).
    @inline(__always) func cells(_ es: EndpointRecord, _ ed: EndpointRecord) -> (egress: Int, ingress: Int) {
        var out = (egress: -1, ingress: -1)
        if es.egressRow >= 0 {
            let own = isPodNetwork && ed.peerNode >= 0 && ed.peerNode == es.subjectNode
            out.egress = cell(0, es.egressRow, own ? ed.egressOwnNodeColumn : ed.egressColumn)
        }
        if ed.ingressRow >= 0 {
            let own = isPodNetwork && es.peerNode >= 0 && es.peerNode == ed.subjectNode
            out.ingress = cell(1, ed.ingressRow, own ? es.ingressOwnNodeColumn : es.ingressColumn)
        }
        return out
    }

    /// Whether records `a` and `b` are on different primary networks, which cannot reach each other.
    @inline(__always) func isolated(_ a: EndpointRecord, _ b: EndpointRecord) -> Bool {
        a.domain >= 0 && b.domain >= 0 && a.domain != b.domain
    }

    /// Whether endpoint `s` may send `bit` to endpoint `d`: the source's egress AND the destination's
    /// ingress.
    @inline(__always) func allows(_ s: Int, _ d: Int, bit: Int) -> Bool {
        // A pod can always reach itself; nodes and external addresses are never subjects.
        if s == d { return true }
        if isolated(endpoints[s], endpoints[d]) { return false }
        let (egress, ingress) = profiles(s, d)
        return (egress < 0 || test(0, egress, bit)) && (ingress < 0 || test(1, ingress, bit))
    }
}
