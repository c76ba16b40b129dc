import Foundation
import TestSupport
import Testing

/// `interlock traffic simulate` run as a user runs it, through the built binary.
@Suite struct TrafficCommandTests {
    static func temporary(_ name: String, _ text: String? = nil) throws -> String {
        let path = Scratch.path(name)
        if let text { try text.write(toFile: path, atomically: true, encoding: .utf8) }
        return path
    }

    static func json(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    static let oneSU = "topologies/dgx-h100-1su.yaml"

    @Test func ringAllReduceOnOneSU() throws {
        let jobs = try Self.temporary("all.yaml", "jobs:\n- {name: all, tenant: t, nodes: all}\n")
        let links = try Self.temporary("links.csv")
        let flows = try Self.temporary("flows.csv")
        let r = try CLIRunner.run([
            "traffic", "simulate", "--topology", Self.oneSU, "--jobs", jobs, "--collective", "all-reduce",
            "--size", "1GiB", "--format", "json", "--links", links, "--flows", flows,
        ])
        #expect(r.status == 0, "\(r.stderr)")
        let j = try Self.json(r.stdout)
        // 2·255/256·S/8 per rail NIC and direction, at 400 Gb/s.
        let perLink = 2.0 * 255 / 256 * 1_073_741_824 / 8
        #expect(j["flows"] as? Int == 256)
        #expect(j["bytes"] as? Double == 256 * perLink)
        let time = try #require(j["predictedTime"] as? Double)
        #expect(abs(time - perLink * 8 / 400e9) < 1e-12)
        let bus = try #require(j["busBandwidth"] as? Double)
        #expect(abs(bus - 1_073_741_824 / time * 2 * 255 / 256) < 1e-3)
        let tiers = try #require(j["tiers"] as? [String: [String: Any]])
        #expect(tiers["host-leaf"]?["maxUtilization"] as? Double == 1)
        #expect(tiers["leaf-spine"]?["maxUtilization"] as? Double == 0)

        let rows = try String(contentsOfFile: links, encoding: .utf8).split(separator: "\n")
        #expect(rows.first == "link,from,to,tier,plane,rail,bytes,flows,utilization")
        let hostLeaf = rows.dropFirst().filter {
            $0.split(separator: ",")[3] == "host-leaf" && $0.split(separator: ",")[4] == "compute"
        }
        #expect(hostLeaf.count == 512)
        #expect(hostLeaf.allSatisfy { $0.split(separator: ",")[6] == "267386880" && $0.hasSuffix(",1,1.000000") })
        #expect((rows.count - 1) % 2 == 0)
        let flowRows = try String(contentsOfFile: flows, encoding: .utf8).split(separator: "\n")
        #expect(flowRows.count == 257)
        #expect(flowRows[0].hasPrefix("job,source_rank,destination_rank,source,destination,source_ip,source_port"))
        #expect(flowRows[1].contains(",4791,UDP,"))
        let fields = flowRows[1].split(separator: ",", omittingEmptySubsequences: false)
        // Ring flows stay under their rail's leaf: two links, listed by id.
        #expect(fields.count == 16 && fields[14] == "2" && fields[15].split(separator: " ").count == 2)
    }

    @Test func broadcastReduceGatherScatterAndBarrier() throws {
        let jobs = try Self.temporary("sixteen.yaml", "jobs:\n- {name: j, tenant: t, nodes: 'dgx[0001-0016]'}\n")
        let gib = 1_073_741_824.0
        var figures: [String: (time: Double, alg: Double, bus: Double, flows: Int)] = [:]
        for c in ["broadcast", "reduce", "gather", "scatter", "barrier"] {
            let r = try CLIRunner.run([
                "traffic", "simulate", "--topology", Self.oneSU, "--jobs", jobs, "--collective", c, "--size", "1GiB",
                "--format", "json",
            ])
            #expect(r.status == 0, "\(c): \(r.stderr)")
            let j = try Self.json(r.stdout)
            figures[c] = (
                try #require(j["predictedTime"] as? Double), try #require(j["algorithmBandwidth"] as? Double),
                try #require(j["busBandwidth"] as? Double), try #require(j["flows"] as? Int)
            )
        }
        // Broadcast and reduce: S/8 per rail NIC at 400 Gb/s; busbw = algbw.
        for c in ["broadcast", "reduce"] {
            #expect(figures[c]!.time == gib / 8 / 50e9 && figures[c]!.flows == 15 * 8)
            #expect(figures[c]!.bus == figures[c]!.alg)
        }
        // Gather and scatter: the 120 ranks of the other nodes' S/128 through the root's NIC;
        // busbw = algbw · 127/128.
        for c in ["gather", "scatter"] {
            #expect(figures[c]!.time == 120 * gib / 128 / 50e9 && figures[c]!.flows == 120)
            #expect(abs(figures[c]!.bus - figures[c]!.alg * 127 / 128) < 1e-3)
        }
        #expect(figures["barrier"]!.time == 0 && figures["barrier"]!.flows == 0)
    }

    @Test func badInputExitsTwoWithoutOutputFiles() throws {
        let links = try Self.temporary("never.csv")
        try? FileManager.default.removeItem(atPath: links)
        let unknown = try Self.temporary("unknown.yaml", "jobs:\n- name: a\n  tenant: t\n  nodes: dgx[0031-0040]\n")
        var r = try CLIRunner.run([
            "traffic", "simulate", "--topology", Self.oneSU, "--jobs", unknown, "--collective", "all-reduce",
            "--size", "1GiB", "--links", links,
        ])
        #expect(r.status == 2)
        #expect(r.stderr.contains("unknown.yaml:4:10: unknown host 'dgx0033'"), "\(r.stderr)")
        #expect(!FileManager.default.fileExists(atPath: links))
        let overlap = try Self.temporary(
            "overlap.yaml",
            """
            jobs:
            - {name: a, tenant: t, nodes: 'dgx[0001-0004]', gpusPerNode: 6}
            - {name: b, tenant: t, nodes: 'dgx[0004-0005]', gpusPerNode: 4}
            """)
        r = try CLIRunner.run([
            "traffic", "simulate", "--topology", Self.oneSU, "--jobs", overlap, "--collective", "all-reduce", "--size",
            "1GiB",
        ])
        #expect(r.status == 2)
        #expect(r.stderr.contains("overlap.yaml:3:"), "\(r.stderr)")
        #expect(r.stderr.contains("job 'b' needs 4 GPUs on dgx0004, but job 'a'"), "\(r.stderr)")
        let large = try Self.temporary("large.yaml", "jobs:\n- {name: a, tenant: t, nodes: 40}\n")
        r = try CLIRunner.run([
            "traffic", "simulate", "--topology", Self.oneSU, "--jobs", large, "--collective", "all-reduce", "--size",
            "1GiB",
        ])
        #expect(
            r.status == 2 && r.stderr.contains("asks for 40 nodes, but the fabric has 32 compute nodes"), "\(r.stderr)")
        let ok = try Self.temporary("ok.yaml", "jobs:\n- {name: a, tenant: t, nodes: 'dgx[0001-0002]'}\n")
        for args in [
            ["--collective", "multicast", "--size", "1GiB"], ["--collective", "all-reduce", "--size", "lots"],
            ["--collective", "all-reduce", "--size", "1GiB", "--compare", "policies/demo/cluster"],
            ["--collective", "all-reduce", "--size", "1GiB", "--fail-switch", "spine99"],
            ["--collective", "all-reduce", "--size", "1GiB", "--fail-link", "100000"],
            ["--collective", "all-reduce", "--size", "1GiB", "--channels", "6"],
        ] {
            r = try CLIRunner.run(["traffic", "simulate", "--topology", Self.oneSU, "--jobs", ok] + args)
            #expect(r.status == 2, "\(args): \(r.stderr)")
            #expect(r.stderr.split(separator: "\n").count == 1, "\(args): \(r.stderr)")
        }
    }

