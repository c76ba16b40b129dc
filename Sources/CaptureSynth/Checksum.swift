/// The checksums a packet builder must get right for Wireshark to accept its frames.
enum Checksum {
    /// The Internet checksum (RFC 1071): one's complement of the one's-complement sum of 16-bit words.
    static func internet(_ parts: [UInt8]...) -> UInt16 {
        var sum: UInt32 = 0
        for bytes in parts {
            var i = 0
            while i + 1 < bytes.count {
                sum &+= UInt32(bytes[i]) << 8 | UInt32(bytes[i + 1])
                i += 2
            }
            if i < bytes.count { sum &+= UInt32(bytes[i]) << 8 }
        }
        while sum >> 16 != 0 { sum = (sum & 0xFFFF) &+ (sum >> 16) }
        return ~UInt16(sum)
    }

    private static let crcTable: [UInt32] = (0..<256).map { n -> UInt32 in
        var c = UInt32(n)
        for _ in 0..<8 { c = c & 1 != 0 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
        return c
    }

    /// CRC-32 as Ethernet computes it (reflected 0x04C11DB7, initial and final inversion).
    static func crc32(_ parts: [UInt8]...) -> UInt32 {
        var c: UInt32 = 0xFFFF_FFFF
        for bytes in parts {
            for b in bytes { c = crcTable[Int((c ^ UInt32(b)) & 0xFF)] ^ (c >> 8) }
        }
        return ~c
    }
}
