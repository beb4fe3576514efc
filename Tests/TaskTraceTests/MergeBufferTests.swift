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
