import CPcap
import InterlockCore

/// A BPF filter expression compiled by libpcap (`pcap_compile` on a dead handle of the file's link
/// type and snapshot length) and run with `pcap_offline_filter`, the same way for both read paths.
final class PacketFilter {
    private var program = bpf_program()
    private let dead: OpaquePointer

    /// Compiles `expression` for `linkType`; a syntax error or an expression meaningless for the link
    /// type (`vlan` on raw IP) is bad input naming the file.
    init(expression: String, linkType: LinkType, snapshotLength: Int, file: String) throws {
        guard let handle = pcap_open_dead(linkType.rawValue, Int32(max(1, snapshotLength))) else {
            throw InputError(file: file, "cannot compile --filter: out of memory")
        }
        dead = handle
        if pcap_compile(handle, &program, expression, 1, PCAP_NETMASK_UNKNOWN) != 0 {
            // The object is fully initialized here: deinit frees the (empty) program and the handle.
            let message = String(cString: pcap_geterr(handle))
            throw InputError(file: file, "invalid --filter '\(expression)' for link type \(linkType): \(message)")
        }
    }

    deinit {
        pcap_freecode(&program)
        pcap_close(dead)
    }

    /// Whether the record's captured bytes pass the filter.
    @inline(__always)
    func matches(captured: Int, original: Int, bytes: PacketBytes) -> Bool {
        var header = pcap_pkthdr()
        header.caplen = UInt32(truncatingIfNeeded: captured)
        header.len = UInt32(truncatingIfNeeded: original)
        guard let base = bytes.base else {
            var empty: UInt8 = 0
            return pcap_offline_filter(&program, &header, &empty) != 0
        }
        return pcap_offline_filter(&program, &header, base.assumingMemoryBound(to: UInt8.self)) != 0
    }
}
