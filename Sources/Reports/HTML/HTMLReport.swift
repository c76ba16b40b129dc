import Fabric
import Findings
import InterlockCore

/// The report as one self-contained HTML file (inline CSS, SVG and script; nothing fetched): the
/// summary figures, the fabric drawn per plane, the zone-to-zone reachability heat map, and the
/// findings with filters.
///
/// The DOM carries the figures for machines too: `#count-total` and `#count-high` … `#count-info`
/// hold `data-count`, every finding row has `data-severity` and `data-kind`, and the script sets
/// `data-rendered="true"` on `<body>` and the number of rows shown in `#visible-count`.
public struct HTMLReport: Sendable {
    /// The page title and the heading at the top of the page.
    public var title: String
    /// One line under the heading (what was checked, the tool version).
    public var subtitle: String
    /// The findings, warnings and figures the page shows.
    public var report: FindingsReport
    /// The fabric to draw, one SVG per plane with links, or `nil` for no fabric section.
    public var fabric: FabricGraph?
    /// Utilization by link (0 and up); when not empty, links are coloured by load instead of by rail.
    public var linkLoads: [LinkID: Double]
    /// The zone-to-zone reachability matrix, or `nil` for no matrix section.
    public var matrix: HeatMap?

    /// A report page; sections for the fabric and the zone matrix appear only when they are given.
    public init(
        title: String, subtitle: String, report: FindingsReport, fabric: FabricGraph? = nil,
        linkLoads: [LinkID: Double] = [:], matrix: HeatMap? = nil
    ) {
        self.title = title
        self.subtitle = subtitle
        self.report = report
        self.fabric = fabric
        self.linkLoads = linkLoads
        self.matrix = matrix
    }

    /// The whole page: one HTML document with its CSS, SVG and script inline, every text escaped.
    ///
    /// - Returns: the document, ending with a newline.
    public func render() -> String {
        var out = "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        out += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
        out += "<title>\(title.html)</title><style>\(Self.css)</style></head>"
        out +=
            "<body data-rendered=\"false\"><header><h1>\(title.html)</h1><p class=\"sub\">\(subtitle.html)</p></header><main>"
        out += summary()
        if let fabric { out += fabricSection(fabric) }
        if let matrix {
            out += "<section id=\"matrix\"><h2>Zone-to-zone reachability</h2>"
            out +=
                "<p class=\"note\">Share of member pairs (rows: sources, columns: destinations) with at least one allowed connection, over every view; outlined cells hold pairs that break an intent.</p>"
            out += matrix.html + "</section>"
        }
        out += findingsSection()
        out += "</main><script>\(Self.script)</script></body></html>\n"
        return out
    }

    private func summary() -> String {
        var out = "<section id=\"summary\"><div class=\"cards\">"
        out +=
            "<div class=\"card total\"><span class=\"num\" id=\"count-total\" data-count=\"\(report.findings.count)\">\(report.findings.count)</span><span class=\"label\">findings</span></div>"
        for s in Severity.allCases.reversed() {
            let n = report.findings.filter { $0.severity == s }.count
            out +=
                "<div class=\"card \(s.rawValue)\"><span class=\"num\" id=\"count-\(s.rawValue)\" data-count=\"\(n)\">\(n)</span><span class=\"label\">\(s.rawValue)</span></div>"
        }
        out += "</div><table class=\"figures\"><tbody>"
        for c in report.counts {
            out += "<tr><th>\(c.kind.rawValue.html)</th><td>\(c.count) \(c.severity.rawValue)</td></tr>"
        }
        for (name, value) in report.figures { out += "<tr><th>\(name.html)</th><td>\(value.html)</td></tr>" }
        out += "</tbody></table>"
        if !report.warnings.isEmpty {
            out +=
                "<ul class=\"warnings\" id=\"warnings\">" + report.warnings.map { "<li>\($0.html)</li>" }.joined()
                + "</ul>"
        }
        return out + "</section>"
    }

