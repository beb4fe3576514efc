extension Trace {
    /// Proceeds at once if `proceedNow` can, else queues in `line` and suspends (marked
    /// `reason`) until whoever takes this waiter out of the line resumes it.
    ///
    /// The shared core of the primitives that make tasks wait (semaphore, queue, knobs), so
    /// the subtle parts are written once:
    /// - `proceedNow` runs under the owner's lock before suspending (an await that need not
    ///   wait does not suspend) and again when the continuation is armed, since the state
    ///   may have changed in between. It returns the value to go on with, or nil to wait.
    ///   It may take other waiters out of their line, but must not resume them under the
    ///   lock: the caller resumes them after this returns. The runtime runs a task's
    ///   cancellation handler holding that task's status lock, and the handler takes the
    ///   owner's lock; resuming a task takes its status lock, so a resume under the owner's
    ///   lock deadlocks against a cancellation (it did: a stopped pipeline never wound down).
    ///   Nothing that holds the owner's lock may take a task's status lock.
    /// - Cancellation before arming ends the wait at arming (so does the executor winding
    ///   down: no one may be left to serve the line); cancellation while waiting takes the
    ///   waiter out of the line. Only whoever removes a waiter resumes it, so no
    ///   continuation is resumed twice.
    ///
    /// - Parameters:
    ///   - line: where in the owner's state this kind of waiter queues.
    ///   - payload: what the waiter leaves in the line for whoever serves it.
    ///   - locked: runs its argument on the owner's state under the owner's lock.
    /// - Returns: the value, and whether the task had to wait (false when `proceedNow`
    ///   let it go on at the first look), for owners whose bookkeeping differs.
    @discardableResult
    public static func waitInLine<State, Value: Sendable, Payload: Sendable>(
        for reason: SuspendReason,
        in line: any WritableKeyPath<State, WaiterQueue<Value, Payload>> & Sendable,
        bringing payload: Payload,
        locked: @escaping @Sendable (_ body: (inout State) -> Void) -> Void,
        proceedNow: (inout State) -> Value?
    ) async throws -> (value: Value, waited: Bool) {
        var ready: Value?
        var assignedID: UInt64 = 0
        locked { s in
            if let value = proceedNow(&s) {
                ready = value
            } else {
                assignedID = s[keyPath: line].nextID()
            }
        }
        if let ready { return (ready, false) }
        let id = assignedID
        let value = try await withTaskCancellationHandler {
            try await suspending(reason) {
                try await withCheckedThrowingContinuation { (c: WaiterQueue<Value, Payload>.Continuation) in
                    var outcome: Result<Value, any Error>?
                    locked { s in
                        if let value = proceedNow(&s) {
                            outcome = .success(value)
                        } else if Task.isCancelled || Trace.currentExecutor?.isWindingDown == true {
                            outcome = .failure(CancellationError())
                        } else {
                            s[keyPath: line].append(id: id, payload: payload, continuation: c)
                        }
                    }
                    if let outcome { c.resume(with: outcome) }
                }
            }
        } onCancel: {
            var taken: WaiterQueue<Value, Payload>.Entry?
            locked { s in taken = s[keyPath: line].remove(id: id) }
            taken?.continuation.resume(throwing: CancellationError())
        }
        return (value, true)
    }

    /// `waitInLine` for waiters that bring nothing along.
    @discardableResult
    public static func waitInLine<State, Value: Sendable>(
        for reason: SuspendReason,
        in line: any WritableKeyPath<State, WaiterQueue<Value, Void>> & Sendable,
        locked: @escaping @Sendable (_ body: (inout State) -> Void) -> Void,
        proceedNow: (inout State) -> Value?
    ) async throws -> (value: Value, waited: Bool) {
        try await waitInLine(for: reason, in: line, bringing: (), locked: locked, proceedNow: proceedNow)
    }
}
