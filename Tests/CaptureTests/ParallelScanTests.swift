import CaptureSynth
import Foundation
import InterlockCore
import TestSupport
import Testing

@testable import Capture

/// `threads` above 1 tracks a mapped pcap on several workers; the connections, their ids and the
/// read summary are those of one thread, byte for byte in every report format.
@Suite struct ParallelScanTests {
    /// Many connections of every kind: TCP sessions (closed, reset, reopened on the same ports after a
    /// close, mid-stream), UDP split by the idle timeout, ICMP echo, fragments (first or last first),
    /// RoCEv2 writes with ACKs and CNPs, VXLAN and GRE tunnels, VLANs, and a few undecodable frames.
    static func busy(hosts: Int = 40) -> TrafficScript {
        var s = TrafficScript()
        func v4(_ a: Int, _ b: Int) -> IPAddress { IPAddress.v4(IPv4Address(UInt32(0x0A00_0000 | a << 8 | b))) }
        for i in 0..<hosts {
            let client = v4(1 + i % 7, i)
            let server = v4(100 + i % 5, 200 - i)
            let path = TrafficScript.Path(client: client, server: server, vlans: i % 4 == 0 ? [UInt16(10 + i)] : [])
            let port = UInt16(40000 + i)
            s.tcpSession(path, clientPort: port, serverPort: 443, exchanges: [(100, 900)], ending: .fin)
            s.tcpSession(
                path, clientPort: port, serverPort: 443, exchanges: [(10, 10)], ending: i % 2 == 0 ? .reset : .open)
            s.tcpSession(
                TrafficScript.Path(client: server, server: client), clientPort: 8080, serverPort: port,
                exchanges: [(1, 1)], ending: .open, handshake: false)
            s.udpFlow(path, clientPort: port, serverPort: 53, datagrams: 2, size: 40, replies: true)
            if i % 3 == 0 { s.clock += Duration.seconds(200).wholeNanoseconds }
            s.udpFlow(path, clientPort: port, serverPort: 53, datagrams: 1, size: 40, replies: true)
            s.icmpEcho(path, identifier: UInt16(i), count: 2)
            s.fragmentedUDP(
                path, clientPort: port, serverPort: 2049, size: 3000 + i, fragmentSize: 1480,
                identification: UInt16(i), lastFirst: i % 2 == 1)
            s.roceWrite(
                TrafficScript.Path(client: v4(150, i), server: v4(151, hosts - i)), requesterQP: UInt32(0x100 + i),
                responderQP: UInt32(0x200 + i), sourcePort: 49152 + port % 1000, ackSourcePort: 50152 + port % 1000,
                firstPSN: UInt32(i * 100), packets: 1 + i % 4, payloadSize: 256, cnps: i % 3)
            let tunnel = TrafficScript.VXLANTunnel(vni: UInt32(4096 + i % 3), clientVTEP: client, serverVTEP: server)
            s.tcpSession(
                TrafficScript.Path(client: v4(244, i), server: v4(245, i), vxlan: tunnel), clientPort: 35000,
                serverPort: 8080, exchanges: [(300, 1200)])
            let gre = TrafficScript.Path(
                client: v4(246, i), server: v4(247, i),
                encapsulation: .ip(.gre(key: UInt32(i)), clientEnd: client, serverEnd: server))
            s.udpFlow(gre, clientPort: 5000, serverPort: 5001, datagrams: 1, size: 20, replies: true)
            if i % 10 == 0 { s.append([0x01, 0x02, 0x03]) }
        }
        return s
    }

    /// The three report formats of `flows`, for comparing runs byte for byte.
    static func reports(_ flows: CaptureFlows) -> [String] {
        [
            ConnectionReport.text(flows), ConnectionReport.csv(flows),
            ConnectionReport.json(flows).serialized(),
        ]
    }

    func write(_ script: TrafficScript, _ name: String = "busy.pcap") throws -> String {
        let path = Scratch.directory() + "/" + name
        try script.write(to: path)
        return path
    }

    /// Compares `threads` 2, 3 and 4 with one thread on `path`.
    func expectSameAsOneThread(_ path: String, configuration: TrackerConfiguration = TrackerConfiguration()) throws {
        let one = try CaptureFlows.collect(paths: [path], configuration: configuration, threads: 1)
        for threads in 2...4 {
            let many = try CaptureFlows.collect(paths: [path], configuration: configuration, threads: threads)
            #expect(many.summary == one.summary, "threads \(threads)")
            #expect(ParallelScanTests.reports(many) == ParallelScanTests.reports(one), "threads \(threads)")
        }
    }

