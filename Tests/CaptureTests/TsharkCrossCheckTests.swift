import Capture
import CaptureSynth
import Foundation
import InterlockCore
import Testing

/// `capture flows` agrees with `tshark -q -z conv,tcp` and `conv,udp` (tshark keys conversations by
/// addresses and ports, without VLANs, so the captures here keep those distinct).
@Suite(.serialized) struct TsharkCrossCheckTests {
    /// One conversation as both tools see it, oriented so that `a` sorts first.
    struct Row: Hashable, CustomStringConvertible {
        var a: String, b: String
        var framesAB: Int, bytesAB: String, framesBA: Int, bytesBA: String
        var description: String { "\(a) <-> \(b): \(framesAB)/\(bytesAB) \(framesBA)/\(bytesBA)" }
    }

    /// tshark prints bytes below 10 kB exactly (`196 bytes`), larger amounts rounded (`71 kB`).
    static func tsharkBytes(_ n: UInt64) -> String {
        if n < 10_000 { return "\(n) bytes" }
        let units = ["kB", "MB", "GB"]
        var v = Double(n)
        var i = -1
        while v >= 10_000 && i < 2 {
            v /= 1000
            i += 1
        }
        return "\(Int(v.rounded())) \(units[max(0, i)])"
    }

    static func oriented(_ a: String, _ b: String, _ fab: Int, _ bab: String, _ fba: Int, _ bba: String) -> Row {
        a <= b
            ? Row(a: a, b: b, framesAB: fab, bytesAB: bab, framesBA: fba, bytesBA: bba)
            : Row(a: b, b: a, framesAB: fba, bytesAB: bba, framesBA: fab, bytesBA: bab)
    }

    static func tshark(_ path: String, _ kind: String) throws -> Set<Row> {
        rows(try runProcess("/usr/bin/tshark", ["-n", "-r", path, "-q", "-z", "conv,\(kind)"]).stdout, kind)
    }

    /// The rows of the `conv,KIND` table in tshark's output `out` (which may hold several tables).
    static func rows(_ out: String, _ kind: String) -> Set<Row> {
        var rows = Set<Row>()
        var inTable = false
        for line in out.split(separator: "\n") {
            if line.hasSuffix("Conversations") { inTable = line == "\(kind.uppercased()) Conversations" }
            guard inTable, line.contains("<->") else { continue }
            let f = line.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
            // A <-> B | frames bytes unit (B→A) | frames bytes unit (A→B) | total ... | start | duration
            guard f.count >= 9, f[1] == "<->" else { continue }
            rows.insert(oriented(f[0], f[2], Int(f[6])!, f[7] + " " + f[8], Int(f[3])!, f[4] + " " + f[5]))
        }
        return rows
    }

    /// Interlock's connections of `proto` as rows; `pseudoHeaderBytes` are taken off each frame
    /// (tshark does not count a pseudo-header its wiretap library strips).
    static func ours(_ flows: CaptureFlows, _ proto: IPProtocol, pseudoHeaderBytes: Int = 0) -> Set<Row> {
        var rows = Set<Row>()
        let k = UInt64(pseudoHeaderBytes)
        for c in flows.connections where c.proto == proto {
            let i = "\(c.initiatorAddress):\(c.initiatorPort)"
            let r = "\(c.responderAddress):\(c.responderPort)"
            rows.insert(
                oriented(
                    i, r, Int(c.packetsFromInitiator), tsharkBytes(c.bytesFromInitiator - k * c.packetsFromInitiator),
                    Int(c.packetsFromResponder), tsharkBytes(c.bytesFromResponder - k * c.packetsFromResponder)))
        }
        return rows
    }

    /// Checks `path` on one thread, two and three (`--threads`).
    func check(_ path: String) throws {
        for threads in [1, 2, 3] {
            let flows = try CaptureFlows.collect(paths: [path], threads: threads)
            for (kind, proto) in [("tcp", IPProtocol.tcp), ("udp", .udp)] {
                let expected = try TsharkCrossCheckTests.tshark(path, kind)
                let actual = TsharkCrossCheckTests.ours(flows, proto)
                #expect(!expected.isEmpty)
                let (onlyOurs, onlyTshark) = (actual.subtracting(expected), expected.subtracting(actual))
                #expect(
                    actual == expected, "\(kind), \(threads) threads: only ours \(onlyOurs); only tshark \(onlyTshark)")
            }
        }
    }

    @Test func recordedNamespaceTraffic() throws {
        try check(packageRoot + "/captures/netns-tcp-udp.pcap")
    }

    /// Every connection's Community ID is one tshark's `communityid` dissector computes for its packets.
    @Test func communityIDsMatchTshark() throws {
        let path = packageRoot + "/captures/netns-tcp-udp.pcap"
        let out = try runProcess(
            "/usr/bin/tshark",
            [
                "-n", "-r", path, "--enable-protocol", "communityid", "-T", "fields",
                "-e", "communityid",
            ]
        ).stdout
        let theirs = Set(out.split(separator: "\n").map(String.init))
        let ours = Set(try CaptureFlows.collect(paths: [path]).connections.map(\.communityID))
        #expect(ours.count == 11 && ours == theirs)
    }

    @Test func generatedMixedTraffic() throws {
        var s = TrafficScript()
        for i in 0..<20 {
            let path = TrafficScript.Path(
                client: ip("10.1.\(i % 4).\(i + 1)"), server: ip("10.2.0.\(i % 3 + 1)"),
                vlans: i % 5 == 0 ? [UInt16(100 + i)] : [])
            s.tcpSession(
                path, clientPort: UInt16(30000 + i), serverPort: [80, 443, 6443][i % 3],
                exchanges: [(100 * i, 1000 + i)], ending: i % 4 == 0 ? .reset : .fin, handshake: i % 6 != 5)
            s.udpFlow(
                path, clientPort: UInt16(40000 + i), serverPort: 53, datagrams: i % 3 + 1, size: 60, replies: i % 2 == 0
            )
        }
        s.tcpSession(
            TrafficScript.Path(client: ip("fd00::10"), server: ip("fd00::20"), vlans: [7, 8]), clientPort: 5000,
            serverPort: 22, exchanges: [(40, 4000), (40, 9000)])
        s.roceWrite(
            TrafficScript.Path(client: ip("10.10.0.1"), server: ip("10.10.0.2")), requesterQP: 100, responderQP: 200,
            sourcePort: 61000, ackSourcePort: 61001, firstPSN: 0, packets: 12, payloadSize: 1024, cnps: 1)
        let tunnel = TrafficScript.VXLANTunnel(vni: 10, clientVTEP: ip("192.168.1.1"), serverVTEP: ip("192.168.1.2"))
        s.tcpSession(
            TrafficScript.Path(client: ip("10.244.0.5"), server: ip("10.244.1.9"), vxlan: tunnel), clientPort: 38000,
            serverPort: 8080, exchanges: [(300, 200)])
        let dir = temporaryDirectory()
        try s.write(to: dir + "/mixed.pcap")
        try check(dir + "/mixed.pcap")
        try s.write(to: dir + "/mixed.pcapng")
        try check(dir + "/mixed.pcapng")
    }

    /// The benchmark's kind of capture, smaller: minimum-size frames over 2,048 connections, split
    /// between the workers by their addresses.
    @Test func minimumFramesOverManyConnections() throws {
        let path = temporaryDirectory() + "/minimum.pcap"
        try SampleCaptures.writeMinimumFrameCapture(path: path, packets: 20_000, flows: 2048)
        try check(path)
    }
}
