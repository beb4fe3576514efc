/// The drainer's working space: the events taken from every stage, merged into sequence
/// order, and those held back past a gap in the numbers until the next drain.
///
/// Events are moved in (a bulk move from a stage's chunk) and moved out (into the batch
/// delivered), never copied: copying an event retains what it holds and destroying the copy
/// releases it again, and an array grown to fit each chunk as it came re-copied everything
/// taken so far. The space is reused from drain to drain, and given back after a burst.
/// Used only under the bus's merge lock.
final class MergeBuffer {
    /// The capacity kept between drains; a burst may grow it, a drain that leaves few
    /// events shrinks it back.
    static let usualCapacity = 8_192

    private var base: UnsafeMutablePointer<StagedEvent>
    private(set) var capacity: Int
    /// Events held, in `base[0..<count]`.
    private(set) var count = 0

    init() {
        capacity = Self.usualCapacity
        base = .allocate(capacity: capacity)
    }

    deinit {
        base.deinitialize(count: count)
        base.deallocate()
    }

    var isEmpty: Bool { count == 0 }

    /// The sequence number of the event at `index` (< `count`).
    func sequence(at index: Int) -> UInt64 { base[index].sequence }

    /// Moves `moving` events from `source` onto the end; `source` is left uninitialized.
    func append(movingFrom source: UnsafeMutablePointer<StagedEvent>, count moving: Int) {
        guard moving > 0 else { return }
        if count + moving > capacity { reallocate(capacity: max(count + moving, capacity * 2)) }
        (base + count).moveInitialize(from: source, count: moving)
        count += moving
    }

    /// Puts the events in sequence order (each stage's run is in order already).
    func sortBySequence() {
        var events = UnsafeMutableBufferPointer(start: base, count: count)
        events.sort { $0.sequence < $1.sequence }
    }

    /// Hands the first `taken` events to `body`, in order, and moves the rest to the front.
    func removeFirst(_ taken: Int, into body: (consuming StagedEvent) -> Void) {
        precondition(taken <= count)
        for index in 0..<taken { body((base + index).move()) }
        let kept = count - taken
        if kept > 0, taken > 0 { base.moveInitialize(from: base + taken, count: kept) }
        count = kept
        // After a burst, give the space back (a few events are often held back, so not
        // only when empty).
        if capacity > Self.usualCapacity, count <= Self.usualCapacity / 2 { reallocate(capacity: Self.usualCapacity) }
    }

    private func reallocate(capacity newCapacity: Int) {
        let fresh = UnsafeMutablePointer<StagedEvent>.allocate(capacity: newCapacity)
        fresh.moveInitialize(from: base, count: count)
        base.deallocate()
        base = fresh
        capacity = newCapacity
    }
}
