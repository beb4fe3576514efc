import DequeModule

/// A FIFO queue like `asyncio.Queue`: `get` suspends while it is empty (reason queue-get),
/// `put` suspends while it holds `capacity` items (reason queue-put). Waiters are served
/// in arrival order and an item goes straight to a waiting getter. Its depth is recorded
/// as a counter named after the queue. Cancelling a waiting task ends its wait with
/// `CancellationError` and nothing is lost.
public final class TracedQueue<Element: Sendable>: Sendable {
    public let name: String
    private let state: PosixMutex<State>
    /// The waiter lines as key paths, made once: a key path literal into a generic type is
    /// instantiated at run time on every evaluation (demangling included), a large share
    /// of a busy pipeline's time when `put` and `get` spelled it out each call.
    private let getterLine: any WritableKeyPath<State, WaiterQueue<Element, Void>> & Sendable = \State.getters
    private let putterLine: any WritableKeyPath<State, WaiterQueue<Void, Element>> & Sendable = \State.putters

    struct State: Sendable {
        var items = Deque<Element>()
        var capacity: Int
        var getters = WaiterQueue<Element, Void>()
        /// Each putter brings the item it is waiting to put.
        var putters = WaiterQueue<Void, Element>()
    }

    /// - Parameter capacity: most items held; `Int.max` for an unbounded queue.
    public init(name: String, capacity: Int = .max) {
        self.name = name
        self.state = PosixMutex(State(capacity: max(1, capacity)))
    }

    public var count: Int { state.withLock { $0.items.count } }

    public var capacity: Int { state.withLock { $0.capacity } }

    /// Changes the capacity while running; waiting putters move in if room appeared.
    public func setCapacity(_ capacity: Int) {
        let admitted = state.withLock { s -> [CheckedContinuation<Void, any Error>] in
            s.capacity = max(1, capacity)
            return Self.admitPutters(&s)
        }
        for c in admitted { c.resume() }
        recordDepth()
    }

    /// Specialized for `Int`, what the scenarios queue: generic code called from another
    /// module looks up its type metadata at every call; other element types run the
    /// generic code.
    @_specialize(exported: true, where Element == Int)
    public func put(_ item: Element) async throws {
        try Task.checkCancellation()
        // A getter this put serves: resumed once the queue's lock is released (see
        // `Trace.waitInLine`: never resume a task under a lock its cancellation takes).
        var servedGetter: WaiterQueue<Element, Void>.Continuation?
        let (_, waited) = try await Trace.waitInLine(
            for: .queuePut, in: putterLine, bringing: item, locked: { body in self.state.withLock { body(&$0) } }
        ) { s in
            if let getter = s.getters.popFirst() {
                servedGetter = getter.continuation
                return ()
            }
            guard s.items.count < s.capacity && s.putters.isEmpty else { return nil }
            s.items.append(item)
            return ()
        }
        servedGetter?.resume(returning: item)
        // Handing an item at once to a getter that was waiting leaves the depth as it was.
        if waited || servedGetter == nil { recordDepth() }
    }

    @_specialize(exported: true, where Element == Int)
    public func get() async throws -> Element {
        try Task.checkCancellation()
        // Putters this get lets in: resumed once the queue's lock is released.
        var admitted: [CheckedContinuation<Void, any Error>] = []
        let (item, waited) = try await Trace.waitInLine(
            for: .queueGet, in: getterLine, locked: { body in self.state.withLock { body(&$0) } }
        ) { s -> Element? in
            if let item = s.items.popFirst() {
                admitted = Self.admitPutters(&s)
                return item
            }
            // Only reached if a putter waits with room free; take its item directly.
            guard let putter = s.putters.popFirst() else { return nil }
            admitted = [putter.continuation]
            return putter.payload
        }
        for putter in admitted { putter.resume() }
        // As ever, only a get served at once records the depth (one that waited was most
        // likely handed its item by a put, which leaves the depth as it was).
        if !waited { recordDepth() }
        return item
    }

    /// Moves waiting putters' items in while there is room; returns whom to resume.
    private static func admitPutters(_ s: inout State) -> [CheckedContinuation<Void, any Error>] {
        var admitted: [CheckedContinuation<Void, any Error>] = []
        while s.items.count < s.capacity, let putter = s.putters.popFirst() {
            s.items.append(putter.payload)
            admitted.append(putter.continuation)
        }
        return admitted
    }

    private func recordDepth() {
        guard let executor = Trace.currentExecutor else { return }
        executor.bus.record(task: Trace.currentTask, .counter(name: name, value: Int64(count)))
    }
}
