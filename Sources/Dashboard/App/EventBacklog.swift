import TraceModel

/// The events a pushing source has sent that the runner has not handled yet: the workload
/// never waits for drawing, yet what waits is bounded. Past `limit` waiting events, new
/// ones are counted and reported as a `.dropped` event, never lost silently.
final class EventBacklog: Sendable {
    private struct State {
        var waiting = 0
        var dropped: Int64 = 0
        var finished = false
    }
    private let state = PosixMutex(State())
    let limit: Int

    init(limit: Int = 4_000_000) { self.limit = limit }

    /// What of `batch` to send now: as much as there is room for, then a `.dropped` event
    /// for what could not be sent so far, once there is room again.
    func admit(_ batch: [TaskEvent]) -> [TaskEvent] {
        state.withLock { s in
            let room = max(0, limit - s.waiting)
            var out = batch.count <= room ? batch : Array(batch.prefix(room))
            s.dropped += Int64(batch.count - out.count)
            if s.dropped > 0, out.count < room {
                out.append(TaskEvent(time: batch.last?.time ?? 0, task: 0, kind: .dropped(count: s.dropped)))
                s.dropped = 0
            }
            s.waiting += out.count
            return out
        }
    }

    /// The runner handled `count` of the events sent.
    func took(_ count: Int) { state.withLock { $0.waiting = max(0, $0.waiting - count) } }

    /// The source's stream ended.
    func finish() { state.withLock { $0.finished = true } }

    /// True once the stream ended and the runner handled every event sent.
    var isFinished: Bool { state.withLock { $0.finished && $0.waiting == 0 } }

    /// Forwards `stream` to `send` as `.events`, then `.sourceEnded`.
    func forward(_ stream: AsyncStream<[TaskEvent]>, to send: @escaping @Sendable (Msg) -> Void) -> Task<Void, Never> {
        Task.detached { [self] in
            for await batch in stream {
                let events = admit(batch)
                if !events.isEmpty { send(.events(events)) }
            }
            finish()
            send(.sourceEnded)
        }
    }
}
