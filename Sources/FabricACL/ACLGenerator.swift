import InterlockCore

/// Generates rule sets and header traces with the structure of ClassBench's seeds (nested prefixes
/// from a few address blocks, exact well-known ports, ephemeral ranges and wildcards, TCP/UDP/ICMP
/// and wildcard protocols, a final match-all rule), deterministically from a seed. The project's
/// tests and benchmarks use these instead of any external rule set.
public struct ACLGenerator {
    private var random: SeededGenerator

    /// A generator whose rule sets and traces are fixed by `seed`.
    public init(seed: UInt64) { random = SeededGenerator(seed: seed) }

    /// `count` rules (the last one matches everything), actions alternating at random.
    public mutating func rules(count: Int) -> [ACLRule] {
        precondition(count >= 1)
        // A few address blocks; prefixes nest inside them so that rules overlap as in real ACLs.
        let blocks: [IPv4CIDR] = (0..<32).map { _ in
            IPv4CIDR(
                IPv4Address(UInt32.random(in: 0...UInt32.max, using: &random)),
                prefixLength: 8 + Int.random(in: 0...8, using: &random))
        }
        var out: [ACLRule] = []
        out.reserveCapacity(count)
        for _ in 0..<(count - 1) {
            let proto: (value: UInt8, mask: UInt8) = [
                (6, 0xFF), (6, 0xFF), (6, 0xFF), (17, 0xFF), (17, 0xFF), (1, 0xFF), (47, 0xFF), (6, 0xFF), (17, 0xFF),
                (0, 0),
            ]
            .randomElement(using: &random)!
            out.append(
                ACLRule(
                    source: prefix(in: blocks), destination: prefix(in: blocks),
                    sourcePorts: portRange(), destinationPorts: portRange(),
                    protocolValue: proto.value, protocolMask: proto.mask,
                    action: Bool.random(using: &random) ? .permit : .deny))
        }
        out.append(
            ACLRule(
                source: IPv4CIDR(.zero, prefixLength: 0), destination: IPv4CIDR(.zero, prefixLength: 0),
                action: .deny))
        return out
    }

    /// `count` headers: most drawn inside a random rule's ranges (as ClassBench's trace generator
    /// does), the rest uniformly random.
    public mutating func headers(count: Int, for rules: [ACLRule]) -> [PacketHeader] {
        (0..<count).map { _ in header(for: rules) }
    }

    /// One header of the sequence `headers(count:for:)` returns, for writing a trace as it is drawn.
    public mutating func header(for rules: [ACLRule]) -> PacketHeader {
        if Int.random(in: 0..<10, using: &random) < 8, let rule = rules.randomElement(using: &random) {
            let proto = rule.protocolMask == 0 ? [6, 17, 1, 47].randomElement(using: &random)! : rule.protocolValue
            return PacketHeader(
                source: UInt32.random(in: rule.source.first.value...rule.source.last.value, using: &random),
                destination: UInt32.random(
                    in: rule.destination.first.value...rule.destination.last.value, using: &random),
                sourcePort: UInt16.random(in: rule.sourcePorts.lower...rule.sourcePorts.upper, using: &random),
                destinationPort: UInt16.random(
                    in: rule.destinationPorts.lower...rule.destinationPorts.upper, using: &random),
                proto: proto)
        }
        return PacketHeader(
            source: .random(in: 0...UInt32.max, using: &random),
            destination: .random(in: 0...UInt32.max, using: &random),
            sourcePort: .random(in: 0...65535, using: &random),
            destinationPort: .random(in: 0...65535, using: &random),
            proto: [6, 17, 1].randomElement(using: &random)!)
    }

    private mutating func prefix(in blocks: [IPv4CIDR]) -> IPv4CIDR {
        if Int.random(in: 0..<50, using: &random) == 0 { return IPv4CIDR(.zero, prefixLength: 0) }
        let block = blocks.randomElement(using: &random)!
        let length = max(
            block.prefixLength, [block.prefixLength, 24, 28, 30, 32, 32, 32].randomElement(using: &random)!)
        let offset = UInt32.random(in: 0...UInt32(truncatingIfNeeded: block.size - 1), using: &random)
        return IPv4CIDR(IPv4Address(block.network.value | offset), prefixLength: length)
    }

    private mutating func portRange() -> PortRange {
        switch Int.random(in: 0..<10, using: &random) {
        case 0..<3: return .all
        case 3..<7: return PortRange([22, 53, 80, 443, 2049, 4791, 6443, 8080, 10250].randomElement(using: &random)!)
        case 7: return PortRange(1024, 65535)
        case 8: return PortRange(0, 1023)
        default:
            let lo = UInt16.random(in: 0...60000, using: &random)
            return PortRange(lo, lo + UInt16.random(in: 0...5000, using: &random))
        }
    }
}
