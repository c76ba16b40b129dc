import Foundation
import TestSupport
import Testing

/// `policy connlist` rows from the ingress controller and `policy exposure`, end to end on the example of
/// `policies/exposure` (README section "Exposure: Ingress, Routes, Gateway API").
@Suite struct ExposureCommandTests {
    static let example = "policies/exposure"
    static let nginx = "ingress-nginx/app.kubernetes.io/name=ingress-nginx"

    @Test func connlistAddsIngressControllerRows() throws {
        // netpol-analyzer's stand-in namespace reaches only docs (no policy); the real controller
        // reaches web on its http target port (8080) too, never web's metrics port, never api.
        let stand = try CLIRunner.run(["policy", "connlist", Self.example])
        #expect(stand.status == 0, "\(stand.stderr)")
        let rows = { (text: String) in text.split(separator: "\n").filter { $0.hasPrefix("{") } }
        #expect(rows(stand.stdout) == ["{ingress-controller} => shop/docs[Deployment] : TCP 3000"])
        let real = try CLIRunner.run(["policy", "connlist", Self.example, "--ingress-controller", Self.nginx])
        #expect(
            rows(real.stdout) == [
                "{ingress-controller} => shop/docs[Deployment] : TCP 3000",
                "{ingress-controller} => shop/web[Deployment] : TCP 8080",
            ])
        // The reference evaluator agrees with the compiled engine, stand-in pod included.
        for args in [[String](), ["--ingress-controller", Self.nginx]] {
            let compiled = try CLIRunner.run(["policy", "connlist", Self.example] + args)
            let reference = try CLIRunner.run(["policy", "connlist", Self.example, "--engine", "reference"] + args)
            #expect(compiled.stdout == reference.stdout)
        }
        // Only the extra rows differ: every other row is the same.
        #expect(
            real.stdout.split(separator: "\n").filter { !$0.hasPrefix("{") }
                == stand.stdout.split(separator: "\n").filter { !$0.hasPrefix("{") })
        let focused = try CLIRunner.run([
            "policy", "connlist", Self.example, "--ingress-controller", Self.nginx, "--focus-workload", "shop/web",
        ])
        #expect(focused.stdout.contains("{ingress-controller} => shop/web[Deployment] : TCP 8080\n"))
        #expect(!focused.stdout.contains("shop/docs"))
    }

    @Test func connlistControllerRowsInJSONAndDot() throws {
        let json = try CLIRunner.run([
            "policy", "connlist", Self.example, "--ingress-controller", Self.nginx, "--format", "json",
        ])
        #expect(json.status == 0)
        // Rows are netpol-analyzer's three strings, plus `conditional` where a template-only pod's address decides.
        let rows = try #require(
            try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]])
        let controllerRow = rows.first {
            $0["src"] as? String == "{ingress-controller}" && $0["dst"] as? String == "shop/web[Deployment]"
        }
        #expect(controllerRow?["conn"] as? String == "TCP 8080")
        #expect(controllerRow?["conditional"] == nil)
        let dot = try CLIRunner.run(["policy", "connlist", Self.example, "--format", "dot"])
        #expect(dot.status == 0)
        #expect(dot.stdout.contains("  \"{ingress-controller}\" [shape=diamond]\n"))
        #expect(dot.stdout.contains("\"{ingress-controller}\" -> \"shop/docs[Deployment]\" [label=\"TCP 3000\"]"))
    }

    @Test func badControllerAndBrokenRoutes() throws {
        let bad = try CLIRunner.run(["policy", "connlist", Self.example, "--ingress-controller", "/app=x"])
        #expect(bad.status == 2 && bad.stderr.contains("the namespace is empty"))
        // A selector that picks no workload is said so; the stand-in then carries its labels.
        let typo = try CLIRunner.run([
            "policy", "connlist", Self.example, "--ingress-controller", "ingress-nginx/app=nginx",
        ])
        #expect(typo.status == 0 && typo.stderr.contains("no workload of the input matches 'ingress-nginx/app=nginx'"))
        #expect(typo.stdout.contains("{ingress-controller} => shop/web[Deployment] : TCP 8080\n"))
        let noRoutes = try CLIRunner.run([
            "policy", "connlist", "\(Self.example)/netpol.yaml", "--ingress-controller", Self.nginx,
        ])
        #expect(
            noRoutes.status == 0 && noRoutes.stderr.contains("the input holds no Ingress, Route or Gateway API route"))
        // A route naming a missing Service: a warning with file:line on every command, a lint finding.
        let dir = Scratch.directory()
        let broken = """
            apiVersion: networking.k8s.io/v1
            kind: Ingress
            metadata: {name: typo, namespace: shop}
            spec:
              defaultBackend:
                service: {name: wbe, port: {number: 80}}

            """
        try broken.write(toFile: "\(dir)/typo.yaml", atomically: true, encoding: .utf8)
        let connlist = try CLIRunner.run(["policy", "connlist", Self.example, "\(dir)/typo.yaml"])
        #expect(connlist.status == 0)
        #expect(
            connlist.stderr.contains(
                "\(dir)/typo.yaml:6: Ingress shop/typo: names Service shop/wbe, which the manifests do not hold"))
        let lint = try CLIRunner.run(["policy", "lint", Self.example, "\(dir)/typo.yaml"])
        #expect(lint.status == 1)
        #expect(lint.stdout.contains("\(dir)/typo.yaml:6: route-backend: Ingress shop/typo: names Service shop/wbe"))
    }

    @Test func exposureTextAndJSON() throws {
        let text = try CLIRunner.run(["policy", "exposure", Self.example])
        #expect(text.status == 0, "\(text.stderr)")
        #expect(text.stdout.hasPrefix("Exposure Analysis Result:\nEgress Exposure:\n"))
        let lines = text.stdout.split(separator: "\n").map { $0.split(separator: " ").joined(separator: " ") }
        #expect(
            lines.contains(
                "shop/api[Deployment] <= [namespace with {team=monitoring}]/[all pods] : TCP 9090 (NetworkPolicy shop/api ingress rule 1 at policies/exposure/netpol.yaml:34)"
            ))
        #expect(
            lines.contains(
                "shop/web[Deployment] => 10.0.0.0-10.95.255.255,10.112.0.0-10.255.255.255 : All Connections (NetworkPolicy shop/web egress rule 1 at policies/exposure/netpol.yaml:23)"
            ))
        #expect(lines.contains("shop/docs[Deployment] is not protected on Ingress"))
        let out = Scratch.path("exposure.json")
        let json = try CLIRunner.run(["policy", "exposure", Self.example, "--format", "json", "-o", out])
        #expect(json.status == 0 && json.stdout.isEmpty)
        let object = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out))) as? [String: Any])
        let ingress = try #require(object["ingress"] as? [[String: Any]])
        let web = try #require(ingress.first { $0["workload"] as? String == "shop/web[Deployment]" })
        #expect(web["peer"] as? String == "ingress-nginx/[all pods]" && web["conn"] as? String == "TCP 8080")
        #expect((web["rule"] as? [String: Any])?["line"] as? Int == 17)
        try? FileManager.default.removeItem(atPath: out)
    }
}
