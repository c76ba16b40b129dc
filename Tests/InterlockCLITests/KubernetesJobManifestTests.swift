import Documents
import Foundation
import Testing

/// `deploy/kubernetes/interlock-indexed-job.yaml` against the batch/v1 Job schema (no cluster runs
/// here): the fields of each object are those the API reference defines, with the types it gives
/// (https://kubernetes.io/docs/reference/kubernetes-api/workload-resources/job-v1/, pod-v1,
/// container fields, persistent-volume-claim-v1), the required ones present, and what makes the job
/// work: an Indexed Job with completions and parallelism, its shard count matching completions,
/// JOB_COMPLETION_INDEX in the command, every volume mount naming a volume, and the claim in the file.
@Suite struct KubernetesJobManifestTests {
    /// The fields each object may hold, by the API reference; `required` must be present.
    static let schema: [String: (allowed: Set<String>, required: Set<String>)] = [
        "object": (["apiVersion", "kind", "metadata", "spec"], ["apiVersion", "kind", "metadata", "spec"]),
        "metadata": (["name", "namespace", "labels", "annotations"], []),
        "JobSpec": (
            [
                "completionMode", "completions", "parallelism", "backoffLimit", "backoffLimitPerIndex",
                "activeDeadlineSeconds", "ttlSecondsAfterFinished", "template", "suspend",
            ], ["template"]
        ),
        "PodTemplateSpec": (["metadata", "spec"], ["spec"]),
        "PodSpec": (
            ["restartPolicy", "containers", "initContainers", "volumes", "serviceAccountName"], ["containers"]
        ),
        "Container": (
            ["name", "image", "command", "args", "workingDir", "env", "resources", "volumeMounts"], ["name", "image"]
        ),
        "EnvVar": (["name", "value"], ["name"]),
        "VolumeMount": (["name", "mountPath", "readOnly", "subPath"], ["name", "mountPath"]),
        "Volume": (["name", "persistentVolumeClaim"], ["name"]),
        "PVCSpec": (["accessModes", "resources", "storageClassName"], ["accessModes", "resources"]),
    ]

    /// A problem for each field of `node` (a `kind` object at `path`) the schema does not allow, and
    /// for each required field missing.
    static func check(_ node: Node?, as kind: String, at path: String, _ problems: inout [String]) {
        guard case .mapping(let m) = node else {
            problems.append("\(path): not a mapping")
            return
        }
        let (allowed, required) = schema[kind]!
        for e in m.entries where !allowed.contains(e.key) { problems.append("\(path).\(e.key): not a \(kind) field") }
        for key in required.sorted() where m[key] == nil { problems.append("\(path).\(key): required") }
    }

    static func items(_ node: Node?) -> [Node] {
        if case .sequence(let s) = node { return s.items }
        return []
    }

    static func text(_ node: Node?) -> String? {
        if case .scalar(let s) = node { return s.text }
        return nil
    }

    static func mapping(_ node: Node?) -> Node.Mapping? {
        if case .mapping(let m) = node { return m }
        return nil
    }

    /// The problems of one Job.
    static func checkJob(_ job: Node.Mapping, claims: Set<String>) -> [String] {
        var problems: [String] = []
        let name = text(mapping(job["metadata"])?["name"]) ?? "?"
        let at = "Job \(name)"
        if text(job["apiVersion"]) != "batch/v1" { problems.append("\(at): apiVersion is not batch/v1") }
        if name.range(of: #"^[a-z0-9]([-a-z0-9]*[a-z0-9])?$"#, options: .regularExpression) == nil {
            problems.append("\(at): name is not a DNS-1123 label")
        }
        check(job["metadata"], as: "metadata", at: at + ".metadata", &problems)
        check(job["spec"], as: "JobSpec", at: at + ".spec", &problems)
        guard let spec = mapping(job["spec"]) else { return problems }
        for key in ["completions", "parallelism", "backoffLimit"] where spec[key] != nil {
            if Int(text(spec[key]) ?? "").map({ $0 < 0 }) ?? true { problems.append("\(at).spec.\(key): not a count") }
        }
        check(spec["template"], as: "PodTemplateSpec", at: at + ".spec.template", &problems)
        guard let pod = mapping(mapping(spec["template"])?["spec"]) else { return problems }
        check(.mapping(pod), as: "PodSpec", at: at + ".spec.template.spec", &problems)
        // A Job's pods may only restart Never or OnFailure.
        if !["Never", "OnFailure"].contains(text(pod["restartPolicy"]) ?? "") {
            problems.append("\(at): restartPolicy must be Never or OnFailure")
        }
        var volumes: Set<String> = []
        for (i, v) in items(pod["volumes"]).enumerated() {
            check(v, as: "Volume", at: "\(at) volume \(i)", &problems)
            volumes.insert(text(mapping(v)?["name"]) ?? "")
            if let claim = text(mapping(mapping(v)?["persistentVolumeClaim"])?["claimName"]), !claims.contains(claim) {
                problems.append("\(at): claim \(claim) is not in the file")
            }
        }
        let containers = items(pod["containers"]) + items(pod["initContainers"])
        if items(pod["containers"]).isEmpty { problems.append("\(at): no containers") }
        for c in containers {
            let cname = text(mapping(c)?["name"]) ?? "?"
            check(c, as: "Container", at: "\(at) container \(cname)", &problems)
            for e in items(mapping(c)?["env"]) { check(e, as: "EnvVar", at: "\(at) \(cname) env", &problems) }
            for m in items(mapping(c)?["volumeMounts"]) {
                check(m, as: "VolumeMount", at: "\(at) \(cname) mount", &problems)
                let mount = text(mapping(m)?["name"]) ?? ""
                if !volumes.contains(mount) { problems.append("\(at) \(cname): mount \(mount) names no volume") }
            }
        }
        return problems
    }