    @Test func proposalThatDeniesRDMAIsAFinding() throws {
        let r = try CLIRunner.run([
            "traffic", "simulate", "--topology", Self.oneSU, "--cluster", "policies/demo/cluster",
            "--collective", "all-reduce", "--size", "1GiB", "--policies", "policies/demo/cluster",
            "--compare", "policies/demo/traffic/rdma-lockdown", "--format", "json",
        ])
        #expect(r.status == 1, "\(r.stderr)")
        let j = try Self.json(r.stdout)
        let findings = try #require(j["findings"] as? [[String: Any]])
        #expect(findings.count == 1)
        #expect(findings[0]["kind"] as? String == "unenforceable")
        #expect(findings[0]["network"] as? String == "training/rdma-rail")
        let changes = try #require(j["changes"] as? [[String: Any]])
        #expect(
            changes.count == 1 && changes[0]["before"] as? String == "allowed"
                && changes[0]["after"] as? String == "unenforceable")
        #expect(changes[0]["flows"] as? Int == 32)
        // The current state alone allows every flow: no findings, exit 0.
        let now = try CLIRunner.run([
            "traffic", "simulate", "--topology", Self.oneSU, "--cluster", "policies/demo/cluster",
            "--collective", "all-reduce", "--size", "1GiB", "--policies", "policies/demo/cluster",
        ])
        #expect(now.status == 0, "\(now.stderr)")
    }

    @Test func storageACLBlocksTheReads() throws {
        let r = try CLIRunner.run([
            "traffic", "simulate", "--topology", Self.oneSU, "--jobs", "policies/demo/traffic/jobs.yaml",
            "--collective", "storage-read", "--size", "4GiB", "--policies", "policies/acl", "--format", "json",
        ])
        #expect(r.status == 1, "\(r.stderr)")
        let j = try Self.json(r.stdout)
        let findings = try #require(j["findings"] as? [[String: Any]])
        #expect(findings.count == 3 && findings.allSatisfy { $0["kind"] as? String == "blocked" })
        // 16 + 8 + 4 nodes read 4 GiB each from 4 servers.
        #expect(j["flows"] as? Int == 28 * 4)
        #expect(j["bytes"] as? Double == 112.0 * 1_073_741_824)
    }
}

