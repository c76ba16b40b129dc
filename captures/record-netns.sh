#!/bin/sh
# Records captures/netns-tcp-udp.pcap from real kernel traffic between two network namespaces
# (run as root; needs iproute2, tcpdump, python3).
#
# The namespaces are joined by a pair of TAP devices whose frames a small relay copies across: the
# same wire a veth pair gives, built this way because the development VMs' kernel has no veth
# driver. On a kernel with veth, `ip link add veth-a netns A type veth peer name veth-b netns B`
# gives the same capture. The traffic, all inside the two namespaces:
#   - TCP over IPv4: three request/response connections, each closed with FIN;
#   - TCP over IPv4 to a closed port, refused with a RST;
#   - TCP over IPv6;
#   - UDP over IPv4 (four request/response pairs) and ICMP echo (two).
set -eu
OUT=${1:-captures/netns-tcp-udp.pcap}
A=ilk-cap-a; B=ilk-cap-b
cleanup() {
    [ -n "${RELAY:-}" ] && kill "$RELAY" 2>/dev/null || true
    ip netns del $A 2>/dev/null || true; ip netns del $B 2>/dev/null || true
}
trap cleanup EXIT
cleanup
ip netns add $A; ip netns add $B
# The relay: opens tap0 in each namespace (TUNSETIFF, IFF_TAP | IFF_NO_PI) and copies frames both ways.
python3 - "$A" "$B" <<'PY' &
import ctypes, fcntl, os, select, struct, sys
libc = ctypes.CDLL(None, use_errno=True)
def tap(ns):
    fd = os.open("/var/run/netns/" + ns, os.O_RDONLY)
    if libc.setns(fd, 0x40000000) != 0: raise OSError(ctypes.get_errno(), "setns")
    t = os.open("/dev/net/tun", os.O_RDWR)
    fcntl.ioctl(t, 0x400454CA, struct.pack("16sH", b"tap0", 0x0002 | 0x1000))
    return t
a, b = tap(sys.argv[1]), tap(sys.argv[2])
peer = {a: b, b: a}
while True:
    for fd in select.select([a, b], [], [])[0]:
        os.write(peer[fd], os.read(fd, 65536))
PY
RELAY=$!
for i in 1 2 3 4 5 6 7 8 9 10; do ip -n $B link show tap0 >/dev/null 2>&1 && break; sleep 0.2; done
ip -n $A link set tap0 address 02:00:0a:63:00:01; ip -n $B link set tap0 address 02:00:0a:63:00:02
ip -n $A addr add 10.99.0.1/24 dev tap0; ip -n $B addr add 10.99.0.2/24 dev tap0
ip -n $A addr add fd00:99::1/64 dev tap0 nodad; ip -n $B addr add fd00:99::2/64 dev tap0 nodad
for ns in $A $B; do ip -n $ns link set tap0 up; ip -n $ns link set lo up; done
# Servers in B: TCP on 8080 (IPv4 and IPv6) answering each request, UDP echo on 5353.
ip netns exec $B python3 - <<'PY' &
import socket, threading
def tcp(family, addr):
    s = socket.socket(family, socket.SOCK_STREAM); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind((addr, 8080)); s.listen(8)
    while True:
        c, _ = s.accept()
        data = c.recv(4096)
        c.sendall(b"HTTP/1.0 200 OK\r\n\r\n" + b"x" * (len(data) * 3)); c.close()
def udp():
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.bind(("0.0.0.0", 5353))
    while True:
        d, a = s.recvfrom(2048); s.sendto(d[::-1], a)
for fam, addr in [(socket.AF_INET, "0.0.0.0"), (socket.AF_INET6, "fd00:99::2")]:
    threading.Thread(target=tcp, args=(fam, addr), daemon=True).start()
threading.Thread(target=udp, daemon=True).start()
threading.Event().wait(8)
PY
SERVER=$!
# Resolve neighbours first so the capture holds only the traffic below (no ARP/ND).
ip netns exec $A ping -c 1 -W 2 10.99.0.2 >/dev/null
ip netns exec $A ping -6 -c 1 -W 2 fd00:99::2 >/dev/null
sleep 1
ip netns exec $A tcpdump -i tap0 -s 0 --time-stamp-precision=nano -w "$OUT" -U 'ip or ip6' 2>/dev/null &
DUMP=$!
sleep 1
ip netns exec $A python3 - <<'PY'
import socket, time
for i in range(3):
    c = socket.create_connection(("10.99.0.2", 8080)); c.sendall(b"GET /%d HTTP/1.0\r\n\r\n" % i); c.recv(65536); c.close(); time.sleep(0.05)
try:
    socket.create_connection(("10.99.0.2", 9999), timeout=1)
except OSError:
    pass
c = socket.create_connection(("fd00:99::2", 8080)); c.sendall(b"GET /v6 HTTP/1.0\r\n\r\n"); c.recv(65536); c.close()
u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); u.settimeout(1)
for i in range(4):
    u.sendto(b"query-%d" % i, ("10.99.0.2", 5353)); u.recvfrom(2048)
time.sleep(0.3)
PY
ip netns exec $A ping -c 2 -i 0.2 -q 10.99.0.2 >/dev/null
sleep 1
kill $DUMP; wait $DUMP 2>/dev/null || true
kill $SERVER 2>/dev/null || true
echo "recorded $OUT"
