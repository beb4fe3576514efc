import TaskTrace
import Workloads

/// What the dashboard shows about the scenario it runs: name, kind, knobs, time mode.
public struct ScenarioInfo: Sendable, Equatable {
    public var name: String
    public var summary: String
    public var isLive: Bool
    public var knobs: [KnobSpec]
    public var timeLabel: String
    public var seed: UInt64
    /// A program traced by `interleave exec`: no knobs, its time in seconds, its threads its own.
    public var isProgram = false
    /// What a unit of its time is called, short (`u`, or `s` for a traced program) and whole.
    public var timeUnit: String { isProgram ? "s" : "u" }
    public var timeUnitName: String { isProgram ? "second" : "unit" }
    /// Whether Space can freeze the world (a scenario run in this process), or only the
    /// view (a log being followed, a program traced from outside).
    public var canFreezeWorld: Bool

    public init(name: String, summary: String, isLive: Bool, knobs: [KnobSpec], timeLabel: String, seed: UInt64,
                canFreezeWorld: Bool = false) {
        self.canFreezeWorld = canFreezeWorld
        self.name = name
        self.summary = summary
        self.isLive = isLive
        self.knobs = knobs
        self.timeLabel = timeLabel
        self.seed = seed
    }

    public init(_ scenario: Scenario, time: TimeMode, seed: UInt64) {
        self.init(name: scenario.name, summary: scenario.summary, isLive: scenario.isLive,
                  knobs: scenario.knobs, timeLabel: time.label, seed: seed, canFreezeWorld: true)
    }
}
