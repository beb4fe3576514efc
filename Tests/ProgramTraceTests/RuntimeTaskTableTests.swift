@testable import ProgramTrace
import Testing

@Suite struct RuntimeTaskTableTests {
    @Test func valuesByDenseAndSparseIds() {
        var table = RuntimeTaskTable<Int>()
        let far = RuntimeTaskTable<Int>.denseLimit + 3
        table[5] = 50
        table[far] = 7
        #expect(table[5] == 50 && table[far] == 7)
        #expect(table[4] == nil && table[far + 1] == nil && table[1 << 40] == nil)
        table[5] = nil
        table[far] = nil
        #expect(table[5] == nil && table[far] == nil)
        // Clearing an id never stored is nothing to do.
        table[100_000] = nil
        #expect(table[100_000] == nil)
    }

    @Test func updateChangesOnlyAValueThatIsThere() {
        var table = RuntimeTaskTable<Int>()
        let far = RuntimeTaskTable<Int>.denseLimit + 3
        table[2] = 1
        table[far] = 10
        #expect(table.update(2) { value -> Int in value += 1; return value * 100 } == 200)
        #expect(table.update(far) { value -> Int in value += 1; return value } == 11)
        #expect(table[2] == 2 && table[far] == 11)
        #expect(table.update(3) { _ in true } == nil)
        #expect(table.update(far + 1) { _ in true } == nil)
        #expect(table.update(1 << 30) { _ in true } == nil)
        #expect(table[3] == nil)
    }
}
