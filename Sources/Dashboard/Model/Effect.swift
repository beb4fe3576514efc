/// What `update` asks the runner to do: plain values, so tests can check them.
public enum Effect: Equatable, Sendable {
    case quit
    /// Move a scenario knob by `steps` of its step, in the running workload.
    case nudgeKnob(name: String, steps: Int)
    /// Move the executor's worker-thread count by `steps` (a pseudo-knob in the knob bar).
    case nudgeThreads(steps: Int)
    /// Run the current scenario again from the start.
    case restart
    case switchScenario(String)
    case toggleRecording
}
