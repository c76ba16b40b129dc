/// Every comparison the ratio report prints, by area, in order. Each area adds its own here; an
/// area's inputs are built only when it runs.
public enum Suites {
    public static let areas: [(name: String, comparisons: @Sendable () -> [Comparison])] = [
        (
            "documents",
            {
                [
                    DocumentWorkloads.jsonComparison(pods: 20_000),
                    ManifestWorkloads.jsonLoadComparison(pods: 100_000),
                    ManifestWorkloads.yamlLoadComparison(pods: 10_000),
                ]
            }
        ),
        ("acl", { ACLWorkloads.comparisons() }),
        ("policy", { PolicyEngineWorkloads.comparisons() }),
        ("capture", { CaptureWorkloads.comparisons() + CaptureAnalysisWorkloads.comparisons() }),
        ("fabric", { FabricWorkloads.comparisons() }),
        ("traffic", { TrafficWorkloads.comparisons() }),
        ("intents", { IntentWorkloads.comparisons() }),
        ("output", { [OutputWorkloads.csvComparison()] }),
    ]
}
