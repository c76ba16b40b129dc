import Testing

@testable import FabricACL

/// Decimal numbers and dotted quads written as bytes read as Swift's own `String` formatting does.
@Suite struct ByteTextTests {
    @Test(arguments: [0, 9, 10, 99, 100, 65535, 4_294_967_295, 10_000_000_000_000_000_000, UInt64.max])
    func unsignedDecimals(_ value: UInt64) {
        var bytes: [UInt8] = []
        bytes.appendDecimal(value)
        #expect(String(decoding: bytes, as: UTF8.self) == String(value))
    }

    @Test(arguments: [Int.min, -1, 0, 1, Int.max])
    func signedDecimals(_ value: Int) {
        var bytes = Array("x".utf8)
        bytes.appendDecimal(value)
        #expect(String(decoding: bytes, as: UTF8.self) == "x\(value)")
    }

    @Test func dottedQuads() {
        for (value, text) in [(0, "0.0.0.0"), (0xFFFF_FFFF, "255.255.255.255"), (0x0A00_1064, "10.0.16.100")] {
            var bytes: [UInt8] = []
            bytes.appendDottedQuad(UInt32(value))
            #expect(String(decoding: bytes, as: UTF8.self) == text)
        }
    }
}
