import InterlockCore
import Testing

@testable import Fabric

/// The same graph: devices, links (ids included), plane settings, and every interface's address.
func expectSameGraph(_ a: FabricGraph, _ b: FabricGraph, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
    #expect(a.devices == b.devices, sourceLocation: sourceLocation)
    #expect(a.links == b.links, sourceLocation: sourceLocation)
    #expect(
        Plane.allCases.map { a.settings(of: $0) } == Plane.allCases.map { b.settings(of: $0) },
        sourceLocation: sourceLocation)
    #expect(
        a.addresses.interfaces.map { ($0.device, $0.plane, $0.address, $0.kind) }.elementsEqual(
            b.addresses.interfaces.map { ($0.device, $0.plane, $0.address, $0.kind) }, by: ==),
        sourceLocation: sourceLocation)
    #expect(a.addresses.bases == b.addresses.bases, sourceLocation: sourceLocation)
}

@Suite struct TopologyFileTests {
    static func generatorText(_ compute: ComputeGenerator, name: String = "t") throws -> String {
        let d = GeneratorDescription.withUserNetworks(compute)
        let f = try FabricGraph.generate(d, name: name)
        return TopologyWriter.generatorForm(name: name, d, planes: Plane.allCases.map { ($0, f.settings(of: $0)) })
    }

