import InterlockCore
import PropertyBased
import Testing

@testable import FabricACL

@Suite struct ACLClassifierTests {
    func rule(
        _ src: String, _ dst: String, sp: PortRange = .all, dp: PortRange = .all,
        proto: UInt8 = 0, mask: UInt8 = 0
    ) -> ACLRule {
        ACLRule(
            source: IPv4CIDR(src)!, destination: IPv4CIDR(dst)!, sourcePorts: sp, destinationPorts: dp,
            protocolValue: proto, protocolMask: mask)
    }

    func header(_ src: String, _ dst: String, _ sp: UInt16, _ dp: UInt16, _ proto: UInt8) -> PacketHeader {
        PacketHeader(
            source: IPv4Address(src)!.value, destination: IPv4Address(dst)!.value,
            sourcePort: sp, destinationPort: dp, proto: proto)
    }

    @Test func firstMatchWinsOverLaterMoreSpecificRules() {
        let rules = [
            rule("10.0.0.0/8", "0.0.0.0/0", dp: PortRange(2049), proto: 6, mask: 0xFF),
            rule("10.1.0.0/16", "10.2.0.0/16"),
            rule("0.0.0.0/0", "0.0.0.0/0", proto: 17, mask: 0xFF),
        ]
        let c = DecisionTreeClassifier(rules: rules)
        #expect(c.firstMatch(header("10.1.2.3", "10.2.0.1", 999, 2049, 6)) == 0)
        #expect(c.firstMatch(header("10.1.2.3", "10.2.0.1", 999, 2050, 6)) == 1)
        #expect(c.firstMatch(header("11.0.0.1", "10.2.0.1", 999, 2050, 17)) == 2)
        #expect(c.firstMatch(header("11.0.0.1", "10.2.0.1", 999, 2050, 6)) == -1)
    }

    @Test func boundariesOfPrefixesAndPortRanges() {
        let rules = [rule("10.0.0.0/24", "0.0.0.0/0", sp: PortRange(1000, 2000))]
        let c = DecisionTreeClassifier(rules: rules)
        #expect(c.firstMatch(header("10.0.0.0", "1.1.1.1", 1000, 1, 6)) == 0)
        #expect(c.firstMatch(header("10.0.0.255", "1.1.1.1", 2000, 1, 6)) == 0)
        #expect(c.firstMatch(header("9.255.255.255", "1.1.1.1", 1500, 1, 6)) == -1)
        #expect(c.firstMatch(header("10.0.1.0", "1.1.1.1", 1500, 1, 6)) == -1)
        #expect(c.firstMatch(header("10.0.0.1", "1.1.1.1", 999, 1, 6)) == -1)
        #expect(c.firstMatch(header("10.0.0.1", "1.1.1.1", 2001, 1, 6)) == -1)
    }

    @Test func extremesOfTheAddressAndPortSpaces() {
        let rules = [
            rule("255.255.255.255/32", "0.0.0.0/32", sp: PortRange(65535), dp: PortRange(0), proto: 255, mask: 0xFF)
        ]
        let c = DecisionTreeClassifier(rules: rules)
        #expect(c.firstMatch(header("255.255.255.255", "0.0.0.0", 65535, 0, 255)) == 0)
        #expect(c.firstMatch(header("255.255.255.254", "0.0.0.0", 65535, 0, 255)) == -1)
    }

    @Test func emptyRuleListMatchesNothing() {
        #expect(DecisionTreeClassifier(rules: []).firstMatch(header("1.2.3.4", "5.6.7.8", 1, 2, 6)) == -1)
    }

    @Test func manyRulesCrossWordBoundaries() {
        // 200 disjoint /32 rules then a catch-all: rule i must win for its own address.
        var rules = (0..<200).map { rule("10.0.0.\($0)/32", "0.0.0.0/0") }
        rules.append(rule("0.0.0.0/0", "0.0.0.0/0"))
        let c = DecisionTreeClassifier(rules: rules)
        for i in [0, 63, 64, 127, 128, 199] {
            #expect(c.firstMatch(header("10.0.0.\(i)", "8.8.8.8", 1, 1, 6)) == i)
        }
        #expect(c.firstMatch(header("10.0.0.250", "8.8.8.8", 1, 1, 6)) == 200)
    }

    @Test func widePartitionsKeepFirstMatchOrder() {
        // The four rules fall in the four partitions (narrow/wide source × destination); the lookup
        // must still return the lowest matching index across them.
        let rules = [
            rule("10.0.0.0/24", "10.1.0.0/24", dp: PortRange(80)),
            rule("0.0.0.0/0", "0.0.0.0/0", dp: PortRange(443)),
            rule("10.0.0.0/24", "0.0.0.0/0"),
            rule("0.0.0.0/0", "10.1.0.0/24"),
        ]
        let c = DecisionTreeClassifier(rules: rules)
        #expect(c.treeCount == 4)
        #expect(c.firstMatch(header("10.0.0.1", "10.1.0.1", 1, 80, 6)) == 0)
        #expect(c.firstMatch(header("10.0.0.1", "10.1.0.1", 1, 443, 6)) == 1)
        #expect(c.firstMatch(header("10.0.0.1", "10.1.0.1", 1, 22, 6)) == 2)
        #expect(c.firstMatch(header("10.9.0.1", "10.1.0.1", 1, 22, 6)) == 3)
    }

    /// `acl synth-trace` writes headers one by one as drawn: the same sequence as `headers(count:)`.
    @Test func headersDrawnOneByOneMatchTheBatch() {
        var batch = ACLGenerator(seed: 7)
        var single = ACLGenerator(seed: 7)
        let rules = batch.rules(count: 50)
        _ = single.rules(count: 50)
        #expect(batch.headers(count: 500, for: rules) == (0..<500).map { _ in single.header(for: rules) })
    }

    @Test(arguments: [1, 2, 4, 64])
    func leafSizeDoesNotChangeAnswers(leafSize: Int) {
        var generator = ACLGenerator(seed: 99)
        let rules = generator.rules(count: 300)
        let tree = DecisionTreeClassifier(rules: rules, leafSize: leafSize)
        let reference = LinearClassifier(rules: rules)
        for h in generator.headers(count: 3000, for: rules) {
            #expect(tree.firstMatch(h) == reference.firstMatch(h))
        }
    }

    /// The compiled classifier agrees with the linear scan on generated rule sets and traces.
    @Test func agreesWithLinearScan() async {
        await propertyCheck(count: 40, input: Gen.int(in: 1...400), Gen.int(in: 0...Int(Int32.max))) { size, seed in
            var generator = ACLGenerator(seed: UInt64(seed))
            let rules = generator.rules(count: size)
            let headers = generator.headers(count: 500, for: rules)
            let fast = DecisionTreeClassifier(rules: rules)
            let reference = LinearClassifier(rules: rules)
            for h in headers {
                #expect(fast.firstMatch(h) == reference.firstMatch(h), "rules \(size) seed \(seed) header \(h)")
            }
        }
    }

    /// Regression seeds: kept whenever a generated case once disagreed or is otherwise instructive.
    @Test(arguments: [(UInt64(1), 1), (7, 64), (42, 65), (2024, 129)])
    func agreesOnKeptSeeds(seed: UInt64, size: Int) {
        var generator = ACLGenerator(seed: seed)
        let rules = generator.rules(count: size)
        let fast = DecisionTreeClassifier(rules: rules)
        let reference = LinearClassifier(rules: rules)
        for h in generator.headers(count: 2000, for: rules) {
            #expect(fast.firstMatch(h) == reference.firstMatch(h))
        }
    }
}
