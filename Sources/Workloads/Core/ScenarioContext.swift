import TaskTrace

/// What a scenario's body works with: its knobs, its seeded randomness, and `print`, which
/// records the line as a message event of the task that printed it.
public struct ScenarioContext: Sendable {
    public let knobs: KnobBoard
    public let random: SeededRandom
    let bus: EventBus

    public init(knobs: KnobBoard, random: SeededRandom, bus: EventBus) {
        self.knobs = knobs
        self.random = random
        self.bus = bus
    }

    /// The tutorial's `print`: a message event, attributed to the running task.
    public func print(_ line: String) {
        bus.record(task: Trace.currentTask, .message(line))
    }
}
