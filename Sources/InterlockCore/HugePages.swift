import Foundation

/// Allocation for large, randomly probed arrays (the capture tracker's flow table, the compiled
/// policy engine's tables): 2 MiB-aligned and marked for transparent huge pages (where the kernel
/// offers them on request), so that a probe costs a cache miss but rarely a TLB miss too. Free
/// with `free`.
public enum HugePages {
    /// The huge page size, 2 MiB: allocations at least this large are aligned to it and advised as huge
    /// pages.
    public static let size = 2 << 20

    /// Zeroed memory for `count` values of `T`.
    public static func allocate<T>(_: T.Type, count: Int) -> UnsafeMutablePointer<T> {
        let bytes = max(1, count * MemoryLayout<T>.stride)
        var raw: UnsafeMutableRawPointer? = nil
        let alignment = bytes >= size ? size : max(64, MemoryLayout<T>.alignment)
        guard posix_memalign(&raw, alignment, bytes) == 0, let raw else { fatalError("out of memory (\(bytes) bytes)") }
        if bytes >= size { _ = madvise(raw, bytes, MADV_HUGEPAGE) }
        memset(raw, 0, bytes)
        return raw.bindMemory(to: T.self, capacity: count)
    }
}
