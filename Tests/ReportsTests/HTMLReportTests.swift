import Fabric
import Findings
import InterlockCore
import Testing

@testable import Reports

/// The HTML report of findings built here: one file that fetches nothing, hostile names escaped,
/// the fabric drawn when one is given.
@Suite struct HTMLReportTests {
    static let hostile = "<script>alert('x')</script>"

    @Test func selfContained() throws {
        let html = HTMLReport(title: "t", subtitle: "s", report: Inputs.report(), fabric: try Inputs.fabric()).render()
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        #expect(html.hasSuffix("</html>\n"))
        for marker in ["<script src", "<link", "<img", "<iframe", "url(", "@import", "https://", "src=", "href="] {
            #expect(!html.contains(marker), "found \(marker)")
        }
        // The only URL is the SVG namespace, once per drawn plane.
        let namespace = "xmlns=\"http://www.w3.org/2000/svg\""
        #expect(html.components(separatedBy: "http://").count == html.components(separatedBy: namespace).count)
        #expect(html.components(separatedBy: "<script>").count == 2)
    }

    @Test func countsAndRows() {
        let report = Inputs.report()
        let html = HTMLReport(title: "t", subtitle: "s", report: report).render()
        #expect(html.contains("id=\"count-total\" data-count=\"4\""))
        for s in Severity.allCases { #expect(html.contains("id=\"count-\(s.rawValue)\" data-count=\"1\"")) }
        #expect(html.components(separatedBy: "<tr class=\"finding\"").count - 1 == report.findings.count)
        #expect(html.contains("data-kind=\"wrong-plane\""))
        #expect(!html.contains("<section id=\"fabric\""))
        #expect(!html.contains("<svg"))
    }

    /// A finding's Wireshark display filter appears in its details, as the text report prints it.
    @Test func evidenceKeepsItsDisplayFilter() {
        let filter = "ip.addr==10.0.0.1 && ip.addr==10.0.0.2 && tcp.port==22"
        let finding = Finding(
            kind: .wrongPlane, severity: .high, title: "SSH", source: FindingEndpoint(name: "a"),
            destination: FindingEndpoint(name: "b"),
            evidence: Evidence(packets: 3, bytes: 300, displayFilter: filter))
        let html = HTMLReport(title: "t", subtitle: "s", report: FindingsReport(findings: [finding])).render()
        #expect(html.contains("<span class=\"side\">wireshark</span> <code>\(filter.html)</code>"))
        #expect(filter.html.contains("&amp;&amp;"))
    }

    @Test func hostileNamesComeOutEscaped() {
        let finding = Finding(
            kind: FindingKind(rawValue: "<b>kind</b>"), severity: .high, title: Self.hostile,
            source: FindingEndpoint(name: "ns/\(Self.hostile)[Pod]"),
            destination: FindingEndpoint(name: "\"quoted\" & 'single'"),
            network: Self.hostile, reasons: [FindingReason(side: .note, text: Self.hostile)], ruleID: Self.hostile)
        let matrix = HeatMap(
            zones: [Self.hostile, "b"],
            cells: [
                [
                    HeatMap.Cell(pairs: 1, reachable: 1, violating: 1),
                    HeatMap.Cell(pairs: 0, reachable: 0, violating: 0),
                ],
                [
                    HeatMap.Cell(pairs: 2, reachable: 1, violating: 0),
                    HeatMap.Cell(pairs: 1, reachable: 0, violating: 0),
                ],
            ])
        let report = FindingsReport(
            findings: [finding], warnings: [Self.hostile], figures: [(name: Self.hostile, value: Self.hostile)])
        let html = HTMLReport(title: Self.hostile, subtitle: Self.hostile, report: report, matrix: matrix).render()
        // The report's own script is the only one; every hostile string is there, escaped.
        #expect(html.components(separatedBy: "<script>").count == 2)
        #expect(!html.contains("alert('x')"))
        #expect(!html.contains("<b>kind</b>") && !html.contains("<side>"))
        #expect(html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"))
        #expect(html.contains("&quot;quoted&quot; &amp; &#39;single&#39;"))
        #expect(html.contains("<title>&lt;script&gt;"))
        #expect(html.contains("id=\"zone-matrix\""))
    }

    @Test func escapeCoversTheFiveSpecialCharacters() {
        #expect(HTMLText.escape("a<b>&\"c'") == "a&lt;b&gt;&amp;&quot;c&#39;")
        #expect(HTMLText.escape("plain → text") == "plain → text")
    }

    @Test func fabricIsDrawnWithTheFindingsPath() throws {
        let fabric = try Inputs.fabric()
        let html = HTMLReport(title: "t", subtitle: "s", report: Inputs.report(), fabric: fabric).render()
        #expect(html.contains("<section id=\"fabric\"><h2>Fabric: k4</h2>"))
        // Only the compute plane has links in a fat tree without user networks.
        #expect(html.components(separatedBy: "<svg ").count - 1 == 1)
        #expect(html.contains("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"fabric\" data-plane=\"compute\""))
        #expect(html.contains("id=\"plane-compute\""))
        // The wrong-plane finding between host0001-nic0 and host0016-nic0 is drawn as a path in red.
        #expect(html.contains("class=\"link violation\""))
        #expect(html.contains("links on violating paths"))
        // Without findings on the fabric, nothing is highlighted.
        let quiet = HTMLReport(title: "t", subtitle: "s", report: FindingsReport(), fabric: fabric).render()
        #expect(quiet.contains("data-plane=\"compute\""))
        #expect(!quiet.contains("class=\"link violation\""))
        #expect(quiet.contains("id=\"no-findings\""))
    }

    @Test func loadsColourTheLinks() throws {
        let fabric = try Inputs.fabric()
        let loads = Dictionary(uniqueKeysWithValues: fabric.links.indices.map { (LinkID($0), 0.5) })
        let html = HTMLReport(title: "t", subtitle: "s", report: FindingsReport(), fabric: fabric, linkLoads: loads)
            .render()
        #expect(html.contains("stroke=\"\(FabricDrawing.loadColour(0.5))\""))
        #expect(html.contains("peak utilization 50"))
        #expect(FabricDrawing.loadColour(0) == "hsl(120,75%,42%)" && FabricDrawing.loadColour(2) == "hsl(0,75%,42%)")
    }
}
