import Findings
import InterlockCore
import Testing

@testable import Intents

/// Every rule of ai-infra-baseline fires on a cluster that breaks it and stays quiet on one that
/// keeps it.
@Suite struct BaselinePackTests {
    static let ruleIDs = [
        "kube-apiserver-access", "etcd-from-api-servers", "kubelet-api", "scheduler-controller-manager-local",
        "oob-only-from-management", "storage-protocols-only", "tenant-isolation", "compute-nodes-private",
        "registry-access", "secrets-vault-access",
    ].map { "ai-infra-baseline/\($0)" }

    @Test func everyRuleFiresOnTheOpenCluster() throws {
        let checker = try Mini.checker()
        let findings = checker.staticFindings()
        let fired = Set(findings.compactMap(\.ruleID))
        for id in Self.ruleIDs { #expect(fired.contains(id), "\(id) did not fire") }
        #expect(checker.coverage.allSatisfy { $0.note == nil })
    }

    @Test func noRuleFiresOnTheSegmentedCluster() throws {
        let checker = try Mini.checker(policies: Mini.isolatingPolicies, segmentation: Mini.segmentation)
        let findings = checker.staticFindings()
        #expect(findings.isEmpty, "\(findings.map(\.title))")
        // Every rule was checked somewhere: quiet because it holds, not because it was skipped.
        #expect(checker.coverage.count == Self.ruleIDs.count)
        #expect(checker.coverage.allSatisfy { !$0.views.isEmpty })
    }

    @Test func eachRuleFiresWhereExpected() throws {
        let findings = try Mini.checker().staticFindings()
        func views(_ id: String) -> Set<String> {
            Set(findings.filter { $0.ruleID == "ai-infra-baseline/\(id)" }.compactMap(\.network))
        }
        #expect(views("kube-apiserver-access") == ["frontend"])  // from outside, no ACL
        #expect(views("etcd-from-api-servers").isSuperset(of: ["pod", "frontend"]))
        #expect(views("kubelet-api").isSuperset(of: ["pod", "frontend"]))
        #expect(views("oob-only-from-management") == ["oob"])
        #expect(views("storage-protocols-only") == ["storage"])
        #expect(views("tenant-isolation") == ["pod", "compute"])
        #expect(views("compute-nodes-private") == ["frontend"])
        #expect(views("registry-access") == ["pod"])
        #expect(views("secrets-vault-access") == ["pod"])
    }

    @Test func packUseParametersApply() throws {
        let intents = try Mini.intents(
            """
            apiVersion: interlock.dev/v1
            kind: SegmentationIntents
            metadata: {name: t}
            spec:
              packs:
              - name: ai-infra-baseline
                exclude: [registry-access]
                severity: {secrets-vault-access: low}
                allow: {secrets-vault-access: [tenant-a]}
                storageProtocols: [TCP/22]
              zones:
              - {name: tenant-a, namespace: tenant-a}
            """)
        #expect(!intents.rules.contains { $0.id == "ai-infra-baseline/registry-access" })
        let vault = try #require(intents.rules.first { $0.id == "ai-infra-baseline/secrets-vault-access" })
        #expect(vault.severity == .low && vault.from == ["vault-clients", "tenant-a"])
        #expect(vault.location == SourceLocation(file: "intents.yaml", line: 6, column: 5))
        #expect(vault.definedAt?.file == "builtin:ai-infra-baseline")
        let storage = try #require(intents.rules.first { $0.id == "ai-infra-baseline/storage-protocols-only" })
        #expect(storage.ports?.tcp.contains(22) == true && storage.ports?.tcp.contains(2049) == true)
        #expect(intents.rules.filter { $0.pack != nil }.allSatisfy { !$0.references.isEmpty })
    }

    @Test func aUserZoneReplacesThePacksZone() throws {
        // With management defined as nobody's host, mgmt01 may no longer reach the OOB network.
        let checker = try Mini.checker(
            policies: Mini.isolatingPolicies,
            intents: """
                apiVersion: interlock.dev/v1
                kind: SegmentationIntents
                metadata: {name: t}
                spec:
                  packs: [ai-infra-baseline]
                  zones:
                  - {name: management, nodes: dgx0004}
                """, segmentation: Mini.segmentation)
        let oob = checker.staticFindings().filter { $0.ruleID == "ai-infra-baseline/oob-only-from-management" }
        #expect(oob.count == 1)
        #expect(oob.first?.source?.name == "mgmt01[oob]")
        #expect(oob.first?.location?.description == "intents.yaml:46")  // the OOB ACL rule that lets it through
    }
}
