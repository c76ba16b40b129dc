#!/usr/bin/env python3
"""Writes a classic pcap (little-endian, microseconds, Ethernet) of PACKETS minimum-size frames over
FLOWS flows (a power of two), the input of the capture rows of e2e.sh. Flow i is IPv4 between
10.0.x.x and 10.64.x.x, TCP to 443 (an ACK) for i % 3 == 0, else UDP to 5791 or 5792 (RoCEv2 is
4791: not these); 60 bytes captured, 64 on the wire (the FCS). Packet p belongs to flow
(p * 40503) % FLOWS (a fixed shuffle: 40503 is odd), 1 us apart. Usage: minimum-frames.py OUT PACKETS FLOWS
"""
import struct
import sys


def checksum(data):
    s = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    s = (s & 0xFFFF) + (s >> 16)
    s = (s & 0xFFFF) + (s >> 16)
    return ~s & 0xFFFF


def frame(i):
    src = 0x0A000000 | (i & 0xFFFF)
    dst = 0x0A400000 | ((i * 7919) & 0xFFFF)
    sport = 1024 + i % 60000
    if i % 3 == 0:
        proto, l4 = 6, struct.pack("!HHIIBBHHH", sport, 443, i & 0xFFFFFFFF, 1, 5 << 4, 0x10, 65535, 0, 0) + bytes(6)
    else:
        proto, l4 = 17, struct.pack("!HHHH", sport, 5791 + i % 2, 26, 0) + bytes(18)
    ip = struct.pack("!BBHHHBBHII", 0x45, 0, 20 + len(l4), 0, 0, 64, proto, 0, src, dst)
    ip = ip[:10] + struct.pack("!H", checksum(ip)) + ip[12:]
    eth = struct.pack("!6s6sH", b"\x02\x00" + struct.pack("!I", dst), b"\x02\x00" + struct.pack("!I", src), 0x0800)
    return eth + ip + l4


def main():
    out, packets, flows = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    frames = [frame(i) for i in range(flows)]
    with open(out, "wb") as f:
        f.write(struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 262144, 1))
        start = 1704067200
        chunk = []
        for p in range(packets):
            data = frames[(p * 40503) % flows]
            chunk.append(struct.pack("<IIII", start + p // 1000000, p % 1000000, len(data), len(data) + 4) + data)
            if len(chunk) == 65536:
                f.write(b"".join(chunk))
                chunk = []
        f.write(b"".join(chunk))


main()
