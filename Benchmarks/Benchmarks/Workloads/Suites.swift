/// Every comparison the ratio report prints, in order. Each area adds its own here.
public enum Suites {
    public static func all() -> [Comparison] {
        [
            DocumentWorkloads.jsonComparison(pods: 20_000),
            ManifestWorkloads.jsonLoadComparison(pods: 100_000),
            ManifestWorkloads.yamlLoadComparison(pods: 10_000),
        ] + ACLWorkloads.comparisons() + FabricWorkloads.comparisons()
    }
}
