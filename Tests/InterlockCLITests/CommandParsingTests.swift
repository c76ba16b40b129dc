import ArgumentParser
import Foundation
import InterlockCore
import Policy
import Testing

@testable import InterlockCLI

/// The command line parsed in process (`InterlockCommand.parseAsRoot`, as ArgumentParser's own tests
/// do): typed option values, bad values refused as usage errors, and each command's `--help` listing
/// exactly the formats it writes. Nothing runs; the files named need not exist.
@Suite struct CommandParsingTests {
    /// `--compat` sets every switch of the profile; `--ipblock-selects-pods` overrides its one switch.
    @Test func compatProfileAndItsIPBlockOverride() throws {
        let plain = try parse(["policy", "connlist", "m"], as: PolicyConnlistCommand.self).input.evaluationOptions
        #expect(plain == EvaluationOptions())
        let analyzer = try parse(
            ["policy", "eval", "m", "--compat", "netpol-analyzer", "--source", "a", "--destination", "b"],
            as: PolicyEvalCommand.self
        ).input.evaluationOptions
        #expect(analyzer == EvaluationOptions(profile: .netpolAnalyzer))
        #expect(!analyzer.ipBlockSelectsPods && analyzer.hostNetworkPodsPoliced && analyzer.listsFinishedPods)
        #expect(!analyzer.analysesIPv6)
        let overridden = try parse(
            ["policy", "diff", "a", "b", "--compat", "netpol-analyzer", "--ipblock-selects-pods", "true"],
            as: PolicyDiffCommand.self
        ).switches.options
        #expect(
            overridden.ipBlockSelectsPods && overridden.hostNetworkPodsPoliced && overridden.profile == .netpolAnalyzer)
        let alias = try parse(
            ["policy", "explain", "m", "--ipblock-selects-pods", "false", "--source", "a", "--destination", "b"],
            as: PolicyExplainCommand.self)
        #expect(alias.input.evaluationOptions == EvaluationOptions(ipBlockSelectsPods: false))
    }

    /// `arguments` parsed into the command they name.
    func parse<Command: ParsableCommand>(_ arguments: [String], as: Command.Type = Command.self) throws -> Command {
        try #require(try InterlockCommand.parseAsRoot(arguments) as? Command)
    }

    /// The one line `interlock` prints for `arguments`, which must be refused as a usage error.
    func usageError(_ arguments: [String]) -> String? {
        do {
            _ = try InterlockCommand.parseAsRoot(arguments)
            return nil
        } catch {
            guard InterlockCommand.exitCode(for: error) == .validationFailure else { return nil }
            return InterlockMain.oneLine(InterlockCommand.message(for: error))
        }
    }

    @Test func topologyCommands() throws {
        let fatTree = try parse(
            ["topology", "generate", "fat-tree", "--k", "4", "--oversubscription", "3:1", "--transport", "RoCE"],
            as: TopologyGenerateFatTreeCommand.self)
        #expect(fatTree.k == 4 && fatTree.oversubscription.value == 3 && fatTree.common.transport == .roce)
        #expect(
            try parse(["topology", "generate", "fat-tree", "--k", "8"], as: TopologyGenerateFatTreeCommand.self)
                .oversubscription.value == 1)
        let rail = try parse(
            [
                "topology", "generate", "rail-optimized", "--preset", "DGX-H200", "--scalable-units", "2",
                "--oversubscription", "1.5", "--rail-only",
            ], as: TopologyGenerateRailCommand.self)
        #expect(
            rail.preset == .dgxH200 && rail.scalableUnits == 2 && rail.oversubscription?.value == 1.5 && rail.railOnly)
        #expect(
            try parse(["topology", "show", "t.yaml", "--format", "TXT"], as: TopologyShowCommand.self).format == .text)
        #expect(
            try parse(["topology", "validate", "t.yaml", "--format", "json"], as: TopologyValidateCommand.self).format
                == .json)
        #expect(
            try parse(["topology", "expand", "t.yaml", "-o", "x.yaml"], as: TopologyExpandCommand.self).output
                == "x.yaml")
        #expect(
            try parse(["topology", "export", "t.yaml", "--format", "node-link"], as: TopologyExportCommand.self).format
                == .nodeLink)
        let paths = try parse(
            [
                "topology", "paths", "t.yaml", "--plane", "Storage", "--routing", "DMODK",
                "--flow", "10.0.0.1:49152-10.0.0.2:4791/UDP",
            ], as: TopologyPathsCommand.self)
        #expect(paths.plane == .storage && paths.routing == .dmodk)
        #expect(paths.flow == FiveTuple("10.0.0.1:49152-10.0.0.2:4791/UDP") && paths.flow?.destinationPort == 4791)
        let addresses = try parse(
            ["topology", "addresses", "t.yaml", "10.0.0.1", "10.6.0.17", "--plane", "oob", "--format", "csv"],
            as: TopologyAddressesCommand.self)
        #expect(addresses.lookup.map(\.description) == ["10.0.0.1", "10.6.0.17"])
        #expect(addresses.plane == .oob && addresses.format == .csv)
    }

    @Test func policyCommands() throws {
        #expect(
            try parse(["policy", "connlist", "c", "--format", "markdown"], as: PolicyConnlistCommand.self).format == .md
        )
        #expect(
            try parse(["policy", "connlist", "c", "--format", "text"], as: PolicyConnlistCommand.self).format == .txt)
        #expect(try parse(["policy", "connlist", "c"], as: PolicyConnlistCommand.self).format == .txt)
        let eval = try parse(
            ["policy", "eval", "c", "--source", "a/b", "--destination", "c/d", "--protocol", "udp", "--port", "53"],
            as: PolicyEvalCommand.self)
        #expect(eval.proto == .udp && eval.port == "53")
        #expect(
            try parse(["policy", "eval", "c", "--source", "a/b", "--destination", "c/d"], as: PolicyEvalCommand.self)
                .proto == .tcp)
        #expect(
            try parse(
                ["policy", "explain", "c", "--source", "a/b", "--destination", "c/d", "--format", "json"],
                as: PolicyExplainCommand.self
            ).format == .json)
        let diff = try parse(
            [
                "policy", "diff", "a", "b", "--jobs", "j.yaml", "--topology", "t.yaml", "--collective", "a2a",
                "--size", "256MiB", "--format", "TXT",
            ], as: PolicyDiffCommand.self)
        #expect(diff.collective == .allToAll && diff.size?.value == 256 * 1024 * 1024 && diff.format == .txt)
        #expect(try parse(["policy", "lint", "c", "--format", "json"], as: PolicyLintCommand.self).format == .json)
    }

    @Test func aclCaptureTrafficSynthAndCheckCommands() throws {
        let match = try parse(
            ["acl", "match", "--rules", "r", "--trace", "t", "--format", "tsv", "--engine", "linear"],
            as: ACLMatchCommand.self)
        #expect(match.format == .tsv && match.engine == .linear)
        #expect(
            try parse(["acl", "synth-trace", "--rules", "r", "--count", "5"], as: ACLSynthTraceCommand.self).count == 5)
        let flows = try parse(
            ["capture", "flows", "a.pcap", "--udp-timeout", "2m", "--tcp-timeout", "500ms", "--format", "csv"],
            as: CaptureFlowsCommand.self)
        let tracker = flows.tracker.configuration()
        #expect(tracker.udpIdleTimeout == .seconds(120) && tracker.otherIdleTimeout == .seconds(60))
        #expect(tracker.tcpIdleTimeout == .milliseconds(500) && flows.format == .csv)
        #expect(tracker.fragmentTimeout == .seconds(30))
        let fragments = try parse(
            ["capture", "flows", "a.pcap", "--fragment-timeout", "2s"], as: CaptureFlowsCommand.self)
        #expect(fragments.tracker.configuration().fragmentTimeout == .seconds(2))
        #expect(
            try parse(
                ["capture", "analyze", "a.pcap", "--cluster", "c", "--format", "json"], as: CaptureAnalyzeCommand.self
            )
            .format == .json)
        #expect(
            try parse(
                ["capture", "synth", "--cluster", "c", "--scenario", "violations", "-o", "x.pcap"],
                as: CaptureSynthCommand.self
            )
            .scenario == .violations)
        let traffic = try parse(
            [
                "traffic", "simulate", "--topology", "t.yaml", "--jobs", "j.yaml", "--collective", "Ring",
                "--size", "1GiB", "--routing", "FLUID", "--span", "all", "--iteration-time", "20ms",
            ],
            as: TrafficSimulateCommand.self)
        #expect(
            traffic.placed.collective == .allReduce && traffic.placed.size.value == Double(1 << 30)
                && traffic.routing == .fluid)
        #expect(traffic.pattern.span == .all && traffic.iterationTime?.value == 0.02 && traffic.output.format == .text)
        #expect(
            try parse(
                [
                    "traffic", "simulate", "--topology", "t", "--jobs", "j", "--collective", "incast", "--size", "4GB",
                    "--rate", "400Gb/s",
                ], as: TrafficSimulateCommand.self
            ).rate?.value == 400e9)
        #expect(
            try parse(["synth", "cluster", "-o", "d", "--format", "JSON"], as: SynthClusterCommand.self).format == .json
        )
        let check = try parse(["check", "s", "--fail-on", "never", "--format", "sarif"], as: CheckCommand.self)
        #expect(try check.failOn == .never && check.failOn.threshold == nil && check.resolvedFormat() == .sarif)
        let byExtension = try parse(["check", "s", "-o", "report.HTML"], as: CheckCommand.self)
        #expect(try byExtension.failOn == .severity(.high) && byExtension.resolvedFormat() == .html)
    }

    /// A bad value is a usage error (exit 2) whose one line names the option and what it accepts.
    @Test(arguments: [
        (
            ["topology", "export", "t", "--format", "json"],
            "'--format <format>'. Please provide one of 'dot' and 'node-link'."
        ),
        (
            ["topology", "show", "t", "--format", "csv"],
            "'--format <format>'. Please provide one of 'text' and 'json'."
        ),
        (
            ["topology", "paths", "t", "--plane", "mars"],
            "'--plane <plane>'. Please provide one of 'compute', 'frontend', 'storage' or 'oob'."
        ),
        (
            ["topology", "paths", "t", "--routing", "fluid"],
            "'--routing <routing>'. Please provide one of 'ecmp' and 'dmodk'."
        ),
        (["topology", "paths", "t", "--flow", "10.0.0.1-10.0.0.2"], "'--flow <srcip:sport-dstip:dport/proto>'"),
        (["topology", "addresses", "t", "10.0.0"], "'<address>'"),
        (
            ["topology", "generate", "fat-tree", "--k", "4", "--transport", "nvlink"],
            "'--transport <transport>'. Please provide one of 'infiniband', 'roce' or 'ethernet'."
        ),
        (
            ["topology", "generate", "fat-tree", "--k", "4", "--oversubscription", "3:x"],
            "'--oversubscription <ratio>'"
        ),
        (
            ["topology", "generate", "rail-optimized", "--preset", "dgx-a100", "--scalable-units", "1"],
            "'--preset <preset>'. Please provide one of 'dgx-h100', 'dgx-h200' or 'dgx-b200'."
        ),
        (
            ["policy", "connlist", "c", "--format", "sarif"],
            "'--format <format>'. Please provide one of 'txt', 'json', 'csv', 'md' or 'dot'."
        ),
        (
            ["policy", "diff", "a", "b", "--format", "md"],
            "'--format <format>'. Please provide one of 'txt', 'json' or 'csv'."
        ),
        (
            ["policy", "eval", "c", "--source", "a", "--destination", "b", "--protocol", "tcpx"],
            "'--protocol <protocol>'"
        ),
        (
            ["acl", "match", "--rules", "r", "--trace", "t", "--format", "dot"],
            "'--format <format>'. Please provide one of 'text', 'tsv' or 'json'."
        ),
        (["capture", "flows", "a.pcap", "--udp-timeout", "soon"], "'--udp-timeout <duration>'"),
        (
            ["capture", "synth", "--cluster", "c", "--scenario", "chaos", "-o", "x"],
            "'--scenario <scenario>'. Please provide one of 'clean' and 'violations'."
        ),
        (
            ["traffic", "simulate", "--topology", "t", "--jobs", "j", "--collective", "multicast", "--size", "1GiB"],
            "'--collective <collective>'. Please provide one of the following: all-reduce, tree-all-reduce, reduce-scatter, all-gather, all-to-all, permutation, incast, storage-read, background, broadcast, reduce, gather, scatter, barrier, send-receive"
        ),
        (
            ["traffic", "simulate", "--topology", "t", "--jobs", "j", "--collective", "incast", "--size", "0"],
            "'--size <bytes>'"
        ),
        (
            [
                "traffic", "simulate", "--topology", "t", "--jobs", "j", "--collective", "incast", "--size", "1G",
                "--span", "none",
            ],
            "'--span <span>'. Please provide one of 'job' and 'all'."
        ),
        (
            [
                "traffic", "simulate", "--topology", "t", "--jobs", "j", "--collective", "incast", "--size", "1G",
                "--iteration-time", "0s",
            ],
            "'--iteration-time <duration>'"
        ),
        (
            [
                "traffic", "simulate", "--topology", "t", "--jobs", "j", "--collective", "incast", "--size", "1G",
                "--rate", "fast",
            ], "'--rate <rate>'"
        ),
        (
            ["synth", "cluster", "-o", "d", "--format", "csv"],
            "'--format <format>'. Please provide one of 'yaml' and 'json'."
        ),
        (
            ["check", "s", "--fail-on", "critical"],
            "'--fail-on <fail-on>'. Please provide one of 'high', 'medium', 'low', 'info' or 'never'."
        ),
        (
            ["check", "s", "--format", "pdf"],
            "'--format <format>'. Please provide one of 'text', 'json', 'sarif' or 'html'."
        ),
    ])
    func badValueIsAUsageError(_ arguments: [String], _ expected: String) throws {
        let message = try #require(usageError(arguments), "\(arguments) parsed, or failed other than as a usage error")
        #expect(message.hasPrefix("The value '") && message.hasSuffix("' is invalid for " + expected), "\(message)")
    }

    /// `--help` of each command lists exactly the formats it writes.
    @Test(arguments: [
        (["topology", "show"], "text, json"), (["topology", "validate"], "text, json"),
        (["topology", "paths"], "text, json"),
        (["topology", "addresses"], "text, json, csv"), (["topology", "export"], "dot, node-link"),
        (["policy", "connlist"], "txt, json, csv, md, dot"), (["policy", "eval"], "text, json"),
        (["policy", "explain"], "text, json"),
        (["policy", "diff"], "txt, json, csv"), (["policy", "lint"], "text, json"),
        (["acl", "match"], "text, tsv, json"),
        (["capture", "flows"], "text, json, csv"), (["capture", "analyze"], "text, json"),
        (["traffic", "simulate"], "text, json"),
        (["synth", "cluster"], "yaml, json"), (["check"], "text, json, sarif, html"),
    ])
    func helpListsTheFormats(_ command: [String], _ formats: String) throws {
        // As `InterlockMain` does: `--help` parses into ArgumentParser's help command, whose run throws
        // the help text as a clean exit.
        var help = ""
        do {
            var parsed = try InterlockCommand.parseAsRoot(command + ["--help"])
            try parsed.run()
        } catch {
            #expect(InterlockCommand.exitCode(for: error) == .success)
            help = InterlockCommand.message(for: error)
        }
        let words = help.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        let option = try #require(words.range(of: "--format <format> "), "\(command): no --format in the help")
        let values = try #require(words[option.upperBound...].range(of: "(values: "))
        let listed = words[values.upperBound...].prefix { $0 != ")" && $0 != ";" }
        #expect(listed == formats[...], "\(command)")
    }
}
