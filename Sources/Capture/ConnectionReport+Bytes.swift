import InterlockCore

extension ConnectionReport {
    /// Writes `json(c)` to `out` where a value goes, byte for byte as the `JSON` value serializes.
    static func write(json c: Connection, to out: ByteWriter) {
        out.objectStart()
        out.field("id", c.id)
        out.field("protocol", c.proto.description)
        out.field("initiator", c.initiatorAddress.description)
        out.field("initiatorPort", Int(c.initiatorPort))
        out.field("responder", c.responderAddress.description)
        out.field("responderPort", Int(c.responderPort))
        out.field("vlan", c.vlan == 0 ? nil : Int(c.vlan))
        if c.innerVLAN != 0 { out.field("innerVlan", Int(c.innerVLAN)) }
        if c.tunnel != .none {
            out.key("tunnel")
            out.objectStart()
            out.field("kind", c.tunnel.description)
            out.field("id", Int(c.tunnelID))
            out.field("outerConnection", c.outerConnection)
            out.objectEnd()
        }
        out.field("direction", c.direction.description)
        out.key("directionInferred")
        out.jsonBool(c.direction == .inferred)
        writePair("packets", Int(c.packetsFromInitiator), Int(c.packetsFromResponder), to: out)
        writePair("bytes", Int(c.bytesFromInitiator), Int(c.bytesFromResponder), to: out)
        writeTimestamp("firstTimestamp", c.firstTimestamp, to: out)
        writeTimestamp("lastTimestamp", c.lastTimestamp, to: out)
        out.field("durationNs", Int(c.lastTimestamp - c.firstTimestamp))
        out.field("firstPacket", c.firstPacket)
        out.field("lastPacket", c.lastPacket)
        out.key("firstFrame")
        out.objectStart()
        out.field("file", c.firstFile)
        out.field("frame", c.firstFrame)
        out.objectEnd()
        if c.laterFragments > 0 { out.field("laterFragments", Int(c.laterFragments)) }
        if c.truncatedPackets > 0 { out.field("truncatedPackets", Int(c.truncatedPackets)) }
        if c.proto == .tcp { out.field("tcpState", c.tcp.summary) }
        if let r = c.roce {
            out.key("roce")
            out.json(json(r))
        }
        out.field("communityId", c.communityID)
        out.objectEnd()
    }

    /// `"name": {"fromInitiator": a, "fromResponder": b}`.
    private static func writePair(_ name: String, _ a: Int, _ b: Int, to out: ByteWriter) {
        out.key(name)
        out.objectStart()
        out.field("fromInitiator", a)
        out.field("fromResponder", b)
        out.objectEnd()
    }

    private static func writeTimestamp(_ name: String, _ ns: Int64, to out: ByteWriter) {
        out.key(name)
        out.write(byte: UInt8(ascii: "\""))
        Timestamp.write(rfc3339: ns, to: out)
        out.write(byte: UInt8(ascii: "\""))
    }
}
