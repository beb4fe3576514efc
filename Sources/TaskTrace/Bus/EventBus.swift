import Foundation
import Synchronization

/// Carries events from the tasks that produce them to the consumers that show or store
/// them. Producers pay only for a lock and an append; a drainer thread hands batches to
/// every subscriber about once a millisecond. Bounds are explicit and every event dropped
/// is counted and reported as a `.dropped` event, never lost silently.
public final class EventBus: Sendable {
    public let clock: SessionClock
    private let state: Mutex<State>
    private let drainSignal = ConditionLock()
    private let deliveryLock = ConditionLock()
    private let capacity: Int
    /// False for an untraced run: every `record` returns at once, nothing is kept or sent.
    public let isRecording: Bool

    struct State {
        var pending: [TaskEvent] = []
        var droppedSinceDrain: Int64 = 0
        var subscribers: [Int: Subscriber] = [:]
        var nextSubscriber = 0
        var closed = false
        var drainerRunning = false
        var totalRecorded: Int64 = 0
        var totalDropped: Int64 = 0
    }

    struct Subscriber {
        let continuation: AsyncStream<[TaskEvent]>.Continuation
        /// Events lost because this subscriber's own buffer was full; reported to it next time.
        var dropped: Int64 = 0
    }

    /// How a subscriber is buffered when it falls behind.
    public enum Buffering: Sendable {
        /// Keep every batch (recorders, headless runs).
        case unbounded
        /// Keep at most this many undelivered batches; count the events of any beyond it.
        case batches(Int)
    }

    /// - Parameters:
    ///   - capacity: most events held between drains before new ones are dropped.
    ///   - recording: false to discard every event (an untraced run, to measure what
    ///     tracing costs: the same executor and scheduling, no events).
    public init(clock: SessionClock, capacity: Int = 4_000_000, recording: Bool = true) {
        self.clock = clock
        self.capacity = capacity
        self.isRecording = recording
        self.state = Mutex(State())
    }

    /// Records one event, stamped with the clock's time inside the lock so that the
    /// stream's order and its timestamps always agree.
    @inline(__always)
    public func record(task: TaskID, _ kind: TaskEvent.Kind) {
        guard isRecording else { return }
        state.withLock { s in
            guard !s.closed else { return }
            if s.pending.count >= capacity {
                s.droppedSinceDrain += 1
                s.totalDropped += 1
                return
            }
            s.pending.append(TaskEvent(time: clock.now(), task: task, kind: kind))
            s.totalRecorded += 1
        }
    }

    /// Events recorded and dropped so far.
    public var totals: (recorded: Int64, dropped: Int64) {
        state.withLock { ($0.totalRecorded, $0.totalDropped) }
    }

    /// A stream of event batches from now on, in recording order. It finishes when the
    /// bus is closed.
    public func subscribe(buffering: Buffering = .unbounded) -> AsyncStream<[TaskEvent]> {
        let policy: AsyncStream<[TaskEvent]>.Continuation.BufferingPolicy
        switch buffering {
        case .unbounded: policy = .unbounded
        case let .batches(n): policy = .bufferingOldest(max(1, n))
        }
        let (stream, continuation) = AsyncStream.makeStream(of: [TaskEvent].self, bufferingPolicy: policy)
        let id: Int? = state.withLock { s in
            guard !s.closed else { return nil }
            let id = s.nextSubscriber
            s.nextSubscriber += 1
            s.subscribers[id] = Subscriber(continuation: continuation)
            return id
        }
        guard let id else {
            continuation.finish()
            return stream
        }
        continuation.onTermination = { [weak self] _ in
            _ = self?.state.withLock { $0.subscribers.removeValue(forKey: id) }
        }
        startDrainerIfNeeded()
        return stream
    }

    /// Delivers everything pending now; called by the drainer and by `close`. Drains are
    /// serialized, so no subscriber can see a later batch before an earlier one.
    public func drain() {
        deliveryLock.lock()
        defer { deliveryLock.unlock() }
        let (batch, subscribers): ([TaskEvent], [(Int, Subscriber)]) = state.withLock { s in
            // Nothing to send: no allocation, no copy of the subscriber list.
            guard !s.pending.isEmpty || s.droppedSinceDrain > 0 else { return ([], []) }
            var batch: [TaskEvent] = []
            swap(&batch, &s.pending)
            s.pending.reserveCapacity(min(capacity, max(1024, batch.count)))
            if s.droppedSinceDrain > 0 {
                batch.append(TaskEvent(time: clock.now(), task: 0, kind: .dropped(count: s.droppedSinceDrain)))
                s.droppedSinceDrain = 0
            }
            return (batch, Array(s.subscribers))
        }
        guard !batch.isEmpty else { return }
        for (id, subscriber) in subscribers {
            var outgoing = batch
            if subscriber.dropped > 0 {
                outgoing.insert(TaskEvent(time: batch[0].time, task: 0, kind: .dropped(count: subscriber.dropped)), at: 0)
            }
            let result = subscriber.continuation.yield(outgoing)
            let lost: Int64 = if case .dropped = result { Int64(batch.count) } else { 0 }
            state.withLock { s in
                if lost > 0 { s.totalDropped += lost }
                s.subscribers[id]?.dropped = lost > 0 ? subscriber.dropped + lost : 0
            }
        }
    }

    /// Delivers what is pending and finishes every subscriber's stream. Later records are ignored.
    public func close() {
        drain()
        let subscribers = state.withLock { s in
            s.closed = true
            let subs = s.subscribers.values.map(\.continuation)
            s.subscribers.removeAll()
            return subs
        }
        for continuation in subscribers { continuation.finish() }
        drainSignal.lock()
        drainSignal.broadcast()
        drainSignal.unlock()
    }

    private func startDrainerIfNeeded() {
        let start = state.withLock { s in
            if s.drainerRunning || s.closed { return false }
            s.drainerRunning = true
            return true
        }
        guard start else { return }
        let thread = Thread { [self] in runDrainer() }
        thread.name = "interleave-drainer"
        thread.start()
    }

    private func runDrainer() {
        while !state.withLock({ $0.closed }) {
            drain()
            drainSignal.lock()
            drainSignal.wait(untilMonotonic: SessionClock.monotonicNanos() + 1_000_000)
            drainSignal.unlock()
        }
    }
}
