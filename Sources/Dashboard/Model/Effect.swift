/// What `update` asks the runner to do: plain values, so tests can check them.
public enum Effect: Equatable, Sendable {
    case quit
    /// Close the dashboard, then print this line on stderr and exit with status 2.
    case fail(String)
    /// Move a knob (the thread count or a scenario's) by `steps` of its step, in the
    /// running workload.
    case nudgeKnob(name: String, steps: Int)
    /// Run the current scenario again from the start.
    case restart
    case switchScenario(String)
    case toggleRecording
    /// Live: freeze (true) or thaw (false) the world: no new slice starts, scenario time stops.
    case freezeWorld(Bool)
    /// Live, frozen: let one more slice run.
    case stepWorld
    /// Replay: play (true) or pause (false) the log.
    case replayPlay(Bool)
    /// Replay: play at this many times the recorded pace.
    case replaySpeed(Double)
    /// Replay: deliver the next event only.
    case replayStep
    /// Replay: show the log as it stood at this session time (back: rebuilt from the start).
    case replaySeek(to: Int64)
}
