import Testing
@testable import TraceModel

@Suite struct TaskTableTests {
    @Test func findsWhatWasInsertedAndNotWhatWasRemoved() {
        var table = TaskTable<String>()
        let ids: [TaskID] = [1, 2, 3, 5_000, TaskTable<String>.denseLimit + 7, .max]
        for id in ids { table.insert("t\(id)", for: id) }
        #expect(table.count == ids.count)
        #expect(ids.allSatisfy { table[$0] == "t\($0)" })
        #expect(table[4] == nil && table[0] == nil && table[6_000] == nil)
        // Removing moves the last entry into the gap: every other entry is still found.
        for removed in [2, TaskTable<String>.denseLimit + 7, 1] as [TaskID] {
            table.remove(at: table.position(of: removed)!)
            #expect(table[removed] == nil)
        }
        let left: [TaskID] = [3, 5_000, .max]
        #expect(table.count == left.count)
        #expect(left.allSatisfy { table[$0] == "t\($0)" })
        #expect(Set(table.entries.map(\.0)) == Set(left))
    }

    @Test func changesInPlaceByPosition() {
        var table = TaskTable<Int>()
        table.insert(1, for: 9)
        table[position: table.position(of: 9)!] += 41
        #expect(table[9] == 42)
    }

    @Test func equalWhateverTheOrderOfEntries() {
        var a = TaskTable<Int>(), b = TaskTable<Int>()
        a.insert(10, for: 1)
        a.insert(20, for: 2)
        b.insert(20, for: 2)
        b.insert(10, for: 1)
        #expect(a == b)
        b[position: b.position(of: 1)!] = 11
        #expect(a != b)
    }
}
