import Fabric
import FabricACL
import InterlockCore
import Manifests
import Policy
import PolicyEngine

/// Judges simulated flows against one policy state: the fabric ACLs on the flow's way (its plane's,
/// then those of the switches it crosses), then the Kubernetes policies through the compiled
/// engine, between the pods that hold the two ranks.
///
/// A Kubernetes denial blocks only where a kernel interface carries the flow (TCP on the pod
/// network, over the front-end); RoCEv2 and InfiniBand flows are RDMA verbs, which bypass the
/// kernel, so a denial there is `unenforceable` — unless a fabric ACL blocks the flow anyway.
public final class PolicyJudge: Sendable {
    /// The policy state this judge applies.
    public let bundle: PolicyBundle
    let engine: CompiledEngine
    let identities: RankIdentities
    /// `identities.compute` and `.frontend` as raw tables for the hot loop.
    private let computeIdentity: OwnedBuffer<Int32>
    private let frontendIdentity: OwnedBuffer<Int32>
    let acls: FabricACLSet
    let fabric: FabricGraph
    /// Warnings about binding ranks to pods and about the ACLs.
    public let warnings: [String]

    /// Binds the placement's ranks to the bundle's pods; `engine`, when given, must have been
    /// compiled from the bundle's inventory and policies (it saves compiling them again).
    ///
    /// - Throws: `InputError` at the ACL's line when an ACL attaches to a plane or switch the fabric
    ///   does not have.
    public init(bundle: PolicyBundle, placement: JobPlacement, fabric: FabricGraph, engine: CompiledEngine? = nil)
        throws(InputError)
    {
        self.bundle = bundle
        self.fabric = fabric
        self.engine = engine ?? CompiledEngine(inventory: bundle.input.inventory, policies: bundle.input.policies)
        identities = RankIdentities(placement: placement, inventory: bundle.input.inventory, fabric: fabric)
        computeIdentity = OwnedBuffer(identities.compute)
        frontendIdentity = OwnedBuffer(identities.frontend)
        acls = try FabricACLSet(acls: bundle.acls, fabric: fabric)
        warnings = bundle.warnings + identities.warnings + acls.warnings
    }

    func makeState() -> JudgeState { JudgeState(judge: self) }

    /// The verdict on one flow (routed along `path`, empty when it has none or was split fluidly),
    /// counted in `state`.
    func judge(_ f: FlowRecord, path: [LinkID], state: JudgeState) -> Judgement {
        var verdict = FlowVerdict.allowed
        var acl: Int32 = -2
        var rule: Int32 = -1
        if !acls.isEmpty {
            let header = PacketHeader(
                source: f.key.source, destination: f.key.destination, sourcePort: f.key.sourcePort,
                destinationPort: f.key.destinationPort, proto: f.key.proto)
            if let d = acls.denial(
                header, plane: f.plane, switches: PathSwitches(path: path, from: f.source, fabric: fabric))
            {
                verdict = .blocked
                acl = Int32(d.acl)
                rule = Int32(d.rule)
            }
        }
        var sourceIdentity: Int32 = -1
        var destinationIdentity: Int32 = -1
        if let table = identityTable(f.plane), f.sourceRank >= 0, f.destinationRank >= 0 {
            sourceIdentity = table[Int(f.sourceRank)]
            destinationIdentity = table[Int(f.destinationRank)]
        }
        if verdict == .allowed, sourceIdentity >= 0, destinationIdentity >= 0,
            !kubernetesAllows(
                sourceIdentity, destinationIdentity, proto: f.key.proto, port: f.key.destinationPort, state: state)
        {
            verdict = f.plane == .frontend ? .blocked : .unenforceable
            acl = -1
        }
        let key = TallyKey(
            sourceJob: f.sourceJob, destinationJob: f.destinationJob, verdict: verdict, acl: acl, rule: rule,
            plane: f.plane, proto: f.key.proto, port: f.key.destinationPort)
        let example = FlowExample(
            sourceRank: f.sourceRank, destinationRank: f.destinationRank, source: f.source,
            destination: f.destination, sourceIdentity: sourceIdentity,
            destinationIdentity: destinationIdentity)
        state.counter.count(key, bytes: f.bytes, example: example)
        return Judgement(verdict: verdict, key: key, example: example)
    }

    /// The identities ranks have on `plane`'s traffic (none for storage: the node, not a pod, reads).
    @inline(__always) private func identityTable(_ plane: Plane) -> UnsafeMutablePointer<Int32>? {
        switch plane {
        case .compute: return computeIdentity.baseAddress
        case .frontend: return frontendIdentity.baseAddress
        default: return nil
        }
    }

    /// The compiled engine's answer, memoized on the last identity pair (the flows of a connection,
    /// and of a node pair, come one after another).
    @inline(__always)
    private func kubernetesAllows(_ s: Int32, _ d: Int32, proto: UInt8, port: UInt16, state: JudgeState) -> Bool {
        if state.memoSource == s, state.memoDestination == d, state.memoProto == proto, state.memoPort == port {
            return state.memoAllowed
        }
        let a = identities.entries[Int(s)]
        let b = identities.entries[Int(d)]
        let allowed = engine.isAllowed(
            network: a.network, source: a.address, destination: b.address,
            proto: IPProtocol(rawValue: proto), port: port)
        state.memoSource = s
        state.memoDestination = d
        state.memoProto = proto
        state.memoPort = port
        state.memoAllowed = allowed
        return allowed
    }
}

/// The switches a path crosses, in order.
struct PathSwitches: Sequence {
    let path: [LinkID]
    let from: DeviceID
    let fabric: FabricGraph

    func makeIterator() -> AnyIterator<DeviceID> {
        var at = from
        var i = 0
        return AnyIterator {
            while i < path.count {
                at = fabric.links[Int(path[i])].other(at)
                i += 1
                if fabric.devices[Int(at)].kind == .switch { return at }
            }
            return nil
        }
    }
}

/// One worker's judging state: its tally and the verdict memo.
final class JudgeState: @unchecked Sendable {
    /// The judge outlives every worker (the simulator holds it for the run): no reference counting
    /// on the way to it.
    unowned(unsafe) let judge: PolicyJudge
    let counter = GroupCounter<TallyKey>()
    // One worker's alone: no exclusivity checks on the hot path.
    @exclusivity(unchecked) var memoSource: Int32 = -1
    @exclusivity(unchecked) var memoDestination: Int32 = -1
    @exclusivity(unchecked) var memoProto: UInt8 = 0
    @exclusivity(unchecked) var memoPort: UInt16 = 0
    @exclusivity(unchecked) var memoAllowed = true

    init(judge: PolicyJudge) { self.judge = judge }

    var tally: PolicyTally { counter.tally }

    /// Judges and counts one flow.
    @inline(__always) func judge(_ f: FlowRecord, path: [LinkID]) -> Judgement {
        judge.judge(f, path: path, state: self)
    }
}

/// What one policy state decided about a flow, and who decided.
struct Judgement: Sendable {
    var verdict: FlowVerdict
    /// The group the flow was counted in (its enforcer is there).
    var key: TallyKey
    var example: FlowExample
}
