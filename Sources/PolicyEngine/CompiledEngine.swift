import Foundation
import InterlockCore
import Manifests
import Policy

/// The compiled policy engine: the reference evaluator's answers as table lookups.
///
/// Compiling classifies endpoints (pods, nodes, external address atoms) into classes every policy
/// treats alike, cuts ports into atoms at every rule boundary and container port, and builds, per
/// network and direction, a `SideTable` of allowed port-atom sets through all tiers. A verdict is then
/// two class lookups, two table reads and two bit tests, with no allocation.
///
/// Explanations are not stored in the tables: `verdict(_:)` asks the reference evaluator, which gives
/// the same answer (the property tests check it) and names every policy and rule on the way.
public struct CompiledEngine: ExplainingEngine {
    /// The cluster the engine was compiled for.
    public let inventory: Inventory
    /// The reference evaluator over the same inventory and policies: it explains verdicts and answers for
    /// networks that were not compiled.
    public let reference: ReferenceEvaluator
    let layout: PortAtoms
    let networks: [Network: CompiledNetwork]
    /// The pod network's compiled form, reached without hashing a `Network`.
    let podNetwork: CompiledNetwork

    /// Compiles `policies` over `inventory` for the pod network and every secondary network, each
    /// network's two side tables on up to `threads` threads (the tables are the same for any count).
    public init(
        inventory: Inventory, policies: PolicySet, options: EvaluationOptions = EvaluationOptions(),
        threads: Int = Parallel.defaultThreads
    ) {
        self.inventory = inventory
        reference = ReferenceEvaluator(inventory: inventory, policies: policies, options: options)
        var cuts: [IPProtocol: Set<UInt16>] = [:]
        for proto in PortAtoms.portedProtocols { cuts[proto] = policies.portCuts(proto) }
        for pod in inventory.pods {
            for p in pod.ports {
                cuts[p.proto, default: []].insert(p.port)
                if p.port < 65535 { cuts[p.proto, default: []].insert(p.port + 1) }
            }
        }
        let layout = PortAtoms(cuts: cuts)
        self.layout = layout
        var compiled: [Network: CompiledNetwork] = [:]
        for network in [Network.pod] + inventory.distinctNetworks.map({ Network.attachment($0.id) }) {
            compiled[network] = CompiledNetwork(
                network: network, inventory: inventory, policies: policies,
                reference: reference, layout: layout, threads: threads)
        }
        networks = compiled
        podNetwork = compiled[.pod]!
    }

    /// Whether `query` is allowed (the source's egress AND the destination's ingress).
    public func isAllowed(_ query: Query) -> Bool {
        guard let net = networks[query.network],
            !asksReference(query.network, query.proto, query.icmpType, sourcePort: query.sourcePort)
        else {
            return reference.isAllowed(query)
        }
        if let cilium = net.cilium {
            return cilium.allows(
                net.catalog.id(of: query.source), net.catalog.id(of: query.destination), query.proto, query.port)
        }
        return net.index.allows(
            net.catalog.id(of: query.source), net.catalog.id(of: query.destination),
            bit: net.index.bit(query.proto, query.port ?? 0))
    }

