import InterlockCore
import Testing

@Suite struct DurationTests {
    @Test func wholeNanosecondsDropFractionsAndClamp() {
        #expect(Duration.seconds(120).wholeNanoseconds == 120_000_000_000)
        #expect(Duration.nanoseconds(1_500).wholeNanoseconds == 1_500)
        #expect(
            (Duration.nanoseconds(7) + .init(secondsComponent: 0, attosecondsComponent: 999_999_999)).wholeNanoseconds
                == 7)
        #expect(Duration.nanoseconds(-3).wholeNanoseconds == -3)
        #expect(Duration.seconds(Int64.max).wholeNanoseconds == .max)
        #expect(Duration.seconds(Int64.min).wholeNanoseconds == .min)
    }
}
