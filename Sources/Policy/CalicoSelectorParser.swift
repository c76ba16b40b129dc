/// A syntax error in a Calico selector: what was expected, and the 1-based character where.
public struct CalicoSelectorError: Error, Hashable, Sendable, CustomStringConvertible {
    /// 1-based position in the selector text (one past its end for an early end).
    public var position: Int
    /// What went wrong.
    public var message: String

    /// `at character 7: expected '}'`.
    public var description: String { "at character \(position): \(message)" }
}

/// A recursive-descent parser of Calico's selector grammar
/// (https://docs.tigera.io/calico/latest/reference/resources/networkpolicy#selectors):
///
///     or      := and ('||' and)*
///     and     := unary ('&&' unary)*
///     unary   := '!' unary | '(' or ')' | 'all()' | 'global()' | 'has(' key ')' | key op
///     op      := ('==' | '!=' | 'contains' | 'starts with' | 'ends with') string
///              | ['not'] 'in' '{' [string (',' string)*] '}'
///
/// Strings are in single or double quotes; keys are label keys (letters, digits, `_ . / -`). An empty
/// (or blank) selector is `all()`, as Calico reads an omitted `selector`.
public struct CalicoSelectorParser {
    private let text: [Character]
    private var index = 0

    /// Parses `text`.
    ///
    /// - Throws: `CalicoSelectorError` at the first character that does not fit the grammar.
    public static func parse(_ text: String) throws(CalicoSelectorError) -> CalicoSelector {
        var parser = CalicoSelectorParser(text: Array(text))
        parser.skipSpace()
        if parser.atEnd { return .all }
        let expression = try parser.orExpression()
        parser.skipSpace()
        guard parser.atEnd else { throw parser.failure("expected '&&', '||' or the end of the selector") }
        return expression
    }

    private var atEnd: Bool { index >= text.count }

    private func failure(_ message: String) -> CalicoSelectorError {
        let found = atEnd ? "the end" : "'\(text[index])'"
        return CalicoSelectorError(position: index + 1, message: "\(message), found \(found)")
    }

    private mutating func skipSpace() {
        while !atEnd, text[index].isWhitespace { index += 1 }
    }

    /// Consumes `token` (after blanks) when the text continues with it; a word must end there.
    private mutating func take(_ token: String) -> Bool {
        skipSpace()
        let chars = Array(token)
        guard index + chars.count <= text.count, Array(text[index..<index + chars.count]) == chars else {
            return false
        }
        let end = index + chars.count
        if chars.last.map(Self.isKeyCharacter) == true, end < text.count, Self.isKeyCharacter(text[end]) {
            return false
        }
        index = end
        return true
    }

    private mutating func expect(_ token: String) throws(CalicoSelectorError) {
        guard take(token) else { throw failure("expected '\(token)'") }
    }

    private static func isKeyCharacter(_ c: Character) -> Bool {
        c.isLetter || c.isNumber || c == "_" || c == "." || c == "/" || c == "-"
    }

    private mutating func orExpression() throws(CalicoSelectorError) -> CalicoSelector {
        var left = try andExpression()
        while take("||") { left = .or(left, try andExpression()) }
        return left
    }

    private mutating func andExpression() throws(CalicoSelectorError) -> CalicoSelector {
        var left = try unary()
        while take("&&") { left = .and(left, try unary()) }
        return left
    }

    private mutating func unary() throws(CalicoSelectorError) -> CalicoSelector {
        if take("!") { return .not(try unary()) }
        if take("(") {
            let inner = try orExpression()
            try expect(")")
            return inner
        }
        skipSpace()
        let start = index
        let key = try self.key()
        guard take("(") else { return try comparison(key) }
        switch key {
        case "all", "global":
            try expect(")")
            return key == "all" ? .all : .global
        case "has":
            let inner = try self.key()
            try expect(")")
            return .has(inner)
        default:
            throw CalicoSelectorError(
                position: start + 1, message: "unknown function '\(key)()' (expected all(), global() or has())")
        }
    }

    private mutating func comparison(_ key: String) throws(CalicoSelectorError) -> CalicoSelector {
        if take("==") { return .equals(key, try string()) }
        if take("!=") { return .notEquals(key, try string()) }
        if take("contains") { return .contains(key, try string()) }
        if take("starts") {
            try expect("with")
            return .startsWith(key, try string())
        }
        if take("ends") {
            try expect("with")
            return .endsWith(key, try string())
        }
        if take("not") {
            try expect("in")
            return .notIn(key, try stringSet())
        }
        if take("in") { return .isIn(key, try stringSet()) }
        throw failure("expected an operator after '\(key)' (==, !=, in, not in, contains, starts with, ends with)")
    }

    private mutating func key() throws(CalicoSelectorError) -> String {
        skipSpace()
        let start = index
        while !atEnd, Self.isKeyCharacter(text[index]) { index += 1 }
        guard index > start else { throw failure("expected a label key") }
        return String(text[start..<index])
    }

    private mutating func string() throws(CalicoSelectorError) -> String {
        skipSpace()
        guard !atEnd, text[index] == "'" || text[index] == "\"" else { throw failure("expected a quoted string") }
        let quote = text[index]
        let start = index
        index += 1
        while !atEnd, text[index] != quote { index += 1 }
        guard !atEnd else {
            index = start
            throw failure("unterminated string")
        }
        index += 1
        return String(text[start + 1..<index - 1])
    }

    private mutating func stringSet() throws(CalicoSelectorError) -> [String] {
        try expect("{")
        var values: [String] = []
        if take("}") { return values }
        repeat { values.append(try string()) } while take(",")
        try expect("}")
        return values.sorted()
    }
}
