import Foundation
import Synchronization

/// Carries events from the tasks that produce them to the consumers that show or store
/// them. Each producing thread appends to a stage of its own (see `EventStage`), so a
/// producer pays one atomic increment (the event's place in the global order), a
/// timestamp and an append, with no lock; a drainer thread merges the stages into one
/// order and hands batches to every subscriber about once a millisecond. Bounds are explicit and every event dropped is counted and reported
/// as a `.dropped` event, never lost silently.
public final class EventBus: Sendable {
    public let clock: SessionClock
    /// False for an untraced run: every `record` returns at once, nothing is kept or sent.
    public let isRecording: Bool
    /// Real time on a machine with a usable cycle counter: events recorded without a time
    /// are stamped with the counter and converted to ticks when drained (see `CycleClock`).
    private let stampsCycles: Bool
    /// Most events one thread's stage holds between drains before new ones are dropped.
    private let capacity: Int
    /// Tells this bus's stages apart in a thread's cache of them.
    private let id = EventBus.nextID.wrappingAdd(1, ordering: .relaxed).oldValue
    private static let nextID = Atomic<UInt64>(1)
    /// The global order of events: each takes the next number when recorded.
    private let sequence = Atomic<UInt64>(0)
    private let closed = Atomic<Bool>(false)
    private let stages = PosixMutex<[EventStage]>([])
    private let state: PosixMutex<State>
    private let merge: PosixMutex<MergeState>
    private let drainSignal = ConditionLock()
    /// Serializes drains, so no subscriber can see a later batch before an earlier one.
    private let deliveryLock = ConditionLock()

    struct State {
        var subscribers: [Int: Subscriber] = [:]
        var nextSubscriber = 0
        var closed = false
        var drainerRunning = false
        /// Events lost because a subscriber's buffer was full.
        var droppedBySubscribers: Int64 = 0
    }

    /// What the drainer carries from one drain to the next.
    struct MergeState {
        /// Events taken and merged; between drains, those numbered past a gap (a producer
        /// has taken the gap's number but has not appended its event yet).
        let buffer = MergeBuffer()
        var nextSequence: UInt64 = 0
        /// Converts the cycle stamps of what is drained, re-anchored at every drain (nil
        /// when nothing is stamped in cycles).
        var cycles: CycleConverter?
        /// The time of the last event delivered: times never go backwards in the stream.
        var lastTime: Int64 = 0
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
    ///   - capacity: most events one producing thread holds between drains before new
    ///     ones are dropped.
    ///   - recording: false to discard every event (an untraced run, to measure what
    ///     tracing costs: the same executor and scheduling, no events).
    public init(clock: SessionClock, capacity: Int = 4_000_000, recording: Bool = true) {
        self.clock = clock
        self.capacity = capacity
        self.isRecording = recording
        self.state = PosixMutex(State())
        if case .real = clock.mode, recording, CycleClock.isUsable { stampsCycles = true } else { stampsCycles = false }
        self.merge = PosixMutex(MergeState(cycles: stampsCycles ? clock.cycleConverter() : nil))
    }

    /// Records one event, stamped with the clock's time now.
    @inline(__always)
    public func record(task: TaskID, _ kind: TaskEvent.Kind) {
        guard isRecording else { return }
        ThreadState.currentUnretained._withUnsafeGuaranteedRef { append(task: task, kind, at: nil, from: $0) }
    }

    /// Records one event at `time`, a reading of this bus's clock the caller has just
    /// taken (the executor reads it for ready-wait anyway: no second read).
    @inline(__always)
    func record(task: TaskID, _ kind: TaskEvent.Kind, at time: Int64) {
        guard isRecording else { return }
        ThreadState.currentUnretained._withUnsafeGuaranteedRef { append(task: task, kind, at: time, from: $0) }
    }

    /// Records one event at `time` from the thread whose state is `local` (an executor's
    /// worker has it at hand: no thread-local lookup).
    @inline(__always)
    func record(task: TaskID, _ kind: TaskEvent.Kind, at time: Int64, from local: ThreadState) {
        guard isRecording else { return }
        append(task: task, kind, at: time, from: local)
    }

    @inline(__always)
    private func append(task: TaskID, _ kind: TaskEvent.Kind, at time: Int64?, from local: ThreadState) {
        guard !closed.load(ordering: .relaxed) else { return }
        let stage = local.stage(forBus: id) ?? addStage(for: local)
        stage._withUnsafeGuaranteedRef { stage in
            guard stage.hasRoom(for: capacity) else {
                stage.countDrop()
                return
            }
            // A number taken is an event pushed moments later; the drainer holds back what
            // comes after a number not yet pushed.
            let number = sequence.wrappingAdd(1, ordering: .relaxed).oldValue
            let (stamp, inCycles): (Int64, Bool) =
                if let time { (time, false) }
                else if stampsCycles { (Int64(bitPattern: CycleClock.now()), true) }
                else { (clock.now(), false) }
            stage.push(StagedEvent(sequence: number, event: TaskEvent(time: stamp, task: task, kind: kind), timeInCycles: inCycles))
        }
    }

