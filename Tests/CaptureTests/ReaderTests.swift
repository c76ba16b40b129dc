import Capture
import CaptureSynth
import Foundation
import InterlockCore
import Testing

/// Everything a reader yields, copied out, for comparing the two read paths.
struct ReadTrace: Equatable {
    struct Entry: Equatable {
        var timestamp: Int64, captured: Int, original: Int, bytes: [UInt8], file: Int, frame: Int, packet: Int
        var matches: Bool, bad: Bool
    }
    var entries: [Entry] = []
    var warnings: [String] = []
    var mapped: [Bool] = []

    init(paths: [String], filter: String? = nil, path: ReadPath) throws {
        let reader = try CaptureReader(paths: paths, filter: filter, path: path)
        while let r = reader.next() {
            entries.append(
                Entry(
                    timestamp: r.timestamp, captured: r.capturedLength, original: r.originalLength,
                    bytes: r.bytes.array, file: r.fileIndex, frame: r.frameNumber, packet: r.packetNumber,
                    matches: r.matchesFilter, bad: r.isBadRecord))
        }
        warnings = reader.warnings
        mapped = reader.files.map(\.mapped)
    }

    static func == (a: ReadTrace, b: ReadTrace) -> Bool { a.entries == b.entries && a.warnings == b.warnings }
}

/// A classic pcap file written byte by byte: microsecond or nanosecond magic, any snaplen.
func classicPcap(
    nanosecond: Bool, snaplen: UInt32, linkType: UInt32 = 1,
    records: [(sec: UInt32, frac: UInt32, captured: UInt32, original: UInt32, data: [UInt8])]
) -> [UInt8] {
    func le32(_ v: UInt32) -> [UInt8] { withUnsafeBytes(of: v.littleEndian) { Array($0) } }
    var out =
        le32(nanosecond ? 0xA1B2_3C4D : 0xA1B2_C3D4) + [2, 0, 4, 0] + le32(0) + le32(0) + le32(snaplen) + le32(linkType)
    for r in records { out += le32(r.sec) + le32(r.frac) + le32(r.captured) + le32(r.original) + r.data }
    return out
}

/// SplitMix64: a small seeded generator, so the fuzz cases are the same on every run.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

@Suite struct ReaderTests {
    func sampleScript() -> TrafficScript {
        var s = TrafficScript()
        s.tcpSession(
            TrafficScript.Path(client: ip("10.0.0.1"), server: ip("10.0.0.2"), vlans: [12]), clientPort: 40000,
            serverPort: 80, exchanges: [(300, 1400)])
        s.udpFlow(
            TrafficScript.Path(client: ip("fd00::1"), server: ip("fd00::2")), clientPort: 9, serverPort: 53,
            datagrams: 3, size: 90)
        s.roceWrite(
            TrafficScript.Path(client: ip("10.1.0.1"), server: ip("10.1.0.2")), requesterQP: 1, responderQP: 2,
            sourcePort: 50000, ackSourcePort: 50001, firstPSN: 0, packets: 3, payloadSize: 512, cnps: 1)
        return s
    }

    @Test func fastPathMatchesLibpcap() throws {
        let dir = temporaryDirectory()
        try sampleScript().write(to: dir + "/s.pcap")
        let fast = try ReadTrace(paths: [dir + "/s.pcap"], path: .automatic)
        let reference = try ReadTrace(paths: [dir + "/s.pcap"], path: .libpcap)
        #expect(fast.mapped == [true] && reference.mapped == [false])
        #expect(fast == reference && fast.entries.count == sampleScript().frames.count)
        #expect(fast.entries.map(\.timestamp) == sampleScript().frames.map(\.timestamp))
    }

    @Test func microsecondFilesScaleToNanoseconds() throws {
        let dir = temporaryDirectory()
        let frame = ethernet(udpPacket("10.0.0.1", "10.0.0.2", 1, 2))
        let bytes = classicPcap(
            nanosecond: false, snaplen: 65535,
            records: [
                (1_700_000_000, 123_456, UInt32(frame.count), UInt32(frame.count), frame),
                (1_700_000_001, 999_999, UInt32(frame.count), 1500, frame),
            ])
        FileManager.default.createFile(atPath: dir + "/us.pcap", contents: Data(bytes))
        let fast = try ReadTrace(paths: [dir + "/us.pcap"], path: .automatic)
        #expect(fast.mapped == [true])
        #expect(fast.entries.map(\.timestamp) == [1_700_000_000_123_456_000, 1_700_000_001_999_999_000])
        #expect(fast.entries[1].original == 1500)
        #expect(fast == (try ReadTrace(paths: [dir + "/us.pcap"], path: .libpcap)))
    }

    @Test func pcapngRoundTripThroughLibpcap() throws {
        let dir = temporaryDirectory()
        try sampleScript().write(to: dir + "/s.pcapng")
        let ng = try ReadTrace(paths: [dir + "/s.pcapng"], path: .automatic)
        try sampleScript().write(to: dir + "/s.pcap")
        let classic = try ReadTrace(paths: [dir + "/s.pcap"], path: .automatic)
        #expect(ng.mapped == [false])
        #expect(ng == classic)
        let reader = try CaptureReader(paths: [dir + "/s.pcapng"])
        #expect(reader.files[0].format == "pcapng" && reader.files[0].linkType == .ethernet)
    }

