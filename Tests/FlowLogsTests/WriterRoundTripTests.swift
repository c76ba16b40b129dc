import Capture
import CaptureSynth
import Foundation
import InterlockCore
import TestSupport
import Testing

@testable import FlowLogs

/// Interlock's generated traffic written as Hubble flows and as a Zeek conn.log, read back: the same
/// connections as the capture's, with what each format keeps.
@Suite struct WriterRoundTripTests {
    /// TCP closed, reset, mid-stream and unanswered, UDP, ICMP echo, and IPv6 behind QinQ.
    static func script() -> TrafficScript {
        var s = TrafficScript()
        func path(_ a: String, _ b: String, vlans: [UInt16] = []) -> TrafficScript.Path {
            TrafficScript.Path(client: IPAddress(a)!, server: IPAddress(b)!, vlans: vlans)
        }
        s.tcpSession(path("10.244.1.2", "10.244.2.2"), clientPort: 40001, serverPort: 5432, exchanges: [(517, 4120)])
        s.tcpSession(
            path("10.244.1.3", "10.244.2.2"), clientPort: 40002, serverPort: 5432, exchanges: [], ending: .reset)
        s.tcpSession(
            path("10.244.1.2", "10.244.2.3", vlans: [20]), clientPort: 40003, serverPort: 9000,
            exchanges: [(120, 80)], ending: .open, handshake: false)
        s.tcpAttempt(path("10.244.1.3", "10.244.2.3"), clientPort: 40004, serverPort: 9000, retries: 2)
        s.udpFlow(path("10.244.1.2", "10.96.0.10"), clientPort: 53011, serverPort: 53, datagrams: 2, size: 40)
        s.icmpEcho(path("10.244.1.2", "10.244.2.2"), identifier: 7, count: 2)
        s.tcpSession(
            path("fd00:10::15", "fd00:10::20", vlans: [30, 301]), clientPort: 60022, serverPort: 22,
            exchanges: [(64, 512)])
        return s
    }

    static func capture() throws -> [Connection] {
        let path = Scratch.path("round-trip.pcap")
        try script().write(to: path)
        return try CaptureFlows.collect(paths: [path]).connections
    }

    /// What every format keeps of a connection: the oriented five-tuple and its first and last time.
    struct Kept: Equatable, CustomStringConvertible {
        var tuple: FiveTuple
        var first: Int64
        var last: Int64
        init(_ c: Connection) {
            tuple = c.fiveTuple
            first = c.firstTimestamp
            last = c.lastTimestamp
        }
        var description: String { "\(tuple) \(first)-\(last)" }
    }

    /// `text`, a log the writers wrote with nothing left out, read back: its format, and the
    /// connections it kept compared with `original`'s.
    static func readBack(_ written: (text: String, skipped: Int), name: String, original: [Connection]) throws
        -> CaptureFlows
    {
        #expect(written.skipped == 0)
        let back = try TrafficInputs.collect(paths: [try FlowLogFixtures.write(written.text, name: name)])
        #expect(back.connections.map(Kept.init) == original.map(Kept.init))
        return back
    }

    @Test func hubble() throws {
        let original = try Self.capture()
        #expect(original.count == 7)
        let back = try Self.readBack(HubbleWriter.lines(original), name: "synth.jsonl", original: original)
        #expect(back.files.map(\.format) == ["hubble"])
        #expect(back.connections.map { $0.flowLog!.replied } == original.map { $0.packetsFromResponder > 0 })
        #expect(back.connections.allSatisfy { !$0.flowLog!.packetsKnown && $0.flowLog!.verdict?.text == "FORWARDED" })
    }

    @Test func zeek() throws {
        let original = try Self.capture()
        let written = ZeekWriter.log(original)
        let back = try Self.readBack(written, name: "synth-conn.log", original: original)
        #expect(back.files.map(\.format) == ["zeek"])
        // Packets each way survive; the IP-level bytes are not what a capture counts: written unset.
        #expect(back.connections.map(\.packetsFromInitiator) == original.map(\.packetsFromInitiator))
        #expect(back.connections.map(\.packetsFromResponder) == original.map(\.packetsFromResponder))
        #expect(back.connections.allSatisfy { $0.flowLog!.packetsKnown && !$0.flowLog!.bytesKnown })
        let states = written.text.split(separator: "\n").filter { !$0.hasPrefix("#") }.map {
            $0.split(separator: "\t")[11]
        }
        #expect(states == ["SF", "RSTO", "OTH", "S0", "SF", "SF", "SF"])
    }

    @Test func zeekSecondsAreExactToTheMicrosecond() {
        #expect(ZeekWriter.seconds(1_704_067_200_000_100_000) == "1704067200.000100")
        #expect(
            ZeekConn.nanoseconds(decimal: ZeekWriter.seconds(1_704_067_200_123_456_000)) == 1_704_067_200_123_456_000)
    }
}
