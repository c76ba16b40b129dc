import Findings
import Foundation
import InterlockCore
import Testing

@testable import Reports

/// The SARIF log of findings built here: what SARIF 2.1.0 requires, one rule per rule id, stable
/// fingerprints, and locations relative to the repository (`%SRCROOT%`) or `file://` outside it.
@Suite struct SARIFReportTests {
    static let fallback = SourceLocation(file: "/repo/policies/scenario.yaml", line: 2)

    static func log(_ report: FindingsReport = Inputs.report()) throws -> [String: Any] {
        let json = SARIFReport.render(
            report, rules: Inputs.rules, toolVersion: "9.9.9", fallback: fallback, workingDirectory: "/repo")
        return try #require(try JSONSerialization.jsonObject(with: Data(json.serialized().utf8)) as? [String: Any])
    }

    static func run(_ log: [String: Any]) throws -> [String: Any] {
        try #require((log["runs"] as? [[String: Any]])?.first)
    }

    static func results(_ log: [String: Any]) throws -> [[String: Any]] {
        try #require(try run(log)["results"] as? [[String: Any]])
    }

    /// `locations[0].physicalLocation.artifactLocation` and `.region` of a result.
    static func place(_ result: [String: Any]) throws -> (artifact: [String: Any], region: [String: Any]) {
        let physical = try #require(
            (result["locations"] as? [[String: Any]])?.first?["physicalLocation"] as? [String: Any])
        return (
            try #require(physical["artifactLocation"] as? [String: Any]),
            try #require(physical["region"] as? [String: Any])
        )
    }

    @Test func requiredPropertiesArePresent() throws {
        let log = try Self.log()
        #expect(log["version"] as? String == "2.1.0")
        #expect(log["$schema"] as? String == SARIFReport.schemaURI)
        let runs = try #require(log["runs"] as? [[String: Any]])
        #expect(runs.count == 1)
        let driver = try #require((runs[0]["tool"] as? [String: Any])?["driver"] as? [String: Any])
        #expect(driver["name"] as? String == "interlock")
        #expect(driver["version"] as? String == "9.9.9")
        #expect(driver["semanticVersion"] as? String == "9.9.9")
        #expect(runs[0]["columnKind"] as? String == "unicodeCodePoints")
        let results = try Self.results(log)
        #expect(results.count == 4)
        for r in results {
            #expect(((r["message"] as? [String: Any])?["text"] as? String)?.isEmpty == false)
            #expect(["error", "warning", "note"].contains(r["level"] as? String ?? ""))
            #expect((r["locations"] as? [[String: Any]])?.count == 1)
            let properties = try #require(r["properties"] as? [String: Any])
            #expect(properties["kind"] is String && properties["severity"] is String)
        }
        // Severity → level: high is an error, medium a warning, low and info notes.
        #expect(results.map { $0["level"] as? String } == ["error", "warning", "note", "note"])
    }

    @Test func everyRuleIDIsDescribedOnceAndIndexed() throws {
        let log = try Self.log()
        let driver = try #require((try Self.run(log)["tool"] as? [String: Any])?["driver"] as? [String: Any])
        let rules = try #require(driver["rules"] as? [[String: Any]])
        let ids = rules.compactMap { $0["id"] as? String }
        // The given rule first, then one generic rule per kind of finding without a rule id.
        #expect(ids == ["training-isolated", "wrong-plane", "unknown-endpoint", "blocked"])
        #expect(rules[0]["name"] as? String == "TrainingIsolated")
        #expect(
            (rules[0]["help"] as? [String: Any])?["text"] as? String == "Keep training jobs off the storage network.")
        #expect(
            ((rules[1]["shortDescription"] as? [String: Any])?["text"] as? String) == "Interlock finding: wrong-plane")
        for rule in rules {
            let properties = try #require(rule["properties"] as? [String: Any])
            #expect(Double(properties["security-severity"] as? String ?? "") != nil)
            #expect((rule["defaultConfiguration"] as? [String: Any])?["level"] is String)
        }
        for r in try Self.results(log) {
            let id = try #require(r["ruleId"] as? String)
            let index = try #require(r["ruleIndex"] as? Int)
            #expect(ids[index] == id)
        }
    }

    @Test func fingerprintsAreStableAndDistinct() throws {
        func fingerprints(_ log: [String: Any]) throws -> [String] {
            try Self.results(log).map {
                try #require(($0["partialFingerprints"] as? [String: String])?["interlockFinding/v1"])
            }
        }
        let first = try fingerprints(try Self.log())
        // Another run, the findings given in another order and with other evidence: same identities.
        let shuffled = FindingsReport(
            findings: Inputs.report().findings.reversed().map {
                var f = $0
                f.evidence = Evidence(packets: 7, bytes: 700)
                return f
            })
        #expect(try fingerprints(try Self.log(shuffled)) == first)
        #expect(Set(first).count == first.count)
        #expect(first.allSatisfy { !$0.isEmpty && $0.allSatisfy(\.isHexDigit) })
        // A different endpoint is a different finding.
        var moved = Inputs.report().findings[0]
        moved.destination?.name = "storage/other[Pod]"
        #expect(SARIFReport.fingerprint(moved) != first[0])
    }

    @Test func locationsAreRepositoryRelativeOrFileURIs() throws {
        let results = try Self.results(try Self.log())
        // Inside the working directory: relative, against %SRCROOT%, at the rule's line and column.
        let inside = try Self.place(results[0])
        #expect(inside.artifact["uri"] as? String == "policies/netpol/storage.yaml")
        #expect(inside.artifact["uriBaseId"] as? String == "%SRCROOT%")
        #expect(inside.region["startLine"] as? Int == 18 && inside.region["startColumn"] as? Int == 5)
        // The other reasons' places are related locations; the one at the result's own place is not repeated.
        let related = try #require(results[0]["relatedLocations"] as? [[String: Any]])
        #expect(related.count == 1)
        #expect(related[0]["id"] as? Int == 2)
        #expect(
            (related[0]["message"] as? [String: Any])?["text"] as? String == "intent: training must not reach storage")
        // No location, or a pseudo-file: the fallback (the scenario file).
        for r in [results[1], results[2]] {
            let fallback = try Self.place(r)
            #expect(fallback.artifact["uri"] as? String == "policies/scenario.yaml")
            #expect(fallback.region["startLine"] as? Int == 2)
        }
        // Outside the working directory: a file:// URI with no base; lines and columns at least 1.
        let outside = try Self.place(results[3])
        #expect(outside.artifact["uri"] as? String == "file:///elsewhere/jobs.yaml")
        #expect(outside.artifact["uriBaseId"] == nil)
        #expect(outside.region["startLine"] as? Int == 1 && outside.region["startColumn"] as? Int == 1)
    }

    @Test func messagesCarryTheWitness() throws {
        let results = try Self.results(try Self.log())
        let text = (results[0]["message"] as? [String: Any])?["text"] as? String
        #expect(
            text
                == "training-isolated: training reaches storage (witness: training/trainer[Job] → storage/nfs[Pod]:2049 TCP on pod)"
        )
        #expect((results[0]["properties"] as? [String: Any])?["network"] as? String == "pod")
    }

    @Test func noFindingsIsAnEmptyRun() throws {
        let log = try Self.log(FindingsReport())
        #expect(try Self.results(log).isEmpty)
    }
}
