import Synchronization

/// One producing thread's events for one bus, waiting for the drainer. Only that thread
/// appends and only the drainer takes, so its lock is almost never contended: producers on
/// different threads never wait for each other (a single shared lock made eight producers
/// on two cores park in the kernel, ~30 µs an event).
final class EventStage: Sendable {
    struct Contents {
        var events: [StagedEvent] = []
        var droppedSinceDrain: Int64 = 0
        var recorded: Int64 = 0
        var dropped: Int64 = 0
    }

    let contents = Mutex(Contents())
    /// Set when the bus closes, so a thread's cache of stages can let go of it.
    let retired = Atomic<Bool>(false)
}

/// An event and its place in the bus's one global order. The sequence number is taken
/// when the event is recorded; the drainer merges the stages by it, so causal order holds
/// across threads even when timestamps tie (virtual time stamps whole bursts alike).
struct StagedEvent {
    let sequence: UInt64
    var event: TaskEvent
}

extension ThreadState {
    /// This thread's stage for the bus `busID`, if it has one. The last one used is
    /// checked first: a thread almost always records into one bus.
    @inline(__always)
    func stage(forBus busID: UInt64) -> EventStage? {
        if lastStageBus == busID { return lastStage }
        for entry in stages where entry.bus == busID {
            lastStageBus = busID
            lastStage = entry.stage
            return entry.stage
        }
        return nil
    }

    /// Remembers this thread's stage for `busID`, forgetting stages of closed buses.
    func remember(_ stage: EventStage, forBus busID: UInt64) {
        stages.removeAll { $0.stage.retired.load(ordering: .relaxed) }
        stages.append((busID, stage))
        lastStageBus = busID
        lastStage = stage
    }
}
