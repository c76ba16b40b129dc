import Capture
import CaptureAnalysis
import Documents
import Fabric
import FabricACL
import Findings
import FlowLogs
import Intents
import InterlockCore
import Manifests
import Policy

/// The main job: loads a scenario's inputs, compiles, runs every check they allow, and gathers the
/// findings with what a report needs around them.
public enum CheckRun {
    /// The intents used when a scenario names none: the baseline pack alone.
    static let defaultIntents = """
        apiVersion: interlock.dev/v1
        kind: SegmentationIntents
        metadata: {name: default}
        spec:
          packs: [ai-infra-baseline]
        """

    /// Runs the scenario. `progress` hears about each stage (for a progress line on a terminal).
    ///
    /// - Throws: `InputError` for an input that cannot be read, with the scenario line that names it.
    public static func run(
        _ spec: ScenarioSpec, options: EvaluationOptions = EvaluationOptions(),
        progress: (String) -> Void = { _ in }
    ) throws -> CheckOutcome {
        do {
            return try checking(spec, options: options, progress: progress)
        } catch let error as InputError {
            throw spec.attributing(error)
        }
    }

    private static func checking(
        _ spec: ScenarioSpec, options: EvaluationOptions, progress: (String) -> Void
    ) throws -> CheckOutcome {
        var outcome = CheckOutcome(spec: spec)
        progress("loading")
        let fabric = try spec.topology.map { path throws(InputError) in try TopologyFile.load(path: path) }
        let policy = spec.manifests.isEmpty ? nil : try PolicyInput.load(paths: spec.manifests)
        let intentDocuments =
            spec.intents.isEmpty
            ? try SourceLoader.documents(bytes: Array(defaultIntents.utf8), file: "builtin:default-intents")
            : try SourceLoader.load(paths: spec.intents)
        let intents = try IntentReader.read(documents: intentDocuments)
        progress("compiling")
        // The dialect's CNI decides how the policies combine (`--cni` of the policy commands, detected here).
        var options = options
        let detected = policy.map { CNI.detect(in: [$0]) }
        if let detected { options.cni = detected.cni }
        let checker = try IntentChecker(CheckInputs(intents: intents, fabric: fabric, policy: policy, options: options))
        progress("checking intents")
        var findings = checker.staticFindings()
        var warnings =
            (policy?.inputWarnings ?? []) + (policy?.resultWarnings ?? []) + (detected?.note.map { [$0] } ?? [])
        warnings += policy?.policies.ciliumL7Warnings ?? []
        for capture in spec.captures {
            progress("reading \(capture.path)")
            let flows = try TrafficInputs.collect(paths: [capture.path], format: capture.format)
            warnings += flows.warnings
            findings += checker.observedFindings(
                flows.connections.map { ObservedFlow(capture: $0, view: capture.view, file: capture.path) })
            let logs = flows.files.contains { $0.flowLogFormat != nil }
            let read =
                logs ? "\(flows.summary.flowLogRecords) flow-log records" : "\(flows.summary.packetsRead) packets"
            var figure = "\(read), \(flows.connections.count) connections"
            if let engine = checker.inputs.engine {
                // The capture's own judgement: policies, fabric ACLs and plane rules, connection by connection.
                let acls =
                    try capture.acls.map { paths throws(InputError) in try ACLSource.load(paths: paths) }
                    ?? intents.acls
                let analyzer = try CaptureAnalyzer(
                    engine: engine, fabric: fabric, acls: acls, vantage: capture.view.map(Vantage.init))
                let analysis = analyzer.analyze(flows)
                findings += analysis.findings.map { $0.located(at: capture.location) }
                warnings += analysis.warnings
                figure += ", \(analysis.statistics.policyDenied) denied by policy"
            }
            outcome.figures.append(("capture \(capture.path)", figure))
        }
        for jobs in spec.jobs {
            guard let fabric else {
                warnings.append(
                    "incomplete: jobs \(jobs.path) not simulated: the scenario names no topology to place them on")
                continue
            }
            progress("simulating \(jobs.path)")
            let simulated = try SimulatedJobs(
                jobs, fabric: fabric, policy: policy, engine: checker.inputs.engine, acls: intents.acls,
                manifests: spec.manifests)
            findings += simulated.findings.map { $0.located(at: jobs.location) }
            findings += checker.observedFindings(simulated.observed)
            warnings += simulated.warnings
            outcome.figures.append(simulated.figure)
            outcome.linkLoads.merge(simulated.utilization) { max($0, $1) }
        }
        if policy == nil { warnings.append("incomplete: no manifests: Kubernetes networks were not checked") }
        if fabric == nil { warnings.append("incomplete: no topology: fabric planes were not checked") }
        for c in checker.coverage { if let note = c.note { warnings.append("intent \(c.rule) \(note)") } }
        outcome.report = FindingsReport(
            findings: findings, warnings: warnings, figures: figures(fabric, policy, intents, checker) + outcome.figures
        )
        outcome.matrix = checker.matrix()
        outcome.fabric = fabric
        outcome.rules = intents.rules
        outcome.coverage = checker.coverage
        outcome.zones = checker.zoneSizes
        return outcome
    }

