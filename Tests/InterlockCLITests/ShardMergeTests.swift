import CaptureSynth
import Foundation
import InterlockCore
import TestSupport
import Testing

/// `--shard I/N --partial-output F` then `interlock merge`: the merged report is the one-process
/// report, byte for byte, on captures split into several files (as rotated captures are) and shards.
@Suite struct ShardMergeTests {
    static let cluster = ["--cluster", "policies/demo/cluster", "--cluster", "captures/demo-pods.yaml"]

    /// `capture` splits into files of `packets` packets each with editcap (`-c`), or of `seconds`
    /// each (`-i`), as `tcpdump -C` and `-G` rotate captures; the pieces, in time order.
    static func split(_ capture: String, packets: Int? = nil, seconds: Int? = nil) throws -> [String] {
        let directory = Scratch.directory()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/editcap")
        process.arguments =
            (packets.map { ["-c", "\($0)"] } ?? ["-i", "\(seconds!)"]) + [
                "-F", "pcap", capture, directory + "/part.pcap",
            ]
        process.currentDirectoryURL = CLIRunner.packageRoot
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        return try FileManager.default.contentsOfDirectory(atPath: directory).sorted().map { directory + "/" + $0 }
    }

    /// Runs `capture COMMAND` once on `files` and as `shards` parts merged, for each of `formats`,
    /// and expects the same report and exit status.
    static func expectMergeMatches(
        _ command: [String], _ files: [String], shards: Int, formats: [String], _ comment: String
    ) throws {
        let partials = try (0..<shards).map { i in
            let partial = Scratch.path("part\(i).partial")
            let r = try CLIRunner.run(
                ["capture"] + command + files + ["--shard", "\(i)/\(shards)", "--partial-output", partial])
            #expect(r.status == 0 && r.stdout.isEmpty, "\(comment): \(r.stderr)")
            return partial
        }
        for format in formats {
            let one = try CLIRunner.run(["capture"] + command + files + ["--format", format])
            #expect(one.status == 0 || one.status == 1, "\(comment): \(one.stderr)")
            let merged = try CLIRunner.run(["merge"] + partials.reversed() + ["--format", format])
            #expect(merged.status == one.status, "\(comment) \(format): \(merged.stderr)")
            #expect(merged.stdout == one.stdout, "\(comment) \(format)")
        }
    }

    @Test(arguments: ["demo-clean", "demo-violations", "generated-mixed", "netns-tcp-udp"])
    func recordedCapturesSplitIntoFilesAndShards(_ name: String) throws {
        let pieces = try ShardMergeTests.split("captures/\(name).pcap", packets: 7)
        #expect(pieces.count > 2)
        for shards in [1, 2, 3] {
            try ShardMergeTests.expectMergeMatches(
                ["flows"], pieces, shards: shards, formats: ["text", "json", "csv"], "\(name) flows \(shards)")
            try ShardMergeTests.expectMergeMatches(
                ["analyze"] + ShardMergeTests.cluster, pieces, shards: shards, formats: ["text", "json"],
                "\(name) analyze \(shards)")
        }
        // The recorded files themselves, several to a shard.
        let recorded = ["demo-clean", "demo-violations", "generated-mixed", "netns-tcp-udp"].map {
            "captures/\($0).pcap"
        }
        try ShardMergeTests.expectMergeMatches(
            ["flows", "--filter", "udp or tcp"], recorded, shards: 2, formats: ["json"], "recorded, filtered")
    }

