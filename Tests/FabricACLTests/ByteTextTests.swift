import Testing

@testable import FabricACL

/// Decimal numbers, dotted quads and table strings stored at a pointer read as Swift's own `String`
/// formatting does, and their spills stay within `ByteText.slack`.
@Suite struct ByteTextTests {
    /// `body` writing into a buffer filled with `0xAA` and `slack` bytes of room, with the text written.
    func stored(_ body: (UnsafeMutablePointer<UInt8>) -> Int) -> String {
        var buffer = [UInt8](repeating: 0xAA, count: 64 + ByteText.slack)
        let count = buffer.withUnsafeMutableBufferPointer { body($0.baseAddress!) }
        #expect(buffer[(count + ByteText.slack)...].allSatisfy { $0 == 0xAA }, "a store spilled past the slack")
        return String(decoding: buffer[..<count], as: UTF8.self)
    }

    /// Every digit count, both sides of each power of ten, and the extremes.
    @Test func decimals() {
        let text = ByteText()
        var values: [UInt32] = [0, UInt32.max, UInt32.max - 1]
        var power: UInt64 = 1
        while power <= UInt64(UInt32.max) {
            values += [UInt32(power), UInt32(power - 1), UInt32(min(UInt64(UInt32.max), power + 1))]
            power *= 10
        }
        for v in values {
            #expect(stored { text.decimal(v, at: $0) } == String(v))
            #expect(ByteText.digitCount(v) == String(v).count)
        }
    }

    /// Every octet value in every position of a quad.
    @Test func dottedQuads() {
        let text = ByteText()
        for octet in UInt32(0)...255 {
            for shift: UInt32 in [0, 8, 16, 24] {
                let v = (0x0A01_0203 & ~(0xFF << shift)) | octet << shift
                let expected = [24, 16, 8, 0].map { String(v >> UInt32($0) & 0xFF) }.joined(separator: ".")
                #expect(stored { text.dottedQuad(v, at: $0) } == expected)
            }
        }
        #expect(stored { text.dottedQuad(.max, at: $0) } == "255.255.255.255")
    }

    /// Strings of every length up to two words come back whole, each at its index.
    @Test func tableStrings() {
        let strings = (0...17).map { String(repeating: "x", count: $0) + "." }
        let table = ByteStrings(strings.map { Array($0.utf8) })
        #expect(table.longest == 18)
        for (i, s) in strings.enumerated() { #expect(stored { table.copy(i, to: $0) } == s) }
    }
}
