/// An array copied once into memory that never changes, read without bounds checks in release
/// builds (checked by `assert` in debug builds) and without the exclusivity checks that mutable class
/// storage costs: the storage of the routing hot loops.
///
/// Invariant: `base` holds `count` initialized elements for the object's lifetime; nothing writes
/// through it after `init`.
final class FrozenArray<Element>: @unchecked Sendable {
    let base: UnsafeMutablePointer<Element>
    let count: Int

    init(_ elements: [Element]) {
        count = elements.count
        base = UnsafeMutablePointer<Element>.allocate(capacity: max(1, elements.count))
        _ = UnsafeMutableBufferPointer(start: base, count: count).initialize(from: elements)
    }

    @inline(__always) subscript(i: Int) -> Element {
        assert(i >= 0 && i < count, "FrozenArray index out of range")
        return base[i]
    }

    @inline(__always) subscript(i: Int32) -> Element { self[Int(i)] }

    var array: [Element] { Array(UnsafeBufferPointer(start: base, count: count)) }

    deinit {
        base.deinitialize(count: count)
        base.deallocate()
    }
}

/// Per-query scratch memory: a fixed-size buffer whose elements are written freely, owned by one
/// workspace (never shared between threads).
///
/// Invariant: `base` holds `count` initialized elements for the object's lifetime.
final class ScratchArray<Element> {
    let base: UnsafeMutablePointer<Element>
    let count: Int

    init(repeating value: Element, count: Int) {
        self.count = count
        base = UnsafeMutablePointer<Element>.allocate(capacity: max(1, count))
        base.initialize(repeating: value, count: count)
    }

    @inline(__always) subscript(i: Int) -> Element {
        get {
            assert(i >= 0 && i < count, "ScratchArray index out of range")
            return base[i]
        }
        set {
            assert(i >= 0 && i < count, "ScratchArray index out of range")
            base[i] = newValue
        }
    }

    /// Sets every element to `value`.
    func fill(_ value: Element) { base.update(repeating: value, count: count) }

    deinit {
        base.deinitialize(count: count)
        base.deallocate()
    }
}
