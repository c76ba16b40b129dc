import ArgumentParser

/// `interlock capture`: read packet captures into connections.
struct CaptureCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "capture",
        abstract: "Read packet captures (pcap, pcapng) into connections, judge them, and synthesize captures.",
        subcommands: [
            CaptureFlowsCommand.self, CaptureAnalyzeCommand.self, CaptureSynthCommand.self, CaptureFormatsCommand.self,
        ]
    )
}
