import Documents
import InterlockCore
import Manifests

@testable import Policy

/// The upstream e2e model: namespaces x, y, z (labelled `ns: NAME`), each with pods a, b, c (labelled
/// `pod: NAME`) serving ports 80 and 81 on TCP, UDP and SCTP (named `serve-80-tcp`, ...). Pods have
/// addresses 10.0.N.P (x=1, y=2, z=3; a=1, b=2, c=3) and run on node n1 (x), n2 (y), n3 (z), whose
/// addresses are 192.168.0.1-3.
enum XYZ {
    static let namespaces = ["x", "y", "z"]
    static let podNames = ["a", "b", "c"]
    static let pods = namespaces.flatMap { ns in podNames.map { "\(ns)/\($0)" } }

    static func ip(_ pod: String) -> String {
        let parts = pod.split(separator: "/")
        return
            "10.0.\(namespaces.firstIndex(of: String(parts[0]))! + 1).\(podNames.firstIndex(of: String(parts[1]))! + 1)"
    }

    static var baseManifests: String {
        var out = ""
        for (n, ns) in namespaces.enumerated() {
            out += "apiVersion: v1\nkind: Namespace\nmetadata: {name: \(ns), labels: {ns: \(ns)}}\n---\n"
            out +=
                "apiVersion: v1\nkind: Node\nmetadata: {name: n\(n + 1)}\nstatus: {addresses: [{type: InternalIP, address: 192.168.0.\(n + 1)}]}\n---\n"
            for pod in podNames {
                var ports = ""
                for port in [80, 81] {
                    for proto in ["TCP", "UDP", "SCTP"] {
                        ports +=
                            "      - {name: serve-\(port)-\(proto.lowercased()), containerPort: \(port), protocol: \(proto)}\n"
                    }
                }
                out += """
                    apiVersion: v1
                    kind: Pod
                    metadata: {name: \(pod), namespace: \(ns), labels: {pod: \(pod)}}
                    spec:
                      nodeName: n\(n + 1)
                      containers:
                      - name: c
                        image: agnhost
                        ports:
                    \(ports)status: {podIP: \(ip("\(ns)/\(pod)"))}
                    ---

                    """
            }
        }
        return out
    }

    static func input(_ policies: String, extra: String = "") throws -> PolicyInput {
        let docs = try YAMLReader.documents(baseManifests + extra + "\n---\n" + policies, file: "test.yaml")
        let manifests = try ManifestLoader.load(documents: docs)
        return PolicyInput(manifests: manifests, policies: try PolicySet.decode(manifests))
    }

    static func evaluator(_ policies: String, extra: String = "", ipBlockSelectsPods: Bool = true) throws
        -> ReferenceEvaluator
    {
        let i = try input(policies, extra: extra)
        return ReferenceEvaluator(
            inventory: i.inventory, policies: i.policies,
            options: EvaluationOptions(ipBlockSelectsPods: ipBlockSelectsPods))
    }

    /// The endpoint of pod `ns/name`.
    static func endpoint(_ ev: ReferenceEvaluator, _ pod: String) -> PolicyEndpoint {
        .pod(ev.inventory.podIndex(id: pod)!)
    }

    /// Every ordered pair of distinct pods that may connect, as `src->dst`.
    static func reachable(_ ev: ReferenceEvaluator, _ proto: IPProtocol, _ port: UInt16) -> Set<String> {
        var out: Set<String> = []
        for s in pods {
            for d in pods where s != d {
                if ev.isAllowed(Query(source: endpoint(ev, s), destination: endpoint(ev, d), proto: proto, port: port))
                {
                    out.insert("\(s)->\(d)")
                }
            }
        }
        return out
    }

    /// The pairs of distinct pods for which `allowed(src, dst)` holds.
    static func pairs(_ allowed: (String, String) -> Bool) -> Set<String> {
        var out: Set<String> = []
        for s in pods { for d in pods where s != d && allowed(s, d) { out.insert("\(s)->\(d)") } }
        return out
    }

    static func policy(_ name: String, _ spec: String, ns: String = "x") -> String {
        "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: \(name), namespace: \(ns)}\nspec:\n\(spec)\n---\n"
    }
}