    /// A generated capture over minutes, cut every minute as `tcpdump -G 60` rotates: connections
    /// that span files are one connection again, and a UDP flow idle past the timeout is two, as in
    /// the one-process read of the whole capture.
    @Test func rotatedCaptureRejoinsConnectionsWithinTheTimeouts() throws {
        var script = SampleCaptures.mixed()
        let dns = TrafficScript.Path(client: IPAddress("10.0.1.15")!, server: IPAddress("10.96.0.10")!)
        for gap in [45, 50, 100, 130] {
            script.clock += Int64(gap) * 1_000_000_000
            script.udpFlow(dns, clientPort: 53011, serverPort: 53, datagrams: 1, size: 40)
            script.udpFlow(dns, clientPort: 53012, serverPort: 53, datagrams: 1, size: 60)
        }
        let whole = Scratch.path("rotated.pcap")
        try script.write(to: whole)
        let pieces = try ShardMergeTests.split(whole, seconds: 60)
        #expect(pieces.count >= 4)
        for shards in [2, 3] {
            try ShardMergeTests.expectMergeMatches(
                ["flows"], pieces, shards: shards, formats: ["text", "json", "csv"], "rotated flows \(shards)")
            try ShardMergeTests.expectMergeMatches(
                ["flows", "--udp-timeout", "60s"], pieces, shards: shards, formats: ["csv"], "rotated 60s \(shards)")
            try ShardMergeTests.expectMergeMatches(
                ["analyze"] + ShardMergeTests.cluster, pieces, shards: shards, formats: ["text", "json"],
                "rotated analyze \(shards)")
        }
        // The connections of the pieces are those of the whole file: the DNS flow on port 53011 is
        // one connection (its 2 first datagrams, then one after 45, 50 and 100 s of idle time) until
        // the 130 s gap, past the 120 s UDP timeout, starts a second one.
        let ofWhole = try CLIRunner.run(["capture", "flows", whole, "--format", "csv"])
        let ofPieces = try CLIRunner.run(["capture", "flows"] + pieces + ["--format", "csv"])
        let rows = { (csv: String) in csv.split(separator: "\n").map { $0.split(separator: ",").dropFirst(2) } }
        #expect(rows(ofWhole.stdout).map(Array.init) == rows(ofPieces.stdout).map(Array.init))
        let dnsRows = ofPieces.stdout.split(separator: "\n").filter { $0.contains(",53011,10.96.0.10,53,") }
        #expect(dnsRows.count == 2)
        #expect(dnsRows.map { $0.split(separator: ",", omittingEmptySubsequences: false)[11] } == ["5", "1"])
    }

    /// Partials of another format version, tool version, options, or an incomplete set are refused.
    @Test func mismatchedPartialsAreRefused() throws {
        let capture = "captures/generated-mixed.pcap"
        func write(_ shard: String, _ options: [String] = []) throws -> String {
            let partial = Scratch.path("p.partial")
            let r = try CLIRunner.run(
                ["capture", "flows", capture, capture] + options + ["--shard", shard, "--partial-output", partial])
            #expect(r.status == 0, "\(r.stderr)")
            return partial
        }
        let p0 = try write("0/2")
        let p1 = try write("1/2")
        #expect(try CLIRunner.run(["merge", p0, p1]).status == 0)
        func refused(_ partials: [String], _ message: String) throws {
            let r = try CLIRunner.run(["merge"] + partials)
            #expect(r.status == 2 && r.stdout.isEmpty && r.stderr.contains(message), "\(r.stderr)")
        }
        try refused([p0], "missing shards 1/2")
        try refused([p0, p0], "shard 0/2 is also")
        try refused([p0, try write("1/2", ["--udp-timeout", "30s"])], "not parts of one job")
        try refused([p0, try write("1/3")], "is one of 3 shards")
        try refused([p0, try write("1/2", ["--filter", "tcp"])], "with options")
        for (field, value) in [("\"version\":2", "\"version\":3"), ("\"tool\":\"", "\"tool\":\"9.")] {
            let edited = Scratch.path("edited.partial")
            var bytes = try Data(contentsOf: URL(fileURLWithPath: p1))
            let newline = bytes.firstIndex(of: 0x0A)!
            let header = String(decoding: bytes[..<newline], as: UTF8.self)
            #expect(header.contains(field))
            bytes.replaceSubrange(..<newline, with: Data(header.replacingOccurrences(of: field, with: value).utf8))
            try bytes.write(to: URL(fileURLWithPath: edited))
            try refused([p0, edited], field.hasPrefix("\"version") ? "format version 3" : "written by interlock 9.")
        }
        try refused([capture], "not an interlock partial result")
        let noPartial = try CLIRunner.run(["capture", "flows", capture, "--shard", "0/2"])
        #expect(noPartial.status == 2 && noPartial.stderr.contains("--shard needs --partial-output"))
        let outOfRange = try CLIRunner.run(["capture", "flows", capture, "--shard", "2/2", "--partial-output", p0])
        #expect(outOfRange.status == 2)
    }
}
