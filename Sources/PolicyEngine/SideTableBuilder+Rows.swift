import InterlockCore
import Policy

/// The per-column bit sets of one row being evaluated, reused from row to row. The sets live in
/// `OwnedBuffer`s allocated once, so that the rule loops write words without copy-on-write checks.
///
/// Invariants: for a touched column `c` (`isTouched[c]`), words `c*W ..< (c+1)*W` of `undecided`,
/// `passed`, `allowed` and `matched` are that column's atoms still undecided in the current tier,
/// passed on by it, allowed so far, and matched by some NetworkPolicy rule; untouched columns' words
/// are stale and read only after `touch`.
final class RowState {
    let columns: Int
    let words: Int
    let undecided: OwnedBuffer<UInt64>
    let passed: OwnedBuffer<UInt64>
    let allowed: OwnedBuffer<UInt64>
    let matched: OwnedBuffer<UInt64>
    let isTouched: OwnedBuffer<Bool>
    /// The touched columns in order of first touch: `touchedList[0 ..< touchedCount]`.
    private let touchedList: OwnedBuffer<Int>
    private var touchedCount = 0
    let everything: [UInt64]

    init(columns: Int, words: Int, everything: [UInt64]) {
        self.columns = columns
        self.words = words
        self.everything = everything
        undecided = OwnedBuffer(repeating: 0, count: columns * words)
        passed = OwnedBuffer(repeating: 0, count: columns * words)
        allowed = OwnedBuffer(repeating: 0, count: columns * words)
        matched = OwnedBuffer(repeating: 0, count: columns * words)
        isTouched = OwnedBuffer(repeating: false, count: columns)
        touchedList = OwnedBuffer(repeating: 0, count: columns)
    }

    /// The columns some rule reached in the current row.
    var touched: UnsafeBufferPointer<Int> { UnsafeBufferPointer(start: touchedList.baseAddress, count: touchedCount) }

    /// Marks a column as reached by some rule, starting it with every atom undecided.
    @inline(__always) func touch(_ col: Int) {
        guard !isTouched[col] else { return }
        isTouched[col] = true
        touchedList[touchedCount] = col
        touchedCount += 1
        for j in 0..<words {
            undecided[col * words + j] = everything[j]
            passed[col * words + j] = 0
            allowed[col * words + j] = 0
            matched[col * words + j] = 0
        }
    }

    func reset() {
        for col in touched { isTouched[col] = false }
        touchedCount = 0
    }
}

extension SideTableBuilder {
    /// Evaluates one row against every column and writes the profile ids.
    func fillRow(
        _ key: SideTable.RowKey, into out: UnsafeMutablePointer<UInt32>, state: RowState,
        store: inout ProfileStore, columnNamed: [Int32], ownNode: [Bool]
    ) {
        state.reset()
        let w = state.words
        // Admin tier: first match per atom; Pass leaves the tier.
        for p in key.admin {
            for r in adminRules[Int(p)] { applyFirstMatch(r, key.named, state, columnNamed) }
        }
        let isolated = !key.networkPolicies.isEmpty
        if isolated {
            // NetworkPolicy tier: the union of the selecting policies' rules decides what reaches it.
            for p in key.networkPolicies {
                for r in networkPolicyRules[Int(p)] {
                    forEachColumn(of: r, state) { col in
                        let atoms = atomsFor(r, key.named, col, columnNamed)
                        for j in 0..<w { state.matched[col * w + j] |= atoms[j] }
                    }
                }
            }
            for col in state.touched {
                for j in 0..<w {
                    let reaching = state.undecided[col * w + j] | state.passed[col * w + j]
                    // "traffic to and from the node where a Pod is running is always allowed".
                    state.allowed[col * w + j] |= ownNode[col] ? reaching : reaching & state.matched[col * w + j]
                }
            }
        } else {
            // Baseline tier on what the admin tier left or passed; then the default allows the rest.
            for col in state.touched {
                for j in 0..<w {
                    state.undecided[col * w + j] |= state.passed[col * w + j]
                    state.passed[col * w + j] = 0
                }
            }
            for p in key.baseline {
                for r in adminRules[Int(p)] { applyFirstMatch(r, key.named, state, columnNamed) }
            }
            for col in state.touched {
                for j in 0..<w {
                    state.allowed[col * w + j] |= state.undecided[col * w + j] | state.passed[col * w + j]
                }
            }
        }
        // Columns no rule reached: nothing matched them, so the tiers' defaults decide.
        let nothing = [UInt64](repeating: 0, count: w)
        let all = state.everything.withUnsafeBufferPointer { store.intern($0.baseAddress!) }
        let none = nothing.withUnsafeBufferPointer { store.intern($0.baseAddress!) }
        for col in 0..<state.columns { out[col] = ownNode[col] || !isolated ? all : none }
        for col in state.touched { out[col] = store.intern(state.allowed.baseAddress + col * w) }
    }

    /// One admin- or baseline-tier rule, first match per atom: among the atoms still undecided in each
    /// column its peers match, Allow allows, Deny denies, Pass passes them on.
    private func applyFirstMatch(_ r: Int, _ rowNamed: Int32, _ state: RowState, _ columnNamed: [Int32]) {
        let w = state.words
        let rule = rules[r]
        if rule.failClosed {
            for col in 0..<state.columns {
                state.touch(col)
                for j in 0..<w { state.undecided[col * w + j] = 0 }
            }
            return
        }
        forEachColumn(of: r, state) { col in
            let atoms = atomsFor(r, rowNamed, col, columnNamed)
            for j in 0..<w {
                let m = state.undecided[col * w + j] & atoms[j]
                guard m != 0 else { continue }
                state.undecided[col * w + j] &= ~m
                switch rule.action {
                case .allow: state.allowed[col * w + j] |= m
                case .deny: break
                case .pass: state.passed[col * w + j] |= m
                }
            }
        }
    }

    /// Calls `body` for every column rule `r` reaches, touching each first.
    @inline(__always)
    private func forEachColumn(of r: Int, _ state: RowState, _ body: (Int) -> Void) {
        if let columns = rules[r].columns {
            for col in columns {
                state.touch(Int(col))
                body(Int(col))
            }
        } else {
            for col in 0..<state.columns {
                state.touch(col)
                body(col)
            }
        }
    }

    /// Named ports resolve on the destination: the row's pod for ingress, the column's for egress.
    private func atomsFor(_ r: Int, _ rowNamed: Int32, _ col: Int, _ columnNamed: [Int32]) -> [UInt64] {
        atoms(r, named: direction == .ingress ? rowNamed : columnNamed[col])
    }
}
