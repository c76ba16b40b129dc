extension PacketDecoder {
    /// An IEEE 802.11 MAC header (IEEE 802.11-2020 9.2.4) and the LLC/SNAP header of its body.
    ///
    /// Frame control (little-endian): protocol version 0, type 2 (data) only: management and
    /// control frames, and data subtypes with no body (null, CF-ack/poll), are not IP. The header
    /// is 24 bytes, 30 with four addresses (to and from DS), plus the QoS control field (2) for QoS
    /// subtypes and the HT control field (4) when a QoS frame sets +HTC (the Order bit). A protected
    /// frame's body is encrypted. An A-MSDU (QoS control bit 7) is read through its first subframe
    /// (destination, source, length, then LLC/SNAP).
    func ieee80211(_ b: PacketBytes, _ offset: inout Int, _ etherType: inout UInt16) -> DecodeOutcome {
        guard let fc0 = b.u8(offset), let fc1 = b.u8(offset + 1) else { return .undecodable(.truncated) }
        guard fc0 & 0x03 == 0 else { return .undecodable(.badLinkHeader) }
        let type = (fc0 >> 2) & 0x03
        let subtype = fc0 >> 4
        guard type == 2, subtype & 0x04 == 0 else { return .undecodable(.nonIP) }
        let qos = subtype & 0x08 != 0
        var header = fc1 & 0x03 == 0x03 ? 30 : 24
        var aggregate = false
        if qos {
            guard let qosControl = b.u8(offset + header) else { return .undecodable(.truncated) }
            aggregate = qosControl & 0x80 != 0
            header += 2
            if fc1 & 0x80 != 0 { header += 4 }
        }
        guard b.contains(offset, header) else { return .undecodable(.truncated) }
        guard fc1 & 0x40 == 0 else { return .undecodable(.encrypted) }
        offset += header
        if aggregate {
            guard b.contains(offset, 14) else { return .undecodable(.truncated) }
            offset += 14
        }
        return llc(b, &offset, &etherType)
    }
}
