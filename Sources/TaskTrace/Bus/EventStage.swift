import DequeModule
import Synchronization

/// One producing thread's events for one bus, waiting for the drainer: a single-producer,
/// single-consumer queue of fixed chunks. The producer fills slots and publishes how many
/// with a release store; the drainer reads that count with an acquire load and moves the
/// events out. Neither takes a lock per event (a lock per event is two atomic
/// read-modify-writes; a lock shared by all threads made producers park in the kernel).
/// The chunk list's lock is taken once per 4,096 events by the producer and once per
/// drain by the drainer.
///
/// Only the thread that owns the stage may call `hasRoom`, `push` and `countDrop`; only the
/// drainer may call `take`.
final class EventStage: @unchecked Sendable {
    // Producer side: touched only by the owning thread (hence no dynamic exclusivity checks).
    /// The chunk being filled. `push` goes through the unretained copies below: reading a
    /// class property retains and releases it, a large part of an event's cost.
    @exclusivity(unchecked) private var current: EventChunk
    @exclusivity(unchecked) private var currentChunk: Unmanaged<EventChunk>
    @exclusivity(unchecked) private var currentSlots: UnsafeMutablePointer<StagedEvent>
    @exclusivity(unchecked) private var writtenInCurrent = 0
    @exclusivity(unchecked) private var pushed: Int64 = 0
    @exclusivity(unchecked) private var droppedByProducer: Int64 = 0

    // Drainer side: touched only by the drainer (likewise).
    @exclusivity(unchecked) private var droppedReported: Int64 = 0

    /// Chunks not yet emptied, oldest first (the newest is the producer's), and emptied
    /// ones kept for reuse: a steady stream then allocates nothing.
    private let chunks: PosixMutex<(queue: Deque<EventChunk>, spares: [EventChunk])>
    /// Emptied chunks kept for reuse, at most. A producer at full speed fills a dozen
    /// between two drains, and a chunk freed and allocated again costs a page fault per
    /// 4 KiB on first touch (with one spare, most of an event's cost). At most 3.7 MB a thread, and only while it records that fast: each drain
    /// keeps no more spares than it emptied chunks, plus `sparesWhenQuiet`.
    static let spareLimit = 16
    static let sparesWhenQuiet = 2
    /// Events pushed so far (stored by the producer, read by anyone).
    let recorded = Atomic<Int64>(0)
    /// Events refused because the stage was full (stored by the producer).
    let dropped = Atomic<Int64>(0)
    /// Events the drainer has moved out (stored by the drainer, read by the producer).
    private let consumed = Atomic<Int64>(0)
    /// Set when the bus closes, so a thread's cache of stages can let go of it.
    let retired = Atomic<Bool>(false)

    /// Emptied chunks kept for reuse now.
    var spareCount: Int { chunks.withLock { $0.spares.count } }

    /// The bus has closed: lets go of the spare chunks now (a thread's cache may keep
    /// the stage itself until that thread next records into another bus).
    func retire() {
        retired.store(true, ordering: .relaxed)
        chunks.withLock { $0.spares.removeAll() }
    }

    init() {
        let first = EventChunk()
        current = first
        currentChunk = Unmanaged.passUnretained(first)
        currentSlots = first.slots
        chunks = PosixMutex(([first], []))
    }

    /// Producer: whether fewer than `capacity` events are waiting for the drainer.
    @inline(__always)
    func hasRoom(for capacity: Int) -> Bool {
        pushed - consumed.load(ordering: .relaxed) < Int64(capacity)
    }

    /// Producer: appends one event and publishes it.
    @inline(__always)
    func push(_ event: consuming StagedEvent) {
        if writtenInCurrent == EventChunk.capacity { startNewChunk() }
        (currentSlots + writtenInCurrent).initialize(to: event)
        writtenInCurrent += 1
        let written = writtenInCurrent
        currentChunk._withUnsafeGuaranteedRef { $0.filled.store(written, ordering: .releasing) }
        pushed += 1
        recorded.store(pushed, ordering: .relaxed)
    }

    /// Producer: counts one event refused for want of room.
    func countDrop() {
        droppedByProducer += 1
        dropped.store(droppedByProducer, ordering: .relaxed)
    }

