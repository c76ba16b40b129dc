/// Every comparison the ratio report prints, in order. Each area adds its own here.
public enum Suites {
    public static func all() -> [Comparison] {
        [
            DocumentWorkloads.jsonComparison(pods: 20_000),
        ] + CaptureWorkloads.comparisons()
    }
}