    static let path = CLIRunner.packageRoot.path + "/deploy/kubernetes/interlock-indexed-job.yaml"

    /// The objects of the manifest `text` and the schema problems of its claims and Jobs.
    static func read(_ text: String) throws -> (jobs: [Node.Mapping], problems: [String]) {
        let documents = try SourceLoader.documents(bytes: Array(text.utf8), file: path)
        let objects = documents.compactMap { mapping($0.root) }
        var problems: [String] = []
        var claims: Set<String> = []
        for o in objects {
            check(.mapping(o), as: "object", at: "document", &problems)
            if self.text(o["kind"]) == "PersistentVolumeClaim" {
                check(o["spec"], as: "PVCSpec", at: "claim", &problems)
                claims.insert(self.text(mapping(o["metadata"])?["name"]) ?? "")
            }
        }
        let jobs = objects.filter { self.text($0["kind"]) == "Job" }
        for job in jobs { problems += checkJob(job, claims: claims) }
        return (jobs, problems)
    }

    /// The check finds what the schema forbids: an unknown field, a missing image, a mount of no
    /// volume, a restart policy a Job does not take.
    @Test func brokenManifestsAreCaught() throws {
        let text = try String(contentsOfFile: KubernetesJobManifestTests.path, encoding: .utf8)
        for (from, to, problem) in [
            ("completionMode: Indexed", "completionMod: Indexed", "completionMod: not a JobSpec field"),
            ("image: interlock:0.1.0\n          workingDir", "workingDir", "image: required"),
            (
                "mountPath: /data\n      volumes:\n        - name: data",
                "mountPath: /data\n      volumes:\n        - name: other",
                "mount data names no volume"
            ),
            ("restartPolicy: Never", "restartPolicy: Always", "restartPolicy must be Never or OnFailure"),
            ("claimName: interlock-data", "claimName: elsewhere", "claim elsewhere is not in the file"),
        ] {
            #expect(text.contains(from))
            let problems = try KubernetesJobManifestTests.read(text.replacingOccurrences(of: from, with: to)).problems
            #expect(problems.contains { $0.contains(problem) }, "\(problem): \(problems)")
        }
    }

    @Test func indexedJobAndMergeJobFollowTheJobSchema() throws {
        let (jobs, problems) = try KubernetesJobManifestTests.read(
            try String(contentsOfFile: KubernetesJobManifestTests.path, encoding: .utf8))
        #expect(jobs.count == 2)
        #expect(problems.isEmpty, "\(problems.joined(separator: "\n"))")

        // The shards: Indexed, N completions run N at a time, SHARDS = N, the index in the command.
        let shards = try #require(
            jobs.first { KubernetesJobManifestTests.mapping($0["spec"])?["completionMode"] != nil })
        let spec = try #require(KubernetesJobManifestTests.mapping(shards["spec"]))
        #expect(KubernetesJobManifestTests.text(spec["completionMode"]) == "Indexed")
        let completions = KubernetesJobManifestTests.text(spec["completions"])
        #expect(completions != nil && completions == KubernetesJobManifestTests.text(spec["parallelism"]))
        let template = KubernetesJobManifestTests.mapping(spec["template"])
        let pod = KubernetesJobManifestTests.mapping(template?["spec"])
        let container = KubernetesJobManifestTests.mapping(KubernetesJobManifestTests.items(pod?["containers"]).first)
        let env = KubernetesJobManifestTests.items(container?["env"]).compactMap(KubernetesJobManifestTests.mapping)
        let count = env.first { KubernetesJobManifestTests.text($0["name"]) == "SHARDS" }
        #expect(KubernetesJobManifestTests.text(count?["value"]) == completions)
        let command = KubernetesJobManifestTests.items(container?["args"]).compactMap(KubernetesJobManifestTests.text)
        #expect(command.joined().contains("--shard \"$JOB_COMPLETION_INDEX/$SHARDS\""))
        #expect(command.joined().contains("--partial-output"))
    }
}
