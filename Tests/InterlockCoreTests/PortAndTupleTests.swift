import InterlockCore
import Testing

@Suite struct PortAndTupleTests {
    @Test func portRanges() {
        #expect(PortRange("80")?.description == "80")
        #expect(PortRange("8000-8080")?.count == 81)
        #expect(PortRange("9-8") == nil)
        #expect(PortRange("70000") == nil)
        #expect(PortRange(10, 20).overlaps(PortRange(20, 30)))
        #expect(!PortRange(10, 19).overlaps(PortRange(20, 30)))
    }

    @Test func protocols() {
        #expect(IPProtocol(name: "tcp") == .tcp)
        #expect(IPProtocol(name: "SCTP") == .sctp)
        #expect(IPProtocol(name: "47") == .gre)
        #expect(IPProtocol(name: "bogus") == nil)
        #expect(IPProtocol.udp.description == "UDP")
    }

    @Test func fiveTupleText() throws {
        let t = try #require(FiveTuple("10.0.0.1:49152-10.0.1.1:4791/udp"))
        #expect(t.source.description == "10.0.0.1" && t.sourcePort == 49152)
        #expect(t.destination.description == "10.0.1.1" && t.destinationPort == 4791)
        #expect(t.proto == .udp)
        #expect(t.description == "10.0.0.1:49152-10.0.1.1:4791/UDP")
        let v6 = try #require(FiveTuple("[fd00::1]:1000-[fd00::2]:2000/tcp"))
        #expect(v6.reversed.source.description == "fd00::2")
        #expect(FiveTuple("10.0.0.1:1-10.0.0.2/tcp") == nil)
    }
}
