/// A path split at its last `/`, as POSIX `dirname` and `basename` split it (trailing slashes
/// ignored), without `NSString`'s path methods: this toolchain's Foundation traps in
/// `deletingLastPathComponent` on a one-character path (`-o R`).
public enum PathText {
    private static let slash = UInt8(ascii: "/")

    /// The directory part of `path`: `""` for a bare name (`R`, `R/`), `"/"` for a name at the root
    /// and for the root itself, else everything before the last component without its slashes.
    public static func directory(of path: String) -> String {
        let bytes = Array(path.utf8)
        let (start, end) = lastComponentBounds(bytes)
        if end == 1 && bytes[0] == slash { return "/" }
        var cut = start
        while cut > 1 && bytes[cut - 1] == slash { cut -= 1 }
        return String(decoding: bytes[0..<cut], as: UTF8.self)
    }

    /// The last component of `path`: `R` for `R`, `a/R` and `a/R/`; `/` for the root.
    public static func lastComponent(of path: String) -> String {
        let bytes = Array(path.utf8)
        let (start, end) = lastComponentBounds(bytes)
        return String(decoding: bytes[start..<end], as: UTF8.self)
    }

    /// The byte range of the last component: trailing slashes dropped unless the path is only
    /// slashes, whose last component is one `/`.
    private static func lastComponentBounds(_ bytes: [UInt8]) -> (start: Int, end: Int) {
        var end = bytes.count
        while end > 1 && bytes[end - 1] == slash { end -= 1 }
        if end == 1 && bytes[0] == slash { return (0, 1) }
        var start = end
        while start > 0 && bytes[start - 1] != slash { start -= 1 }
        return (start, end)
    }
}
