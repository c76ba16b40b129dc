import Documents
import Fabric
import FlowLogs
import Foundation
import Intents
import InterlockCore
import Manifests
import Traffic

/// What `interlock check` runs on: a topology, manifests, intents, and optionally captures and jobs.
///
/// A scenario is a directory with a `scenario.yaml` (or that file itself), naming its inputs by
/// paths relative to the file:
///
/// ```yaml
/// apiVersion: interlock.dev/v1
/// kind: Scenario
/// metadata: {name: demo}
/// spec:
///   topology: ../../topologies/dgx-h100-1su.yaml
///   manifests: [cluster]
///   intents: [intents.yaml, fabric.yaml]
///   captures: [{path: ../../captures/demo.pcap, network: pod}]   # or plane: storage; or just the path;
///                                      # acls: [FILE] the fabric ACLs in force when it was taken
///   flows: [{path: hubble.jsonl, format: hubble}]   # flow logs, as captures (format: by content when left out)
///   jobs: [jobs.yaml]             # or {path: jobs.yaml, collective: all-reduce, size: 4GiB}
/// ```
public struct ScenarioSpec: Sendable {
    /// The scenario's name (`metadata.name`).
    public var name: String
    /// The scenario file, when there is one.
    public var file: String?
    /// The topology file, when the scenario has a fabric.
    public var topology: String?
    /// Manifest files and directories.
    public var manifests: [String] = []
    /// Intent files (`SegmentationIntents`, `FabricSegmentation`, `FabricACL` documents).
    public var intents: [String] = []
    /// Captures and flow logs (`captures:` and `flows:`) whose traffic is judged.
    public var captures: [CaptureInput] = []
    /// Jobs files whose simulated traffic is judged.
    public var jobs: [JobsInput] = []
    /// Each path the scenario file names (resolved), with the line that names it.
    public var origins: [(path: String, location: SourceLocation)] = []

    /// `error` about a file the scenario names (or a file under a directory it names), with the
    /// scenario line that names it added: the path may have been mistyped there. Other errors as they are.
    public func attributing(_ error: InputError) -> InputError {
        guard let file = error.file, file != self.file,
            let origin = origins.first(where: { file == $0.path || file.hasPrefix($0.path + "/") })
        else { return error }
        var attributed = error
        attributed.message += " (named at \(origin.location))"
        return attributed
    }

    /// A scenario with no inputs yet; `load(path:)` resolves the paths relative to the file.
    public init(name: String, file: String? = nil) {
        self.name = name
        self.file = file
    }

    /// A capture file, the view its traffic was taken on (`nil`: placed by address), and the fabric
    /// ACLs in force when it was taken (`nil`: the intents' ACLs).
    public struct CaptureInput: Sendable {
        /// The capture file.
        public var path: String
        /// The network or plane it was taken on, or `nil` to place each connection by its addresses.
        public var view: View?
        /// The fabric ACL files in force when it was taken, or `nil` for the intents' ACLs.
        public var acls: [String]?
        /// The scenario line that names the capture: where findings with no rule of their own point.
        public var location: SourceLocation?
        /// What the file is (`flows:` entries may say; by content otherwise).
        public var format: InputFormat = .automatic
        /// A capture entry; `location` is set by `load(path:)`.
        public init(path: String, view: View? = nil, acls: [String]? = nil) {
            self.path = path
            self.view = view
            self.acls = acls
        }
    }

    /// The file a scenario directory holds.
    public static let fileName = "scenario.yaml"
    static let kind = "Scenario"

    /// The scenario file of `path`: its `scenario.yaml` when `path` is a directory, else `path`.
    public static func file(of path: String) -> String {
        var isDirectory: ObjCBool = false
        let directory = FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue
        return directory ? Paths.join(path, fileName) : path
    }

