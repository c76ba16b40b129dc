/// Pretty JSON written as it goes, laid out byte for byte as `JSON.serialized(pretty: true)` lays
/// out the same value: two spaces per level, `"key": value`, `[]` and `{}` when empty.
///
/// Open an object or array, give each member with `key(_:)` (objects) or `element()` (arrays)
/// followed by one value, and close it; `json(_:)` writes a whole `JSON` value where one goes.
extension ByteWriter {
    /// Opens an object (`{`).
    public func objectStart() { open(UInt8(ascii: "{")) }
    /// Closes the innermost object (`}`).
    public func objectEnd() { close(UInt8(ascii: "}")) }
    /// Opens an array (`[`).
    public func arrayStart() { open(UInt8(ascii: "[")) }
    /// Closes the innermost array (`]`).
    public func arrayEnd() { close(UInt8(ascii: "]")) }

    /// Starts the next member of the innermost object: its key, then the value written next.
    public func key(_ name: String) {
        element()
        JSON.writeString(name, into: &bytes)
        bytes += [UInt8(ascii: ":"), UInt8(ascii: " ")]
    }

    /// Starts the next element of the innermost array.
    public func element() {
        if jsonEmpty[jsonEmpty.count - 1] {
            jsonEmpty[jsonEmpty.count - 1] = false
        } else {
            bytes.append(UInt8(ascii: ","))
        }
        JSON.newline(&bytes, jsonEmpty.count)
    }

    /// A JSON string literal with RFC 8259's escapes.
    public func jsonString(_ s: String) { JSON.writeString(s, into: &bytes) }

    /// `null`.
    public func jsonNull() { write("null" as StaticString) }

    /// `true` or `false`.
    public func jsonBool(_ b: Bool) { write(b ? "true" : "false" as StaticString) }

    /// A whole value, indented for where it stands.
    public func json(_ value: JSON) { value.write(into: &bytes, pretty: true, depth: jsonEmpty.count) }

    /// A whole value in compact form (no spaces or line breaks), as `serialized(pretty: false)`
    /// writes it.
    public func jsonCompact(_ value: JSON) { value.write(into: &bytes, pretty: false, depth: 0) }

    /// A whole value as a YAML document body, as `JSON.yaml()` writes it.
    public func yaml(_ value: JSON) { value.writeYAML(into: &bytes) }

    /// A member of the innermost object whose value is an integer.
    public func field(_ name: String, _ value: Int) {
        key(name)
        write(value)
    }

    /// A member of the innermost object whose value is a string.
    public func field(_ name: String, _ value: String) {
        key(name)
        jsonString(value)
    }

    /// A member of the innermost object whose value is an integer or `null`.
    public func field(_ name: String, _ value: Int?) {
        key(name)
        if let value { write(value) } else { jsonNull() }
    }

    private func open(_ bracket: UInt8) {
        bytes.append(bracket)
        jsonEmpty.append(true)
    }

    private func close(_ bracket: UInt8) {
        if !jsonEmpty.removeLast() { JSON.newline(&bytes, jsonEmpty.count) }
        bytes.append(bracket)
    }
}
