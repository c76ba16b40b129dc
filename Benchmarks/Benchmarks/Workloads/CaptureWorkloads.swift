import Capture
import CaptureSynth
import Foundation

/// Reading a capture end to end (read, decode, track) against tcpdump and tshark on the same file.
public enum CaptureWorkloads {
    /// A classic pcap of `packets` 64-byte frames over `flows` flows, generated once per process
    /// under the temporary directory.
    public static func minimumFrameCapture(packets: Int, flows: Int) -> String {
        let path = NSTemporaryDirectory() + "interlock-bench-\(packets)x64-\(flows).pcap"
        if !FileManager.default.fileExists(atPath: path) {
            try! SampleCaptures.writeMinimumFrameCapture(path: path, packets: packets, flows: flows)
        }
        return path
    }

    /// Interlock's read + decode + connection tracking of `path`, on the given read path.
    public static func flows(_ path: String, readPath: ReadPath = .automatic) -> Workload {
        Workload(name: readPath == .automatic ? "capture flows (mmap)" : "capture flows (pcap_next_ex)", unit: "pkt") {
            let flows = try! CaptureFlows.collect(paths: [path], readPath: readPath)
            blackHole(flows.connections.count)
            return flows.summary.packetsRead
        }
    }

    /// Reading records only (no decoding), on the given read path.
    public static func read(_ path: String, readPath: ReadPath) -> Workload {
        Workload(name: readPath == .automatic ? "read (mmap)" : "read (pcap_next_ex)", unit: "pkt") {
            let reader = try! CaptureReader(paths: [path], path: readPath)
            var n = 0
            var bytes = 0
            while let r = reader.next() {
                n += 1
                bytes &+= r.capturedLength
            }
            blackHole(bytes)
            return n
        }
    }

    /// Reading and decoding, without tracking.
    public static func readAndDecode(_ path: String) -> Workload {
        Workload(name: "read + decode (mmap)", unit: "pkt") {
            let reader = try! CaptureReader(paths: [path])
            let decoder = PacketDecoder()
            var packet = DecodedPacket()
            var n = 0
            var ports = 0
            while let r = reader.next() {
                n += 1
                if decoder.decode(r.bytes, linkType: r.linkType, into: &packet) == .decoded {
                    ports &+= Int(packet.outer.transport.sourcePort)
                }
            }
            blackHole(ports)
            return n
        }
    }

    /// The benchmark: 2M 64-byte frames over 64k flows, against tcpdump and tshark.
    public static func comparisons(packets: Int = 2_000_000, flows: Int = 65_536) -> [Comparison] {
        let path = minimumFrameCapture(packets: packets, flows: flows)
        let title = "capture flows (\(packets / 1_000_000)M × 64 B, \(flows / 1024)k flows)"
        return [
            Comparison(
                title: title, subject: self.flows(path),
                baseline: Workload.tool(
                    "tcpdump -r -w /dev/null", ["tcpdump", "-r", path, "-w", "/dev/null"], items: packets, unit: "pkt")),
            Comparison(
                title: title, subject: self.flows(path),
                baseline: Workload.tool(
                    "tshark -q -z conv,ip", ["tshark", "-r", path, "-q", "-z", "conv,ip"], items: packets, unit: "pkt")),
            Comparison(
                title: title, subject: self.flows(path),
                baseline: self.flows(path, readPath: .libpcap)),
            Comparison(
                title: title + ", stages", subject: read(path, readPath: .automatic),
                baseline: read(path, readPath: .libpcap)),
            Comparison(
                title: title + ", stages", subject: readAndDecode(path), baseline: read(path, readPath: .automatic)),
            Comparison(title: title + ", stages", subject: self.flows(path), baseline: readAndDecode(path)),
            Comparison(
                title: title + ", stages", subject: self.flows(minimumFrameCapture(packets: packets, flows: 1024)),
                baseline: self.flows(path)),
        ]
    }
}