    @Test func generatedCaptureMatchesOneThread() throws {
        let path = try write(ParallelScanTests.busy())
        try expectSameAsOneThread(path)
        var short = TrackerConfiguration()
        short.udpIdleTimeout = .seconds(1)
        short.otherIdleTimeout = .milliseconds(1)
        short.tcpIdleTimeout = .milliseconds(1)
        try expectSameAsOneThread(path, configuration: short)
        // The capture has what the comparison is about.
        let one = try CaptureFlows.collect(paths: [path])
        #expect(one.connections.count > 500 && one.summary.tunnelled > 0 && one.summary.rocePackets > 0)
        #expect(one.connections.contains { $0.roce?.pairedWith != nil })
        #expect(one.connections.contains { $0.laterFragments > 0 })
        #expect(one.summary.undecodableTotal > 0)
    }

    /// The comparison is not vacuous: the generated capture is tracked by the workers and merged, with no
    /// fallback to one thread.
    @Test func theGeneratedCaptureIsSplitNotFallenBack() throws {
        let path = try write(ParallelScanTests.busy())
        var summary = ReadSummary()
        let reader = try CaptureReader(paths: [path])
        let merged = try #require(
            ParallelScan.count(
                reader: reader, configuration: TrackerConfiguration(), threads: 3, summary: &summary, progress: nil))
        let one = try CaptureFlows.collect(paths: [path])
        #expect(merged.count == one.connections.count && summary == one.summary)
        #expect(merged.map(\.id) == Array(0..<merged.count))
    }

    @Test func committedCapturesMatchOneThread() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().path
        for name in ["netns-tcp-udp", "generated-mixed", "demo-clean", "demo-violations"] {
            try expectSameAsOneThread(root + "/captures/\(name).pcap")
        }
    }

    /// One inner flow carried between many VTEP pairs: one thread keeps it as one connection; split
    /// by outer addresses it would be several, so the scan falls back to one thread.
    @Test func anInnerFlowBetweenSeveralVTEPPairsFallsBackToOneThread() throws {
        var s = TrafficScript()
        for i in 0..<16 {
            let tunnel = TrafficScript.VXLANTunnel(
                vni: 7, clientVTEP: IPAddress("192.0.2.\(i + 1)")!, serverVTEP: IPAddress("198.51.100.\(i + 1)")!)
            s.udpFlow(
                TrafficScript.Path(client: IPAddress("10.244.0.1")!, server: IPAddress("10.244.0.2")!, vxlan: tunnel),
                clientPort: 4000, serverPort: 4001, datagrams: 1, size: 10, replies: false)
        }
        let path = try write(s, "vteps.pcap")
        var summary = ReadSummary()
        #expect(
            ParallelScan.count(
                reader: try CaptureReader(paths: [path]), configuration: TrackerConfiguration(), threads: 4,
                summary: &summary, progress: nil) == nil)
        try expectSameAsOneThread(path)
        let one = try CaptureFlows.collect(paths: [path])
        #expect(one.connections.filter { $0.tunnel == .vxlan }.count == 1)
    }

    /// A filter and pcapng: the filter is applied by the reader, pcapng is read on one thread.
    @Test func filteredAndPcapngInputsMatchOneThread() throws {
        let script = ParallelScanTests.busy(hosts: 12)
        let pcap = try write(script)
        let one = try CaptureFlows.collect(paths: [pcap], filter: "udp or icmp", threads: 1)
        let many = try CaptureFlows.collect(paths: [pcap], filter: "udp or icmp", threads: 3)
        #expect(ParallelScanTests.reports(many) == ParallelScanTests.reports(one) && one.summary.filtered > 0)
        let ng = Scratch.directory() + "/busy.pcapng"
        try script.write(to: ng)
        let ngOne = try CaptureFlows.collect(paths: [ng], threads: 1)
        #expect(
            ParallelScanTests.reports(try CaptureFlows.collect(paths: [ng], threads: 4))
                == ParallelScanTests.reports(ngOne))
    }
}
