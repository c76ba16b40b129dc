import InterlockCore
import Manifests

/// The pods an ingress controller (or gateway) runs as: the source of the traffic routes expose.
///
/// netpol-analyzer does not know the controller and stands in a pod with no labels in a namespace
/// named `ingress-controller-ns`; Interlock does the same by default, and `--ingress-controller
/// NS/SELECTOR` names the real one. When workloads of the input match, they are the source; when none
/// does, an unplaced pod with the selector's labels in that namespace stands in for it.
public struct IngressController: Sendable {
    /// The controller's namespace.
    public var namespace: String
    /// Its pods' labels.
    public var selector: LabelSelector

    /// The source's name in connlist rows, as netpol-analyzer prints it.
    public static let rowName = "{ingress-controller}"
    /// netpol-analyzer's stand-in: a pod with no labels in namespace `ingress-controller-ns`.
    public static let netpolAnalyzer = IngressController(namespace: "ingress-controller-ns", selector: .everything)

    /// A controller of the pods `selector` picks in `namespace`.
    public init(namespace: String, selector: LabelSelector) {
        self.namespace = namespace
        self.selector = selector
    }

    /// Parses `NS/SELECTOR` (`ingress-nginx/app.kubernetes.io/name=ingress-nginx`) or `NS`: the namespace
    /// ends at the first `/`; the selector is kubectl's `-l` form of equality requirements, joined by `,`:
    /// `key=value` (or `==`), `key!=value`, `key`, `!key`.
    ///
    /// - Throws: `InputError` for an empty namespace or a requirement of another form.
    public init(parsing text: String) throws(InputError) {
        let parts = text.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
        guard !parts[0].isEmpty else {
            throw InputError("--ingress-controller '\(text)': expected NAMESPACE/SELECTOR (the namespace is empty)")
        }
        var requirements: [LabelSelector.Requirement] = []
        for item in (parts.count > 1 ? parts[1] : "").split(separator: ",").map({ $0.trimmingWhitespace() }) {
            requirements.append(try Self.requirement(String(item), in: text))
        }
        self.init(namespace: parts[0], selector: LabelSelector(requirements: requirements))
    }

    static func requirement(_ item: String, in text: String) throws(InputError) -> LabelSelector.Requirement {
        func bad() -> InputError {
            InputError(
                "--ingress-controller '\(text)': '\(item)' is not a requirement (key=value, key!=value, key or !key)")
        }
        if item.hasPrefix("!") {
            let key = String(item.dropFirst())
            guard !key.isEmpty, !key.contains("=") else { throw bad() }
            return LabelSelector.Requirement(key: key, op: .doesNotExist)
        }
        if let range = item.range(of: "!=") {
            let key = String(item[..<range.lowerBound])
            guard !key.isEmpty else { throw bad() }
            return LabelSelector.Requirement(key: key, op: .notIn, values: [String(item[range.upperBound...])])
        }
        if let equals = item.firstIndex(of: "=") {
            let key = String(item[..<equals])
            var value = item[item.index(after: equals)...]
            if value.hasPrefix("=") { value = value.dropFirst() }
            guard !key.isEmpty, !value.contains("=") else { throw bad() }
            return LabelSelector.Requirement(key: key, op: .in, values: [String(value)])
        }
        return LabelSelector.Requirement(key: item, op: .exists)
    }

    /// The workloads of `inventory` in the controller's namespace whose pods the selector picks.
    public func workloads(in inventory: Inventory) -> [Int] {
        inventory.workloads.indices.filter { i in
            let w = inventory.workloads[i]
            return w.namespace == namespace && selector.matches(inventory.pods[w.representative].labels)
        }
    }

    /// The controller's pods as connection sources, and the input to evaluate them in: the workloads
    /// of `input` the namespace and selector pick (their first pod each); else `input` plus a stand-in
    /// pod carrying the selector's `key=value` labels (and an empty value for a `key` requirement).
    public func sources(in input: PolicyInput) -> (input: PolicyInput, sources: [PolicyEndpoint]) {
        let inventory = input.inventory
        let matching = workloads(in: inventory)
        if !matching.isEmpty { return (input, matching.map { .pod(inventory.workloads[$0].representative) }) }
        var labels: [String: String] = [:]
        for r in selector.requirements {
            if r.op == .in { labels[r.key] = r.values[0] }
            if r.op == .exists { labels[r.key] = "" }
        }
        let (probed, pod) = inventory.adding(
            probe: "ingress-controller", kind: "IngressController", namespace: namespace, labels: labels,
            at: SourceLocation(file: "--ingress-controller", line: 1))
        var manifests = input.manifests
        manifests.inventory = probed
        return (PolicyInput(manifests: manifests, policies: input.policies), [.pod(pod)])
    }
}

extension Connlist {
    /// The `{ingress-controller} => ns/name[Kind] : TCP PORTS` lines: for each workload peer a route
    /// reaches, the TCP ports the routes expose on its pods, intersected with what `engine` allows from
    /// any of `sources` to the peer. With `focus`, only workloads named in it.
    public static func ingressControllerLines(
        _ engine: some ConnectivityEngine, exposed: [ExposedPort], sources: [PolicyEndpoint], peers: [ConnlistPeer],
        focus: Set<String>? = nil
    ) -> [ConnlistLine] {
        let inventory = engine.inventory
        var ports: [String: [UInt16]] = [:]
        for e in exposed { ports[inventory.workloads[inventory.pods[e.pod].workload].id, default: []].append(e.port) }
        var out: [ConnlistLine] = []
        for peer in peers where !peer.isExternal {
            guard let routed = ports[peer.name], focus?.contains(peer.name) ?? true else { continue }
            var allowed = PortSet.empty
            for source in sources {
                allowed = allowed.union(engine.connections(on: .pod, from: source, to: peer.endpoint).tcp)
            }
            let tcp = allowed.intersection(PortSet(routed.map { PortRange($0) }))
            if !tcp.isEmpty {
                out.append(
                    ConnlistLine(
                        source: IngressController.rowName, destination: peer.name, connections: .init(tcp: tcp)))
            }
        }
        return out.sorted()
    }
}
