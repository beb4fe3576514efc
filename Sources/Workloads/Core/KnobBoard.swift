import TaskTrace

/// The live values of a running scenario's knobs. Anyone may turn a knob (a key press, a
/// `--set`); the scenario's tasks read values when they need them or wait for a change.
/// Every change is recorded as a `.knob` event.
public final class KnobBoard: Sendable {
    public let specs: [KnobSpec]
    private let bus: EventBus?
    private let state: PosixMutex<State>

    struct State: Sendable {
        var values: [String: Int]
        var version = 0
        var waiters = WaiterQueue<Void, Void>()
    }

    public init(specs: [KnobSpec], overrides: [String: Int] = [:], bus: EventBus? = nil) {
        self.specs = specs
        self.bus = bus
        var values: [String: Int] = [:]
        for spec in specs { values[spec.name] = spec.clamp(overrides[spec.name] ?? spec.defaultValue) }
        self.state = PosixMutex(State(values: values))
    }

    /// The knob's value (0 for a name the scenario does not have).
    public subscript(name: String) -> Int {
        state.withLock { $0.values[name] ?? 0 }
    }

    public var values: [String: Int] { state.withLock { $0.values } }

    /// Changes of all knobs so far; waiters compare it to see whether anything moved.
    public var version: Int { state.withLock { $0.version } }

    /// Sets a knob, clamped to its range. Returns the value it took, or nil for an unknown knob.
    @discardableResult
    public func set(_ name: String, to value: Int) -> Int? {
        guard let spec = specs.first(where: { $0.name == name }) else { return nil }
        let clamped = spec.clamp(value)
        let (changed, waiters) = state.withLock { s -> (Bool, [CheckedContinuation<Void, any Error>]) in
            guard s.values[name] != clamped else { return (false, []) }
            s.values[name] = clamped
            s.version += 1
            return (true, s.waiters.removeAll().map(\.continuation))
        }
        if changed { bus?.record(task: 0, .knob(name: name, value: Int64(clamped))) }
        for waiter in waiters { waiter.resume() }
        return clamped
    }

    /// Moves a knob by `steps` of its step. Returns the new value, or nil for an unknown knob.
    @discardableResult
    public func nudge(_ name: String, by steps: Int) -> Int? {
        guard let spec = specs.first(where: { $0.name == name }) else { return nil }
        return set(name, to: self[name] + steps * spec.step)
    }

    /// Records every knob's starting value, so a log or a dashboard knows them from the start.
    public func recordInitialValues() {
        let values = self.values
        for spec in specs { bus?.record(task: 0, .knob(name: spec.name, value: Int64(values[spec.name] ?? 0))) }
    }

    /// Suspends until any knob changes after `version`; throws if the task is cancelled.
    public func waitForChange(after version: Int) async throws {
        try await Trace.waitInLine(
            for: .knob, in: \State.waiters, locked: { body in self.state.withLock { body(&$0) } }
        ) { s in s.version != version ? () : nil }
    }
}
