import ProgramTrace
import Testing

@Suite struct SwiftSymbolNameTests {
    @Test func aClosureInAFunctionIsNamedByItsPlace() {
        let name = SwiftSymbolName(demangled: "(1) suspend resume partial function for closure #1 () async -> Swift.Int in static app.App.main() async throws -> ()")
        #expect(name?.text == "closure #1 in App.main()")
        #expect(name?.module == nil || name?.isUserCode == true)
    }
}
