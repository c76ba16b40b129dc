import Fabric
import InterlockCore
import Testing

@testable import Traffic

@Suite struct PlacementTests {
    let fabric = Support.rail(1)

    func error(_ yaml: String) -> InputError? {
        do {
            _ = try Support.jobs(yaml, fabric)
            return nil
        } catch let e as InputError { return e } catch { return nil }
    }

    @Test func hostlistAllAndCountsPlaceInOrder() throws {
        let p = try Support.jobs(
            """
            jobs:
            - {name: a, tenant: t, nodes: 'dgx[0003,0001-0002]', gpusPerNode: 4}
            - {name: b, tenant: t, nodes: 'dgx[0001-0003]', gpusPerNode: 4}
            - {name: c, tenant: u, nodes: 2}
            """, fabric)
        #expect(p.jobs.map(\.rankCount) == [12, 12, 16])
        #expect(p.jobs[0].nodes.map { fabric.devices[Int($0.host)].name } == ["dgx0003", "dgx0001", "dgx0002"])
        // b takes the GPUs a left: 4-7, on rails 4-7.
        #expect(p.jobs[1].nodes[0].slots.map { fabric.devices[Int($0.nic)].rail! } == [4, 5, 6, 7])
        // c takes the first nodes with every GPU free.
        #expect(p.jobs[2].nodes.map { fabric.devices[Int($0.host)].name } == ["dgx0004", "dgx0005"])
        #expect(p.jobs[2].location?.line == 4)
        let all = try Support.jobs("jobs:\n- {name: x, tenant: t, nodes: all}\n", fabric)
        #expect(all.rankCount == 256)
    }

    @Test func errorsNameTheFileAndLine() {
        let unknown = error("jobs:\n- {name: a, tenant: t, nodes: 'dgx[0030-0033]'}\n")
        #expect(unknown?.file == "jobs.yaml" && unknown?.line == 2)
        #expect(unknown?.message.contains("unknown host 'dgx0033'") == true)
        let overlap = error(
            "jobs:\n- {name: a, tenant: t, nodes: dgx0001}\n- {name: b, tenant: t, nodes: dgx0001, gpusPerNode: 1}\n")
        #expect(overlap?.line == 3)
        #expect(
            overlap?.message == "job 'b' needs 1 GPUs on dgx0001, but job 'a' (jobs.yaml:2) already holds 8 of its 8")
        #expect(
            error("jobs:\n- {name: a, tenant: t, nodes: dgx0001, gpusPerNode: 9}\n")?.message.contains("dgx0001 has 8")
                == true)
        #expect(
            error("jobs:\n- {name: a, tenant: t, nodes: 33}\n")?.message.contains("the fabric has 32 compute nodes")
                == true)
        #expect(error("jobs:\n- {name: a, tenant: t, nodes: 'dgx[0001,0001]'}\n")?.message.contains("twice") == true)
        #expect(
            error("jobs:\n- {name: a, tenant: t, nodes: storage01}\n")?.message.contains("not a compute node") == true)
        #expect(
            error("jobs:\n- {name: a, tenant: t, nodes: dgx0001}\n- {name: a, tenant: t, nodes: dgx0002}\n")?.message
                .contains("duplicate job name") == true)
        #expect(
            error("jobs:\n- {name: a, tenant: t, nodes: dgx0001, gpus: 8}\n")?.message.contains("unknown field 'gpus'")
                == true)
        #expect(error("jobs: []\n") != nil)
        #expect(error("jobs:\n- {name: a, nodes: dgx0001}\n")?.message.contains("tenant") == true)
    }

    @Test func hostsWithoutGPUsRunOneRankPerNIC() throws {
        let k4 = Support.fatTree(4)
        let p = try Support.jobs("jobs:\n- {name: a, tenant: t, nodes: all}\n", k4)
        #expect(p.rankCount == 16)
        #expect(p.jobs[0].nodes.allSatisfy { $0.slots.count == 1 && $0.slots[0].gpu == -1 })
        // Several GPUs behind one NIC: all of a node's channels leave through it.
        let k8 = Support.fatTree(8, gpusPerHost: 4)
        let q = try Support.jobs("jobs:\n- {name: a, tenant: t, nodes: 'host[0001-0004]'}\n", k8)
        let r = try Support.run(k8, q, .allReduce, size: 1_073_741_824)
        #expect(r.communicators[0].channels == 8)
        #expect(r.statistics.flows == 4 * 8)
    }
}
