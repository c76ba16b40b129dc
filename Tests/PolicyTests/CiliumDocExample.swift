import InterlockCore
import Testing

/// One example of Cilium's documentation run on `CiliumCluster`: its policies, and the connections it speaks
/// of with the verdicts the documentation states.
struct CiliumDocExample: CustomTestStringConvertible, Sendable {
    /// One connection and its expected verdict (`allowed`, `denied` or `L7`, as `CiliumCluster.verdict` says).
    struct Connection: Sendable, CustomStringConvertible {
        var source: String
        var destination: String
        var proto: IPProtocol
        var port: UInt16?
        var verdict: String

        var description: String {
            "\(source) -> \(destination) \(proto)/\(port.map(String.init) ?? "-"): \(verdict)"
        }
    }

    var testDescription: String
    var policies: String
    var extra = ""
    var clusterName = "default"
    var connections: [Connection]

    /// `verdicts` holds one connection a line: `SOURCE DESTINATION [PROTO[/PORT]] VERDICT`, TCP/80 when the
    /// protocol is left out, no port when a protocol is named without one (ICMP).
    init(
        _ name: String, _ policies: String, extra: String = "", clusterName: String = "default", verdicts: String
    ) {
        testDescription = name
        self.policies = policies
        self.extra = extra
        self.clusterName = clusterName
        connections = verdicts.split(separator: "\n").map { line in
            let words = line.split(separator: " ").map(String.init)
            let service = words.count == 4 ? words[2].split(separator: "/") : ["TCP", "80"]
            return Connection(
                source: words[0], destination: words[1], proto: IPProtocol(name: service[0])!,
                port: service.count > 1 ? UInt16(service[1]) : nil, verdict: words[words.count - 1])
        }
    }
}