    /// Gives the thread whose state is `local` (the calling one) a stage for this bus;
    /// the thread's state keeps it.
    private func addStage(for local: ThreadState) -> Unmanaged<EventStage> {
        let stage = EventStage()
        stages.withLock { $0.append(stage) }
        // Closed meanwhile: `close` may have retired the stages before this one joined.
        if closed.load(ordering: .relaxed) { stage.retire() }
        local.remember(stage, forBus: id)
        return Unmanaged.passUnretained(stage)
    }

    /// Events recorded and dropped so far.
    public var totals: (recorded: Int64, dropped: Int64) {
        var recorded: Int64 = 0, dropped = state.withLock { $0.droppedBySubscribers }
        for stage in stages.withLock({ $0 }) {
            recorded += stage.recorded.load(ordering: .relaxed)
            dropped += stage.dropped.load(ordering: .relaxed)
        }
        return (recorded, dropped)
    }

    /// Events recorded so far (dropped ones not counted), as `totals.recorded` but one
    /// atomic load: what a reader's count of events taken lags behind (`EventPacer`).
    public var recordedCount: Int64 { Int64(truncatingIfNeeded: sequence.load(ordering: .relaxed)) }

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

    /// Delivers everything recorded so far; called by the drainer and by `close`.
    public func drain() {
        drain(final: false)
    }

    private func drain(final: Bool) {
        deliveryLock.lock()
        defer { deliveryLock.unlock() }
        let batch = collect(final: final)
        guard !batch.isEmpty else { return }
        let subscribers = state.withLock { Array($0.subscribers) }
        for (id, subscriber) in subscribers {
            var outgoing = batch
            if subscriber.dropped > 0 {
                outgoing.insert(TaskEvent(time: batch[0].time, task: 0, kind: .dropped(count: subscriber.dropped)), at: 0)
            }
            let result = subscriber.continuation.yield(outgoing)
            let lost: Int64 = if case .dropped = result { Int64(batch.count) } else { 0 }
            state.withLock { s in
                s.droppedBySubscribers += lost
                s.subscribers[id]?.dropped = lost > 0 ? subscriber.dropped + lost : 0
            }
        }
    }

    /// Takes every stage's events and merges them into sequence order. Returns the part
    /// with no gap in its numbers (all of it when `final`), with a `.dropped` event last if
    /// any stage dropped events since the previous drain.
    private func collect(final: Bool) -> [TaskEvent] {
        let stages = self.stages.withLock { $0 }
        return merge.withLock { m in
            let buffer = m.buffer
            var runs = buffer.isEmpty ? 0 : 1
            var dropped: Int64 = 0
            for stage in stages {
                let before = buffer.count
                dropped += stage.take(into: buffer)
                if buffer.count > before { runs += 1 }
            }
            // Each stage is already in order; the sort merges the runs.
            if runs > 1 { buffer.sortBySequence() }
            // After the take: every cycle stamp to convert was read before this anchor.
            m.cycles?.reanchor(at: .now())
            var end = 0
            if final {
                end = buffer.count
            } else {
                var expected = m.nextSequence
                while end < buffer.count, buffer.sequence(at: end) == expected {
                    end += 1
                    expected &+= 1
                }
            }
            if end > 0 { m.nextSequence = buffer.sequence(at: end - 1) &+ 1 }
            // An idle poll allocates nothing (the drainer polls every millisecond).
            if end == 0, dropped == 0 { return [] }
            var batch: [TaskEvent] = []
            batch.reserveCapacity(end + 1)
            var lastTime = m.lastTime
            buffer.removeFirst(end) { staged in
                var event = staged.event
                if staged.timeInCycles, let converted = m.cycles?.ticks(atCycles: UInt64(bitPattern: event.time)) {
                    event.time = converted
                }
                // Numbered and stamped are two steps, so a thread stamped a moment later
                // may hold the earlier number: the stream's times never go backwards.
                if event.time < lastTime { event.time = lastTime }
                lastTime = event.time
                batch.append(event)
            }
            m.lastTime = lastTime
            if dropped > 0 {
                batch.append(TaskEvent(time: lastTime, task: 0, kind: .dropped(count: dropped)))
            }
            return batch
        }
    }

    /// Delivers what is recorded and finishes every subscriber's stream. Later records
    /// are ignored.
    public func close() {
        guard !closed.exchange(true, ordering: .relaxed) else { return }
        drain(final: true)
        let subscribers = state.withLock { s in
            s.closed = true
            let subs = s.subscribers.values.map(\.continuation)
            s.subscribers.removeAll()
            return subs
        }
        for continuation in subscribers { continuation.finish() }
        for stage in stages.withLock({ $0 }) { stage.retire() }
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
        while !closed.load(ordering: .relaxed) {
            drain()
            drainSignal.lock()
            drainSignal.wait(untilMonotonic: SessionClock.monotonicNanos() + 1_000_000)
            drainSignal.unlock()
        }
    }
}
