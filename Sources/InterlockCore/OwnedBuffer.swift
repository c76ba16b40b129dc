import Foundation

/// A fixed number of elements in manually allocated memory, owned by this object alone: the storage
/// of the hot loops (routing tables, the ACL decision tree, the compiled policy engine's tables, the
/// capture tracker's flow table, per-worker link loads). Access costs no bounds check in release
/// builds (an `assert` in debug builds), no reference counting and no exclusivity check.
///
/// With `hugePages`, a buffer of 2 MiB or more is 2 MiB-aligned and marked for transparent huge
/// pages (where the kernel offers them on request), so that a random probe of a large table costs
/// a cache miss but rarely a TLB miss too. Other buffers are cache-line aligned.
///
/// A final class rather than a `~Copyable` struct: the holders include value types that are copied
/// and shared between threads (`Router`, `PlaneGraph`) and arrays of buffers (a router workspace's
/// per-side scratch), which a noncopyable field would turn noncopyable. The one indirection this
/// costs is paid once per loop, not per element: holders read through their buffers' `let`
/// references (which the optimizer hoists), or take `baseAddress` or `withUnsafeBufferPointer`
/// outside the loop.
///
/// Sendable when its elements are, on the holder's promise that a buffer shared between threads is
/// not written while it is shared (tables are written only while they are built; a worker's scratch
/// is written only by that worker).
public final class OwnedBuffer<Element> {
    /// Invariants, for the object's whole lifetime: `base` is the start of one `posix_memalign`
    /// allocation (released with `free` in `deinit`, and nowhere else) of room for `count` elements,
    /// aligned as the type's documentation says; `base[0 ..< count]` are initialized. Pointers taken
    /// from the buffer are valid only while it is alive.
    @usableFromInline let base: UnsafeMutablePointer<Element>
    /// The number of elements.
    public let count: Int

    /// Allocates uninitialized memory for `count` elements; every initializer initializes all of it.
    @usableFromInline init(uninitialized count: Int, hugePages: Bool) {
        precondition(count >= 0, "negative element count")
        let bytes = max(1, count * MemoryLayout<Element>.stride)
        let huge = hugePages && bytes >= hugePageSize
        let alignment = huge ? hugePageSize : max(64, MemoryLayout<Element>.alignment)
        var raw: UnsafeMutableRawPointer? = nil
        guard posix_memalign(&raw, alignment, bytes) == 0, let raw else { fatalError("out of memory (\(bytes) bytes)") }
        if huge { _ = madvise(raw, bytes, MADV_HUGEPAGE) }
        self.count = count
        base = raw.bindMemory(to: Element.self, capacity: count)
    }

    /// `count` copies of `value`.
    @inlinable public convenience init(repeating value: Element, count: Int, hugePages: Bool = false) {
        self.init(uninitialized: count, hugePages: hugePages)
        base.initialize(repeating: value, count: count)
    }

    /// A copy of `elements`.
    @inlinable public convenience init(_ elements: [Element], hugePages: Bool = false) {
        self.init(uninitialized: elements.count, hugePages: hugePages)
        _ = UnsafeMutableBufferPointer(start: base, count: count).initialize(fromContentsOf: elements)
    }

    deinit {
        base.deinitialize(count: count)
        free(base)
    }

    /// Element `i`, in place. `i` must be in `0 ..< count` (checked in debug builds only).
    @inlinable public subscript(i: Int) -> Element {
        @inline(__always) unsafeAddress {
            assert(i >= 0 && i < count, "OwnedBuffer index out of range")
            return UnsafePointer(base + i)
        }
        @inline(__always) unsafeMutableAddress {
            assert(i >= 0 && i < count, "OwnedBuffer index out of range")
            return base + i
        }
    }

    /// Element `i`, for the `Int32` indices of compact tables.
    @inlinable public subscript(i: Int32) -> Element {
        @inline(__always) get { self[Int(i)] }
    }

    /// The first element's address, for holders that keep views of the buffer in their hot loops;
    /// valid only while the buffer is alive (the holder must keep it, e.g. in a stored property).
    @inlinable public var baseAddress: UnsafeMutablePointer<Element> { base }

    /// Calls `body` with the elements, valid only during the call.
    @inlinable public func withUnsafeBufferPointer<R, E: Error>(
        _ body: (UnsafeBufferPointer<Element>) throws(E) -> R
    ) throws(E) -> R {
        try body(UnsafeBufferPointer(start: base, count: count))
    }

    /// Calls `body` with the elements to read and write, valid only during the call.
    @inlinable public func withUnsafeMutableBufferPointer<R, E: Error>(
        _ body: (UnsafeMutableBufferPointer<Element>) throws(E) -> R
    ) throws(E) -> R {
        try body(UnsafeMutableBufferPointer(start: base, count: count))
    }

    /// Sets every element to `value`.
    @inlinable public func fill(_ value: Element) { base.update(repeating: value, count: count) }

    /// The elements as an array (a copy).
    public var array: [Element] { Array(UnsafeBufferPointer(start: base, count: count)) }
}

extension OwnedBuffer where Element: BitwiseCopyable {
    /// `count` elements whose bytes are all zero.
    @inlinable public convenience init(zeroed count: Int, hugePages: Bool = false) {
        self.init(uninitialized: count, hugePages: hugePages)
        memset(base, 0, count * MemoryLayout<Element>.stride)
    }
}

extension OwnedBuffer: @unchecked Sendable where Element: Sendable {}

/// The size and alignment of a transparent huge page.
private let hugePageSize = 2 << 20
