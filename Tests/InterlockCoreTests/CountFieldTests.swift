import InterlockCore
import Testing

/// A counter the source may lack reads the same in text and CSV: the number, or `unknown`.
@Suite struct CountFieldTests {
    static let values: [UInt64] = [0, 1, 99, 65_536, UInt64(Int.max)]

    @Test(arguments: values) func textIsTheNumberOrUnknown(_ v: UInt64) {
        #expect(CountField.text(v, known: true) == String(v))
        #expect(CountField.text(v, known: true, format: { "\($0 / 2) halves" }) == "\(v / 2) halves")
        #expect(CountField.text(v, known: false) == "unknown")
        #expect(CountField.text(v, known: false, format: { _ in "never" }) == "unknown")
    }

    /// `csvCount` writes the bytes of the text: a comma, then the number in decimal or `unknown`.
    @Test(arguments: values) func csvFieldIsTheText(_ v: UInt64) {
        for known in [true, false] {
            let out = ByteWriter()
            out.csvCount(v, known: known)
            #expect(out.text == "," + CSV.field(CountField.text(v, known: known)))
        }
    }

}
