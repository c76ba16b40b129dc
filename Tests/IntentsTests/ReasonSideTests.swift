import Fabric
import Findings
import Testing

@testable import Intents

@Suite struct ReasonSideTests {
    /// A plane view's reasons print the plane's name, as they did when the side was a string.
    @Test func aPlaneSideIsThePlaneName() {
        for plane in Plane.allCases { #expect(FindingReason.Side(plane).rawValue == plane.name) }
    }
}
