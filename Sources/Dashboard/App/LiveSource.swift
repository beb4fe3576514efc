import TraceModel

/// A scenario running in this process, behind the executable's `LiveControl`: its events
/// go to the runner as they arrive; key effects go to the control.
@MainActor
final class LiveSource: EventSource {
    let control: any LiveControl
    private let backlog = EventBacklog()
    private var forwarder: Task<Void, Never>?

    init(_ control: any LiveControl) {
        self.control = control
    }

    var info: ScenarioInfo { control.info }

    func start(_ send: @escaping @Sendable (Msg) -> Void) {
        forwarder = backlog.forward(control.events, to: send)
    }

    func took(_ count: Int) {
        backlog.took(count)
        control.took(count)
    }

    var isFinished: Bool { backlog.isFinished }

    var isMoving: Bool { !isFinished }

    var sessionTime: Int64? { isFinished ? nil : control.now }

    func perform(_ effect: Effect) -> String? {
        guard !isFinished else { return "the scenario has ended: r restarts it" }
        switch effect {
        case let .nudgeKnob(name, steps):
            guard let knob = info.allKnobs.first(where: { $0.name == name }) else { return "no knob named \(name)" }
            return control.nudge(knob, by: steps)
        case let .freezeWorld(frozen):
            control.freeze(frozen)
        case .stepWorld:
            control.step()
        default:
            break
        }
        return nil
    }

    func stop() {
        forwarder?.cancel()
        control.stop()
    }
}
