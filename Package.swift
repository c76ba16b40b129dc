// swift-tools-version: 6.1
import PackageDescription

/// The library modules, in the order of the data flow (see DEVELOPERS.md's module table).
let libraries = [
    "InterlockCore", "Documents", "Fabric", "FabricACL", "Manifests", "Policy", "PolicyEngine", "ClusterSynth",
    "Findings", "Capture", "FlowLogs", "CaptureSynth", "CaptureAnalysis", "Traffic", "Intents", "Reports", "Scenario",
    "DiffImpact",
]

let package = Package(
    name: "Interlock",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "interlock", targets: ["interlock"]),
        // The libraries, for the benchmark package in Benchmarks/ (kept out of the default build).
        .library(name: "InterlockLibraries", targets: libraries),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.1"),
        // `make docs` only: the DocC plugin (`swift package generate-documentation`); builds nothing by default.
        .package(url: "https://github.com/swiftlang/swift-docc-plugin", from: "1.5.0"),
    ],
    targets: [
        // Shared vocabulary: addresses, CIDRs, address scopes, ports, protocols, five-tuples, Slurm
        // hostlists, hash mixers, errors, units, text tables, JSON and CSV output.
        .target(name: "InterlockCore"),
        // libyaml (Debian's libyaml-dev), through a thin shim header: the YAML event parser.
        .systemLibrary(
            name: "CLibYAML",
            pkgConfig: "yaml-0.1",
            providers: [.apt(["libyaml-dev"])]
        ),
        // YAML and JSON documents as a tree that remembers file, line and column.
        .target(name: "Documents", dependencies: ["InterlockCore", "CLibYAML"]),
        // The fabric topology model: typed graph, address plan, generators, topology files, routing.
        .target(name: "Fabric", dependencies: ["InterlockCore", "Documents"]),
        // Fabric ACLs: rules from YAML and ClassBench files, the decision-tree classifier and the
        // reference linear one, generated rule sets and header traces.
        .target(name: "FabricACL", dependencies: ["InterlockCore", "Documents"]),
        // Kubernetes objects from files, directories and stdin: the cluster inventory.
        .target(name: "Manifests", dependencies: ["InterlockCore", "Documents"]),
        // Label selectors, NetworkPolicy and admin-tier models, the reference evaluator, connlist.
        .target(name: "Policy", dependencies: ["InterlockCore", "Documents", "Manifests"]),
        // The compiled policy engine: endpoint classes x port atoms -> verdict tables, batched lookups.
        .target(name: "PolicyEngine", dependencies: ["InterlockCore", "Manifests", "Policy", "CPrefetch"]),
        // Synthetic clusters (manifests) for scale work and benchmarks.
        .target(name: "ClusterSynth", dependencies: ["InterlockCore"]),
        // The findings model and its renderers, shared by captures, traffic and checks.
        .target(name: "Findings", dependencies: ["InterlockCore"]),
        // libpcap, through a thin shim header.
        .systemLibrary(
            name: "CPcap",
            pkgConfig: "libpcap",
            providers: [.apt(["libpcap-dev"])]
        ),
        // Prefetch hints in C for pipelined table probes (the tracker's connection table, the policy
        // engine's batched lookups).
        .target(name: "CPrefetch"),
        // Packet captures: libpcap and mmap readers, decoding (L2..L4, tunnels, RoCEv2), connection
        // tracking, Community ID, the pcap/pcapng writer and packet export.
        .target(name: "Capture", dependencies: ["InterlockCore", "CPcap", "CPrefetch"]),
        // Flow logs (Hubble, ...) read into the connection records captures produce, and the one
        // entry point for observed traffic, captures or logs.
        .target(name: "FlowLogs", dependencies: ["InterlockCore", "Documents", "Capture"]),
        // Generated captures: the packet builder, traffic scripts, sample captures, and the named
        // scenarios (clean / violations) drawn from a cluster's policies and a fabric.
        .target(
            name: "CaptureSynth",
            dependencies: [
                "InterlockCore", "Capture", "Fabric", "Manifests", "Policy", "PolicyEngine",
            ]),
        // Capture analysis: endpoints by (network, IP), each connection judged by the policies and
        // fabric ACLs of its plane, findings; policies suggested from the observed connections.
        .target(
            name: "CaptureAnalysis",
            dependencies: [
                "InterlockCore", "Documents", "Capture", "Manifests", "Policy", "PolicyEngine", "FabricACL", "Fabric",
                "Findings",
            ]),
        // Synthetic traffic: jobs placed on the fabric, collectives as flow matrices, routing, link
        // loads, predicted time and policy impact.
        .target(
            name: "Traffic",
            dependencies: [
                "InterlockCore", "Documents", "Fabric", "FabricACL", "Manifests", "Policy", "PolicyEngine", "Findings",
            ],
            // The Chakra schema the hand-written decoder follows (documentation, not compiled).
            exclude: ["Workload/chakra_et_def.proto"]),
        // Segmentation intents: zones, rules, the ai-infra-baseline pack, static and dynamic checks.
        .target(
            name: "Intents",
            dependencies: [
                "InterlockCore", "Documents", "Fabric", "FabricACL", "Manifests", "Policy", "PolicyEngine", "Findings",
            ]),
        // Report renderers beyond text and JSON: SARIF 2.1.0 and the self-contained HTML report.
        .target(name: "Reports", dependencies: ["InterlockCore", "Fabric", "Findings"]),
        // `interlock check`: the scenario file, loading every input, running every check, the report.
        .target(
            name: "Scenario",
            dependencies: [
                "InterlockCore", "Documents", "Fabric", "FabricACL", "Manifests", "Policy", "PolicyEngine", "Capture",
                "FlowLogs", "CaptureAnalysis", "Findings", "Intents", "Reports", "Traffic",
            ]),
        // `policy diff`'s impact: what a change does to captured connections, to the simulated flows
        // of placed jobs, and to segmentation intents.
        .target(
            name: "DiffImpact",
            dependencies: [
                "InterlockCore", "Capture", "FlowLogs", "Fabric", "Findings", "Intents", "Manifests", "Policy",
                "PolicyEngine", "Traffic",
            ]),
        // The command line: one command a file, wiring library calls.
        .target(
            name: "InterlockCLI",
            dependencies: libraries.map { .target(name: $0) } + [
                .product(name: "ArgumentParser", package: "swift-argument-parser")
            ]),
        .executableTarget(name: "interlock", dependencies: ["InterlockCLI"]),

        // Temporary files for the tests, removed when the test process exits.
        .target(name: "TestSupport", path: "Tests/TestSupport"),
        .testTarget(name: "InterlockCoreTests", dependencies: ["InterlockCore"]),
        .testTarget(
            name: "DocumentsTests", dependencies: ["Documents", "InterlockCore", "ClusterSynth", "TestSupport"],
            exclude: ["Fixtures"]),
        .testTarget(name: "FabricTests", dependencies: ["Fabric", "Documents", "InterlockCore"]),
        .testTarget(
            name: "FabricACLTests",
            dependencies: [
                "FabricACL", "Documents", "InterlockCore",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ]),
        .testTarget(name: "ManifestsTests", dependencies: ["Manifests", "Documents", "InterlockCore"]),
        .testTarget(
            name: "PolicyTests", dependencies: ["Policy", "Manifests", "Documents", "InterlockCore", "TestSupport"]),
        .testTarget(
            name: "PolicyEngineTests",
            dependencies: [
                "PolicyEngine", "Policy", "Manifests", "Documents", "InterlockCore", "ClusterSynth",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ]),
        .testTarget(
            name: "ClusterSynthTests",
            dependencies: ["ClusterSynth", "Policy", "Manifests", "Documents", "InterlockCore"]),
        .testTarget(name: "FindingsTests", dependencies: ["Findings", "InterlockCore"]),
        .testTarget(name: "CaptureTests", dependencies: ["Capture", "CaptureSynth", "InterlockCore", "TestSupport"]),
        .testTarget(
            name: "FlowLogsTests",
            dependencies: [
                "FlowLogs", "Capture", "CaptureAnalysis", "CaptureSynth", "Manifests", "Policy", "PolicyEngine",
                "Findings", "InterlockCore", "Documents", "TestSupport",
            ]),
        .testTarget(
            name: "CaptureAnalysisTests",
            dependencies: [
                "CaptureAnalysis", "CaptureSynth", "ClusterSynth", "Capture", "Manifests", "Policy", "PolicyEngine",
                "FabricACL",
                "Fabric",
                "Findings", "InterlockCore", "Documents", "TestSupport",
            ]),
        .testTarget(
            name: "TrafficTests", dependencies: ["Traffic", "Fabric", "Findings", "InterlockCore", "TestSupport"]),
        .testTarget(
            name: "IntentsTests",
            dependencies: [
                "Intents", "Fabric", "FabricACL", "Manifests", "Policy", "PolicyEngine", "Findings", "Documents",
                "InterlockCore", "ClusterSynth",
            ]),
        .testTarget(name: "ReportsTests", dependencies: ["Reports", "Findings", "Fabric", "InterlockCore"]),
        .testTarget(
            name: "ScenarioTests",
            dependencies: [
                "Scenario", "FlowLogs", "Intents", "Reports", "Findings", "Traffic", "InterlockCore", "TestSupport",
            ]),
        .testTarget(
            name: "InterlockCLITests",
            dependencies: [
                "InterlockCLI", "Capture", "CaptureSynth", "InterlockCore", "TestSupport",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ], exclude: ["Fixtures"]),
    ]
)
