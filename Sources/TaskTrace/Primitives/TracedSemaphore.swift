
/// A counting semaphore like `asyncio.Semaphore`: `acquire` suspends (reason semaphore)
/// while no permit is free. The number of permits can change while tasks wait, which is
/// how a concurrency-limit knob takes effect on the next acquire.
public final class TracedSemaphore: Sendable {
    public let name: String
    private let state: PosixMutex<State>

    struct State: Sendable {
        var limit: Int
        var inUse = 0
        var waiters = WaiterQueue<Void, Void>()
    }

    public init(name: String, permits: Int) {
        self.name = name
        self.state = PosixMutex(State(limit: max(1, permits)))
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
        try await Trace.waitInLine(
            for: .semaphore, in: \State.waiters, locked: { body in self.state.withLock { body(&$0) } }
        ) { s in
            guard s.inUse < s.limit && s.waiters.isEmpty else { return nil }
            s.inUse += 1
            return ()
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
