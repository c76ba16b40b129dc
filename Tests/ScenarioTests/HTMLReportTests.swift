import Findings
import Foundation
import Testing

@testable import Reports
@testable import Scenario

/// The HTML report is one file that fetches nothing and carries the report's figures.
@Suite struct HTMLReportTests {
    @Test func selfContainedWithTheSameCounts() throws {
        let outcome = try DemoScenarioTests.outcome.get()
        let html = outcome.html(toolVersion: "0.1.0")
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        // Nothing loaded from elsewhere: no external scripts, styles, images or fonts.
        for marker in ["<script src", "<link", "<img", "url(", "@import", "http://", "https://"] {
            let allowed =
                marker == "http://"
                ? html.components(separatedBy: marker).count - 1 == html.components(
                    separatedBy: "xmlns=\"http://www.w3.org/2000/svg\""
                ).count - 1 : !html.contains(marker)
            #expect(allowed, "found \(marker)")
        }
        #expect(html.contains("id=\"count-total\" data-count=\"\(outcome.report.findings.count)\""))
        #expect(
            html.contains(
                "id=\"count-high\" data-count=\"\(outcome.report.findings.filter { $0.severity == .high }.count)\""))
        #expect(html.components(separatedBy: "<tr class=\"finding\"").count - 1 == outcome.report.findings.count)
        // Every plane is drawn; the compute plane shows the path of the partition finding.
        for plane in ["compute", "frontend", "storage", "oob"] {
            #expect(html.contains("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"fabric\" data-plane=\"\(plane)\""))
        }
        #expect(html.contains("class=\"link violation\""))
        #expect(html.contains("id=\"zone-matrix\""))
    }

    @Test func loadsColourLinks() throws {
        let outcome = try DemoScenarioTests.outcome.get()
        let fabric = try #require(outcome.fabric)
        let loads = Dictionary(uniqueKeysWithValues: fabric.links.indices.prefix(40).map { (Int32($0), 0.95) })
        let html = HTMLReport(title: "t", subtitle: "s", report: FindingsReport(), fabric: fabric, linkLoads: loads)
            .render()
        #expect(html.contains(FabricDrawing.loadColour(0.95)))
        #expect(html.contains("peak utilization 95"))
        #expect(html.contains("id=\"no-findings\""))
    }
}
