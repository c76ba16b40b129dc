import InterlockCore
import Testing

@Suite struct HostlistTests {
    @Test func expandsSlurmSyntax() throws {
        #expect(try Hostlist.expand("dgx[0001-0003,0010]") == ["dgx0001", "dgx0002", "dgx0003", "dgx0010"])
        #expect(try Hostlist.expand("a,b[1-2]") == ["a", "b1", "b2"])
        #expect(try Hostlist.expand("r[1-2]-n[01-02]") == ["r1-n01", "r1-n02", "r2-n01", "r2-n02"])
        #expect(try Hostlist.expand("node7") == ["node7"])
        #expect(try Hostlist.expand("n[8-11]") == ["n8", "n9", "n10", "n11"])
    }

    @Test(arguments: ["dgx[1-", "dgx]1[", "dgx[3-1]", "a,,b", "dgx[x]"])
    func rejectsMalformed(_ text: String) {
        #expect(throws: HostlistError.self) { try Hostlist.expand(text) }
    }

    @Test func compressIsInverseOfExpand() throws {
        let names = try Hostlist.expand("dgx[0001-0032,0040],host7,gpu[1-3]")
        let compressed = Hostlist.compress(names)
        #expect(compressed == "dgx[0001-0032,0040],host7,gpu[1-3]")
        #expect(try Hostlist.expand(compressed) == names)
    }
}
