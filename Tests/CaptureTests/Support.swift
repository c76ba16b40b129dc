import Capture
import CaptureSynth
import Foundation
import InterlockCore
import TestSupport

/// A fresh temporary directory for one test's files (removed when the test process exits).
func temporaryDirectory() -> String { Scratch.directory() }

func ip(_ s: String) -> IPAddress { IPAddress(s)! }
func v4(_ s: String) -> IPv4Address { IPv4Address(s)! }
func v6(_ s: String) -> IPv6Address { IPv6Address(s)! }

/// Decodes `frame` of `linkType`; returns the packet and the outcome.
func decode(_ frame: [UInt8], _ linkType: LinkType = .ethernet) -> (DecodedPacket, DecodeOutcome) {
    var packet = DecodedPacket()
    let outcome = frame.withUnsafeBytes { PacketDecoder().decode(PacketBytes($0), linkType: linkType, into: &packet) }
    return (packet, outcome)
}

/// An Ethernet frame carrying `ip` (from `PacketBuilder.ip`).
func ethernet(_ ip: (packet: [UInt8], etherType: UInt16), vlans: [UInt16] = []) -> [UInt8] {
    PacketBuilder.ethernet(
        source: 0x0200_0000_0001, destination: 0x0200_0000_0002, vlans: vlans,
        etherType: ip.etherType, payload: ip.packet)
}

/// A UDP or TCP packet between two addresses.
func udpPacket(_ s: String, _ d: String, _ sp: UInt16, _ dp: UInt16, payload: [UInt8] = [1, 2, 3, 4])
    -> (packet: [UInt8], etherType: UInt16)
{
    PacketBuilder.ip(
        source: ip(s), destination: ip(d), proto: .udp,
        payload: PacketBuilder.udp(
            source: ip(s), destination: ip(d), sourcePort: sp, destinationPort: dp, payload: payload))
}

func tcpPacket(_ s: String, _ d: String, _ sp: UInt16, _ dp: UInt16, _ flags: TCPFlags, payload: Int = 0)
    -> (packet: [UInt8], etherType: UInt16)
{
    PacketBuilder.ip(
        source: ip(s), destination: ip(d), proto: .tcp,
        payload: PacketBuilder.tcp(
            source: ip(s), destination: ip(d), sourcePort: sp, destinationPort: dp,
            sequence: 1, acknowledgment: 0, flags: flags,
            payload: [UInt8](repeating: 0, count: payload)))
}

/// Runs a process and returns its standard output (stderr discarded) and status.
func runProcess(_ executable: String, _ arguments: [String]) throws -> (status: Int32, stdout: String) {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: executable)
    p.arguments = arguments
    let out = Pipe()
    p.standardOutput = out
    p.standardError = FileHandle.nullDevice
    try p.run()
    let data = out.fileHandleForReading.readDataToEndOfFile()
    p.waitUntilExit()
    return (p.terminationStatus, String(decoding: data, as: UTF8.self))
}

/// The package root (for committed fixtures under captures/).
let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().path
