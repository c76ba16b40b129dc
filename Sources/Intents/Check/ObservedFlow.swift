import Findings
import InterlockCore

/// Traffic that happened (a captured connection) or would happen (a simulated flow), as the
/// dynamic check judges it: who opened it to whom, with what, on which view, and the evidence.
public struct ObservedFlow: Sendable {
    /// Where it was seen; `nil` lets the checker place it (a fabric address's plane, else the pod
    /// network, else a secondary network that owns an address).
    public var view: View?
    public var source: IPAddress
    public var destination: IPAddress
    public var proto: IPProtocol
    /// The destination port (`nil` for protocols without ports).
    public var port: UInt16?
    public var evidence: Evidence

    public init(view: View? = nil, source: IPAddress, destination: IPAddress, proto: IPProtocol, port: UInt16?, evidence: Evidence) {
        self.view = view
        self.source = source
        self.destination = destination
        self.proto = proto
        self.port = port
        self.evidence = evidence
    }
}
