import InterlockCore

extension ACLMatchReport {
    /// The lines of a report written at a pointer: numbers and addresses by `ByteText`, and what
    /// lines repeat (the text of each protocol, what ends the line of each rule, the JSON form's
    /// literal pieces) copied from tables made once, so that millions of lines cost no `String` and
    /// no call per field.
    final class Lines: Sendable {
        let format: Format
        private let text = ByteText()
        /// Per protocol number: its column (text: the name padded; tsv: the number and a tab; json:
        /// the number).
        private let protocols: ByteStrings
        /// Per answer, at `index + 1`: what ends its line (text: the action padded, the index, a line
        /// feed; tsv: the index, a line feed; json: the action and the index, the object closed).
        private let endings: ByteStrings
        /// The JSON form's literal pieces, in line order (the first for the first line only).
        private let literals: ByteStrings
        /// The longest line.
        let longest: Int
        /// Where the text form's columns start: addresses (at most 15 bytes) and ports (at most 5)
        /// fill their columns' widths, so the first five columns are at fixed offsets.
        private let columns: (Int, Int, Int, Int)

        init(acl: ACL, format: Format) {
            self.format = format
            let names = (0...255).map { IPProtocol(rawValue: UInt8($0)).description }
            let answers =
                [(-1, "default-\(acl.defaultAction.rawValue)", acl.defaultAction.rawValue)]
                + acl.rules.enumerated().map { ($0.offset, $0.element.action.rawValue, $0.element.action.rawValue) }
            switch format {
            case .text:
                protocols = ByteStrings(names.map { Array(Lines.padded($0, to: ACLMatchReport.widths[4]).utf8) })
                endings = ByteStrings(
                    answers.map { Array((Lines.padded($0.1, to: ACLMatchReport.widths[5]) + "\($0.0)\n").utf8) })
            case .tsv:
                protocols = ByteStrings((0...255).map { Array("\($0)\t".utf8) })
                endings = ByteStrings(answers.map { Array("\($0.0)\n".utf8) })
            case .json:
                protocols = ByteStrings((0...255).map { Array("\($0)".utf8) })
                endings = ByteStrings(answers.map { Array(#","action":"\#($0.2)","rule":\#($0.0)}"#.utf8) })
            }
            literals = ByteStrings(
                [
                    "\n  {\"source\":\"", ",\n  {\"source\":\"", "\",\"destination\":\"", "\",\"sourcePort\":",
                    ",\"destinationPort\":", ",\"protocol\":",
                ].map { Array($0.utf8) })
            let w = ACLMatchReport.widths.map { $0 + 2 }
            columns = (w[0], w[0] + w[1], w[0] + w[1] + w[2], w[0] + w[1] + w[2] + w[3])
            // Addresses and ports at their widest, the widest protocol column and ending, the literals.
            longest = 2 * 15 + 2 * 10 + 4 * 2 + literals.longest * 5 + protocols.longest + endings.longest
        }

        /// `cell` and the spaces after it in the text form's column of `width`.
        static func padded(_ cell: String, to width: Int) -> String {
            cell + String(repeating: " ", count: max(0, width - cell.count) + 2)
        }

        /// Stores the line of header `h`, answered `index`, the `number`th of the report, at `p`
        /// (with `ByteText.slack` bytes of room after `longest`); returns its length.
        @inline(__always)
        func write(_ h: PacketHeader, rule index: Int, number: Int, at p: UnsafeMutablePointer<UInt8>) -> Int {
            switch format {
            case .text:
                let c = columns
                ByteText.spaces16(at: p + text.dottedQuad(h.source, at: p))
                ByteText.spaces16(at: p + c.0 + text.dottedQuad(h.destination, at: p + c.0))
                ByteText.spaces16(at: p + c.1 + text.decimal(UInt32(h.sourcePort), at: p + c.1))
                ByteText.spaces16(at: p + c.2 + text.decimal(UInt32(h.destinationPort), at: p + c.2))
                var at = c.3
                at += protocols.copy(Int(h.proto), to: p + at)
                return at + endings.copy(index + 1, to: p + at)
            case .tsv:
                var at = text.decimal(h.source, at: p)
                p[at] = 0x09
                at += 1
                at += text.decimal(h.destination, at: p + at)
                p[at] = 0x09
                at += 1
                at += text.decimal(UInt32(h.sourcePort), at: p + at)
                p[at] = 0x09
                at += 1
                at += text.decimal(UInt32(h.destinationPort), at: p + at)
                p[at] = 0x09
                at += 1
                at += protocols.copy(Int(h.proto), to: p + at)
                return at + endings.copy(index + 1, to: p + at)
            case .json:
                var at = literals.copy(number == 0 ? 0 : 1, to: p)
                at += text.dottedQuad(h.source, at: p + at)
                at += literals.copy(2, to: p + at)
                at += text.dottedQuad(h.destination, at: p + at)
                at += literals.copy(3, to: p + at)
                at += text.decimal(UInt32(h.sourcePort), at: p + at)
                at += literals.copy(4, to: p + at)
                at += text.decimal(UInt32(h.destinationPort), at: p + at)
                at += literals.copy(5, to: p + at)
                at += protocols.copy(Int(h.proto), to: p + at)
                return at + endings.copy(index + 1, to: p + at)
            }
        }
    }
}
