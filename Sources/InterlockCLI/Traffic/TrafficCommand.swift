import ArgumentParser

/// `interlock traffic`: synthetic collective traffic on placed jobs.
struct TrafficCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "traffic",
        abstract: "Simulate collective traffic of placed jobs: flow matrices, link loads, time, policy impact.",
        subcommands: [
            TrafficSimulateCommand.self, TrafficExportCommand.self, TrafficReplayCommand.self,
            TrafficSynthTraceCommand.self,
        ]
    )
}
