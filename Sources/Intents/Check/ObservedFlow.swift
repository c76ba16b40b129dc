import Findings
import InterlockCore

/// Traffic that happened (a captured connection) or would happen (a simulated flow), as the
/// dynamic check judges it: who opened it to whom, with what, on which view, and the evidence.
public struct ObservedFlow: Sendable {
    /// Where it was seen; `nil` lets the checker place it (a fabric address's plane, else the pod
    /// network, else a secondary network that owns an address).
    public var view: View?
    /// The initiator's address.
    public var source: IPAddress
    /// The responder's address.
    public var destination: IPAddress
    /// The IP protocol.
    public var proto: IPProtocol
    /// The destination port (`nil` for protocols without ports).
    public var port: UInt16?
    /// Packets and bytes seen or simulated; findings carry it.
    public var evidence: Evidence

    /// A flow between two addresses; `view` is `nil` to let the checker place it.
    public init(
        view: View? = nil, source: IPAddress, destination: IPAddress, proto: IPProtocol, port: UInt16?,
        evidence: Evidence
    ) {
        self.view = view
        self.source = source
        self.destination = destination
        self.proto = proto
        self.port = port
        self.evidence = evidence
    }
}
