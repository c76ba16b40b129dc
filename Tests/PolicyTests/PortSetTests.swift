import InterlockCore
import Testing

@testable import Policy

@Suite struct PortSetTests {
    @Test func canonicalFormMergesOverlapsAndNeighbours() {
        let s = PortSet([PortRange(10, 20), PortRange(21, 25), PortRange(5, 12), PortRange(100)])
        #expect(s.description == "5-25,100")
        #expect(PortSet([PortRange(0, 3)]).description == "1-3", "port 0 is outside the policy domain")
    }

    @Test func algebra() {
        let a = PortSet([PortRange(1, 100)])
        let b = PortSet([PortRange(50, 60), PortRange(90, 200)])
        #expect(a.subtracting(b).description == "1-49,61-89")
        #expect(a.intersection(b).description == "50-60,90-100")
        #expect(a.union(b).description == "1-200")
        #expect(PortSet.all.subtracting(PortSet(port: 8080)).description == "1-8079,8081-65535")
        #expect(b.contains(55) && !b.contains(61) && b.contains(200) && !b.contains(1))
        #expect(PortSet.all.count == 65535)
    }

    @Test func connectionStringsAreNetpolAnalyzers() {
        #expect(ConnectionSet.all.description == "All Connections")
        #expect(ConnectionSet.none.description == "No Connections")
        let c = ConnectionSet(sctp: .empty, tcp: PortSet.all.subtracting(PortSet(port: 8080)), udp: PortSet(port: 53))
        #expect(c.description == "TCP 1-8079,8081-65535,UDP 53")
        #expect(ConnectionSet(sctp: PortSet(port: 9), tcp: .all, udp: .empty).description == "SCTP 9,TCP 1-65535")
    }

    @Test func externalSpaceIsCutAtEveryBoundary() {
        let atoms = ExternalSpace.atoms(cutAt: [CIDR("10.0.0.0/8")!, CIDR("10.1.0.0/16")!])
        #expect(
            atoms.map(\.description) == [
                "0.0.0.0-9.255.255.255", "10.0.0.0-10.0.255.255", "10.1.0.0-10.1.255.255",
                "10.2.0.0-10.255.255.255", "11.0.0.0-255.255.255.255",
            ])
        #expect(ExternalSpace.atoms(cutAt: []).map(\.description) == ["0.0.0.0-255.255.255.255"])
        #expect(ExternalSpace.atoms(cutAt: [CIDR("0.0.0.0/0")!]).count == 1)
        let v6 = ExternalSpace.atoms(cutAt: [CIDR("fd00::/8")!]).filter { $0.first.version == 6 }
        #expect(
            v6.map(\.description) == [
                "::-fcff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", "fd00::-fdff:ffff:ffff:ffff:ffff:ffff:ffff:ffff",
                "fe00::-ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff",
            ])
    }

    @Test(
        arguments: [
            ("app=web", ["app": "web"], true), ("app=web", ["app": "db"], false),
            ("tier in (a,b)", ["tier": "b"], true), ("tier notin (a,b)", [:], true),
            ("tier notin (a,b)", ["tier": "a"], false),
            ("gpu", ["gpu": ""], true), ("!gpu", ["gpu": "x"], false), ("{}", [:], true),
        ] as [(String, [String: String], Bool)])
    func selectorRequirements(_ text: String, _ labels: [String: String], _ expected: Bool) {
        // "Valid operators are In, NotIn, Exists and DoesNotExist"; NotIn matches objects without the key.
        let selectors: [String: LabelSelector] = [
            "app=web": LabelSelector(matchLabels: ["app": "web"]),
            "tier in (a,b)": LabelSelector(requirements: [.init(key: "tier", op: .in, values: ["b", "a"])]),
            "tier notin (a,b)": LabelSelector(requirements: [.init(key: "tier", op: .notIn, values: ["a", "b"])]),
            "gpu": LabelSelector(requirements: [.init(key: "gpu", op: .exists)]),
            "!gpu": LabelSelector(requirements: [.init(key: "gpu", op: .doesNotExist)]),
            "{}": .everything,
        ]
        let s = selectors[text]!
        #expect(s.description == text)
        #expect(s.matches(labels) == expected)
    }
}
