import TaskTrace

/// A scenario running in this process, behind the executable's `LiveControl`: its events
/// flow into an inbox the draw loop empties; key effects go to the control.
@MainActor
final class LiveSource: EventSource {
    let control: any LiveControl
    private let inbox = EventInbox()

    init(_ control: any LiveControl) {
        self.control = control
        let inbox = self.inbox
        let events = control.events
        Task.detached {
            for await batch in events { inbox.append(batch) }
            inbox.finish()
        }
    }

    var info: ScenarioInfo { control.info }

    func takeEvents() -> [TaskEvent] {
        let events = inbox.take()
        control.took(events.count)
        return events
    }

    var sessionTime: Int64? { inbox.isFinished ? nil : control.now }

    var isFinished: Bool { inbox.isFinished }

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

    func stop() { control.stop() }
}
