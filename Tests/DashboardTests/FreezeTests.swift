import Testing
import TaskTrace
@testable import Dashboard

/// Space and `.` in a live dashboard: the world freezes (an effect for the source), the
/// header says PAUSED, a step's slice is described; a source that cannot freeze keeps the
/// view-only pause and the footer says so.
@Suite struct FreezeTests {
    let u = Ticks.perUnit

    /// A live run in progress: two tasks spawned, nothing ended.
    func liveModel(canFreeze: Bool = true) -> Model {
        var info = Fixture.info
        info.isLive = true
        info.canFreezeWorld = canFreeze
        var model = Model(scenario: info)
        _ = model.update(.events([
            TaskEvent(time: 0, task: 1, kind: .spawn(name: "main", parent: 0)),
            TaskEvent(time: 0, task: 2, kind: .spawn(name: "consumer_1", parent: 1)),
        ]))
        _ = model.update(.tick(wall: 1, sessionTime: 3 * u))
        return model
    }

    func header(_ model: Model) -> String {
        var buffer = ScreenBuffer(width: 120, height: 2)
        HeaderView(model: model, glyphs: .unicode).render(in: buffer.bounds, into: &buffer)
        return buffer.lines[0]
    }

    func footer(_ model: Model) -> String { Fixture.footer(model) }

    @Test func spaceFreezesTheWorldAndASecondSpaceResumes() {
        var model = liveModel()
        #expect(model.update(.key(.char(" "))) == [.freezeWorld(true)])
        #expect(model.worldFrozen)
        #expect(header(model).contains("PAUSED"))
        #expect(model.update(.key(.char(" "))) == [.freezeWorld(false)])
        #expect(!model.worldFrozen)
        #expect(header(model).contains("following"))
    }

    @Test func panningStillFreezesOnlyTheView() {
        var model = liveModel()
        #expect(model.update(.key(.char("["))) == [])
        #expect(model.pausedAt != nil)
        #expect(!model.worldFrozen)
    }

    @Test func aStepFreezesFirstThenDescribesTheSliceThatRan() {
        var model = liveModel()
        #expect(model.update(.key(.char("."))) == [.freezeWorld(true), .stepWorld])
        #expect(model.update(.key(.char("."))) == [.stepWorld])
        _ = model.update(.events([
            TaskEvent(time: 3 * u, task: 2, kind: .start(thread: 0, readyWait: 0)),
            TaskEvent(time: 3 * u + 2_000, task: 2, kind: .suspend(.queueGet)),
        ]))
        let status = model.status ?? ""
        #expect(status.hasPrefix("step: consumer_1 ran for 0.000002 u at 3 u on thread 0, then suspended (queue-get)"))
        #expect(model.selectedTask == 2)
        #expect(model.stepWatch == nil)
    }

    @Test func aWorldThatCannotFreezeGetsTheViewPauseAndTheFooterSaysSo() {
        var model = liveModel(canFreeze: false)
        #expect(model.update(.key(.char(" "))) == [])
        #expect(model.pausedAt != nil)
        #expect(!model.worldFrozen)
        #expect(footer(model).contains("Space pause view (program runs on)"))
        #expect(!footer(model).contains(". step"))
        #expect(model.update(.key(.char("."))) == [])
        #expect(model.status?.contains("cannot be paused") == true)
    }

    @Test func aRestartStartsUnfrozen() {
        var model = liveModel()
        _ = model.update(.key(.char(" ")))
        _ = model.update(.reset(model.scenario))
        #expect(!model.worldFrozen)
    }
}
