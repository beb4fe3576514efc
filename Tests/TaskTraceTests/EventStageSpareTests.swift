import Testing
@testable import TaskTrace

/// A stage keeps emptied chunks for a burst's reuse only while the burst lasts, and none
/// once its bus has closed.
@Suite struct EventStageSpareTests {
    static func push(_ count: Int, into stage: EventStage) {
        for n in 0..<count {
            stage.push(StagedEvent(sequence: UInt64(n), event: TaskEvent(time: 0, task: 1, kind: .cancel)))
        }
    }

    @Test func sparesFollowTheLastDrainAndGoWhenTheBusCloses() {
        let stage = EventStage()
        let buffer = MergeBuffer()
        // A burst: ten chunks full, drained at once.
        Self.push(EventChunk.capacity * 10 + 1, into: stage)
        _ = stage.take(into: buffer)
        buffer.removeFirst(buffer.count) { _ in }
        #expect(stage.spareCount == 10)
        // The producer reuses them rather than allocating: another four chunks take four.
        Self.push(EventChunk.capacity * 4, into: stage)
        #expect(stage.spareCount == 6)
        _ = stage.take(into: buffer)
        buffer.removeFirst(buffer.count) { _ in }
        // That drain emptied four: at most four and two more stay.
        #expect(stage.spareCount == EventStage.sparesWhenQuiet + 4)
        // Quiet: only the few kept for a quiet stream.
        _ = stage.take(into: buffer)
        #expect(stage.spareCount == EventStage.sparesWhenQuiet)
        stage.retire()
        #expect(stage.spareCount == 0)
        let retired = stage.retired.load(ordering: .relaxed)
        #expect(retired)
    }
}
