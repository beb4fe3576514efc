import DequeModule
import Synchronization

/// A counting semaphore like `asyncio.Semaphore`: `acquire` suspends (reason semaphore)
/// while no permit is free. The number of permits can change while tasks wait, which is
/// how a concurrency-limit knob takes effect on the next acquire.
public final class TracedSemaphore: Sendable {
    public let name: String
    private let state: Mutex<State>

    struct State {
        var limit: Int
        var inUse = 0
        var waiters = Deque<(id: UInt64, continuation: CheckedContinuation<Void, any Error>)>()
        var nextWaiter: UInt64 = 0
    }

    public init(name: String, permits: Int) {
        self.name = name
        self.state = Mutex(State(limit: max(1, permits)))
    }

    public var permits: Int { state.withLock { $0.limit } }
    public var inUse: Int { state.withLock { $0.inUse } }

    /// Changes the number of permits; waiters are let in if room appeared. Holders above a
    /// lowered limit keep their permits until they release them.
    public func setPermits(_ permits: Int) {
        let admitted = state.withLock { s in
            s.limit = max(1, permits)
            return Self.admit(&s)
        }
        for c in admitted { c.resume() }
    }

    public func acquire() async throws {
        try Task.checkCancellation()
        let id: UInt64? = state.withLock { s in
            if s.inUse < s.limit && s.waiters.isEmpty { s.inUse += 1; return nil }
            s.nextWaiter += 1
            return s.nextWaiter
        }
        guard let id else { return }
        try await withTaskCancellationHandler {
            try await Trace.suspending(.semaphore) {
                try await withCheckedThrowingContinuation { (c: CheckedContinuation<Void, any Error>) in
                    let now: Bool? = state.withLock { s in
                        if s.inUse < s.limit && s.waiters.isEmpty { s.inUse += 1; return true }
                        if Task.isCancelled { return false }
                        s.waiters.append((id, c))
                        return nil
                    }
                    switch now {
                    case true?: c.resume()
                    case false?: c.resume(throwing: CancellationError())
                    case nil: break
                    }
                }
            }
        } onCancel: {
            let c = state.withLock { s -> CheckedContinuation<Void, any Error>? in
                guard let i = s.waiters.firstIndex(where: { $0.id == id }) else { return nil }
                return s.waiters.remove(at: i).continuation
            }
            c?.resume(throwing: CancellationError())
        }
    }

    public func release() {
        let admitted = state.withLock { s in
            s.inUse = max(0, s.inUse - 1)
            return Self.admit(&s)
        }
        for c in admitted { c.resume() }
    }

    /// Runs `body` holding one permit.
    public func withPermit<T>(_ body: () async throws -> T) async throws -> T {
        try await acquire()
        defer { release() }
        return try await body()
    }

    private static func admit(_ s: inout State) -> [CheckedContinuation<Void, any Error>] {
        var admitted: [CheckedContinuation<Void, any Error>] = []
        while s.inUse < s.limit, let waiter = s.waiters.popFirst() {
            s.inUse += 1
            admitted.append(waiter.continuation)
        }
        return admitted
    }
}
