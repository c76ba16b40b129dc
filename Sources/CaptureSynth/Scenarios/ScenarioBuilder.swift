import Capture
import Fabric
import InterlockCore
import Manifests
import Policy
import PolicyEngine

/// Writes the traffic of a `CaptureScenario` from a cluster's inventory, policies and fabric: the
/// pods, Services, secondary networks and fabric addresses it names are the cluster's own, and what
/// the scenario calls allowed or denied is what the compiled engine says.
///
/// The result merges what several capture points see: the front-end fabric (pod traffic in VXLAN
/// between the nodes' addresses), the client nodes (Service traffic before kube-proxy's DNAT), the
/// compute fabric (RoCEv2) and the storage and out-of-band networks. Deterministic: the same inputs
/// give the same frames, byte for byte.
public struct ScenarioBuilder {
    let inventory: Inventory
    let engine: CompiledEngine
    let fabric: FabricGraph?
    var script = TrafficScript()
    private var port: UInt16 = 40_000
    private var queuePair: UInt32 = 0x000100

    /// A pod that can appear in a capture: it has a pod-network IPv4 address and runs on a node.
    struct LivePod {
        var index: Int
        var ip: IPAddress
        var node: String
        var workload: Int
    }

    let livePods: [LivePod]

    /// A builder over `engine`'s inventory and `fabric`, with an empty script; the live pods are those
    /// with a node and an IPv4 pod address (neither pods standing for a workload's future pods nor host-network pods).
    public init(engine: CompiledEngine, fabric: FabricGraph?) {
        self.engine = engine
        inventory = engine.inventory
        self.fabric = fabric
        livePods = engine.inventory.pods.enumerated().compactMap { i, pod in
            guard !pod.isRepresentative, !pod.hostNetwork, let node = pod.nodeName,
                let ip = pod.ips.first(where: { $0.version == 4 })
            else { return nil }
            return LivePod(index: i, ip: ip, node: node, workload: pod.workload)
        }
        script.step = .microseconds(50)
    }

    /// The frames of `scenario`.
    public static func script(_ scenario: CaptureScenario, engine: CompiledEngine, fabric: FabricGraph?)
        -> TrafficScript
    {
        var b = ScenarioBuilder(engine: engine, fabric: fabric)
        b.allowedPodTraffic()
        b.serviceTraffic()
        b.rdmaTraffic()
        b.fabricTraffic()
        if scenario == .violations {
            b.mismatchedPodTraffic()
            b.egressEscape()
            b.unenforceableRDMA()
            b.wrongPlaneTraffic()
            b.unknownHost()
            b.storageServerSSH()
        }
        return b.script
    }

    // MARK: shared helpers

    /// The next client port (ephemeral range, one per connection).
    mutating func clientPort() -> UInt16 {
        port = port >= 60_999 ? 40_000 : port + 1
        return port
    }

    /// A fresh pair of queue-pair numbers (requester, responder).
    mutating func queuePairs() -> (UInt32, UInt32) {
        queuePair += 2
        return (queuePair, queuePair + 1)
    }

    /// A pause between exchanges, so that each starts on a fresh millisecond.
    mutating func pause() { script.clock += 1_000_000 }

    /// A request-and-answer exchange on `proto`/`port`: a TCP session with handshake, one request and
    /// response, and FIN teardown; or a UDP request and its answer.
    mutating func exchange(
        _ path: TrafficScript.Path, proto: IPProtocol, port: UInt16, request: Int = 180, response: Int = 900
    ) {
        pause()
        if proto == .udp {
            script.udpFlow(path, clientPort: clientPort(), serverPort: port, datagrams: 1, size: min(request, 512))
        } else {
            script.tcpSession(path, clientPort: clientPort(), serverPort: port, exchanges: [(request, response)])
        }
    }

    /// The VTEP of a node: its Kubernetes InternalIP, else its front-end address in the fabric.
    func vtep(_ node: String) -> IPAddress? {
        if let i = inventory.nodeIndex(named: node),
            let ip = inventory.nodes[i].addresses.first(where: { $0.version == 4 })
        {
            return ip
        }
        guard let fabric, let id = fabric.device(named: node), let a = fabric.addresses.address(of: id, on: .frontend)
        else {
            return nil
        }
        return .v4(a)
    }

    /// Pod-to-pod traffic as the front-end fabric carries it: in VXLAN (VNI 1, as Flannel sets it)
    /// between the two nodes; `nil` for pods on one node (their traffic never reaches the fabric).
    func podPath(_ a: LivePod, _ b: LivePod) -> TrafficScript.Path? {
        guard a.node != b.node, let va = vtep(a.node), let vb = vtep(b.node) else { return nil }
        return TrafficScript.Path(
            client: a.ip, server: b.ip,
            vxlan: TrafficScript.VXLANTunnel(vni: 1, clientVTEP: va, serverVTEP: vb))
    }

    /// The TCP and UDP container ports of a pod, one per (protocol, port).
    func servedPorts(_ pod: LivePod) -> [(proto: IPProtocol, port: UInt16)] {
        var seen: Set<UInt32> = []
        return inventory.pods[pod.index].ports.compactMap { p in
            guard p.proto == .tcp || p.proto == .udp,
                seen.insert(UInt32(p.proto.rawValue) << 16 | UInt32(p.port)).inserted
            else {
                return nil
            }
            return (p.proto, p.port)
        }
    }

    /// A conversation between two pods a scenario may put in the capture.
    struct PodPair {
        var source: LivePod
        var destination: LivePod
        var path: TrafficScript.Path
        var proto: IPProtocol
        var port: UInt16

        /// The question the policies answer for it.
        var query: Query {
            Query(
                network: .pod, source: .pod(source.index), destination: .pod(destination.index), proto: proto,
                port: port)
        }
    }

    /// The pod pairs `accept` takes, at most one per (source workload, destination workload,
    /// protocol, port): every served port of each live pod, from the first pod of every other
    /// workload with a route to it, in pod order.
    func podPairs(where accept: (PodPair) -> Bool) -> [PodPair] {
        var done: Set<[Int]> = []
        var out: [PodPair] = []
        for dst in livePods {
            for (proto, port) in servedPorts(dst) {
                for (src, path) in sources(for: dst) {
                    let key = [src.workload, dst.workload, Int(proto.rawValue), Int(port)]
                    let pair = PodPair(source: src, destination: dst, path: path, proto: proto, port: port)
                    guard !done.contains(key), accept(pair) else { continue }
                    done.insert(key)
                    out.append(pair)
                }
            }
        }
        return out
    }

    /// The first pod of each workload that has a route to `dst` over the fabric, in pod order.
    func sources(for dst: LivePod) -> [(LivePod, TrafficScript.Path)] {
        var seen: Set<Int> = []
        var out: [(LivePod, TrafficScript.Path)] = []
        for src in livePods where src.index != dst.index && !seen.contains(src.workload) {
            guard let path = podPath(src, dst) else { continue }
            seen.insert(src.workload)
            out.append((src, path))
        }
        return out
    }
}