    /// Whether traffic from `source` to `destination` (addresses on `network`) is allowed for
    /// `proto`/`port` (from `sourcePort`, when known): the lookup API for captures and flow matrices.
    /// Addresses the inventory does not own are external. Allocation-free.
    public func isAllowed(
        network: Network = .pod, source: IPAddress, destination: IPAddress,
        proto: IPProtocol, port: UInt16?, sourcePort: UInt16? = nil
    ) -> Bool {
        guard let net = network == .pod ? podNetwork : networks[network] else {
            return reference.isAllowed(
                Query(
                    network: network, source: .external(source), destination: .external(destination),
                    proto: proto, port: port, sourcePort: sourcePort))
        }
        if asksReference(network, proto, nil, sourcePort: sourcePort) {
            return reference.isAllowed(
                Query(
                    network: network, source: net.catalog.endpoint(net.endpoint(of: source), address: source),
                    destination: net.catalog.endpoint(net.endpoint(of: destination), address: destination),
                    proto: proto, port: port, sourcePort: sourcePort))
        }
        if let cilium = net.cilium {
            return cilium.allows(net.endpoint(of: source), net.endpoint(of: destination), proto, port)
        }
        let index = net.index
        if case .v4(let s) = source, case .v4(let d) = destination {
            return index.allows(
                index.endpoint(ofIPv4: s.value), index.endpoint(ofIPv4: d.value), bit: index.bit(proto, port ?? 0))
        }
        return index.allows(net.endpoint(of: source), net.endpoint(of: destination), bit: index.bit(proto, port ?? 0))
    }

    /// The verdicts of many IPv4 questions on `network` at once: `answers[i]` becomes what
    /// `isAllowed(network:source:destination:proto:port:)` answers for `questions[i]` (`answers` is
    /// replaced when it does not hold one answer per question). The lookups of a group of questions
    /// overlap their memory accesses, so a batch answers several times faster than a loop of single
    /// questions on tables larger than the caches. Allocation-free when `answers` has the right count.
    public func areAllowed(network: Network = .pod, _ questions: [IPv4Question], into answers: inout [Bool]) {
        if answers.count != questions.count { answers = [Bool](repeating: false, count: questions.count) }
        guard let net = network == .pod ? podNetwork : networks[network], net.cilium == nil, !calicoTables(network)
        else {
            for (i, q) in questions.enumerated() {
                answers[i] = isAllowed(
                    network: network, source: .v4(IPv4Address(q.source)), destination: .v4(IPv4Address(q.destination)),
                    proto: q.proto, port: q.port)
            }
            return
        }
        questions.withUnsafeBufferPointer { q in
            answers.withUnsafeMutableBufferPointer { net.index.allows(q, into: $0) }
        }
    }

    /// Whether the tables of `network` are Calico's (see `SideTable.calico`).
    @inline(__always) func calicoTables(_ network: Network) -> Bool {
        network == .pod && reference.options.cni == .calico
    }

    /// Whether a question goes to the reference evaluator: under Calico's tables, one without ports (Calico
    /// rules tell protocols and ICMP types apart, the tables' portless bit cannot) or with a source port
    /// some rule looks at (the tables hold the verdict for every source port); anywhere, one about an
    /// ICMP type.
    @inline(__always) func asksReference(
        _ network: Network, _ proto: IPProtocol, _ icmpType: UInt8?, sourcePort: UInt16? = nil
    ) -> Bool {
        icmpType != nil
            || (calicoTables(network) && (!proto.hasPorts || (sourcePort != nil && reference.looksAtSourcePorts)))
    }

    /// The verdict with its explanation, from the reference evaluator, which agrees with the tables
    /// (the property tests check it; a disagreement would be a bug, and the verdict says so).
    public func verdict(_ query: Query) -> Verdict {
        var verdict = reference.verdict(query)
        let compiled = isAllowed(query)
        if compiled != verdict.allowed {
            verdict.notes.append(
                "internal error: the compiled tables answer \(compiled ? "allowed" : "denied"); the reference evaluator's answer is shown (please report this)"
            )
        }
        return verdict
    }

    /// The connections allowed from `source` to `destination` on `network`, read from the tables port atom by
    /// port atom (a network without tables asks the reference evaluator).
    public func connections(on network: Network, from source: PolicyEndpoint, to destination: PolicyEndpoint)
        -> ConnectionSet
    {
        guard let net = networks[network] else {
            return reference.connections(on: network, from: source, to: destination)
        }
        let s = net.catalog.id(of: source)
        let d = net.catalog.id(of: destination)
        if let cilium = net.cilium { return cilium.connections(s, d) }
        // A pod can always reach itself; nothing crosses from one primary network to another.
        guard s != d else { return .all }
        guard !net.catalog.isolated(s, d) else { return .none }
        let (egress, ingress) = net.index.profiles(s, d)
        let ports = connections(net, egress: egress, ingress: ingress)
        // Calico's tables hold ports only; ICMP messages by type are the reference evaluator's.
        guard calicoTables(network),
            let (icmp, icmpv6) = reference.icmpConnections(on: network, from: source, to: destination)
        else { return ports }
        return ports.tracking(icmp: icmp, icmpv6: icmpv6)
    }

