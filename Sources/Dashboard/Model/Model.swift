import TraceModel

/// Everything the dashboard shows: the facts (the ledger, folded from events exactly as a
/// replay would fold them, and the printed lines) and the UI state (what is selected,
/// zoomed, paused, open). No colours or display strings live here.
public struct Model: Sendable {
    public enum LaneMode: Sendable, Equatable { case tasks, threads }
    public enum Overlay: Sendable, Equatable {
        case none, detail, picker(selection: Int)
        /// The key help (`?`), scrolled to show its `scroll`-th line first.
        case help(scroll: Int)
        /// The task tree (`T`) and the warnings pane (`W`), with the row selected.
        case tree(selection: Int), warnings(selection: Int)
    }

    /// Per-task and per-thread segments kept; older ones are compacted on purpose (the
    /// lanes show `~` there and the header counts them), so memory stays bounded.
    public static let historyLimit = 4_096
    /// Ended tasks kept as lanes; those that ended longest ago are folded into per-name
    /// aggregates (the header counts them), so an endless crawler's memory stays flat.
    public static let endedTaskLimit = 20_000
    /// Segments kept across all tasks: with many live tasks, `historyLimit` each is still
    /// tasks × limit. The oldest go first (compacted like the per-task ones).
    public static let totalHistoryLimit = 262_144

    /// The ledger a dashboard folds into: history and ended tasks bounded.
    public static func makeLedger() -> TaskLedger {
        TaskLedger(historyLimit: historyLimit, endedTaskLimit: endedTaskLimit, totalHistoryLimit: totalHistoryLimit)
    }

    // Facts.
    public var ledger = Model.makeLedger()
    public var log = LogBook()
    public var scenario: ScenarioInfo
    /// Scenario names in catalogue order: `1`…`9` and the picker choose among them.
    public var catalog: [String]
    /// Session time as of the last tick: at least the newest event's time.
    public var clock: Int64 = 0
    public var sourceEnded = false
    public var rate = EventRate()
    /// The warnings, folded from the same events as the ledger (see `Warnings`).
    public var warnings = Warnings()
    /// When behaviour is a warning (the CLI's `--warn-…`); set before the first events.
    public var warningThresholds = WarningThresholds() {
        didSet { warnings = Warnings(thresholds: warningThresholds, scale: scenario.warningScale) }
    }
    /// Tasks whose children the task tree hides.
    public var treeCollapsed: Set<TaskID> = []

    // UI state.
    public var screenWidth: Int
    public var screenHeight: Int
    public var mode = LaneMode.tasks
    public var zoom = TimeWindow.defaultZoom
    /// The view's right edge while paused (panning, or Space where the world cannot be
    /// frozen); nil while following.
    public var pausedAt: Int64?
    /// Live: the world is frozen (Space): the executor starts no slice, time stands still.
    public var worldFrozen = false
    /// Live, after `.`: the slice being watched for, to say what ran and why it stopped.
    public var stepWatch: StepWatch?
    public var selectedTask: TaskID?
    public var selectedThread = 0
    /// The first lane shown.
    public var laneOffset = 0
    /// Hide lanes of tasks that ended before the visible window.
    public var foldFinished = true
    public var filter = ""
    public var editingFilter = false
    public var overlay = Overlay.none
    /// Digits typed in the picker so far: with more than nine scenarios, `1` may begin `12`.
    public var pickerTyped = ""
    /// Index into `knobNames` of the knob `+`/`-` change.
    public var knobIndex = 0
    /// The recording indicator; nil when not recording and no recording failed.
    public var recording: RecordingStatus?
    /// Set when the dashboard replays a session log instead of running a scenario.
    public var replay: ReplayState?
    public var status: String?
    /// When the status goes; nil until the tick after it was set, the frame that first
    /// draws it, starts its time.
    public var statusUntil: UInt64?
    public var wall: UInt64 = 0

    public init(scenario: ScenarioInfo, catalog: [String] = [], width: Int = 120, height: Int = 40) {
        self.scenario = scenario
        self.catalog = catalog
        screenWidth = width
        screenHeight = height
        if scenario.isProgram { zoom = TimeWindow.programZoom }
    }

    /// Zooms out until the whole session fits the lanes (a traced program that has ended).
    mutating func zoomToFit() {
        let cells = Int64(layout.laneCells)
        zoom = TimeWindow.zoomLevels.firstIndex { $0 * cells >= newest } ?? TimeWindow.zoomLevels.count - 1
    }

    /// Which rows of the key table apply.
    public var keyMode: KeyModes { replay != nil ? .replay : scenario.isProgram ? .program : .live }

    public var layout: Layout { Layout(width: screenWidth, height: screenHeight) }

    /// The newest session time known.
    public var newest: Int64 { max(clock, ledger.now) }

    /// The window the timeline shows now.
    public var window: TimeWindow {
        TimeWindow.ending(at: pausedAt ?? newest, ticksPerCell: TimeWindow.zoomLevels[zoom], cells: layout.laneCells)
    }

    /// The knob bar's entries: the executor's thread count first, then the scenario's knobs.
    public var knobNames: [String] { scenario.allKnobs.map(\.name) }

    public var selectedKnob: String { knobNames[min(knobIndex, knobNames.count - 1)] }

    /// The value the knob bar shows for a knob, as the events last reported it; in a
    /// replay, before any knob event (at the start, or after seeking back), the value the
    /// log's header recorded.
    public func knobValue(_ name: String) -> Int? {
        guard let knob = scenario.allKnobs.first(where: { $0.name == name }) else { return nil }
        switch knob.reads {
        case .threadCount: return ledger.threadCount
        case .knobEvents:
            if let value = ledger.knobs[name] { return Int(value) }
            return replay != nil ? knob.defaultValue : nil
        }
    }

    /// The session's wall time (root task's lifetime), once its root task has ended.
    public var wallTime: Int64? { ledger.wallTime }
}

/// Events per second of wall time: sampled every half second and smoothed over about two
/// (as `top`'s load figures are), so a workload that records in bursts reads steadily
/// instead of jumping between half-second counts (8 and 32 for a steady 20).
public struct EventRate: Sendable, Equatable {
    public var perSecond: Double = 0
    var sinceWall: UInt64 = 0
    var sinceCount: Int64 = 0
    var hasSample = false
    /// The smoothing's time scale, in nanoseconds.
    static let smoothing = 2e9

    mutating func update(wall: UInt64, count: Int64) {
        if sinceWall == 0 || count < sinceCount { sinceWall = wall; sinceCount = count; hasSample = false; return }
        let elapsed = wall &- sinceWall
        guard elapsed >= 500_000_000 else { return }
        let sample = Double(count - sinceCount) * 1e9 / Double(elapsed)
        if hasSample {
            // A new sample's weight grows with the time it covers: a fifth for half a second.
            perSecond += Double(elapsed) / (Double(elapsed) + Self.smoothing) * (sample - perSecond)
        } else {
            perSecond = sample
            hasSample = true
        }
        sinceWall = wall
        sinceCount = count
    }
}
