import TraceModel

/// Everything that can change the model. Every source (a live run, a replayed or followed
/// log, a traced program) enters through the same cases (`reset`, `events`, `tick`,
/// `sourceEnded`), which is why the model never asks where its events came from.
public enum Msg: Sendable {
    /// A new session starts (first run, restart, scenario switch): forget the old one.
    case reset(ScenarioInfo)
    /// Events, in order, as the bus delivered them.
    case events([TaskEvent])
    /// The frame clock: monotonic wall nanoseconds, and the source's session time if it
    /// has one (real time keeps moving while no events arrive).
    case tick(wall: UInt64, sessionTime: Int64?)
    case key(Key)
    case resize(width: Int, height: Int)
    /// The same session starts over from its beginning (a replay seeking back): forget the
    /// facts (ledger, log, clock), keep the view (mode, zoom, selection, filter).
    case rewind
    /// What a replayed log's source found out: its time span, warnings, an error.
    case replayFacts(ReplayFacts)
    /// The recording indicator changed (started, events written, failed, stopped).
    case recording(RecordingStatus?)
    /// The source will send no more events (the scenario finished, or the log ended).
    case sourceEnded
    /// The source has failed before it had anything to show (a followed log that never
    /// appeared): the dashboard closes, as the headless command would, with this line.
    case sourceFailed(String)
    /// A line for the status area, such as the answer to an effect that could not be done.
    case status(String)
}