    private func startNewChunk() {
        current = chunks.withLock { c in
            let next = c.spares.popLast() ?? EventChunk()
            c.queue.append(next)
            return next
        }
        currentChunk = Unmanaged.passUnretained(current)
        currentSlots = current.slots
        writtenInCurrent = 0
    }

    /// Drainer: moves every published event out, in order, onto the end of `buffer`, and
    /// returns how many were dropped since the last call.
    func take(into buffer: MergeBuffer) -> Int64 {
        var moved: Int64 = 0
        var emptied = 0
        defer {
            // Spares beyond what this drain needed go back: a burst's stay only while it lasts.
            let keep = min(Self.spareLimit, emptied + Self.sparesWhenQuiet)
            chunks.withLock { c in if c.spares.count > keep { c.spares.removeLast(c.spares.count - keep) } }
        }
        while let chunk = chunks.withLock({ $0.queue.first }) {
            let filled = chunk.filled.load(ordering: .acquiring)
            if filled > chunk.taken {
                buffer.append(movingFrom: chunk.slots + chunk.taken, count: filled - chunk.taken)
                moved += Int64(filled - chunk.taken)
                chunk.taken = filled
            }
            // A chunk not yet full is the producer's own: nothing comes after it yet.
            guard chunk.taken == EventChunk.capacity else { break }
            // Full and emptied: the producer has moved on (or will, at its next event,
            // without looking at this chunk's counts), so it can be handed back for reuse.
            chunk.taken = 0
            chunk.filled.store(0, ordering: .relaxed)
            emptied += 1
            chunks.withLock { c in
                _ = c.queue.popFirst()
                if c.spares.count < Self.spareLimit { c.spares.append(chunk) }
            }
        }
        if moved > 0 { consumed.store(consumed.load(ordering: .relaxed) + moved, ordering: .relaxed) }
        let droppedNow = dropped.load(ordering: .relaxed)
        defer { droppedReported = droppedNow }
        return droppedNow - droppedReported
    }
}

/// A fixed run of event slots, filled in order by one producer and emptied in order by the
/// drainer.
final class EventChunk: @unchecked Sendable {
    static let capacity = 4096
    let slots = UnsafeMutablePointer<StagedEvent>.allocate(capacity: EventChunk.capacity)
    /// Slots filled so far: stored by the producer (release), loaded by the drainer (acquire).
    let filled = Atomic<Int>(0)
    /// Slots the drainer has moved out (drainer only).
    var taken = 0

    deinit {
        let filled = filled.load(ordering: .acquiring)
        (slots + taken).deinitialize(count: filled - taken)
        slots.deallocate()
    }
}

/// An event and its place in the bus's one global order. The sequence number is taken
/// when the event is recorded; the drainer merges the stages by it, so causal order holds
/// across threads even when timestamps tie (virtual time stamps whole bursts alike).
struct StagedEvent {
    let sequence: UInt64
    var event: TaskEvent
    /// Whether `event.time` is still a raw cycle count (`CycleClock`), for the drainer to
    /// convert. Last, so it fits in the padding after the event: no bigger a slot.
    var timeInCycles = false
}

extension ThreadState {
    /// This thread's stage for the bus `busID`, if it has one, unretained: `stages` keeps
    /// it, and only `remember`, on this thread, removes stages from it. The last one used
    /// is checked first: a thread almost always records into one bus.
    @inline(__always)
    func stage(forBus busID: UInt64) -> Unmanaged<EventStage>? {
        if lastStageBus == busID, let lastStage { return lastStage }
        for entry in stages where entry.bus == busID {
            lastStageBus = busID
            lastStage = Unmanaged.passUnretained(entry.stage)
            return lastStage
        }
        return nil
    }

    /// Remembers this thread's stage for `busID`, forgetting stages of closed buses.
    func remember(_ stage: EventStage, forBus busID: UInt64) {
        stages.removeAll { $0.stage.retired.load(ordering: .relaxed) }
        stages.append((busID, stage))
        lastStageBus = busID
        lastStage = Unmanaged.passUnretained(stage)
    }
}
