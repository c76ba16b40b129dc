import Manifests

/// The connections between many endpoints, by class: what an engine that partitions endpoints answers
/// for every pair at a cost of classes² rather than endpoints² (`ConnectivityEngine.classConnectivity`).
///
/// Invariants: for distinct endpoints `s` (of the sources) and `d` (of the destinations), the engine's
/// `connections(on:from:to:)` is `sets[k]` when `allowed[sourceClass[s]]` holds `(destinationClass[d], k)`,
/// and empty when it holds no entry for that destination class; each `allowed[c]` is sorted by class.
public struct ClassConnectivity: Sendable {
    /// The class of each source endpoint, in the order given.
    public var sourceClass: [Int32]
    /// The class of each destination endpoint, in the order given.
    public var destinationClass: [Int32]
    /// Per source class, the destination classes it may reach and the index of the connections in `sets`.
    public var allowed: [[(destination: Int32, set: Int32)]]
    /// The distinct non-empty connection sets `allowed` refers to.
    public var sets: [ConnectionSet]

    /// The connectivity of `sourceClass.count` sources and `destinationClass.count` destinations.
    public init(
        sourceClass: [Int32], destinationClass: [Int32], allowed: [[(destination: Int32, set: Int32)]],
        sets: [ConnectionSet]
    ) {
        self.sourceClass = sourceClass
        self.destinationClass = destinationClass
        self.allowed = allowed
        self.sets = sets
    }
}

extension ConnectivityEngine {
    /// No classes: callers ask about every pair.
    public func classConnectivity(
        on network: Network, sources: [PolicyEndpoint], destinations: [PolicyEndpoint]
    ) -> ClassConnectivity? { nil }
}
