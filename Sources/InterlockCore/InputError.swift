/// Bad input: a missing, unreadable or malformed file, or a name that refers to nothing.
///
/// Its description is the one line the CLI prints on stderr before exiting with status 2:
/// `FILE:LINE:COLUMN: MESSAGE`, with the position parts present when known.
public struct InputError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The file (as the user named it), or `nil` for input that is not a file (a flag value).
    public var file: String?
    /// 1-based line, when known.
    public var line: Int?
    /// 1-based column, when known.
    public var column: Int?
    /// What is wrong, in one line, lower-case first word.
    public var message: String

    /// Creates an error at the given position; omit the parts that are not known.
    public init(file: String? = nil, line: Int? = nil, column: Int? = nil, _ message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.message = message
    }

    /// `FILE:LINE:COLUMN: MESSAGE` (the position parts present when known), on one line: newlines in
    /// `message` become spaces.
    public var description: String {
        var prefix = ""
        if let file {
            prefix = file
            if let line {
                prefix += ":\(line)"
                if let column { prefix += ":\(column)" }
            }
            prefix += ": "
        }
        // One line, always: fold any newline an underlying library put in its message.
        let flat = message.split(whereSeparator: \.isNewline).joined(separator: " ")
        return prefix + flat
    }

    /// The longest excerpt of input text a message quotes (`excerpt(_:)`).
    public static let excerptLimit = 40

    /// `text` as a message may quote it: its first line, cut to `excerptLimit` characters, with `...`
    /// where anything was left out. Messages quote input this way only, so that an error line never
    /// echoes a file's content (a topology path pointing at /etc/passwd).
    public static func excerpt(_ text: some StringProtocol) -> String {
        let firstLine = text.prefix { !$0.isNewline }
        let cut = firstLine.prefix(excerptLimit)
        return cut.count < text.count ? cut + "..." : String(cut)
    }
}
