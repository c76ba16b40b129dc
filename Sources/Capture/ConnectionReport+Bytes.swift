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
        writePair(
            "packets", c.packetsFromInitiator, c.packetsFromResponder, known: c.flowLog?.packetsKnown ?? true, to: out)
        writePair("bytes", c.bytesFromInitiator, c.bytesFromResponder, known: c.flowLog?.bytesKnown ?? true, to: out)
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
        if c.proto == .tcp && c.flowLog == nil { out.field("tcpState", c.tcp.summary) }
        if let r = c.roce {
            out.key("roce")
            out.json(json(r))
        }
        if let log = c.flowLog {
            out.key("flowLog")
            out.json(json(log))
        }
        out.field("communityId", c.communityID)
        out.objectEnd()
    }

    /// `"name": {"fromInitiator": a, "fromResponder": b}`, each the string `unknown` when the log does not
    /// count them (as `counts(_:_:known:)`).
    private static func writePair(_ name: String, _ a: UInt64, _ b: UInt64, known: Bool, to out: ByteWriter) {
        out.key(name)
        out.objectStart()
        if known {
            out.field("fromInitiator", Int(a))
            out.field("fromResponder", Int(b))
        } else {
            out.field("fromInitiator", CountField.unknown)
            out.field("fromResponder", CountField.unknown)
        }
        out.objectEnd()
    }

    private static func writeTimestamp(_ name: String, _ ns: Int64, to out: ByteWriter) {
        out.key(name)
        out.write(byte: UInt8(ascii: "\""))
        Timestamp.write(rfc3339: ns, to: out)
        out.write(byte: UInt8(ascii: "\""))
    }
}
