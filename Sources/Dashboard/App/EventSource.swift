import TaskTrace

/// Where the dashboard's events come from: a live scenario (`LiveSource`), a session log
/// replayed or followed (`ReplaySource`, `FollowSource`), or a traced program's stream
/// (`StreamSource`). The model and views do not change with it: they only ever see
/// `Msg.reset`, `.events`, `.tick` and `.sourceEnded`.
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
    /// Ctrl-C, offered to the source first: a line saying what it did, or nil to quit.
    func interrupt() -> String?
}

extension EventSource {
    func takeRewind() -> Bool { false }
    var facts: ReplayFacts? { nil }
    func interrupt() -> String? { nil }
}