    @Test(arguments: [
        ComputeGenerator.fatTree(FatTreeParameters(k: 4)),
        .rail(RailParameters(preset: .dgxH100, scalableUnits: 2)),
        .rail(RailParameters(preset: .dgxB200, scalableUnits: 9)),
        .rail(RailParameters(preset: .dgxH200, scalableUnits: 3, railOnly: true)),
    ])
    func generateExpandLoadIsIdentical(_ compute: ComputeGenerator) throws {
        let generated = try TopologyFile.load(text: try Self.generatorText(compute), file: "gen.yaml")
        let direct = try FabricGraph.generate(.withUserNetworks(compute), name: "t")
        expectSameGraph(generated, direct)
        let expanded = TopologyWriter.expanded(generated)
        let reloaded = try TopologyFile.load(text: expanded, file: "expanded.yaml")
        expectSameGraph(generated, reloaded)
        #expect(reloaded.name == "t" && reloaded.origin == nil)
        // Expanding the expanded form is a fixed point.
        #expect(
            TopologyWriter.expanded(reloaded).split(separator: "\n").dropFirst(2)
                == expanded.split(separator: "\n").dropFirst(2))
    }

    @Test func bothExportsParseBack() throws {
        let f = try TopologyFile.load(
            text: try Self.generatorText(.rail(RailParameters(preset: .dgxH100, scalableUnits: 2))), file: "g.yaml")
        let dot = DOTWriter.write(f)
        expectSameGraph(f, try TopologyFile.load(text: dot, file: "g.dot"))
        let json = NodeLinkWriter.write(f)
        expectSameGraph(f, try TopologyFile.load(bytes: json, file: "g.json"))
        // Older NetworkX wrote the edges under "links".
        let legacy = String(decoding: json, as: UTF8.self).replacingOccurrences(
            of: "\"edges\": [", with: "\"links\": [")
        expectSameGraph(f, try TopologyFile.load(text: legacy, file: "legacy.json"))
        // The node-link JSON is valid JSON with the keys NetworkX expects.
        let doc = try JSONReaderShim.parse(json)
        #expect(doc["multigraph"] == "true" && doc["directed"] == "false")
    }

    @Test func dotQuotesKeywordsAndRoundTripsFatTrees() throws {
        let f = try Fixtures.fatTree(4, networks: true)
        let dot = DOTWriter.write(f)
        // `edge` is a DOT keyword: as a value it must be quoted for Graphviz to read the file.
        #expect(dot.contains("role=\"edge\"") && !dot.contains("role=edge"))
        expectSameGraph(f, try TopologyFile.load(text: dot, file: "k4.dot"))
    }

    @Test func dotReaderTakesHandWrittenFiles() throws {
        let text = """
            // two hosts on one switch
            graph lab {
              compute_transport = roce; compute_routing = ecmp
              node [kind=host]
              a; b  # not a comment mid-line? it is an ID list separator
              "sw 1" [kind=switch, role=leaf]
              edge [gbps=100]
              a -- "sw 1" -- b
            }
            """
        // '#' starts a comment only at the start of a line: the file above is malformed there.
        #expect(throws: InputError.self) { try TopologyFile.load(text: text, file: "lab.dot") }
        let fixed = text.replacingOccurrences(
            of: "  # not a comment mid-line? it is an ID list separator", with: "\n# a comment line")
        let f = try TopologyFile.load(text: fixed, file: "lab.dot")
        #expect(f.devices.count == 3 && f.links.count == 2)
        #expect(f.settings(of: .compute) == PlaneSettings(transport: .roce, routing: .ecmp))
        #expect(f.links.allSatisfy { $0.gbps == 100 && f.devices[Int($0.upper)].name == "sw 1" })
    }

    @Test func generatedThenExtendedAndOverridden() throws {
        let text =
            try Self.generatorText(.fatTree(FatTreeParameters(k: 4))) + """
                nodes:
                  - {name: host0001, addresses: {frontend: 192.168.10.5}}
                  - {name: host0002-nic0, address: 172.31.0.2}
                  - {name: mgmt01, kind: host, plane: frontend, addresses: {frontend: 192.168.10.200}}
                  - {name: host0001-bmc, address: 192.168.99.1}
                links:
                  - {from: mgmt01, to: frontend-leaf01, gbps: 25, cables: 2}
                """
        let f = try TopologyFile.load(text: text, file: "ext.yaml")
        let host = Fixtures.id(f, "host0001")
        #expect(f.addresses.address(of: host, on: .frontend) == IPv4Address("192.168.10.5"))
        #expect(f.addresses.address(of: host, on: .storage) == IPv4Address("10.20.0.1"))
        #expect(f.endpoint(at: IPv4Address("172.31.0.2")!)?.name == "host0002-nic0")
        let bmc = try #require(f.endpoint(at: IPv4Address("192.168.99.1")!))
        #expect(bmc.kind == .bmc && bmc.host == "host0001" && bmc.plane == .oob)
        let mgmt = Fixtures.id(f, "mgmt01")
        #expect(f.incidentLinks(of: mgmt).count == 2)
        #expect(f.addresses.address(of: mgmt, on: .frontend) == IPv4Address("192.168.10.200"))
        // The plan still covers everything else, unique across the fabric.
        let all = f.addresses.interfaces.map(\.address)
        #expect(Set(all).count == all.count)
    }

    @Test func addressesAreUniqueAndMapBack() throws {
        let f = try Fixtures.rail(units: 4)
        let all = f.addresses.interfaces
        #expect(Set(all.map(\.address)).count == all.count)
        // Every NIC, every host on each user plane, every BMC.
        #expect(all.count == 128 * 8 + 128 * 3 + 128)
        let nic = try #require(f.endpoint(at: IPv4Address("10.0.0.5")!))
        #expect(nic.name == "dgx0005-nic0" && nic.rail == 0 && nic.kind == .compute && nic.scalableUnit == 1)
        // Rail 3's subnet is the fourth /15 of 10.0.0.0/12.
        let rail3 = try #require(f.endpoint(at: IPv4Address("10.6.0.40")!))
        #expect(rail3.name == "dgx0040-nic3" && rail3.rail == 3 && rail3.scalableUnit == 2)
        #expect(f.endpoint(at: IPv4Address("10.24.0.7")!)?.kind == .oob)
        #expect(f.endpoint(at: IPv4Address("10.28.0.7")!)?.name == "dgx0007-bmc")
        #expect(f.endpoint(at: IPv4Address("10.16.0.200")!) == nil)
        #expect(
            try f.hosts(hostlist: "dgx[0001-0003,0128]").map { f.devices[Int($0)].name } == [
                "dgx0001", "dgx0002", "dgx0003", "dgx0128",
            ])
        #expect(throws: InputError.self) { try f.hosts(hostlist: "dgx[0127-0129]") }
        #expect(f.computeHosts.count == 128)
    }

    /// Malformed files: one error naming file, line and column, saying what is wrong.
    @Test(arguments: [
        ("generator: {kind: fat-tree, k: 5}\n", "bad.yaml:1:32:", "must be even"),
        (
            "generator:\n  kind: rail-optimized\n  preset: dgx-h900\n  scalableUnits: 1\n", "bad.yaml:3:11:",
            "unknown preset"
        ),
        (
            "generator: {kind: rail-optimized, preset: dgx-h100, scalableUnits: 65}\n", "bad.yaml:1:68:",
            "between 1 and 64"
        ),
        (
            "nodes:\n  - {name: a, kind: host}\n  - {name: s, kind: switch, role: leaf}\nlinks:\n  - {from: a, to: leaf9, gbps: 100}\n",
            "bad.yaml:5:19:", "unknown node 'leaf9' in link"
        ),
        (
            "nodes:\n  - {name: a, kind: host}\n  - {name: a, kind: host}\n", "bad.yaml:3:12:",
            "duplicate name 'a' (first at line 2)"
        ),
        (
            "generator: {kind: fat-tree, k: 4}\naddressing:\n  frontend: 10.0.0.0/16\n", "bad.yaml:3:13:",
            "overlapping subnets"
        ),
        (
            "generator: {kind: fat-tree, k: 4}\naddressing:\n  storage: 10.20.0.1/16\n", "bad.yaml:3:12:",
            "invalid IPv4 prefix"
        ),
        (
            "generator: {kind: fat-tree, k: 4}\nnodes:\n  - {name: host0001-nic0, address: 10.0.0.2}\n",
            "bad.yaml:3:36:", "duplicate address 10.0.0.2"
        ),
        ("generator: {kind: fat-tree, k: 4, colour: red}\n", "bad.yaml:1:35:", "unknown field 'colour'"),
        ("nodes:\n  - {name: a, kind: host\n", "bad.yaml:3:1:", "invalid YAML"),
        ("nodes:\n  - {name: g, kind: gpu, host: h}\n", "bad.yaml:2:32:", "unknown host 'h'"),
        ("nodes:\n  - {name: s, kind: switch}\n", "bad.yaml:2:12:", "needs a role"),
        (
            "nodes:\n  - {name: a, kind: host}\n  - {name: b, kind: host}\nlinks:\n  - {from: a, to: b, gbps: 1}\n",
            "bad.yaml:5:5:", "two endpoints"
        ),
        (
            "generator: {kind: fat-tree, k: 4}\nnodes:\n  - {name: core-0, plane: frontend}\n", "bad.yaml:3:27:",
            "plane cannot change"
        ),
        (
            "generator: {kind: fat-tree, k: 4}\nnodes:\n  - {name: core-0, role: leaf}\n", "bad.yaml:3:26:",
            "role cannot change"
        ),
        (
            "generator: {kind: fat-tree, k: 4}\nnetworks:\n  frontend: {hostGbps: 1e300}\n", "bad.yaml:3:24:",
            "hostGbps must be positive"
        ),
    ])
    func malformedFilesNamePosition(_ text: String, _ prefix: String, _ message: String) {
        do {
            _ = try TopologyFile.load(text: text, file: "bad.yaml")
            Issue.record("expected an error for \(text)")
        } catch {
            #expect(error.description.hasPrefix(prefix), "\(error)")
            #expect(error.description.contains(message), "\(error)")
            #expect(!error.description.contains("\n"))
        }
    }

    @Test func hostileDOTNeverTraps() {
        for text in [
            "graph {", "graph { a -- }", "graph { a [kind=] }", "digraph x { subgraph c { a } }", "graph { \"a",
            "graph { /* x",
            "graph { a:p -- b }", "graph { <b>x</b> }", "graph {} trailing", "strict", "graph { a -- b [gbps=1] }",
        ] {
            #expect(throws: InputError.self, "\(text)") { try TopologyFile.load(text: text, file: "h.dot") }
        }
    }
}
