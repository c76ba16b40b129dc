import InterlockCore
import Manifests
import Policy

@testable import PolicyEngine

extension CompiledEngineTests {
    /// One source port of every run the random Calico rules tell apart (their numbers 53, 80, 80:443,
    /// 5000:8080, each side of every bound), before the source pod's container ports.
    static let sourcePortSample: [UInt16] = [
        1, 52, 53, 54, 79, 80, 81, 200, 443, 444, 4999, 5000, 6000, 8080, 8081, 65535,
    ]

    /// Checks, on every endpoint pair, that a question without a source port is allowed exactly when it
    /// is allowed from every source port (both engines), and that the compiled engine answers a question
    /// with a source port as the reference evaluator does; returns the first disagreement.
    static func sourcePortDisagreement(_ input: PolicyInput, options: EvaluationOptions) -> String? {
        let reference = ReferenceEvaluator(inventory: input.inventory, policies: input.policies, options: options)
        let compiled = CompiledEngine(inventory: input.inventory, policies: input.policies, options: options)
        let all = endpoints(input.inventory)
        for s in all {
            var sample = sourcePortSample
            if case .pod(let i) = s {
                for p in input.inventory.pods[i].ports { sample += [p.port, p.port &+ 1] }
            }
            for d in all {
                for (proto, port) in [(IPProtocol.tcp, UInt16(80)), (.udp, 53)] {
                    let unknown = Query(source: s, destination: d, proto: proto, port: port)
                    let answers = sample.map { p in
                        var q = unknown
                        q.sourcePort = p
                        return (p, reference.isAllowed(q), compiled.isAllowed(q))
                    }
                    let describe = "\(input.inventory.describe(s)) -> \(input.inventory.describe(d)) \(proto) \(port)"
                    if let (p, r, c) = answers.first(where: { $0.1 != $0.2 }) {
                        return "\(describe) from port \(p): reference \(r), compiled \(c)"
                    }
                    let every = answers.allSatisfy(\.1)
                    if reference.isAllowed(unknown) != every || compiled.isAllowed(unknown) != every {
                        return "\(describe) without a source port: allowed from every sampled source port is \(every)"
                    }
                }
            }
        }
        return nil
    }
}