extension TrafficCommandTests {
    @Test func aFailedRailLeafMeansTheJobNeverCompletes() throws {
        let jobs = try Self.temporary("all.yaml", "jobs:\n- {name: all, tenant: t, nodes: all}\n")
        let args = [
            "traffic", "simulate", "--topology", Self.oneSU, "--jobs", jobs, "--collective", "all-reduce",
            "--size", "1GiB", "--fail-switch", "leaf-su1-r0",
        ]
        let r = try CLIRunner.run(args + ["--format", "json"])
        #expect(r.status == 1, "\(r.stderr)")
        let j = try Self.json(r.stdout)
        #expect(j["completes"] as? Bool == false)
        #expect(j["predictedTime"] is NSNull)
        // The seven other rails' rings: 2·255/256·S/8 per NIC at 400 Gb/s.
        let routable = try #require(j["routablePartTime"] as? Double)
        #expect(abs(routable - 2.0 * 255 / 256 * 1_073_741_824 / 8 / 50e9) < 1e-12)
        #expect(j["busBandwidth"] as? Double == 0)
        let findings = try #require(j["findings"] as? [[String: Any]])
        #expect(findings.map { $0["kind"] as? String } == ["unroutable"])
        let text = try CLIRunner.run(args)
        #expect(text.status == 1)
        #expect(text.stdout.contains("predicted time               never completes: 32 flows have no path"))
    }

    @Test func oneNodeAllReduceStaysOnNVLink() throws {
        let jobs = try Self.temporary("one.yaml", "jobs:\n- {name: one, tenant: t, nodes: 1}\n")
        let r = try CLIRunner.run([
            "traffic", "simulate", "--topology", Self.oneSU, "--jobs", jobs, "--collective", "all-reduce",
            "--size", "1GiB", "--format", "json",
        ])
        #expect(r.status == 0, "\(r.stderr)")
        let j = try Self.json(r.stdout)
        #expect(j["flows"] as? Int == 0)
        #expect(j["localBytes"] as? Double == 14.0 * 1_073_741_824)
        #expect(j["localFlows"] as? Int == 64)
        let bus = try #require(j["busBandwidth"] as? Double)
        #expect(abs(bus - 450e9) < 1e-3)
    }
}

extension TrafficCommandTests {
    @Test func exportsForHtsimAndNs3() throws {
        let jobs = try Self.temporary("all.yaml", "jobs:\n- {name: all, tenant: t, nodes: all}\n")
        let common = [
            "traffic", "export", "--topology", Self.oneSU, "--jobs", jobs, "--collective", "all-reduce", "--size",
            "1GiB",
        ]
        let matrix = try Self.temporary("ring.cm")
        let h = try CLIRunner.run(common + ["--format", "htsim", "-o", matrix])
        #expect(h.status == 0, "\(h.stderr)")
        let lines = try String(contentsOfFile: matrix, encoding: .utf8).split(separator: "\n")
        // 32 nodes, 8 rail channels: 256 connections of 2·255/256·S/8.
        #expect(lines[0] == "Nodes 256" && lines[1] == "Connections 256")
        #expect(lines.count == 4 + 256)
        #expect(lines[4] == "0->1 id 1 start 0 size 267386880")

        let directory = Scratch.path("ns3")
        let n = try CLIRunner.run(common + ["--format", "ns3", "-o", directory])
        #expect(n.status == 0, "\(n.stderr)")
        let topology = try String(contentsOfFile: directory + "/topology.txt", encoding: .utf8).split(separator: "\n")
        // 256 NICs, 8 leaves and 4 spines; 256 NIC links and 8·4·8 leaf-spine cables.
        #expect(topology[0] == "268 12 512")
        #expect(topology.count == 2 + 512)
        let flows = try String(contentsOfFile: directory + "/flow.txt", encoding: .utf8).split(separator: "\n")
        #expect(flows[0] == "256" && flows.count == 257)
        #expect(flows.dropFirst().allSatisfy { $0.hasSuffix(" 3 4791 267386880 0") })

        let refused = try CLIRunner.run(common + ["--format", "ns3"])
        #expect(refused.status == 2 && refused.stderr.contains("give the directory with -o"))
    }
}
