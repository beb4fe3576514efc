@testable import ProgramTrace
import Testing

@Suite struct RecentAnswersTests {
    @Test func aNilAnswerIsToldApartFromNoAnswer() {
        var recent = RecentAnswers<String?>()
        #expect(recent[7] == nil)
        recent.remember(nil, for: 7)
        recent.remember("fetch", for: 0)
        #expect(recent[7] == .some(nil))
        #expect(recent[0] == .some("fetch"))
        #expect(recent[8] == nil)
    }

    @Test func theOldestAnswerMakesRoomForANewOne() {
        var recent = RecentAnswers<Int>()
        let capacity = RecentAnswers<Int>.capacity
        for address in 1...capacity { recent.remember(address * 10, for: UInt64(address)) }
        #expect((1...capacity).allSatisfy { recent[UInt64($0)] == $0 * 10 })
        recent.remember(-1, for: 100)
        recent.remember(-2, for: 200)
        #expect(recent[1] == nil)
        #expect(recent[2] == nil)
        #expect(recent[3] == 30)
        #expect(recent[100] == -1)
        #expect(recent[200] == -2)
    }

    @Test func forgettingAllLeavesNothing() {
        var recent = RecentAnswers<Int>()
        for address in 0..<20 { recent.remember(address, for: UInt64(address)) }
        recent.forgetAll()
        #expect((0..<20).allSatisfy { recent[UInt64($0)] == nil })
        recent.remember(5, for: 3)
        #expect(recent[3] == 5)
    }
}
