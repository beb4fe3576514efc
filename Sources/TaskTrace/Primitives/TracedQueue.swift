import DequeModule
import Synchronization

/// A FIFO queue like `asyncio.Queue`: `get` suspends while it is empty (reason queue-get),
/// `put` suspends while it holds `capacity` items (reason queue-put). Waiters are served
/// in arrival order and an item goes straight to a waiting getter. Its depth is recorded
/// as a counter named after the queue. Cancelling a waiting task ends its wait with
/// `CancellationError` and nothing is lost.
public final class TracedQueue<Element: Sendable>: Sendable {
    public let name: String
    private let state: Mutex<State>

    struct State {
        var items = Deque<Element>()
        var capacity: Int
        var getters = Deque<(id: UInt64, continuation: CheckedContinuation<Element, any Error>)>()
        var putters = Deque<(id: UInt64, item: Element, continuation: CheckedContinuation<Void, any Error>)>()
        var nextWaiter: UInt64 = 0
    }

    /// - Parameter capacity: most items held; `Int.max` for an unbounded queue.
    public init(name: String, capacity: Int = .max) {
        self.name = name
        self.state = Mutex(State(capacity: max(1, capacity)))
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

    public func put(_ item: Element) async throws {
        try Task.checkCancellation()
        let immediate = state.withLock { s -> Immediate in
            if let getter = s.getters.popFirst() { return .handedOver(getter.continuation) }
            if s.items.count < s.capacity && s.putters.isEmpty {
                s.items.append(item)
                return .stored
            }
            return .mustWait
        }
        switch immediate {
        case let .handedOver(getter):
            getter.resume(returning: item)
            return
        case .stored:
            recordDepth()
            return
        case .mustWait:
            break
        }
        let id = state.withLock { s in s.nextWaiter += 1; return s.nextWaiter }
        try await withTaskCancellationHandler {
            try await Trace.suspending(.queuePut) {
                try await withCheckedThrowingContinuation { (c: CheckedContinuation<Void, any Error>) in
                    let resumeNow: Bool? = state.withLock { s in
                        // Room may have appeared between the check above and now.
                        if let getter = s.getters.popFirst() {
                            getter.continuation.resume(returning: item)
                            return true
                        }
                        if s.items.count < s.capacity && s.putters.isEmpty {
                            s.items.append(item)
                            return true
                        }
                        if Task.isCancelled { return false }
                        s.putters.append((id, item, c))
                        return nil
                    }
                    switch resumeNow {
                    case true?: c.resume()
                    case false?: c.resume(throwing: CancellationError())
                    case nil: break
                    }
                }
            }
        } onCancel: {
            let c = state.withLock { s -> CheckedContinuation<Void, any Error>? in
                guard let i = s.putters.firstIndex(where: { $0.id == id }) else { return nil }
                return s.putters.remove(at: i).continuation
            }
            c?.resume(throwing: CancellationError())
        }
        recordDepth()
    }

    public func get() async throws -> Element {
        try Task.checkCancellation()
        let (taken, admitted) = state.withLock { s -> (Element?, [CheckedContinuation<Void, any Error>]) in
            guard let item = s.items.popFirst() else { return (nil, []) }
            return (item, Self.admitPutters(&s))
        }
        if let taken {
            for c in admitted { c.resume() }
            recordDepth()
            return taken
        }
        let id = state.withLock { s in s.nextWaiter += 1; return s.nextWaiter }
        return try await withTaskCancellationHandler {
            try await Trace.suspending(.queueGet) {
                try await withCheckedThrowingContinuation { (c: CheckedContinuation<Element, any Error>) in
                    let now = state.withLock { s -> Now in
                        if let item = s.items.popFirst() { return .item(item, Self.admitPutters(&s)) }
                        if let putter = s.putters.popFirst() {
                            return .item(putter.item, [putter.continuation])
                        }
                        if Task.isCancelled { return .cancelled }
                        s.getters.append((id, c))
                        return .wait
                    }
                    switch now {
                    case let .item(item, admitted):
                        for p in admitted { p.resume() }
                        c.resume(returning: item)
                    case .cancelled: c.resume(throwing: CancellationError())
                    case .wait: break
                    }
                }
            }
        } onCancel: {
            let c = state.withLock { s -> CheckedContinuation<Element, any Error>? in
                guard let i = s.getters.firstIndex(where: { $0.id == id }) else { return nil }
                return s.getters.remove(at: i).continuation
            }
            c?.resume(throwing: CancellationError())
        }
    }

    private enum Immediate { case handedOver(CheckedContinuation<Element, any Error>), stored, mustWait }
    private enum Now { case item(Element, [CheckedContinuation<Void, any Error>]), cancelled, wait }

    /// Moves waiting putters' items in while there is room; returns whom to resume.
    private static func admitPutters(_ s: inout State) -> [CheckedContinuation<Void, any Error>] {
        var admitted: [CheckedContinuation<Void, any Error>] = []
        while s.items.count < s.capacity, let putter = s.putters.popFirst() {
            s.items.append(putter.item)
            admitted.append(putter.continuation)
        }
        return admitted
    }

    private func recordDepth() {
        guard let executor = Trace.currentExecutor else { return }
        executor.bus.record(task: Trace.currentTask, .counter(name: name, value: Int64(count)))
    }
}
