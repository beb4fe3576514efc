import Testing
@testable import TaskTrace

@Suite struct SuspendReasonTests {
    /// Legends and tables list reasons in declaration order; `<` must agree with it.
    @Test func categoriesSortInDeclarationOrder() {
        let all = SuspendReason.Category.allCases
        #expect(all.sorted() == all)
        #expect(all.reversed().sorted() == all)
    }

    /// Every category has a count of its own, and counts read like the dictionary they replace.
    @Test func suspensionCountsHaveRoomForEveryCategory() {
        var counts = SuspensionCounts()
        #expect(counts.isEmpty)
        for (n, category) in SuspendReason.Category.allCases.enumerated() { counts.add(category, n + 1) }
        #expect(counts.map(\.key) == SuspendReason.Category.allCases)
        #expect(counts.map(\.value) == Array(1...SuspendReason.Category.allCases.count))
        var one = SuspensionCounts()
        one.add(.hop)
        #expect(one[.hop] == 1 && one[.sleep] == nil && !one.isEmpty && one != counts)
    }

    @Test func aLogPathsStemDropsOnlyTheLogExtension() {
        #expect(SessionLog.stem(of: "runs/pc.jsonl") == ("runs/pc", true))
        #expect(SessionLog.stem(of: "pc.json") == ("pc.json", false))
        #expect(SessionLog.stem(of: ".jsonl") == ("", true))
    }
}
