/// What decoding one frame came to: the packet was decoded, or why it could not be.
///
/// One byte, like the optional reason it replaces: returning it allocates nothing.
public enum DecodeOutcome: Equatable, Sendable {
    /// Every layer the decoder follows was decoded into the packet.
    case decoded
    /// The frame cannot be decoded down to a connection, for this reason.
    case undecodable(UndecodableReason)
}
