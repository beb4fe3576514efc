import Testing
@testable import TaskTrace

@Suite struct SuspendReasonTests {
    /// Legends and tables list reasons in declaration order; `<` must agree with it.
    @Test func categoriesSortInDeclarationOrder() {
        let all = SuspendReason.Category.allCases
        #expect(all.sorted() == all)
        #expect(all.reversed().sorted() == all)
    }

    @Test func aLogPathsStemDropsOnlyTheLogExtension() {
        #expect(SessionLog.stem(of: "runs/pc.jsonl") == ("runs/pc", true))
        #expect(SessionLog.stem(of: "pc.json") == ("pc.json", false))
        #expect(SessionLog.stem(of: ".jsonl") == ("", true))
    }
}
