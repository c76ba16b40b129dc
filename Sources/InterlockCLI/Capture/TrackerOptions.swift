import ArgumentParser
import Capture
import Foundation

/// The connection tracker's idle and fragment timeouts, shared by the commands that read captures.
struct TrackerOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "Idle time after which a UDP key starts a new connection (e.g. 120s, 2m).", valueName: "duration"))
    var udpTimeout = Quantity<IdleTime>(argument: "120s")!

    @Option(
        help: ArgumentHelp(
            "Idle time after which an ICMP, SCTP, GRE or other key starts a new connection.", valueName: "duration"))
    var otherTimeout = Quantity<IdleTime>(argument: "60s")!

    @Option(
        help: ArgumentHelp(
            "Idle time after which a TCP key starts a new connection (default: only after a close).",
            valueName: "duration"))
    var tcpTimeout: Quantity<IdleTime>?

    @Option(
        help: ArgumentHelp(
            "How long an IP fragment that arrives before its first fragment waits for it.", valueName: "duration"))
    var fragmentTimeout = Quantity<IdleTime>(argument: "30s")!

    @Option(
        help: ArgumentHelp(
            "Cores to track one classic pcap file on (default: all). Output is the same for any N.",
            valueName: "N"))
    var threads: Int?

    /// `--threads`, or every active core (DEVELOPERS.md, "Captures on every core").
    var threadCount: Int { threads ?? ProcessInfo.processInfo.activeProcessorCount }

    func validate() throws {
        if let threads, threads < 1 { throw ValidationError("--threads must be at least 1") }
    }

    /// The options that change the connections (not `--threads`), as arguments.
    var arguments: [String] {
        ["--udp-timeout", udpTimeout.defaultValueDescription, "--other-timeout", otherTimeout.defaultValueDescription]
            + (tcpTimeout.map { ["--tcp-timeout", $0.defaultValueDescription] } ?? [])
            + ["--fragment-timeout", fragmentTimeout.defaultValueDescription]
    }

    /// The configuration the options give.
    func configuration() -> TrackerConfiguration {
        var configuration = TrackerConfiguration()
        configuration.udpIdleTimeout = duration(udpTimeout)
        configuration.otherIdleTimeout = duration(otherTimeout)
        configuration.tcpIdleTimeout = tcpTimeout.map(duration)
        configuration.fragmentTimeout = duration(fragmentTimeout)
        return configuration
    }

    private func duration(_ time: Quantity<IdleTime>) -> Duration {
        .nanoseconds(Int64(time.value * 1e9))
    }
}
