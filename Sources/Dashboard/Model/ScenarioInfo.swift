import TraceModel

/// What the dashboard shows about the session it draws: name, kind, knobs, time mode.
/// Supplied by whoever starts the session (the executable describes its scenarios).
public struct ScenarioInfo: Sendable, Equatable {
    public var name: String
    public var summary: String
    public var isLive: Bool
    /// The scenario's own knobs.
    public var knobs: [KnobSpec]
    /// The executor's thread count, shown as the first knob.
    public var threads: KnobSpec
    /// Every knob the knob bar shows: the thread count first, then the scenario's own.
    public var allKnobs: [KnobSpec] { [threads] + knobs }
    /// How the session's time passes: the header shows it, and the warnings' thresholds
    /// scale by its speed (`warningScale`).
    public var time: TimeMode
    public var seed: UInt64
    /// A program traced by `interleave exec`: no knobs, its time in seconds, its threads its own.
    public var isProgram = false
    /// What a unit of its time is called, short (`u`, or `s` for a traced program) and whole.
    public var timeUnit: String { isProgram ? "s" : "u" }
    public var timeUnitName: String { isProgram ? "second" : "unit" }
    /// Whether Space can freeze the world (a scenario run in this process), or only the
    /// view (a log being followed, a program traced from outside).
    public var canFreezeWorld: Bool

    public init(name: String, summary: String, isLive: Bool, knobs: [KnobSpec], time: TimeMode, seed: UInt64,
                canFreezeWorld: Bool = false, threads: KnobSpec = .threads()) {
        self.canFreezeWorld = canFreezeWorld
        self.threads = threads
        self.name = name
        self.summary = summary
        self.isLive = isLive
        self.knobs = knobs
        self.time = time
        self.seed = seed
    }
}