    private func fabricSection(_ fabric: FabricGraph) -> String {
        let highlights = FabricHighlights.links(report.findings, fabric: fabric)
        var out = "<section id=\"fabric\"><h2>Fabric: \(fabric.name.html)</h2><div class=\"legend\">"
        if linkLoads.isEmpty {
            out += FabricDrawing.railColours.enumerated().map {
                "<span><i style=\"background:\($1)\"></i>rail \($0)</span>"
            }.joined()
        } else {
            out += [0.0, 0.5, 0.9, 1.0].map {
                "<span><i style=\"background:\(FabricDrawing.loadColour($0))\"></i>\(Units.formatPercent($0)) load</span>"
            }.joined()
        }
        out += "<span><i style=\"background:#d62728\"></i>path of a finding</span></div>"
        for plane in Plane.allCases {
            let drawing = FabricDrawing(
                fabric: fabric, plane: plane, loads: linkLoads, highlighted: highlights[plane] ?? [])
            guard !drawing.isEmpty else { continue }
            let settings = fabric.settings(of: plane)
            let counts = fabric.counts(of: plane)
            out +=
                "<figure class=\"plane\" id=\"plane-\(plane.name)\"><figcaption>\(plane.name) plane · \(settings.transport.rawValue), \(settings.routing.rawValue) · \(counts.switches) switches, \(counts.links) links\((highlights[plane]?.isEmpty == false) ? " · <b>\(highlights[plane]!.count) links on violating paths</b>" : "")</figcaption>"
            out += drawing.svg() + "</figure>"
        }
        return out + "</section>"
    }

    private func findingsSection() -> String {
        let kinds = Set(report.findings.map(\.kind.rawValue)).sorted()
        var out = "<section id=\"findings\"><h2>Findings</h2><div class=\"filters\">"
        for s in Severity.allCases.reversed() {
            out +=
                "<label><input type=\"checkbox\" class=\"sev\" value=\"\(s.rawValue)\" checked> \(s.rawValue)</label>"
        }
        out +=
            "<select id=\"kind-filter\"><option value=\"\">every kind</option>"
            + kinds.map { "<option value=\"\($0.html)\">\($0.html)</option>" }.joined() + "</select>"
        out += "<input type=\"search\" id=\"search\" placeholder=\"filter: workload, rule, file…\">"
        out +=
            "<span class=\"shown\"><span id=\"visible-count\">\(report.findings.count)</span> of \(report.findings.count) shown</span></div>"
        out += FindingsTable.html(report.findings)
        return out + "</section>"
    }

