import TraceModel

/// A scenario running in this process, as the dashboard drives it: its events, its knobs
/// (the thread count among them), freezing and stepping its world, recording it, stopping
/// it. Supplied by the executable (`interleave run`); replays, follows and traced programs
/// have none, so their keys that would need one say so instead.
@MainActor
public protocol LiveControl: AnyObject {
    /// What the dashboard shows about the run.
    var info: ScenarioInfo { get }
    /// The run's events in batches, in order; finishes once the run has ended and its
    /// session is closed. Iterated once.
    var events: AsyncStream<[TaskEvent]> { get }
    /// The dashboard has taken `count` more events off `events`: in virtual time, the run
    /// waits for the dashboard to keep up.
    func took(_ count: Int)
    /// The run's session time now.
    var now: Int64 { get }
    /// Moves `knob` (one of `info.allKnobs`) by `steps` of its step. Returns a line for the
    /// status bar when it cannot.
    func nudge(_ knob: KnobSpec, by steps: Int) -> String?
    /// Freezes (true) or thaws (false) the world: no new slice starts, scenario time stops.
    func freeze(_ frozen: Bool)
    /// While frozen: lets one more slice run.
    func step()
    /// Starts recording the run from now on, `preamble` (the run so far) first, to a new
    /// file; returns the recording's status (its error when the file cannot be created).
    func startRecording(preamble: [TaskEvent]) -> RecordingStatus
    /// Stops an active recording; returns its last status, nil when none was active.
    func stopRecording() -> RecordingStatus?
    /// The recording's status now: nil before any recording was started.
    var recording: RecordingStatus? { get }
    /// Stops the run now (its tasks are cancelled and wind down) and closes its session.
    /// An active recording stops where it is. Safe to call twice.
    func stop()
    /// Stops the run, then lets an active recording write what is still on its way and
    /// close its file.
    func stopAndFinishRecording() async
}

/// Starts scenario runs for the dashboard: the first, and later a restart (`r`) or another
/// scenario (`1`…`9`, the picker). Supplied by the executable with its catalogue.
@MainActor
public protocol LiveLauncher {
    /// The scenarios `1`…`9` and the picker offer, in order.
    var catalog: [ScenarioInfo] { get }
    /// Starts the scenario named `name` afresh; nil when there is none by that name. (A
    /// run asked to be recorded from launch is recorded from its first event.)
    func start(_ name: String) -> (any LiveControl)?
}
