import ArgumentParser
import InterlockCore
import Policy

/// `interlock policy eval`: is one connection allowed, and why.
struct PolicyEvalCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval",
        abstract: "Decide whether one connection is allowed; --explain shows every step of both sides.")

    @OptionGroup var input: PolicyOptions

    @OptionGroup var ends: EndpointPairOptions

    @Option(name: .customLong("protocol"), help: "TCP, UDP, SCTP, or a port-less protocol such as ICMP.")
    var proto: IPProtocol = .tcp

    @Option(help: "Destination port: a number or a named container port of the destination.")
    var port: String?

    @Option(
        help:
            "Source port (TCP, UDP, SCTP): Calico rules with source ports match on it; without it, allowed means allowed from every source port."
    )
    var sourcePort: UInt16?

    @Option(help: "With --protocol ICMP or ICMPv6: the message's ICMP type (rules by ICMP type match only with it).")
    var icmpType: UInt8?

    @Option(help: "With --icmp-type: the message's ICMP code.")
    var icmpCode: UInt8?

    @Flag(help: "Explain the verdict: tiers, policies and rules on each side.")
    var explain = false

    @Option(help: "Output format.")
    var format: ReportFormat = .text

    func validate() throws {
        if icmpType != nil && proto != .icmp && proto != .icmpv6 {
            throw ValidationError("--icmp-type goes with --protocol ICMP or ICMPv6")
        }
        if icmpCode != nil && icmpType == nil { throw ValidationError("--icmp-code goes with --icmp-type") }
        if sourcePort != nil && !proto.hasPorts { throw ValidationError("--source-port goes with TCP, UDP or SCTP") }
    }

    func run() throws {
        // One question: the reference evaluator answers it exactly, and compiling the tables costs more than it.
        let (loaded, network, engine) = try input.engine(preferred: .reference)
        var query = try loaded.query(
            network: network, source: ends.source, destination: ends.destination, proto: proto, port: port)
        query.icmpType = icmpType
        query.icmpCode = icmpCode
        query.sourcePort = sourcePort
        var report = VerdictReport(
            query: query, verdict: engine.verdict(query), inventory: loaded.inventory,
            warnings: loaded.resultWarnings + loaded.profileWarnings(input.evaluationOptions))
        report.profile = input.evaluationOptions.profile
        print(format == .json ? report.json.serialized() : report.text(explain: explain), terminator: "")
    }
}
