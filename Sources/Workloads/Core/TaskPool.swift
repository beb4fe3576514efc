import TaskTrace

/// Keeps a number of like tasks alive (consumers, producers, chains) and moves that
/// number when a knob turns: growing spawns new members, shrinking cancels the newest.
/// Members are named `prefix_1`, `prefix_2`, …: a new member takes the lowest number no
/// live member holds, so six consumers are always `consumer_1`…`consumer_6`, however the
/// knob got there (down to 0 and back up included).
public final class TaskPool: Sendable {
    public let prefix: String
    private let body: @Sendable (_ number: Int) async throws -> Void
    private let state = PosixMutex(State())

    struct State {
        var members: [TracedTask<Void>] = []
        /// The number of each member, in the same order; reserved before its task exists.
        var numbers: [Int] = []

        /// The lowest number from 1 that no live member holds.
        var lowestFreeNumber: Int {
            let taken = Set(numbers)
            var number = 1
            while taken.contains(number) { number += 1 }
            return number
        }
    }

    public init(prefix: String, body: @escaping @Sendable (_ number: Int) async throws -> Void) {
        self.prefix = prefix
        self.body = body
    }

    public var count: Int { state.withLock { $0.members.count } }

    /// Spawns or cancels members until there are `target`. Call from a traced task: new
    /// members are its children.
    public func resize(to target: Int) {
        let target = max(0, target)
        while true {
            let (number, excess): (Int?, TracedTask<Void>?) = state.withLock { s in
                if s.numbers.count < target {
                    let number = s.lowestFreeNumber
                    s.numbers.append(number)
                    return (number, nil)
                }
                if s.members.count > target, s.members.count == s.numbers.count {
                    s.numbers.removeLast()
                    return (nil, s.members.removeLast())
                }
                return (nil, nil)
            }
            if let excess { excess.cancel(); continue }
            guard let number else { return }
            let body = self.body
            let task = Trace.spawn("\(prefix)_\(number)") { try await body(number) }
            state.withLock { $0.members.append(task) }
        }
    }

    /// Cancels every member and waits for them to end.
    public func cancelAll() async {
        let members = state.withLock { s in
            let m = s.members
            s.members.removeAll()
            s.numbers.removeAll()
            return m
        }
        for member in members { member.cancel() }
        for member in members { _ = await member.result }
    }
}

extension KnobBoard {
    /// Runs `apply` now and after every knob change until the task is cancelled: the loop
    /// a scenario's supervisor task lives in.
    public func reconcile(_ apply: @Sendable () -> Void) async throws {
        while true {
            let seen = version
            apply()
            try await waitForChange(after: seen)
        }
    }

    /// Spawns Interleave's own task that runs `apply` now and after every knob change until
    /// it is cancelled. It then ends completed, never cancelled: its lane must not look
    /// like a failure of the scenario.
    public func superviseChanges(_ apply: @escaping @Sendable () -> Void) -> TracedTask<Void> {
        Trace.spawn(MachineryTaskName.knobSupervisor) { [self] in
            do { try await reconcile(apply) } catch {}
        }
    }
}