    /// The connections of an egress and an ingress profile of `net` together (-1: that side restricts nothing).
    func connections(_ net: CompiledNetwork, egress: Int, ingress: Int) -> ConnectionSet {
        net.connectionSets.value(egress, ingress) {
            var words = [UInt64](repeating: 0, count: layout.wordCount)
            layout.setEverything(in: &words)
            if egress >= 0 { net.egress.profiles.and(UInt32(egress), into: &words) }
            if ingress >= 0 { net.ingress.profiles.and(UInt32(ingress), into: &words) }
            return words.withUnsafeBufferPointer { layout.connectionSet($0.baseAddress!) }
        }
    }

    /// Whether the connections from `source` to `destination` depend on an unplaced end's address. Endpoints of
    /// one class are alike to every policy, unplaced addresses included, so the answer is the reference
    /// evaluator's for the two classes' representatives, asked once per pair of classes.
    public func isConditional(on network: Network, from source: PolicyEndpoint, to destination: PolicyEndpoint)
        -> Bool
    {
        guard let net = networks[network] else {
            return reference.isConditional(on: network, from: source, to: destination)
        }
        let s = Int(net.catalog.classOf[net.catalog.id(of: source)])
        let d = Int(net.catalog.classOf[net.catalog.id(of: destination)])
        guard source != destination,
            net.catalog.classes[s].facts.unplaced != nil || net.catalog.classes[d].facts.unplaced != nil
        else { return false }
        return net.conditional.value(s, d) {
            // Two members of one class: its representative twice would be one endpoint, which no rule separates.
            let (from, to) =
                s == d
                ? (source, destination) : (net.catalog.classes[s].representative, net.catalog.classes[d].representative)
            return reference.isConditional(on: network, from: from, to: to)
        }
    }

    /// Sizes of the compiled form, for reports and benchmarks.
    public var statistics: Statistics {
        var s = Statistics()
        s.portAtoms = layout.bitCount
        for net in networks.values {
            s.endpointClasses += net.catalog.classes.count
            for table in [net.egress, net.ingress] {
                s.rows += table.rowCount
                s.columns += table.columnCount
                s.profiles += table.profiles.count
                s.tableBytes += table.entries.byteCount + table.profiles.words.count * 8
            }
        }
        return s
    }

    /// Sizes of the compiled form.
    public struct Statistics: Sendable {
        /// Endpoint classes, summed over networks.
        public var endpointClasses = 0
        /// Port atoms: the bits of every table cell.
        public var portAtoms = 0
        /// Table rows (source-side classes), summed over networks and directions.
        public var rows = 0
        /// Table columns (destination-side classes), summed over networks and directions.
        public var columns = 0
        /// Distinct port-atom sets stored, summed over tables.
        public var profiles = 0
        /// Bytes of table entries and stored profiles.
        public var tableBytes = 0
    }
}

/// One network's compiled form: its endpoint classes, address index and the two side tables.
/// A class, so that lookups reach its tables without copying (and retaining) them.
final class CompiledNetwork: Sendable {
    let network: Network
    let catalog: EndpointCatalog
    let egress: SideTable
    let ingress: SideTable
    let addresses: EndpointAddressTable
    /// Connection sets by (egress profile, ingress profile; -1 for none): few pairs serve a whole connlist.
    let connectionSets = ConnectionSetCache<ConnectionSet>()
    /// Whether connections depend on an unplaced end's address, by (source class, destination class).
    let conditional = ConnectionSetCache<Bool>()
    /// The same tables flattened for address lookups.
    let index: VerdictIndex
    /// Under `--cni cilium` on the pod network: the verdicts by class pair, which answer instead of the tables.
    let cilium: CiliumPairTable?

