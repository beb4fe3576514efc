import TaskTrace

/// How the CLI asks for a dashboard: which scenario, on how many threads, in which time.
public struct DashboardOptions: Sendable {
    /// Picks from the catalogue; `1`…`9` and the picker switch scenario later.
    public var scenarioName: String
    public var threads: Int
    public var time: TimeMode
    public var seed: UInt64
    public var knobs: [String: Int]
    /// Record the session to this log file from launch (`R` toggles recording later).
    public var recordPath: String?
    /// Virtual time's pace on screen: units per real second (`--speed`), so a live
    /// scenario is watchable rather than thousands of units a second.
    public var virtualPace: Double
    /// When behaviour is a warning.
    public var warningThresholds: WarningThresholds

    public init(scenarioName: String, threads: Int, time: TimeMode, seed: UInt64, knobs: [String: Int],
                recordPath: String? = nil, virtualPace: Double = 1, warningThresholds: WarningThresholds = WarningThresholds()) {
        self.recordPath = recordPath
        self.virtualPace = virtualPace
        self.warningThresholds = warningThresholds
        self.scenarioName = scenarioName
        self.threads = threads
        self.time = time
        self.seed = seed
        self.knobs = knobs
    }
}
