import ArgumentParser

/// `interlock acl`: fabric ACLs, the segmentation layer of Ethernet fabrics.
struct ACLCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "acl",
        abstract: "Classify packet headers against fabric ACLs (Interlock YAML or ClassBench filters).",
        subcommands: [ACLMatchCommand.self, ACLSynthTraceCommand.self, ACLSynthRulesCommand.self]
    )
}