    /// The builders of `network`'s egress and ingress tables over `catalog`.
    static func builders(network: Network, catalog: EndpointCatalog, policies: PolicySet, layout: PortAtoms)
        -> [SideTableBuilder]
    {
        // Named-port signatures: classes with the same container ports share one.
        var named = Interner<[ContainerPort]>()
        let namedOf: [Int32] = catalog.classes.map { cls in cls.ports.map { named.id($0) } ?? -1 }
        let labels = ClassLabelIndex(catalog: catalog)
        return [Direction.egress, .ingress].map { direction in
            SideTableBuilder(
                direction: direction, network: network, catalog: catalog, policies: policies, layout: layout,
                namedOf: namedOf, namedPorts: named.values, labels: labels)
        }
    }

    init(
        network: Network, inventory: Inventory, policies: PolicySet, reference: ReferenceEvaluator, layout: PortAtoms,
        threads: Int
    ) {
        self.network = network
        let catalog = EndpointCatalog(
            inventory: inventory, evaluator: reference, network: network,
            external: ExternalAtoms(cidrs: policies.cidrs(on: network)))
        self.catalog = catalog
        // The two directions share nothing they write: each is prepared on a thread of its own, then
        // the rows of both are evaluated in blocks on every thread.
        let directions = [Direction.egress, .ingress]
        let tables =
            reference.options.cni == .calico && network == .pod
            ? Parallel.map(directions.count, threads: threads) { i in
                SideTable.calico(direction: directions[i], catalog: catalog, layout: layout, reference: reference)
            }
            : SideTableBuilder.tables(
                CompiledNetwork.builders(network: network, catalog: catalog, policies: policies, layout: layout),
                evaluator: reference, inventory: inventory, threads: threads)
        egress = tables[0]
        ingress = tables[1]
        var addresses = EndpointAddressTable(capacity: inventory.pods.count + inventory.nodes.count)
        // The same ownership as `Inventory.owner(of:on:)`: nodes first, then pods (not host-network).
        if network == .pod {
            for (j, node) in inventory.nodes.enumerated() {
                for ip in node.addresses { addresses.insert(ip, catalog.podCount + j) }
            }
        }
        for (i, pod) in inventory.pods.enumerated() where !pod.isRepresentative {
            if network == .pod && pod.hostNetwork { continue }
            for ip in pod.ips(on: network) { addresses.insert(ip, i) }
        }
        self.addresses = addresses
        cilium =
            network == .pod && reference.options.cni == .cilium
            ? CiliumPairTable(catalog: catalog, reference: reference) : nil
        index = VerdictIndex(
            network: network, catalog: catalog, egress: egress, ingress: ingress,
            addresses: addresses, layout: layout)
    }

    /// The endpoint id of an address on this network (an external atom when nobody owns it).
    @inline(__always) func endpoint(of ip: IPAddress) -> Int {
        let id = addresses.lookup(ip)
        if id >= 0 { return Int(id) }
        return catalog.podCount + catalog.nodeCount + catalog.external.atom(of: ip)
    }
}

/// Values already computed, by a pair of indices (profiles or classes, -1 allowed). Thread-safe.
final class ConnectionSetCache<Value: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var sets: [UInt64: Value] = [:]

    /// The value for `(egress, ingress)`, made by `make` the first time.
    func value(_ egress: Int, _ ingress: Int, make: () -> Value) -> Value {
        let key = UInt64(egress + 1) << 32 | UInt64(ingress + 1)
        lock.lock()
        defer { lock.unlock() }
        if let known = sets[key] { return known }
        let value = make()
        sets[key] = value
        return value
    }
}
