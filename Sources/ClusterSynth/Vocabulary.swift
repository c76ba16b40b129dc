/// The words synthetic clusters are made of, with weights that give realistic skew: a few common
/// applications and tiers, a long tail of rare ones.
enum Vocabulary {
    struct App {
        let name: String
        let tier: String
        /// Container ports: (name, port, protocol).
        let ports: [(String, Int, String)]
    }

    static let apps: [App] = [
        App(name: "web", tier: "frontend", ports: [("http", 8080, "TCP")]),
        App(name: "api", tier: "backend", ports: [("http", 8080, "TCP"), ("grpc", 50051, "TCP")]),
        App(name: "auth", tier: "backend", ports: [("grpc", 50051, "TCP")]),
        App(name: "worker", tier: "worker", ports: []),
        App(name: "postgres", tier: "db", ports: [("postgres", 5432, "TCP")]),
        App(name: "redis", tier: "cache", ports: [("redis", 6379, "TCP")]),
        App(name: "kafka", tier: "queue", ports: [("broker", 9092, "TCP")]),
        App(name: "trainer", tier: "gpu", ports: [("nccl", 29500, "TCP"), ("rdma-cm", 4791, "UDP")]),
        App(name: "inference", tier: "gpu", ports: [("http", 8000, "TCP"), ("grpc", 8001, "TCP")]),
        App(name: "search", tier: "backend", ports: [("http", 9200, "TCP")]),
        App(name: "gateway", tier: "frontend", ports: [("https", 8443, "TCP")]),
        App(name: "sip-proxy", tier: "edge", ports: [("sip", 5060, "UDP"), ("sip-sctp", 5060, "SCTP")]),
    ]
    /// Relative frequency of each app (same order as `apps`).
    static let appWeights = [20, 25, 6, 15, 6, 6, 3, 5, 5, 4, 3, 2]

    static let environments = ["prod", "staging", "dev"]
    static let environmentWeights = [5, 3, 2]
    static let teams = ["ml-platform", "research", "search", "payments", "infra", "growth", "vision", "speech"]
    static let areas = ["train", "serve", "data", "web", "core", "batch", "eval", "tools"]
    /// External networks policies allow to or from (documentation ranges and common private ones).
    static let externalCIDRs = ["203.0.113.0/24", "198.51.100.0/24", "192.0.2.0/24", "172.16.0.0/12", "100.64.0.0/10"]
}
