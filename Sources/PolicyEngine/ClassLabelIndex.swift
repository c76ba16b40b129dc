import Manifests
import Policy

/// Pod classes by namespace and by label, so that a selector is tested only on classes that carry
/// one of the values its most selective `In` requirement (a `matchLabels` entry is one) asks for.
///
/// Invariants: `all[ns]` lists the pod classes of namespace `ns` ascending; `byLabel[ns]["k=v"]` lists,
/// ascending, those of them whose representative carries label `k` with value `v`.
struct ClassLabelIndex: Sendable {
    private var all: [String: [Int]] = [:]
    private var byLabel: [String: [String: [Int]]] = [:]

    init(catalog: EndpointCatalog) {
        for (c, cls) in catalog.classes.enumerated() where cls.kind == .pod || cls.kind == .hostPod {
            all[cls.namespace, default: []].append(c)
            for (k, v) in cls.facts.pod?.labels ?? [:] {
                byLabel[cls.namespace, default: [:]]["\(k)=\(v)", default: []].append(c)
            }
        }
    }

    /// The pod classes of `namespace` that might match `selector` (a superset of those that do).
    func candidates(in namespace: String, for selector: LabelSelector?) -> [Int] {
        let everything = all[namespace] ?? []
        guard let selector else { return everything }
        var best = everything
        for r in selector.requirements where r.op == .in {
            let lists = r.values.map { byLabel[namespace]?["\(r.key)=\($0)"] ?? [] }
            let size = lists.reduce(0) { $0 + $1.count }
            if size < best.count { best = lists.count == 1 ? lists[0] : Array(Set(lists.joined())).sorted() }
        }
        return best
    }
}
