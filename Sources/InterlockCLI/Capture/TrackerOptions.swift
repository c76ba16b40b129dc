import ArgumentParser
import Capture
import InterlockCore

/// The connection tracker's idle timeouts, shared by the commands that read captures.
struct TrackerOptions: ParsableArguments {
    @Option(help: "Idle time after which a UDP key starts a new connection (e.g. 120s, 2m).")
    var udpTimeout: String = "120s"

    @Option(help: "Idle time after which an ICMP, SCTP, GRE or other key starts a new connection.")
    var otherTimeout: String = "60s"

    @Option(help: "Idle time after which a TCP key starts a new connection (default: only after a close).")
    var tcpTimeout: String?

    /// The configuration the options give; a duration that does not parse is a usage error.
    func configuration() throws -> TrackerConfiguration {
        var configuration = TrackerConfiguration()
        configuration.udpIdleTimeout = try duration(udpTimeout, "--udp-timeout")
        configuration.otherIdleTimeout = try duration(otherTimeout, "--other-timeout")
        configuration.tcpIdleTimeout = try tcpTimeout.map { try duration($0, "--tcp-timeout") }
        return configuration
    }

    private func duration(_ text: String, _ flag: String) throws -> Duration {
        guard let seconds = Units.parseDuration(text) else {
            throw ValidationError("\(flag) must be a duration such as 30s, 2m or 500ms (got \(text))")
        }
        return .nanoseconds(Int64(seconds * 1e9))
    }
}
