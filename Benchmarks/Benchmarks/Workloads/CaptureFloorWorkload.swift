import CPrefetch
import Foundation
import InterlockCore

/// What this machine can do at best on a capture: the least work that still reads every record and
/// counts it in a flow table. It maps the file, steps over record headers, takes the IPv4 five-tuple
/// of Ethernet frames at fixed offsets (no checks beyond bounds: no VLANs, options, fragments,
/// tunnels, timestamps or TCP state) and counts packets and bytes per direction-independent key in
/// an open-addressing table of 64-byte entries on huge pages (as the tracker's), prefetched 16
/// packets ahead. No product code runs:
/// it is the ceiling the end-to-end figures are read against, not an alternative to them.
public enum CaptureFloorWorkload {
    /// One key's entry: exactly one cache line.
    private struct Entry {
        var a: UInt32 = 0, b: UInt32 = 0, ports: UInt32 = 0, proto: UInt32 = 0
        var packetsAB: UInt64 = 0, packetsBA: UInt64 = 0, bytesAB: UInt64 = 0, bytesBA: UInt64 = 0
        var used: UInt64 = 0, padding: UInt64 = 0
    }

    /// A key on its way through the prefetch ring.
    private struct Pending {
        var a: UInt32 = 0, b: UInt32 = 0, ports: UInt32 = 0, proto: UInt32 = 0
        var length: UInt64 = 0, slot: Int = 0, forward = false
    }

    public static func workload(_ path: String) -> Workload {
        Workload(name: "floor: mmap + 5-tuple count", unit: "pkt") { count(path) }
    }

    /// Packets read from `path` (a little-endian classic pcap).
    public static func count(_ path: String) -> Int {
        let fd = open(path, O_RDONLY)
        precondition(fd >= 0, "cannot open \(path)")
        defer { close(fd) }
        let size = Int(lseek(fd, 0, SEEK_END))
        let map = mmap(nil, size, PROT_READ, MAP_PRIVATE, fd, 0)!
        defer { munmap(map, size) }
        let bytes = UnsafeRawPointer(map)
        let capacity = 1 << 17
        let mask = capacity - 1
        let depth = 16
        // Zeroed memory is an empty table (`used == 0`). The loop works through raw pointers into
        // the two buffers, which live until the function returns.
        let tableStorage = OwnedBuffer<Entry>(zeroed: capacity, hugePages: true)
        let ringStorage = OwnedBuffer(repeating: Pending(), count: depth)
        let table = tableStorage.baseAddress
        let ring = ringStorage.baseAddress
        defer { withExtendedLifetime((tableStorage, ringStorage)) {} }
        var packets = 0
        var pending = 0
        var head = 0
        var offset = 24
        @inline(__always) func settle(_ p: Pending) {
            var i = p.slot
            while table[i].used != 0
                && !(table[i].a == p.a && table[i].b == p.b && table[i].ports == p.ports && table[i].proto == p.proto)
            {
                i = (i + 1) & mask
            }
            if table[i].used == 0 {
                table[i] = Entry(a: p.a, b: p.b, ports: p.ports, proto: p.proto, used: 1)
            }
            if p.forward {
                table[i].packetsAB &+= 1
                table[i].bytesAB &+= p.length
            } else {
                table[i].packetsBA &+= 1
                table[i].bytesBA &+= p.length
            }
        }
        while offset + 16 <= size {
            let captured = Int(bytes.loadUnaligned(fromByteOffset: offset + 8, as: UInt32.self))
            let length = bytes.loadUnaligned(fromByteOffset: offset + 12, as: UInt32.self)
            let frame = offset + 16
            offset = frame + captured
            guard offset <= size else { break }
            packets += 1
            guard captured >= 38, bytes.loadUnaligned(fromByteOffset: frame + 12, as: UInt16.self) == 0x0008 else {
                continue
            }
            let s = bytes.loadUnaligned(fromByteOffset: frame + 26, as: UInt32.self)
            let d = bytes.loadUnaligned(fromByteOffset: frame + 30, as: UInt32.self)
            let ports = bytes.loadUnaligned(fromByteOffset: frame + 34, as: UInt32.self)
            let forward = s < d || (s == d && ports & 0xFFFF <= ports >> 16)
            let swapped = ports >> 16 | ports << 16
            var p = Pending(
                a: forward ? s : d, b: forward ? d : s, ports: forward ? ports : swapped,
                proto: UInt32(bytes.load(fromByteOffset: frame + 23, as: UInt8.self)), length: UInt64(length),
                slot: 0, forward: forward)
            let m = (UInt64(p.a) << 32 | UInt64(p.b)).multipliedFullWidth(
                by: 0x9E37_79B9_7F4A_7C15 ^ (UInt64(p.ports) << 8 | UInt64(p.proto)))
            p.slot = Int(truncatingIfNeeded: m.high ^ m.low) & mask
            interlock_prefetch(table + p.slot)
            if pending == depth {
                settle(ring[head])
                head = (head + 1) % depth
                pending -= 1
            }
            ring[(head + pending) % depth] = p
            pending += 1
        }
        while pending > 0 {
            settle(ring[head])
            head = (head + 1) % depth
            pending -= 1
        }
        return packets
    }
}
