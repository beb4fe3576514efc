import Testing
@testable import TaskTrace

/// The drainer's merge buffer: events moved in from several stages' runs come out in
/// sequence order, the ones not handed out stay for the next drain, and growing past the
/// usual capacity (a burst) loses nothing.
@Suite struct MergeBufferTests {
    /// Moves `events` into `buffer` as one stage's run would arrive.
    static func append(_ events: [StagedEvent], to buffer: MergeBuffer) {
        let source = UnsafeMutablePointer<StagedEvent>.allocate(capacity: events.count)
        defer { source.deallocate() }
        source.initialize(from: events, count: events.count)
        buffer.append(movingFrom: source, count: events.count)
    }

    static func staged(_ sequence: UInt64) -> StagedEvent {
        StagedEvent(sequence: sequence, event: TaskEvent(time: Int64(sequence), task: 1, kind: .message("event \(sequence)")))
    }

    @Test func runsFromSeveralStagesComeOutInSequenceOrderAndTheRestStays() {
        let buffer = MergeBuffer()
        // Three stages' runs, interleaved numbers, more than the usual capacity in all.
        let total = MergeBuffer.usualCapacity * 3
        for stage in 0..<3 {
            Self.append(stride(from: stage, to: total, by: 3).map { Self.staged(UInt64($0)) }, to: buffer)
        }
        #expect(buffer.count == total)
        #expect(buffer.capacity >= total)
        buffer.sortBySequence()
        var out: [TaskEvent] = []
        let handed = total - 100
        buffer.removeFirst(handed) { out.append($0.event) }
        #expect(out.map(\.time) == (0..<Int64(handed)).map { $0 })
        #expect(out.last?.kind == .message("event \(handed - 1)"))
        // The held-back rest moved to the front, still in order, and later runs join it;
        // the burst's space went back although a few events stay.
        #expect(buffer.count == 100)
        #expect(buffer.capacity == MergeBuffer.usualCapacity)
        #expect(buffer.sequence(at: 0) == UInt64(handed))
        Self.append([Self.staged(UInt64(total))], to: buffer)
        var rest: [UInt64] = []
        buffer.removeFirst(buffer.count) { rest.append($0.sequence) }
        #expect(rest == (UInt64(handed)...UInt64(total)).map { $0 })
        #expect(buffer.isEmpty)
        // Still usable.
        Self.append([Self.staged(7)], to: buffer)
        buffer.removeFirst(1) { #expect($0.event.kind == .message("event 7")) }
    }
}

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
