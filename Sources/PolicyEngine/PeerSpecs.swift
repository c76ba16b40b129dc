import InterlockCore
import Manifests
import Policy

/// A peer as a rule names it, with what its meaning depends on: a NetworkPolicy `pods` peer without
/// a namespace selector means pods of the policy's own namespace, so the namespace is part of it.
enum PeerSpec: Hashable, Sendable {
    case networkPolicy(PolicyPeer, namespace: String)
    case admin(AdminPeer)

    init(_ peer: PolicyPeer, policyNamespace: String) {
        if case .pods(nil, _) = peer {
            self = .networkPolicy(peer, namespace: policyNamespace)
        } else {
            self = .networkPolicy(peer, namespace: "")
        }
    }
}

/// Which endpoint classes each peer spec matches, found by testing the reference evaluator's own
/// predicates on class representatives, after narrowing candidates by namespace or address atom.
struct PeerMatcher {
    let catalog: EndpointCatalog
    let evaluator: ReferenceEvaluator
    let inventory: Inventory
    let labels: ClassLabelIndex
    /// Classes holding an address in each external atom.
    private var classesByAtom: [[Int]]
    private var nodeClasses: [Int] = []
    /// Classes whose address the manifests do not fix (`PeerFacts.unplaced`): address peers may match them.
    private var unplacedClasses: [Int] = []
    private var namespaceSelections: [LabelSelector: [String]] = [:]

    init(catalog: EndpointCatalog, labels: ClassLabelIndex, evaluator: ReferenceEvaluator, inventory: Inventory) {
        self.catalog = catalog
        self.labels = labels
        self.evaluator = evaluator
        self.inventory = inventory
        classesByAtom = Array(repeating: [], count: catalog.external.count)
        for (c, cls) in catalog.classes.enumerated() {
            let nodeFacts = cls.facts.hostNetwork ? cls.facts.nodeView : cls.facts
            if cls.kind == .nodeLike || cls.kind == .hostPod, nodeFacts.node != nil || nodeFacts.onSomeNode {
                nodeClasses.append(c)
            }
            if cls.facts.unplaced != nil { unplacedClasses.append(c) }
            for atom in Set(cls.atoms) { classesByAtom[atom].append(c) }
        }
    }

    /// The classes `spec` matches, ascending.
    mutating func classes(matching spec: PeerSpec) -> [Int] {
        let candidates: [Int]
        switch spec {
        case .networkPolicy(let peer, let namespace):
            switch peer {
            case .empty: return []
            case .pods(nil, let pods): candidates = labels.candidates(in: namespace, for: pods)
            case .pods(let selector?, nil):
                // namespaceSelector alone "selects all pods in the namespaces selected by namespaceSelector":
                // every candidate matches.
                return podClasses(inNamespacesMatching: selector, pods: nil).sorted()
            case .pods(let selector?, let pods): candidates = podClasses(inNamespacesMatching: selector, pods: pods)
            case .ipBlock(let block): candidates = classes(inside: block.cidr) + unplacedClasses
            }
            return candidates.filter { evaluator.matches(peer, policyNamespace: namespace, catalog.classes[$0].facts) }
                .sorted()
        case .admin(let peer):
            switch peer {
            // Every pod of the selected namespaces: every candidate matches, but policed host-network pods,
            // which are their node's traffic to the admin tiers.
            case .namespaces(let selector):
                return podClasses(inNamespacesMatching: selector, pods: nil).filter {
                    catalog.classes[$0].kind == .pod
                }.sorted()
            case .pods(let selector, let pods): candidates = podClasses(inNamespacesMatching: selector, pods: pods)
            case .nodes: candidates = nodeClasses
            case .networks(let cidrs): candidates = Array(Set(cidrs.flatMap { classes(inside: $0) })) + unplacedClasses
            case .domainNames, .empty: return []
            }
            return candidates.filter { evaluator.matches(peer, catalog.classes[$0].facts) }.sorted()
        }
    }

    private mutating func podClasses(inNamespacesMatching selector: LabelSelector, pods: LabelSelector?) -> [Int] {
        if namespaceSelections[selector] == nil {
            namespaceSelections[selector] = inventory.namespaces.filter { selector.matches($0.labels) }.map(\.name)
        }
        return namespaceSelections[selector]!.flatMap { labels.candidates(in: $0, for: pods) }
    }

    /// Classes with an address in an atom that overlaps `cidr` (a superset of those inside it).
    private func classes(inside cidr: CIDR) -> [Int] {
        let (first, last): (IPAddress, IPAddress)
        switch cidr {
        case .v4(let c): (first, last) = (.v4(c.first), .v4(c.last))
        case .v6(let c): (first, last) = (.v6(c.first), .v6(c.last))
        }
        let lo = catalog.external.atom(of: first)
        let hi = catalog.external.atom(of: last)
        var out = Set<Int>()
        for atom in lo...hi { out.formUnion(classesByAtom[atom]) }
        return Array(out)
    }
}
