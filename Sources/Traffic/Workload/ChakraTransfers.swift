import InterlockCore

/// A `COMM_SEND_NODE` or `COMM_RECV_NODE` of one rank's trace: the attributes Chakra's converters
/// write on them (`comm_src`, `comm_dst`, `comm_tag`, `comm_size`), and where its task is.
struct TransferEndpoint {
    /// The rank whose trace holds the node.
    var rank: Int
    /// Its task's index in the rank's program.
    var task: Int
    /// True for a send.
    var isSend: Bool
    /// The other side: `comm_dst` of a send, `comm_src` of a receive.
    var peer: Int
    /// `comm_tag` (0 when absent).
    var tag: Int64
    /// `comm_size`.
    var bytes: Double
    /// The node's id and name, for messages and labels.
    var id: UInt64
    var name: String
    /// The trace file.
    var file: String

    /// The endpoint of node `n` of rank `rank`'s trace; `comm_src` of a send and `comm_dst` of a
    /// receive, when given, must be the rank itself.
    init(_ n: ChakraTrace.Node, rank: Int, ranks: Int, task: Int, file: String) throws(InputError) {
        let isSend = n.type == .send
        func int(_ name: String) -> Int64? {
            if case .int(let v)? = n.attribute(name) { return v }
            return nil
        }
        let what = "\(isSend ? "send" : "receive") node \(n.id) (\(n.name))"
        let (peerName, ownName) = isSend ? ("comm_dst", "comm_src") : ("comm_src", "comm_dst")
        guard let peer = int(peerName), (0..<Int64(ranks)).contains(peer), peer != Int64(rank) else {
            throw InputError(file: file, "\(what) needs \(peerName): another rank of 0..<\(ranks)")
        }
        if let own = int(ownName), own != Int64(rank) {
            throw InputError(file: file, "\(what) has \(ownName) \(own), but this is rank \(rank)'s trace")
        }
        guard let size = int("comm_size"), size > 0 else {
            throw InputError(file: file, "\(what) has no positive comm_size attribute")
        }
        self.rank = rank
        self.task = task
        self.isSend = isSend
        self.peer = Int(peer)
        tag = int("comm_tag") ?? 0
        bytes = Double(size)
        id = n.id
        self.name = n.name
        self.file = file
    }
}

extension ChakraWorkload {
    /// One send and the receive it pairs with.
    struct Transfer {
        var send: TransferEndpoint
        var receive: TransferEndpoint
    }

    /// Pairs every send with its receive: the k-th send from rank a to rank b with tag t (in a's
    /// order) with the k-th receive on b from a with tag t (in b's order), as MPI and NCCL match
    /// messages; both must have the same `comm_size`. Transfers are in the order of their sends
    /// (by rank, then task).
    ///
    /// - Throws: `InputError` for a send or receive without its other side, or sizes that differ:
    ///   the receive (or send) would wait forever.
    static func pairs(_ endpoints: [TransferEndpoint]) throws(InputError) -> [Transfer] {
        struct Key: Hashable {
            var from: Int
            var to: Int
            var tag: Int64
        }
        var receives: [Key: [TransferEndpoint]] = [:]
        for e in endpoints where !e.isSend {
            receives[Key(from: e.peer, to: e.rank, tag: e.tag), default: []].append(e)
        }
        var used: [Key: Int] = [:]
        var out: [Transfer] = []
        for s in endpoints where s.isSend {
            let key = Key(from: s.rank, to: s.peer, tag: s.tag)
            let k = used[key, default: 0]
            guard let r = receives[key], k < r.count else {
                throw InputError(
                    file: s.file,
                    "send node \(s.id) (\(s.name)) to rank \(s.peer), tag \(s.tag), has no matching receive in rank \(s.peer)'s trace"
                )
            }
            guard r[k].bytes == s.bytes else {
                throw InputError(
                    file: s.file,
                    "send node \(s.id) (\(s.name)) sends \(Int(s.bytes)) bytes, its receive (node \(r[k].id) of rank \(s.peer)) expects \(Int(r[k].bytes))"
                )
            }
            used[key] = k + 1
            out.append(Transfer(send: s, receive: r[k]))
        }
        var seen: [Key: Int] = [:]
        for e in endpoints where !e.isSend {
            let key = Key(from: e.peer, to: e.rank, tag: e.tag)
            let k = seen[key, default: 0]
            seen[key] = k + 1
            guard k < used[key, default: 0] else {
                throw InputError(
                    file: e.file,
                    "receive node \(e.id) (\(e.name)) from rank \(e.peer), tag \(e.tag), has no matching send in rank \(e.peer)'s trace"
                )
            }
        }
        return out
    }
}
