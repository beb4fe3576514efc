import TaskTrace

/// Where the dashboard's events come from. Today a live `ScenarioRun` (`LiveSource`);
/// a replayed session log will be a second conformer that hands out the log's batches at
/// its playback pace, reports its playback time as `sessionTime`, and answers the replay
/// controls (play, pause, seek) as effects. The model and views do not change for it:
/// they only ever see `Msg.reset`, `.events`, `.tick` and `.sourceEnded`.
@MainActor
protocol EventSource: AnyObject {
    var info: ScenarioInfo { get }
    /// Events that arrived since the last call, in order.
    func takeEvents() -> [TaskEvent]
    /// Session time now, when the source has a clock of its own; nil once it has ended.
    var sessionTime: Int64? { get }
    /// True once the source will deliver nothing more.
    var isFinished: Bool { get }
    /// Carries out an effect aimed at the workload. Returns a line for the status bar
    /// when the source cannot do it.
    func perform(_ effect: Effect) -> String?
    /// Stops the workload and releases its threads. Called once.
    func stop()
    /// True once after the source went back to the start of its session (a replay seeking
    /// back); the runner then sends `.rewind` before the events that follow.
    func takeRewind() -> Bool
    /// What a replayed log's source knows about the log (nil for a live run).
    var facts: ReplayFacts? { get }
}

extension EventSource {
    func takeRewind() -> Bool { false }
    var facts: ReplayFacts? { nil }
}
