import Capture
import CaptureSynth
import Documents
import Foundation
import InterlockCore
import Manifests
import Policy
import PolicyEngine
import TestSupport

/// The committed flow-log samples (captures/flowlogs) and the small cluster they were written for
/// (`shop-cluster.yaml`): pods shop/web (10.244.1.2), shop/batch (10.244.1.3), db/pg (10.244.2.2,
/// 5432) and db/api (10.244.2.3, 9000); db denies all ingress but web → pg on 5432.
enum FlowLogFixtures {
    /// The path of a committed sample under `captures/flowlogs`.
    static func path(_ name: String) -> String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("captures/flowlogs/\(name)").path
    }

    /// `text` written to a scratch file named `name`; returns its path.
    static func write(_ text: String, name: String) throws -> String {
        let path = Scratch.path(name)
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// tshark's verbose decoding (`tshark -V`) of one UDP datagram carrying `udpPayload` to `port`
    /// (4739 IPFIX, 2055 NetFlow: the dissector's default ports), and its exit status.
    static func tshark(udpPayload: [UInt8], port: UInt16) throws -> (status: Int32, text: String) {
        var script = TrafficScript()
        let exporter = IPAddress("192.0.2.1")!
        let collector = IPAddress("192.0.2.2")!
        let udp = PacketBuilder.udp(
            source: exporter, destination: collector, sourcePort: 50000, destinationPort: port, payload: udpPayload)
        script.emit(
            TrafficScript.Path(client: exporter, server: collector), fromClient: true,
            ip: PacketBuilder.ip(source: exporter, destination: collector, proto: .udp, payload: udp))
        let pcap = Scratch.path("export.pcap")
        try script.write(to: pcap)
        let tshark = Process()
        tshark.executableURL = URL(fileURLWithPath: "/usr/bin/tshark")
        tshark.arguments = ["-r", pcap, "-V"]
        let out = Pipe()
        tshark.standardOutput = out
        tshark.standardError = Pipe()
        try tshark.run()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        tshark.waitUntilExit()
        return (tshark.terminationStatus, text)
    }

    static let cluster = path("shop-cluster.yaml")

    static let engine: CompiledEngine = {
        let docs = try! SourceLoader.load(paths: [cluster])
        let manifests = try! ManifestLoader.load(documents: docs)
        return CompiledEngine(inventory: manifests.inventory, policies: try! PolicySet.decode(manifests))
    }()
}
