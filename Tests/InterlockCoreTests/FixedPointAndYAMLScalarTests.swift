import Testing

@testable import InterlockCore

/// Fixed-point numbers written straight to bytes, and YAML's plain scalars: what a number reader
/// would take for a number is always quoted.
@Suite struct FixedPointAndYAMLScalarTests {
    /// `k / 10^d` written with `d` decimals is the digits of `k` with a point `d` from the end.
    @Test(arguments: [1, 2, 3] as [UInt64])
    func fixedPointWritesTheScaledInteger(seed: UInt64) {
        var random = SeededGenerator(seed: seed)
        for _ in 0..<5000 {
            let k = Int.random(in: -1_000_000_000_000...1_000_000_000_000, using: &random)
            let d = Int.random(in: 0...6, using: &random)
            var scale = 1
            for _ in 0..<d { scale *= 10 }
            let digits = String(k.magnitude)
            let padded = String(repeating: "0", count: max(0, d + 1 - digits.count)) + digits
            let expected =
                (k < 0 ? "-" : "") + (d == 0 ? padded : padded.dropLast(d) + "." + padded.suffix(d))
            let out = ByteWriter()
            out.write(Double(k) / Double(scale), decimals: d)
            #expect(out.text == expected)
            #expect(Units.fixed(Double(k) / Double(scale), decimals: d) == expected)
        }
    }

    @Test func nonFiniteAndNegativeZero() {
        let out = ByteWriter()
        for v in [Double.nan, .infinity, -.infinity, -0.0004] {
            out.write(v, decimals: 3)
            out.write(byte: UInt8(ascii: " "))
        }
        #expect(out.text == "nan inf -inf 0.000 ")
    }

    /// Strings drawn from digits, signs, points, exponents and the letters of `inf` and `nan`: every
    /// one that `Double` parses, and every reserved word, is written quoted.
    @Test(arguments: [1, 2, 3] as [UInt64])
    func numbersAndReservedWordsAreNeverPlain(seed: UInt64) {
        var random = SeededGenerator(seed: seed)
        let alphabet = Array("0123456789+-.eExXpPiInNfFaAtTyY_: ")
        var parsed = 0
        for _ in 0..<20_000 {
            let s = String(
                (0..<Int.random(in: 1...9, using: &random)).map { _ in alphabet.randomElement(using: &random)! })
            if Double(s) != nil {
                parsed += 1
                #expect(!JSON.isPlainSafe(s), "\(s)")
            }
        }
        for s in ["inf", "-Infinity", "NaN", "nan", "+1", "0x1p3", "1e5", "-.5", " 1", "true", "No", "NULL", "~"] {
            #expect(!JSON.isPlainSafe(s), "\(s)")
        }
        #expect(parsed > 100)
        #expect(JSON.isPlainSafe("information") && JSON.isPlainSafe("nano-pod") && JSON.isPlainSafe("web-1"))
    }
}
