// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "Interlock",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "interlock", targets: ["interlock"]),
        // The libraries, for the benchmark package in Benchmarks/ (kept out of the default build).
        .library(name: "InterlockLibraries", targets: ["InterlockCore", "Documents", "Manifests", "Policy", "Reachability", "ClusterSynth", "Capture", "Fabric", "Findings", "Traffic", "CaptureAnalysis", "Intents", "Reports", "Scenario"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.1"),
    ],
    targets: [
        // Shared vocabulary: addresses, CIDRs, ports, protocols, five-tuples, hostlists, errors, units.
        .target(name: "InterlockCore"),
        // YAML and JSON documents as a tree that remembers file, line and column.
        .target(name: "Documents", dependencies: [
            "InterlockCore",
            .product(name: "Yams", package: "Yams"),
        ]),
        // The fabric topology model: typed graph, address plan, generators, topology files, routing.
        .target(name: "Fabric", dependencies: ["InterlockCore", "Documents"]),
        // Kubernetes objects from files, directories and stdin: the cluster inventory.
        .target(name: "Manifests", dependencies: ["InterlockCore", "Documents"]),
        // Label selectors, NetworkPolicy and admin-tier models, the reference evaluator.
        .target(name: "Policy", dependencies: ["Manifests"]),
        // Compiled verdicts: fabric ACL classification (and, later, the policy engine).
        .target(name: "Reachability", dependencies: ["InterlockCore", "Documents", "Manifests", "Policy", "CPrefetch"]),
        // Synthetic clusters (manifests) for scale work and benchmarks.
        .target(name: "ClusterSynth", dependencies: ["InterlockCore"]),
        // The findings model and its renderers, shared by captures, traffic and checks.
        .target(name: "Findings", dependencies: ["InterlockCore"]),
        // Synthetic traffic: jobs placed on the fabric, collectives as flow matrices, routing, link
        // loads, predicted time and policy impact.
        .target(name: "Traffic", dependencies: ["InterlockCore", "Documents", "Fabric", "Manifests", "Policy",
                                                "Reachability", "Findings"]),
        // Segmentation intents: zones, rules, the ai-infra-baseline pack, static and dynamic checks.
        .target(name: "Intents", dependencies: ["InterlockCore", "Documents", "Fabric", "Manifests", "Policy", "Reachability", "Findings"]),
        // Report renderers beyond text and JSON: SARIF 2.1.0 and the self-contained HTML report.
        .target(name: "Reports", dependencies: ["InterlockCore", "Fabric", "Findings"]),
        // `interlock check`: the scenario file, loading every input, running every check, the report.
        .target(name: "Scenario", dependencies: ["InterlockCore", "Documents", "Fabric", "Manifests", "Policy",
                                                 "Reachability", "Capture", "CaptureAnalysis", "Findings", "Intents", "Reports",
                                                 "Traffic"]),
        // libpcap, through a thin shim header.
        .systemLibrary(
            name: "CPcap",
            pkgConfig: "libpcap",
            providers: [.apt(["libpcap-dev"])]
        ),
        // Packet captures: libpcap and mmap readers, decoding (L2..L4, tunnels, RoCEv2), connection
        // tracking, and the pcap/pcapng writer and packet builder that generate captures.
        .target(name: "Capture", dependencies: ["InterlockCore", "CPcap", "CPrefetch"]),
        // Prefetch hints in C for pipelined table probes (the tracker's flow table, the policy
        // engine's batched lookups).
        .target(name: "CPrefetch"),
        // Capture analysis: endpoints by (network, IP), each connection judged by the policies and
        // fabric ACLs of its plane, findings; and synthetic captures of named scenarios.
        .target(name: "CaptureAnalysis", dependencies: [
            "InterlockCore", "Capture", "Manifests", "Policy", "Reachability", "Fabric", "Findings",
        ]),
        // The command line: one command a file, wiring library calls.
        .target(name: "InterlockCLI", dependencies: [
            "InterlockCore",
            "Documents",
            "Fabric",
            "Manifests",
            "Policy",
            "Reachability",
            "ClusterSynth",
            "Capture",
            "Findings",
            "Traffic",
            "CaptureAnalysis",
            "Intents",
            "Reports",
            "Scenario",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        .executableTarget(name: "interlock", dependencies: ["InterlockCLI"]),

        .testTarget(name: "InterlockCoreTests", dependencies: ["InterlockCore"]),
        .testTarget(name: "DocumentsTests", dependencies: ["Documents"]),
        .testTarget(name: "FabricTests", dependencies: ["Fabric", "Documents", "InterlockCore"]),
        // Temporary files for the tests, removed when the test process exits.
        .target(name: "TestSupport", path: "Tests/TestSupport"),
        .testTarget(name: "InterlockCLITests", dependencies: ["InterlockCLI", "Capture", "TestSupport"], exclude: ["Fixtures"]),
        .testTarget(name: "ManifestsTests", dependencies: ["Manifests"]),
        .testTarget(name: "PolicyTests", dependencies: ["Policy"]),
        .testTarget(name: "ClusterSynthTests", dependencies: ["ClusterSynth", "Policy"]),
        .testTarget(name: "ReachabilityTests", dependencies: [
            "Reachability", "Policy", "Manifests", "Documents",
            .product(name: "PropertyBased", package: "swift-property-based"),
        ]),
        .testTarget(name: "CaptureTests", dependencies: ["Capture", "TestSupport"]),
        .testTarget(name: "FindingsTests", dependencies: ["Findings"]),
        .testTarget(name: "TrafficTests", dependencies: ["Traffic", "Fabric", "Manifests", "Policy", "Reachability", "Findings", "InterlockCore", "TestSupport"]),
        .testTarget(name: "CaptureAnalysisTests", dependencies: [
            "CaptureAnalysis", "Capture", "Manifests", "Policy", "Reachability", "Fabric", "Findings", "InterlockCore", "Documents",
            "TestSupport",
        ]),
        .testTarget(name: "IntentsTests", dependencies: ["Intents", "Fabric", "Manifests", "Policy", "Reachability", "Documents", "ClusterSynth"]),
        .testTarget(name: "ReportsTests", dependencies: ["Reports", "Findings", "Fabric"]),
        .testTarget(name: "ScenarioTests", dependencies: ["Scenario", "Intents", "Reports", "Findings", "Traffic", "TestSupport"]),
    ]
)
