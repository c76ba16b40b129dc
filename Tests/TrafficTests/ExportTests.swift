import Fabric
import InterlockCore
import Testing

@testable import Traffic

/// Flows exported for htsim and ns-3, read back as those simulators read them.
@Suite struct ExportTests {
    static let gib = 1024.0 * 1024 * 1024

    /// The tokens of each non-empty line.
    static func lines(_ text: String) -> [[Substring]] {
        text.split(separator: "\n").map { $0.split(separator: " ") }
    }

    static func export(_ collective: Collective, pxn: Bool = false) throws -> (FlowMatrixExport, SimulationResult) {
        let fabric = Support.rail(2)
        let placement = try Support.jobs(
            "jobs:\n- {name: a, tenant: t, nodes: 'dgx[0001-0040]'}\n- {name: b, tenant: t, nodes: 3, gpusPerNode: 4}\n",
            fabric)
        let options = CollectiveOptions(collective: collective, size: Self.gib, pxn: pxn)
        let export = try FlowMatrixExport(fabric: fabric, placement: placement, collective: options)
        let result = try Support.run(fabric, placement, collective, size: Self.gib, pxn: pxn)
        return (export, result)
    }

    @Test(arguments: [Collective.allReduce, .treeAllReduce, .allToAll])
    func htsimConnectionMatrixReadsBack(collective: Collective) throws {
        let (export, result) = try Self.export(collective, pxn: collective == .allToAll)
        let lines = Self.lines(try export.htsim())
        // The header htsim's ConnectionMatrix::load reads, then one connection per flow.
        #expect(lines[0] == ["Nodes", "\(export.endpoints.count)"])
        #expect(lines[1] == ["Connections", "\(result.statistics.flows)"])
        #expect(lines[2] == ["Triggers", "0"] && lines[3] == ["Failures", "0"])
        let connections = lines.dropFirst(4)
        #expect(connections.count == result.statistics.flows)
        var bytes = 0.0
        for (i, c) in connections.enumerated() {
            let ends = c[0].split(separator: "-").map { String($0.trimmingPrefix(">")) }
            let (s, d) = (Int(ends[0])!, Int(ends[1])!)
            #expect(s >= 0 && s < export.endpoints.count && d >= 0 && d < export.endpoints.count && s != d)
            #expect(Array(c[1...5]) == ["id", "\(i + 1)", "start", "0", "size"])
            bytes += Double(c[6])!
        }
        #expect(bytes == result.statistics.bytes)
        #expect(export.localBytes == result.statistics.localBytes)
    }

    @Test func ns3TopologyAndFlowsReadBack() throws {
        let (export, result) = try Self.export(.allToAll)
        let topology = Self.lines(export.ns3Topology())
        let fabric = export.fabric
        let computeLinks = fabric.links.filter { $0.plane == .compute }
        let switches = fabric.devices.filter { $0.kind == .switch && $0.plane == .compute }.count
        // 512 NICs, 16 leaves and 8 spines; node, switch and link counts, then the switch ids.
        #expect(export.endpoints.count == 512 && switches == 24)
        #expect(topology[0] == ["\(512 + 24)", "24", "\(computeLinks.count)"])
        #expect(topology[1].map { Int($0)! } == Array(512..<536))
        #expect(topology.count == 2 + computeLinks.count)
        for (line, link) in zip(topology.dropFirst(2), computeLinks) {
            #expect(line[2] == "400Gbps" && line[3] == "0.001ms" && line[4] == "0")
            // Each link joins an endpoint or a switch to a switch of a higher node number.
            #expect(Int(line[1])! >= 512 && Int(line[0])! < Int(line[1])!)
            _ = link
        }
        let flows = Self.lines(try export.ns3Flows())
        #expect(flows[0] == ["\(result.statistics.flows)"])
        #expect(flows.count == 1 + result.statistics.flows)
        let bytes = flows.dropFirst().reduce(0.0) { $0 + Double($1[4])! }
        #expect(bytes == result.statistics.bytes)
        #expect(flows.dropFirst().allSatisfy { $0[2] == "3" && $0[3] == "4791" && $0[5] == "0" })
    }

    @Test func nodesAreNumberedLeafByLeaf() throws {
        let (export, _) = try Self.export(.allReduce)
        let fabric = export.fabric
        // dgx0001-nic0 .. dgx0032-nic0 under leaf-su1-r0 first, then rail 1's leaf.
        #expect(fabric.devices[Int(export.endpoints[0])].name == "dgx0001-nic0")
        #expect(fabric.devices[Int(export.endpoints[31])].name == "dgx0032-nic0")
        #expect(fabric.devices[Int(export.endpoints[32])].name == "dgx0001-nic1")
    }

    @Test func flowsTooLargeForTheSimulatorAreRefused() throws {
        let fabric = Support.rail(1)
        let placement = try Support.jobs("jobs:\n- {name: a, tenant: t, nodes: 4}\n", fabric)
        let export = try FlowMatrixExport(
            fabric: fabric, placement: placement,
            collective: CollectiveOptions(collective: .permutation, size: 3 * Self.gib))
        // 3 GiB per flow: above htsim's 32-bit int, within HPCC's uint32_t.
        #expect(throws: InputError.self) { try export.htsim() }
        #expect(try export.ns3Flows().hasPrefix("32\n"))
    }
}
