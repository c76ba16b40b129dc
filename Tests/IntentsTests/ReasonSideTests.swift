import Fabric
import Findings
@testable import Intents
import Testing

@Suite struct ReasonSideTests {
    /// A plane view's reasons print the plane's name, as they did when the side was a string.
    @Test func aPlaneSideIsThePlaneName() {
        for plane in Plane.allCases { #expect(FindingReason.Side(plane).rawValue == plane.name) }
    }
}
