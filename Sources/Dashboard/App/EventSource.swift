import TraceModel

/// Where the dashboard's events come from: a scenario run in this process (`LiveSource`), a
/// session log replayed or followed (`ReplaySource`, `FollowSource`), or a traced program's
/// stream (`StreamSource`). A source sends what it learns as messages (`reset`, `events`,
/// `replayFacts`, `sourceEnded`) onto the runner's one stream; the model and views never
/// ask which source it was.
@MainActor
protocol EventSource: AnyObject {
    var info: ScenarioInfo { get }
    /// Starts delivering: from now on the source calls `send` (from any thread), in order.
    func start(_ send: @escaping @Sendable (Msg) -> Void)
    /// The runner has handled `count` of the events the source sent.
    func took(_ count: Int)
    /// A source paced by the frame clock (a replay playing at its recorded pace): what is
    /// due now. Called on every frame.
    func frame() -> [Msg]
    /// True while what the source shows moves with the wall clock (a live run's time, a
    /// replay playing): the runner then draws at its frame rate; else only on change.
    var isMoving: Bool { get }
    /// Session time now, when the source has a clock of its own; nil once it has ended.
    var sessionTime: Int64? { get }
    /// Carries out an effect aimed at the workload. Returns a line for the status bar
    /// when the source cannot do it.
    func perform(_ effect: Effect) -> String?
    /// Stops the workload and releases its threads. Called once.
    func stop()
    /// Ctrl-C, offered to the source first: a line saying what it did, or nil to quit.
    func interrupt() -> String?
}

extension EventSource {
    func took(_ count: Int) {}
    func frame() -> [Msg] { [] }
    func interrupt() -> String? { nil }
}