    private static func figures(
        _ fabric: FabricGraph?, _ policy: PolicyInput?, _ intents: IntentSet, _ checker: IntentChecker
    ) -> [(name: String, value: String)] {
        var out: [(name: String, value: String)] = []
        if let fabric {
            let switches = fabric.devices.filter { $0.kind == .switch }.count
            out.append(
                (
                    "topology",
                    "\(fabric.name): \(fabric.computeHosts.count) compute nodes, \(switches) switches, \(fabric.links.count) links"
                ))
        }
        if let policy {
            let inv = policy.inventory
            let policies = policy.policies.networkPolicies.count + policy.policies.adminPolicies.count
            out.append(
                (
                    "manifests",
                    "\(inv.namespaces.count) namespaces, \(inv.workloads.count) workloads, \(inv.pods.count) pods, \(inv.nodes.count) nodes, \(policies) policies"
                ))
        }
        let fromPacks = intents.rules.filter { $0.pack != nil }.count
        out.append(
            (
                "intents",
                "\(intents.rules.count) rules (\(fromPacks) from \(intents.packs.isEmpty ? "no pack" : intents.packs.map { $0.components(separatedBy: " ").first! }.joined(separator: ", "))), \(checker.zoneSizes.count) zones, \(intents.acls.count) fabric ACLs, \(intents.segmentation.partitions.count) partitions, \(intents.segmentation.vrfs.count) VRFs"
            ))
        out.append(("views", checker.views.map(\.name).joined(separator: ", ")))
        return out
    }
}

extension Finding {
    /// The finding, pointing at `location` when it has no rule location of its own.
    func located(at location: SourceLocation?) -> Finding {
        var f = self
        if f.location == nil { f.location = location }
        return f
    }
}

extension Vantage {
    /// The capture point a scenario's view names.
    init(_ view: View) {
        switch view {
        case .plane(let plane): self = .plane(plane)
        case .kubernetes(let network): self = .network(network)
        }
    }
}

extension ObservedFlow {
    /// A captured connection, opened by its initiator, with its packets as evidence.
    init(capture c: Connection, view: View?, file: String) {
        self.init(
            view: view, source: c.initiatorAddress, destination: c.responderAddress, proto: c.proto,
            port: c.proto.hasPorts ? c.responderPort : nil,
            evidence: Evidence(
                packets: Int(c.packets), bytes: Int(c.bytes), firstPacket: c.firstPacket, lastPacket: c.lastPacket,
                firstTimestamp: c.firstTimestamp, lastTimestamp: c.lastTimestamp, source: file))
    }
}
