import Testing
@testable import Fabric

@Suite struct GeneratorTests {
}