    @Test func filesMergeByTimestamp() throws {
        let dir = temporaryDirectory()
        var a = TrafficScript(start: 1_000_000_000_000)
        var b = TrafficScript(start: 1_000_000_050_000)
        a.udpFlow(
            TrafficScript.Path(client: ip("10.0.0.1"), server: ip("10.0.0.2")), clientPort: 1, serverPort: 2,
            datagrams: 3, size: 10)
        b.udpFlow(
            TrafficScript.Path(client: ip("10.0.0.3"), server: ip("10.0.0.4")), clientPort: 1, serverPort: 2,
            datagrams: 3, size: 10)
        try a.write(to: dir + "/a.pcap")
        try b.write(to: dir + "/b.pcapng")
        let merged = try ReadTrace(paths: [dir + "/a.pcap", dir + "/b.pcapng"], path: .automatic)
        #expect(merged.entries.count == 12)
        #expect(merged.entries.map(\.timestamp) == merged.entries.map(\.timestamp).sorted())
        #expect(merged.entries.map(\.packet) == Array(1...12))
        #expect(merged.entries.filter { $0.file == 1 }.map(\.frame) == Array(1...6))
        #expect(merged == (try ReadTrace(paths: [dir + "/a.pcap", dir + "/b.pcapng"], path: .libpcap)))
    }

    @Test func bpfFilterIsCompiledByLibpcap() throws {
        let dir = temporaryDirectory()
        try sampleScript().write(to: dir + "/s.pcap")
        let flows = try CaptureFlows.collect(paths: [dir + "/s.pcap"], filter: "udp port 4791")
        #expect(flows.summary.decoded == 5 && flows.summary.filtered == flows.summary.packetsRead - 5)
        let vlan = try CaptureFlows.collect(paths: [dir + "/s.pcap"], filter: "vlan 12")
        #expect(vlan.connections.count == 1 && vlan.connections[0].vlan == 12)
        #expect(throws: InputError.self) { try CaptureFlows.collect(paths: [dir + "/s.pcap"], filter: "port nonsense") }
    }

    @Test func notACaptureIsBadInputNamingTheFile() throws {
        let dir = temporaryDirectory()
        FileManager.default.createFile(atPath: dir + "/x.pcap", contents: Data("hello, world, not a capture".utf8))
        do {
            _ = try CaptureReader(paths: [dir + "/x.pcap"])
            Issue.record("expected an error")
        } catch let e as InputError {
            #expect(e.file == dir + "/x.pcap")
        }
        #expect(throws: InputError.self) { try CaptureReader(paths: [dir + "/missing.pcap"]) }
    }

    @Test func truncatedFilesEndWithABadRecordOnBothPaths() throws {
        let dir = temporaryDirectory()
        try sampleScript().write(to: dir + "/s.pcap")
        let whole = try Data(contentsOf: URL(fileURLWithPath: dir + "/s.pcap"))
        for cut in [whole.count - 1, whole.count - 60, 24 + 8, 24 + 16 + 10] {
            FileManager.default.createFile(atPath: dir + "/cut.pcap", contents: whole.prefix(cut))
            let fast = try ReadTrace(paths: [dir + "/cut.pcap"], path: .automatic)
            let reference = try ReadTrace(paths: [dir + "/cut.pcap"], path: .libpcap)
            #expect(fast == reference)
            #expect(fast.entries.last?.bad == true && fast.warnings.count == 1)
            #expect(fast.warnings[0].contains("truncated dump file"))
            let flows = try CaptureFlows.collect(paths: [dir + "/cut.pcap"])
            #expect(flows.summary.undecodable[.badRecord] == 1)
        }
    }

    /// Records with lengths above the snapshot or above libpcap's maximum, and random cuts and byte
    /// flips anywhere in the file: both paths yield the same records, warnings and counts.
    @Test func mutatedFilesReadIdenticallyOnBothPaths() throws {
        let dir = temporaryDirectory()
        let frame = ethernet(udpPacket("10.0.0.1", "10.0.0.2", 1, 2, payload: [UInt8](repeating: 7, count: 100)))
        let n = UInt32(frame.count)
        let cases: [[UInt8]] = [
            classicPcap(
                nanosecond: true, snaplen: 64, records: [(1, 0, n, n, frame), (2, 0, 10, 10, Array(frame.prefix(10)))]),
            classicPcap(nanosecond: true, snaplen: 0, records: [(1, 0, n, n, frame)]),
            classicPcap(nanosecond: false, snaplen: 65535, records: [(1, 0, 300_000, n, frame)]),
            classicPcap(nanosecond: false, snaplen: 1_000_000, records: [(1, 0, 270_000, n, frame)]),
            classicPcap(nanosecond: false, snaplen: 65535, records: [(1, 0, 0, 0, []), (1, 5, n, n, frame)]),
        ]
        var rng = SeededGenerator(state: 42)
        var files = cases
        let base = classicPcap(nanosecond: true, snaplen: 262144, records: (0..<6).map { (UInt32($0), 7, n, n, frame) })
        for _ in 0..<150 {
            var f = base
            for _ in 0..<Int.random(in: 1...4, using: &rng) {
                f[Int.random(in: 24..<f.count, using: &rng)] = UInt8.random(in: 0...255, using: &rng)
            }
            if Bool.random(using: &rng) { f = Array(f.prefix(Int.random(in: 24...f.count, using: &rng))) }
            files.append(f)
        }
        for (i, bytes) in files.enumerated() {
            let path = dir + "/m\(i).pcap"
            FileManager.default.createFile(atPath: path, contents: Data(bytes))
            let fast = try ReadTrace(paths: [path], path: .automatic)
            let reference = try ReadTrace(paths: [path], path: .libpcap)
            #expect(fast == reference, "case \(i)")
            #expect(fast.mapped == [true], "case \(i)")
            let flows = try CaptureFlows.collect(paths: [path])
            let s = flows.summary
            #expect(s.packetsRead == s.decoded + s.filtered + s.undecodableTotal)
            #expect(s.packetsRead == fast.entries.count)
        }
    }
}
