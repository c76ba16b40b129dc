import Findings
import Foundation
import InterlockCore
import Testing

@testable import Reports
@testable import Scenario

/// The SARIF log has what SARIF 2.1.0 requires (checked property by property, as the OASIS schema
/// states them) and what GitHub code scanning uses: rule help, levels, locations at lines.
@Suite struct SARIFTests {
    func log() throws -> [String: Any] {
        let outcome = try DemoScenarioTests.outcome.get()
        let text = outcome.sarif(toolVersion: "0.1.0").serialized()
        return try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    @Test func requiredPropertiesArePresent() throws {
        let log = try log()
        // sarifLog: version (required, "2.1.0"), runs (required array).
        #expect(log["version"] as? String == "2.1.0")
        #expect((log["$schema"] as? String)?.hasSuffix("sarif-2.1.0.json") == true)
        let runs = try #require(log["runs"] as? [[String: Any]])
        #expect(runs.count == 1)
        // run: tool (required) with driver (required) with name (required).
        let driver = try #require((runs[0]["tool"] as? [String: Any])?["driver"] as? [String: Any])
        #expect(driver["name"] as? String == "interlock")
        let rules = try #require(driver["rules"] as? [[String: Any]])
        let ids = rules.compactMap { $0["id"] as? String }
        // reportingDescriptor: id (required); unique within the driver.
        #expect(ids.count == rules.count && Set(ids).count == ids.count)
        for rule in rules {
            #expect(((rule["shortDescription"] as? [String: Any])?["text"] as? String)?.isEmpty == false)
            #expect(((rule["help"] as? [String: Any])?["text"] as? String)?.isEmpty == false)
            let level = (rule["defaultConfiguration"] as? [String: Any])?["level"] as? String
            #expect(["none", "note", "warning", "error"].contains(level ?? ""))
            #expect(Double(((rule["properties"] as? [String: Any])?["security-severity"] as? String) ?? "") != nil)
        }
        let results = try #require(runs[0]["results"] as? [[String: Any]])
        #expect(results.count == 9)
        for r in results {
            // result: message (required) with text; ruleId and ruleIndex consistent with the driver.
            #expect(((r["message"] as? [String: Any])?["text"] as? String)?.isEmpty == false)
            let id = try #require(r["ruleId"] as? String)
            let index = try #require(r["ruleIndex"] as? Int)
            #expect(ids.indices.contains(index) && ids[index] == id)
            #expect(["none", "note", "warning", "error"].contains(r["level"] as? String ?? ""))
            // physicalLocation: artifactLocation.uri, and a region whose startLine is at least 1.
            let locations = try #require(r["locations"] as? [[String: Any]])
            #expect(locations.count == 1)
            for l in locations + ((r["relatedLocations"] as? [[String: Any]]) ?? []) {
                let physical = try #require(l["physicalLocation"] as? [String: Any])
                let uri = try #require((physical["artifactLocation"] as? [String: Any])?["uri"] as? String)
                #expect(!uri.isEmpty && !uri.hasPrefix("builtin:") && URL(string: uri) != nil)
                #expect(((physical["region"] as? [String: Any])?["startLine"] as? Int ?? 0) >= 1)
            }
            #expect(((r["partialFingerprints"] as? [String: String])?.values.first?.isEmpty) == false)
        }
    }

    @Test func captureAndJobFindingsSitAtTheirRuleOrTheirScenarioLine() throws {
        let outcome = try DemoScenarioTests.fullOutcome.get()
        let object =
            try JSONSerialization.jsonObject(with: Data(outcome.sarif(toolVersion: "0.1.0").serialized().utf8))
            as? [String: Any]
        let results = try #require((object?["runs"] as? [[String: Any]])?.first?["results"] as? [[String: Any]])
        #expect(results.count == outcome.report.findings.count)
        let uris = results.compactMap { r in
            (((r["locations"] as? [[String: Any]])?.first?["physicalLocation"] as? [String: Any])?["artifactLocation"]
                as? [String: Any])?["uri"] as? String
        }
        #expect(uris.count == results.count)
        // Plane and unknown-endpoint findings have no rule: they sit at the scenario's capture entry.
        #expect(uris.contains { $0.hasSuffix("policies/demo/scenario.yaml") })
        #expect(uris.contains { $0.hasSuffix("captures/demo-acls.yaml") })
    }

    @Test func resultsSitAtTheResponsibleLine() throws {
        let results = try #require((try log()["runs"] as? [[String: Any]])?.first?["results"] as? [[String: Any]])
        func place(_ rule: String) -> String? {
            guard let r = results.first(where: { $0["ruleId"] as? String == rule }),
                let p = (r["locations"] as? [[String: Any]])?.first?["physicalLocation"] as? [String: Any],
                let uri = (p["artifactLocation"] as? [String: Any])?["uri"] as? String,
                let line = (p["region"] as? [String: Any])?["startLine"] as? Int
            else { return nil }
            return "\(uri.components(separatedBy: "policies/demo/").last!):\(line)"
        }
        #expect(place("storage-clients") == "cluster/netpol/storage.yaml:18")
        #expect(place("gateway-reaches-vllm") == "cluster/netpol/inference.yaml:54")
        // A baseline finding no rule lets through sits at the line that puts the pack in force.
        #expect(place("ai-infra-baseline/kubelet-api") != nil)
    }

    @Test func pathsAreRepositoryRelative() {
        let style = PathStyle(workingDirectory: "/repo")
        #expect(style.uri("/repo/policies/a b.yaml") == "policies/a%20b.yaml")
        #expect(style.uri("./policies/x.yaml") == "policies/x.yaml")
        #expect(style.uri("/elsewhere/x.yaml") == "file:///elsewhere/x.yaml")
        #expect(
            SARIFReport.pascalCase("ai-infra-baseline/oob-only-from-management")
                == "AiInfraBaselineOobOnlyFromManagement")
    }
}