    /// Reads a scenario directory (its `scenario.yaml`) or file.
    ///
    /// - Throws: `InputError` when the path does not exist or is not one `kind: Scenario` YAML document,
    ///   and at the line of an unknown key, an unknown plane, or an input path that does not exist.
    public static func load(path: String) throws(InputError) -> ScenarioSpec {
        var isDirectory: ObjCBool = false
        guard path == "-" || FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw InputError(file: path, "no such file or directory")
        }
        let file = ScenarioSpec.file(of: path)
        let documents = try SourceLoader.documents(bytes: try SourceLoader.read(path: file), file: file)
        guard documents.count == 1, let c = documents.first?.cursor else {
            throw InputError(file: file, "expected one YAML document (kind: Scenario)")
        }
        try c.rejectUnknownKeys(["apiVersion", "kind", "metadata", "spec"], in: kind)
        let k = try c.required("kind")
        guard try k.string() == kind else {
            throw k.error("expected kind: \(kind), found '\(InputError.excerpt(try k.string()))'")
        }
        // A scenario read from standard input or a pipe has no directory: its paths are relative to
        // the current one.
        let base = SourceLoader.isRegularFile(file) ? PathText.directory(of: file) : ""
        var origins: [(path: String, location: SourceLocation)] = []
        func resolve(_ v: Cursor) throws(InputError) -> String {
            let relative = try v.string()
            let full = Paths.join(base, relative)
            guard FileManager.default.fileExists(atPath: full) else {
                throw v.error("no such file or directory: \(InputError.excerpt(relative)) (relative to \(file))")
            }
            origins.append((full, v.location))
            return full
        }
        func isSequence(_ v: Cursor) -> Bool {
            if case .sequence = v.node { return true }
            return false
        }
        func list(_ key: String, _ spec: Cursor) throws(InputError) -> [String] {
            guard let v = spec.optional(key) else { return [] }
            let items = isSequence(v) ? try v.array() : [v]
            var out: [String] = []
            for item in items { out.append(try resolve(item)) }
            return out
        }
        let defaultName = ((isDirectory.boolValue ? path : base) as NSString).lastPathComponent
        var spec = ScenarioSpec(name: try c.optional("metadata")?.optional("name")?.string() ?? defaultName, file: file)
        let s = try c.required("spec")
        try s.rejectUnknownKeys(["topology", "manifests", "intents", "captures", "flows", "jobs"], in: "\(kind) spec")
        spec.topology = try s.optional("topology").map { v throws(InputError) in try resolve(v) }
        spec.manifests = try list("manifests", s)
        spec.intents = try list("intents", s)
        for item in try s.optional("jobs").map({ v throws(InputError) in
            v.isMapping || !isSequence(v) ? [v] : try v.array()
        }) ?? [] {
            var input = JobsInput(path: try resolve(item.isMapping ? try item.required("path") : item))
            input.location = SourceLocation(file: file, line: item.mark.line, column: item.mark.column)
            if item.isMapping { try input.read(settings: item) }
            spec.jobs.append(input)
        }
        let entries =
            try (s.optional("captures")?.array() ?? []).map { ($0, false) }
            + (s.optional("flows")?.array() ?? []).map { ($0, true) }
        for (item, isFlowLog) in entries {
            var input = CaptureInput(path: try resolve(item.isMapping ? try item.required("path") : item))
            input.location = SourceLocation(file: file, line: item.mark.line, column: item.mark.column)
            if !item.isMapping {
                spec.captures.append(input)
                continue
            }
            try item.rejectUnknownKeys(
                Set(["path", "network", "plane", "acls"] + (isFlowLog ? ["format"] : [])),
                in: isFlowLog ? "flows" : "capture")
            if let f = item.optional("format") {
                let name = try f.string()
                guard let format = InputFormat(rawValue: name), format != .automatic else {
                    let names = InputFormat.allCases.filter { $0 != .automatic }.map(\.rawValue)
                    throw f.error(
                        "unknown format '\(InputError.excerpt(name))' (expected \(names.joined(separator: ", ")))")
                }
                input.format = format
            }
            if item.optional("acls") != nil { input.acls = try list("acls", item) }
            if let n = item.optional("network") { input.view = .kubernetes(Network(try n.string())) }
            if let p = item.optional("plane") {
                let name = try p.string()
                guard let plane = Plane(name: name) else {
                    throw p.error(
                        "unknown plane '\(InputError.excerpt(name))' (expected compute, frontend, storage or oob)")
                }
                input.view = .plane(plane)
            }
            spec.captures.append(input)
        }
        spec.origins = origins
        return spec
    }
}

/// Relative paths joined and tidied, so that reports name files the way a repository does
/// (`policies/demo/../../topologies/x.yaml` is `topologies/x.yaml`).
enum Paths {
    static func join(_ base: String, _ relative: String) -> String {
        if relative.hasPrefix("/") || base.isEmpty || base == "." { return normalize(relative) }
        return normalize(base + "/" + relative)
    }

    /// Removes `.` components and folds `name/..` pairs (leading `..` stay).
    static func normalize(_ path: String) -> String {
        let absolute = path.hasPrefix("/")
        var parts: [Substring] = []
        for part in path.split(separator: "/") where part != "." {
            if part == "..", let last = parts.last, last != ".." { parts.removeLast() } else { parts.append(part) }
        }
        let joined = parts.joined(separator: "/")
        return absolute ? "/" + joined : (joined.isEmpty ? "." : joined)
    }
}
