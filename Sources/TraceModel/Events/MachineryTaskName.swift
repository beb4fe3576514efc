/// The names of the tasks Interleave spawns for itself inside a scenario: its machinery, not
/// part of the lesson. They live here, in the events' module, because the workloads that
/// spawn these tasks and the viewers that draw their lanes apart both depend on it.
public enum MachineryTaskName {
    /// The task that applies knob changes while a scenario's root is busy
    /// (`KnobBoard.superviseChanges`); the prefix says whose it is on its lane.
    public static let knobSupervisor = "interleave-knobs"

    /// Every machinery task's name: the dashboard draws their lanes dim.
    public static let all: Set<String> = [knobSupervisor]
}
