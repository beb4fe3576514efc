import TaskTrace

/// Where event batches wait between the bus's stream and the draw loop, which takes them
/// all at once each frame: the workload never waits for drawing. Bounded: past `limit`
/// waiting events, new ones are counted and reported as a `.dropped` event, never lost silently.
final class EventInbox: Sendable {
    private struct State {
        var events: [TaskEvent] = []
        var dropped: Int64 = 0
        var finished = false
    }
    private let state = PosixMutex(State())
    let limit: Int

    init(limit: Int = 4_000_000) { self.limit = limit }

    func append(_ batch: [TaskEvent]) {
        state.withLock { s in
            let room = max(0, limit - s.events.count)
            if batch.count <= room {
                s.events.append(contentsOf: batch)
            } else {
                s.events.append(contentsOf: batch.prefix(room))
                s.dropped += Int64(batch.count - room)
            }
        }
    }

    func finish() { state.withLock { $0.finished = true } }

    var isFinished: Bool { state.withLock { $0.finished && $0.events.isEmpty } }

    func take() -> [TaskEvent] {
        state.withLock { s in
            var out: [TaskEvent] = []
            swap(&out, &s.events)
            if s.dropped > 0 {
                out.append(TaskEvent(time: out.last?.time ?? 0, task: 0, kind: .dropped(count: s.dropped)))
                s.dropped = 0
            }
            return out
        }
    }
}
