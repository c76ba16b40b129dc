import FabricACL
import Foundation

/// First-match lookups over fabric ACLs: the bit-vector classifier against the linear scan.
public enum ACLWorkloads {
    /// A generated rule set of `rules` rules and `headers` headers drawn from it.
    public static func generated(rules: Int, headers: Int, seed: UInt64 = 7) -> (
        rules: [ACLRule], headers: [PacketHeader]
    ) {
        var generator = ACLGenerator(seed: seed)
        let r = generator.rules(count: rules)
        return (r, generator.headers(count: headers, for: r))
    }

    /// ClassBench filter sets from the shared reference data, when present next to the checkout
    /// (benchmarks only; tests never read them).
    public static func classBenchSets() -> [(name: String, rules: [ACLRule])] {
        let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../../../shared/data/classbench").standardized.path
        return ["acl1_10k", "fw1_10k", "ipc1_10k"].compactMap { name in
            guard let bytes = FileManager.default.contents(atPath: directory + "/" + name),
                let rules = try? ClassBenchFormat.parseFilters(Array(bytes), file: name)
            else { return nil }
            return (name, rules)
        }
    }

    /// Lookups per second: compiled against linear, on the same headers (the linear scan gets a
    /// tenth of them, its rate being what matters).
    public static func comparison(title: String, rules: [ACLRule], headers: [PacketHeader]) -> Comparison {
        let compiled = DecisionTreeClassifier(rules: rules)
        let linear = LinearClassifier(rules: rules)
        let few = Array(headers.prefix(max(1, headers.count / 10)))
        return Comparison(
            title: title,
            subject: Workload(name: "DecisionTreeClassifier", unit: "lookups") {
                var sum = 0
                for h in headers { sum &+= compiled.firstMatch(h) }
                blackHole(sum)
                return headers.count
            },
            baseline: Workload(name: "linear scan", unit: "lookups") {
                var sum = 0
                for h in few { sum &+= linear.firstMatch(h) }
                blackHole(sum)
                return few.count
            })
    }

    /// The comparisons for the ratio report: a generated 10k set, and the ClassBench sets when present.
    public static func comparisons() -> [Comparison] {
        let g = generated(rules: 10_000, headers: 1_000_000)
        var out = [comparison(title: "ACL first match, generated 10k rules", rules: g.rules, headers: g.headers)]
        for set in classBenchSets() {
            var generator = ACLGenerator(seed: 11)
            out.append(
                comparison(
                    title: "ACL first match, ClassBench \(set.name)", rules: set.rules,
                    headers: generator.headers(count: 1_000_000, for: set.rules)))
        }
        return out
    }
}
