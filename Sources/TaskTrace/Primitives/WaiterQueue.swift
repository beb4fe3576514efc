import DequeModule

/// The tasks waiting on a primitive, in arrival order (FIFO, so waiters are served fairly),
/// each with the continuation that wakes it and what it brought along (`Payload`: a
/// putter's item, `Void` for most). It lives inside the primitive's lock-protected state
/// and only keeps the line: whoever takes a waiter out resumes it, after or under the lock.
public struct WaiterQueue<Value: Sendable, Payload> {
    public typealias Continuation = CheckedContinuation<Value, any Error>

    public struct Entry {
        public let id: UInt64
        public let payload: Payload
        public let continuation: Continuation
    }

    private var entries = Deque<Entry>()
    private var lastID: UInt64 = 0

    public init() {}

    public var isEmpty: Bool { entries.isEmpty }
    public var count: Int { entries.count }

    /// A fresh id for a waiter about to queue: handed out before it suspends, so that its
    /// cancellation handler can find it in the line later (or learn it never got in).
    public mutating func nextID() -> UInt64 {
        lastID += 1
        return lastID
    }

    public mutating func append(id: UInt64, payload: Payload, continuation: Continuation) {
        entries.append(Entry(id: id, payload: payload, continuation: continuation))
    }

    /// The longest-waiting entry, taken out of the line.
    public mutating func popFirst() -> Entry? { entries.popFirst() }

    /// Takes out the waiter with `id`; nil if it is not (or no longer) in line, which is how
    /// a wake-up and a cancellation racing for one waiter end with a single resume.
    public mutating func remove(id: UInt64) -> Entry? {
        guard let i = entries.firstIndex(where: { $0.id == id }) else { return nil }
        return entries.remove(at: i)
    }

    /// Takes out every waiter, in arrival order.
    public mutating func removeAll() -> [Entry] {
        defer { entries.removeAll() }
        return Array(entries)
    }
}

extension WaiterQueue where Payload == Void {
    public mutating func append(id: UInt64, continuation: Continuation) {
        append(id: id, payload: (), continuation: continuation)
    }
}

extension WaiterQueue: Sendable where Payload: Sendable {}
extension WaiterQueue.Entry: Sendable where Payload: Sendable {}
