import TaskTrace

/// How `interleave run` starts scenarios in the dashboard: which one first, on how many
/// threads, in which time.
struct LiveRunOptions: Sendable {
    /// Picks from the catalogue; `1`…`9` and the picker switch scenario later.
    var scenarioName: String
    var threads: Int
    var time: TimeMode
    var seed: UInt64
    var knobs: [String: Int]
    /// Record the session to this log file from launch (`R` toggles recording later).
    var recordPath: String?
    /// Virtual time's pace on screen: units per real second (`--speed`), so a live
    /// scenario is watchable rather than thousands of units a second.
    var virtualPace: Double

    init(scenarioName: String, threads: Int, time: TimeMode, seed: UInt64, knobs: [String: Int],
         recordPath: String? = nil, virtualPace: Double = 1) {
        self.recordPath = recordPath
        self.virtualPace = virtualPace
        self.scenarioName = scenarioName
        self.threads = threads
        self.time = time
        self.seed = seed
        self.knobs = knobs
    }
}
