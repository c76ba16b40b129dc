// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "Interlock",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "interlock", targets: ["interlock"]),
        // The libraries, for the benchmark package in Benchmarks/ (kept out of the default build).
        .library(name: "InterlockLibraries", targets: ["InterlockCore", "Documents", "Capture"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
    ],
    targets: [
        // Shared vocabulary: addresses, CIDRs, ports, protocols, five-tuples, hostlists, errors, units.
        .target(name: "InterlockCore"),
        // YAML and JSON documents as a tree that remembers file, line and column.
        .target(name: "Documents", dependencies: [
            "InterlockCore",
            .product(name: "Yams", package: "Yams"),
        ]),
        // libpcap, through a thin shim header.
        .systemLibrary(
            name: "CPcap",
            pkgConfig: "libpcap",
            providers: [.apt(["libpcap-dev"])]
        ),
        // Packet captures: libpcap and mmap readers, decoding (L2..L4, tunnels, RoCEv2), connection
        // tracking, and the pcap/pcapng writer and packet builder that generate captures.
        .target(name: "Capture", dependencies: ["InterlockCore", "CPcap", "CCapturePrefetch"]),
        // A prefetch hint in C for the tracker's pipelined flow-table probe.
        .target(name: "CCapturePrefetch"),
        // The command line: one command a file, wiring library calls.
        .target(name: "InterlockCLI", dependencies: [
            "InterlockCore",
            "Documents",
            "Capture",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        .executableTarget(name: "interlock", dependencies: ["InterlockCLI"]),

        .testTarget(name: "InterlockCoreTests", dependencies: ["InterlockCore"]),
        .testTarget(name: "DocumentsTests", dependencies: ["Documents"]),
        .testTarget(name: "InterlockCLITests", dependencies: ["InterlockCLI"]),
        .testTarget(name: "CaptureTests", dependencies: ["Capture"]),
    ]
)