    static let css = """
        :root{--ink:#1b2430;--muted:#5a6577;--line:#d9dee6;--high:#c62828;--medium:#ef6c00;--low:#1565c0;--info:#607d8b}
        *{box-sizing:border-box}body{margin:0;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--ink);background:#f7f9fc}
        header{background:#1b2430;color:#fff;padding:18px 28px}header h1{margin:0;font-size:22px;font-weight:600}.sub{margin:4px 0 0;color:#b9c3d1}
        main{padding:8px 28px 40px;max-width:1500px}section{background:#fff;border:1px solid var(--line);border-radius:8px;margin:18px 0;padding:16px 20px}
        h2{font-size:17px;margin:0 0 12px}.note{color:var(--muted);margin:0 0 10px}.empty{color:var(--muted)}
        .cards{display:flex;gap:12px;flex-wrap:wrap;margin-bottom:14px}.card{border:1px solid var(--line);border-radius:8px;padding:10px 18px;min-width:110px;border-top:4px solid var(--ink)}
        .card .num{display:block;font-size:28px;font-weight:700}.card .label{color:var(--muted)}
        .card.high{border-top-color:var(--high)}.card.medium{border-top-color:var(--medium)}.card.low{border-top-color:var(--low)}.card.info{border-top-color:var(--info)}
        table.figures{border-collapse:collapse}table.figures th{text-align:left;color:var(--muted);font-weight:500;padding:2px 16px 2px 0;vertical-align:top}table.figures td{padding:2px 0}
        .warnings{margin:12px 0 0;padding-left:20px;color:#8a5a00}
        .legend{display:flex;flex-wrap:wrap;gap:14px;color:var(--muted);font-size:12px;margin-bottom:6px}.legend i{display:inline-block;width:18px;height:4px;margin-right:5px;vertical-align:middle;border-radius:2px}
        figure.plane{margin:10px 0 18px}figcaption{font-size:13px;color:var(--muted);margin-bottom:4px}svg.fabric{width:100%;height:auto;background:#fff}
        svg .link.violation{stroke-dasharray:7 3}
        .heat-wrap{overflow-x:auto}table.heat{border-collapse:collapse;font-size:12px}table.heat td{width:34px;height:26px;text-align:center;border:1px solid #fff}
        table.heat td.none{background:repeating-linear-gradient(45deg,#f1f3f6,#f1f3f6 4px,#fff 4px,#fff 8px)}table.heat td.bad{outline:2px solid var(--high);outline-offset:-2px;font-weight:700}
        table.heat th.row{text-align:right;padding-right:8px;font-weight:500;white-space:nowrap}table.heat th.col{height:120px;vertical-align:bottom;padding:0;font-weight:500}
        table.heat th.col div{width:34px;transform:translate(14px,0) rotate(-55deg);transform-origin:bottom left;white-space:nowrap}table.heat th.corner{color:var(--muted);font-weight:400;text-align:left}
        .filters{display:flex;flex-wrap:wrap;gap:14px;align-items:center;margin-bottom:10px}.filters input[type=search]{min-width:260px;padding:5px 8px;border:1px solid var(--line);border-radius:5px}
        .filters select{padding:4px}.shown{color:var(--muted);margin-left:auto}
        #findings-table{border-collapse:collapse;width:100%}#findings-table th{text-align:left;font-weight:600;border-bottom:2px solid var(--line);padding:6px}
        #findings-table td{border-bottom:1px solid var(--line);padding:6px;vertical-align:top}tr.finding{cursor:pointer}tr.finding:hover{background:#f3f6fa}
        tr.detail td{background:#fafbfd}tr.detail ul{margin:0;padding-left:18px}.side{display:inline-block;min-width:78px;color:var(--muted);font-size:12px;text-transform:uppercase}
        .loc,.mono{font-family:ui-monospace,SFMono-Regular,Menlo,monospace;font-size:12px}.loc{color:var(--low)}.title{font-weight:500}.kind{color:var(--muted);font-size:12px}
        .badge{display:inline-block;padding:1px 8px;border-radius:10px;color:#fff;font-size:12px}.badge.high{background:var(--high)}.badge.medium{background:var(--medium)}.badge.low{background:var(--low)}.badge.info{background:var(--info)}
        """

    static let script = """
        (function(){
          function apply(){
            var sev={};document.querySelectorAll('input.sev').forEach(function(b){sev[b.value]=b.checked;});
            var kind=document.getElementById('kind-filter').value;var q=document.getElementById('search').value.toLowerCase();var n=0;
            document.querySelectorAll('tr.finding').forEach(function(tr){
              var ok=sev[tr.dataset.severity]&&(kind===''||tr.dataset.kind===kind)&&(q===''||tr.dataset.text.indexOf(q)>=0);
              tr.hidden=!ok;var d=tr.nextElementSibling;if(d&&d.classList.contains('detail')){d.hidden=!ok||!tr.classList.contains('open');}
              if(ok){n++;}
            });
            document.getElementById('visible-count').textContent=n;
          }
          document.querySelectorAll('input.sev').forEach(function(b){b.addEventListener('change',apply);});
          document.getElementById('kind-filter').addEventListener('change',apply);
          document.getElementById('search').addEventListener('input',apply);
          document.querySelectorAll('tr.finding').forEach(function(tr){tr.addEventListener('click',function(){tr.classList.toggle('open');apply();});});
          apply();
          document.body.dataset.rendered='true';
        })();
        """
}
