import Fabric
import InterlockCore

/// What every worker reads and nobody writes during a run: the routers, flat link and device
/// tables, the policy judges and the flow-table format.
final class SimulationContext: Sendable {
    let fabric: FabricGraph
    let routing: PlaneRouting
    /// Per link: its lower and upper end. Per device: its rail (-1: none).
    let linkLower: OwnedBuffer<DeviceID>
    let linkUpper: OwnedBuffer<DeviceID>
    let deviceRail: OwnedBuffer<Int16>
    let judging: PolicyJudging
    /// Set when the flows are written out.
    let flowTable: FlowTable?

    init(fabric: FabricGraph, routing: PlaneRouting, judging: PolicyJudging, flowTable: FlowTable?) {
        self.fabric = fabric
        self.routing = routing
        linkLower = OwnedBuffer(fabric.links.map(\.lower))
        linkUpper = OwnedBuffer(fabric.links.map(\.upper))
        deviceRail = OwnedBuffer(fabric.devices.map { Int16($0.rail ?? -1) })
        self.judging = judging
        self.flowTable = flowTable
    }

    var directionCount: Int { 2 * fabric.links.count }
}
