import Fabric

/// Every comparison the ratio report prints, in order. Each area adds its own here.
public enum Suites {
    public static func all() -> [Comparison] {
        [
            DocumentWorkloads.jsonComparison(pods: 20_000),
        ] + fabric()
    }

    /// Generation, validation, path counting and path picking on the largest bundled sizes.
    static func fabric() -> [Comparison] {
        let fatTree = try! Fabric.generate(FabricWorkloads.fatTree64, name: "k64")
        let superPOD = try! Fabric.generate(FabricWorkloads.superPOD64, name: "su64")
        return [
            Comparison(title: "generate + validate k=64 fat-tree (with user networks)",
                       subject: FabricWorkloads.generateWorkload(FabricWorkloads.fatTree64, name: "k64"),
                       baseline: FabricWorkloads.naiveFatTreeWorkload(k: 64)),
            Comparison(title: "generate + validate 64-SU DGX H100 (with user networks)",
                       subject: FabricWorkloads.generateWorkload(FabricWorkloads.superPOD64, name: "su64"),
                       baseline: FabricWorkloads.loadExpandedWorkload(FabricWorkloads.superPOD64, name: "su64")),
            FabricWorkloads.countComparison(fatTree, title: "count equal-cost paths, k=64 fat-tree"),
            FabricWorkloads.countComparison(superPOD, title: "count equal-cost paths, 64-SU SuperPOD"),
            FabricWorkloads.routeComparison(fatTree, mode: .ecmp, title: "pick a flow's path (ECMP), k=64 fat-tree"),
            FabricWorkloads.routeComparison(superPOD, mode: .dmodk, title: "pick a flow's path (D-mod-K), 64-SU SuperPOD"),
        ]
    }
}
