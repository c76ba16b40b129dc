extension PacketDecoder {
    /// Decodes `record` as the one-thread scan does (the common headers first, then the full
    /// decoder); the reason when it is undecodable.
    @inline(__always)
    func decode(record: borrowing CaptureRecord, into packet: inout DecodedPacket) -> UndecodableReason? {
        if decodeCommon(record.bytes, linkType: record.linkType, into: &packet) { return nil }
        if case .undecodable(let reason) = decode(record.bytes, linkType: record.linkType, into: &packet) {
            return reason
        }
        return nil
    }
}
