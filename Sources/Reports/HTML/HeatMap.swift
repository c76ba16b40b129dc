/// A zone-to-zone matrix for the HTML report: member pairs, how many reach each other, how many
/// break a rule.
public struct HeatMap: Sendable {
    /// One (source zone, destination zone) cell of the matrix.
    public struct Cell: Sendable {
        /// Member pairs the two zones have on a common view.
        public var pairs: Int
        /// Pairs with at least one allowed connection.
        public var reachable: Int
        /// Pairs whose connectivity breaks an intent.
        public var violating: Int
        /// A cell's counts, `reachable` and `violating` each at most `pairs`.
        public init(pairs: Int, reachable: Int, violating: Int) {
            self.pairs = pairs
            self.reachable = reachable
            self.violating = violating
        }
    }

    /// The zone names, in the order of both rows and columns.
    public var zones: [String]
    /// `cells[source][destination]`.
    public var cells: [[Cell]]

    /// A matrix of `zones.count` rows of `zones.count` cells each.
    public init(zones: [String], cells: [[Cell]]) {
        self.zones = zones
        self.cells = cells
    }

    /// The matrix as an HTML table: rows are sources, columns destinations, each cell shaded by the
    /// share of member pairs that reach each other and outlined when some break a rule.
    var html: String {
        guard !zones.isEmpty else { return "<p class=\"empty\">No zone has members.</p>" }
        var out =
            "<div class=\"heat-wrap\"><table class=\"heat\" id=\"zone-matrix\"><thead><tr><th class=\"corner\">from \\ to</th>"
        for z in zones { out += "<th class=\"col\"><div><span>\(z.html)</span></div></th>" }
        out += "</tr></thead><tbody>"
        for (i, row) in cells.enumerated() {
            out += "<tr><th class=\"row\">\(zones[i].html)</th>"
            for (j, c) in row.enumerated() {
                let tip =
                    "\(zones[i]) → \(zones[j]): "
                    + (c.pairs == 0
                        ? "no member pairs on a common view"
                        : "\(c.reachable) of \(c.pairs) member pairs reach"
                            + (c.violating > 0 ? ", \(c.violating) break a rule" : ""))
                if c.pairs == 0 {
                    out += "<td class=\"none\" title=\"\(tip.html)\"></td>"
                    continue
                }
                let f = Double(c.reachable) / Double(c.pairs)
                let light = 97 - Int((f * 55).rounded())
                let text = f == 0 ? "0" : f == 1 ? "all" : "\(Int((f * 100).rounded()))%"
                out +=
                    "<td class=\"\(c.violating > 0 ? "bad" : "ok")\" style=\"background:hsl(212,70%,\(light)%);color:\(light < 60 ? "#fff" : "#1b2430")\" title=\"\(tip.html)\" data-pairs=\"\(c.pairs)\" data-reachable=\"\(c.reachable)\" data-violating=\"\(c.violating)\">\(text)</td>"
            }
            out += "</tr>"
        }
        out += "</tbody></table></div>"
        return out
    }
}
