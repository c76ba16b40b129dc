import Testing

@testable import Policy

/// Calico's selector language, case by case from the operator table of Calico's policy reference
/// (https://docs.tigera.io/calico/latest/reference/resources/networkpolicy#selectors), with the
/// matches the table states for each operator.
@Suite struct CalicoSelectorTests {
    let redFront: [String: String] = ["color": "red", "role": "frontend", "app": "web-server"]
    let blueBack: [String: String] = ["color": "blue", "role": "backend"]
    let bare: [String: String] = [:]

    func matches(_ text: String, _ labels: [String: String], global: Bool = false) throws -> Bool {
        try CalicoSelectorParser.parse(text).matches(labels, isGlobal: global)
    }

    @Test func equalityNeedsTheLabel() throws {
        #expect(try matches("color == 'red'", redFront))
        #expect(try !matches("color == 'red'", blueBack))
        #expect(try !matches("color == 'red'", bare))
        #expect(try matches("color == \"blue\"", blueBack))
    }

    /// "k != 'v': matches resources without label k or with label k and a value not equal to v".
    @Test func inequalityMatchesWithoutTheLabel() throws {
        #expect(try !matches("color != 'red'", redFront))
        #expect(try matches("color != 'red'", blueBack))
        #expect(try matches("color != 'red'", bare))
    }

    @Test func setMembership() throws {
        #expect(try matches("color in {'red', 'green'}", redFront))
        #expect(try !matches("color in {'red', 'green'}", blueBack))
        #expect(try !matches("color in {'red'}", bare))
        #expect(try !matches("color in {}", redFront))
        #expect(try !matches("color not in {'red', 'green'}", redFront))
        #expect(try matches("color not in {'red', 'green'}", blueBack))
        #expect(try matches("color not in {'red'}", bare))
    }

    @Test func hasAndNegation() throws {
        #expect(try matches("has(role)", blueBack))
        #expect(try !matches("has(role)", bare))
        #expect(try matches("!has(role)", bare))
        #expect(try matches("!(color == 'red')", blueBack))
    }

    @Test func stringOperatorsNeedTheLabel() throws {
        #expect(try matches("app contains 'serv'", redFront))
        #expect(try matches("app starts with 'web'", redFront))
        #expect(try matches("app ends with 'server'", redFront))
        #expect(try !matches("app ends with 'web'", redFront))
        #expect(try !matches("app contains ''", blueBack))
    }

    /// `all()` matches every in-scope resource, `!all()` none; `global()` only non-namespaced ones.
    @Test func allAndGlobal() throws {
        #expect(try matches("all()", bare))
        #expect(try !matches("!all()", redFront))
        #expect(try !matches("global()", redFront))
        #expect(try matches("global()", bare, global: true))
        #expect(try matches("", redFront))
        #expect(try matches("   ", bare))
    }

    /// `&&` binds tighter than `||`; parentheses regroup.
    @Test func precedence() throws {
        let loose = "color == 'blue' || color == 'red' && role == 'backend'"
        #expect(try matches(loose, blueBack))
        #expect(try !matches(loose, redFront))
        #expect(try !matches("(color == 'blue' || color == 'red') && role == 'backend'", redFront))
        #expect(try matches("(color == 'blue' || color == 'red') && role == 'frontend'", redFront))
        #expect(try !matches("!has(color) || color == 'blue' && !has(role)", blueBack))
    }

    /// The documentation's own examples: namespace and service-account selection by the automatic labels.
    @Test func documentedExamples() throws {
        let ns = ["projectcalico.org/name": "foo"]
        #expect(try matches("projectcalico.org/name in {\"foo\", \"bar\"}", ns))
        #expect(try !matches("projectcalico.org/name == \"baz\"", ns))
        #expect(try matches("role == 'frontend' && has(app)", redFront))
    }

    @Test func printsBackInItsOwnSyntax() throws {
        let text = "(a == 'x' || !has(b)) && c not in {'p', 'q'} && d starts with 'z'"
        let parsed = try CalicoSelectorParser.parse(text)
        #expect(try CalicoSelectorParser.parse(parsed.description) == parsed)
        #expect(parsed.keys == ["a", "b", "c", "d"])
    }

    /// Errors name the 1-based character at which the text stops fitting the grammar.
    @Test(arguments: [
        ("color == red", 10, "expected a quoted string"),
        ("color = 'red'", 7, "expected an operator"),
        ("color in {'a' 'b'}", 15, "expected '}'"),
        ("(a == 'x'", 10, "expected ')'"),
        ("a == 'x' &&", 12, "expected a label key"),
        ("a == 'x' b", 10, "expected '&&', '||' or the end"),
        ("a == 'x", 6, "unterminated string"),
        ("has(a", 6, "expected ')'"),
        ("starts(a)", 1, "unknown function 'starts()'"),
        ("a starts 'x'", 10, "expected 'with'"),
    ])
    func errorPositions(text: String, position: Int, message: String) {
        #expect {
            _ = try CalicoSelectorParser.parse(text)
        } throws: { error in
            guard let e = error as? CalicoSelectorError else { return false }
            return e.position == position && e.message.hasPrefix(message)
        }
    }
}
