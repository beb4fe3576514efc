import Testing
import TaskTrace
@testable import Dashboard

/// The task tree (`T`) and the warnings pane (`W`) over the fixture session: keys, rows,
/// selection of the lane, the jump to a warning's moment, and how both look.
@Suite struct TreeAndWarningsTests {
    func render(_ model: Model, _ glyphs: Glyphs = .unicode) -> ScreenBuffer {
        DashboardView(model: model, glyphs: glyphs).rendered(width: model.screenWidth, height: model.screenHeight)
    }

    @Test func theTreeListsWhoStartedWhomAndEnterSelectsTheLane() {
        var model = Fixture.model(width: 80, height: 24)
        _ = model.update(.key(.char("T")))
        #expect(model.overlay == .tree(selection: 0))
        #expect(model.treeRows.map(\.id) == [1, 2, 3, 4, 5, 6])
        #expect(model.treeRows.map(\.depth) == [0, 1, 1, 1, 1, 1])
        expectSnapshot(render(model), named: "tree-80x24")
        _ = model.update(.key(.down))
        _ = model.update(.key(.down))
        _ = model.update(.key(.enter))
        #expect(model.overlay == .none)
        #expect(model.selectedTask == 3)
        #expect(model.mode == .tasks)
    }

    @Test func leftCollapsesRightExpandsAndLeftOnAChildGoesToItsParent() {
        var model = Fixture.model(width: 80, height: 24)
        _ = model.update(.key(.char("T")))
        _ = model.update(.key(.down))
        _ = model.update(.key(.left))
        #expect(model.overlay == .tree(selection: 0))
        _ = model.update(.key(.left))
        #expect(model.treeRows.map(\.id) == [1])
        #expect(model.treeRows.first?.collapsed == true)
        expectSnapshot(render(model, .ascii), named: "tree-collapsed-ascii-80x24")
        _ = model.update(.key(.right))
        #expect(model.treeRows.count == 6)
        _ = model.update(.key(.char(" ")))
        #expect(model.treeRows.count == 1)
        _ = model.update(.key(.escape))
        #expect(model.overlay == .none)
    }

    @Test func theTreeOpensOnTheSelectedTask() {
        var model = Fixture.model(width: 80, height: 24)
        _ = model.update(.key(.down))
        _ = model.update(.key(.down))
        _ = model.update(.key(.char("T")))
        #expect(model.overlay == .tree(selection: 2))
    }

    @Test func theWarningsPaneListsThemAndEnterJumpsToTheTaskAndMoment() {
        var model = Fixture.model(width: 100, height: 24)
        // worker_3 ran 0.3 units without suspending: a blocking call, in virtual time as at speed 1.
        #expect(model.warningList.map(\.kind) == [.blockingCall])
        #expect(model.warningList.first?.task == 6)
        _ = model.update(.key(.char("W")))
        #expect(model.overlay == .warnings(selection: 0))
        expectSnapshot(render(model), named: "warnings-100x24")
        _ = model.update(.key(.enter))
        #expect(model.overlay == .none)
        #expect(model.selectedTask == 6)
        let window = model.window
        #expect(window.start <= Fixture.u * 7 / 10 && Fixture.u * 7 / 10 < window.end)
        #expect(model.pausedAt != nil)
    }

    @Test func theThresholdsAskedForApplyFromTheFirstEvent() {
        var model = Model(scenario: Fixture.info, width: 80, height: 24)
        var loose = WarningThresholds()
        loose.blockingCall = 1_000_000_000
        model.warningThresholds = loose
        _ = model.update(.reset(Fixture.info))
        _ = model.update(.events(Fixture.events))
        _ = model.update(.sourceEnded)
        #expect(model.warningList.isEmpty)
    }

    @Test func warningsAreForgottenWithTheSessionAndScaledBySpeed() {
        var model = Fixture.model()
        _ = model.update(.reset(Fixture.info))
        #expect(model.warningList.isEmpty)
        var fast = Fixture.info
        fast.time = .real(speed: 20)
        #expect(fast.warningScale == 1.0 / 20)
        // Slower than the time label's two decimals show ("0x"): the speed itself counts.
        var slow = Fixture.info
        slow.time = .real(speed: 0.001)
        #expect(slow.warningScale == 1 / 0.001)
        var program = Fixture.info
        program.isProgram = true
        program.time = .real(speed: 1)
        #expect(program.warningScale == 1)
    }
}

/// A replayed log cut by a bad line is no finished run: what was seen is judged, but no
/// task is called unfinished, as the headless replay's report does.
@Suite struct CutLogWarningsTests {
    @Test func aLogThatCouldNotBeReadToItsEndCallsNoTaskUnfinished() {
        var model = Fixture.model()
        model.replay = ReplayState(file: "bad.jsonl")
        _ = model.update(.events([TaskEvent(time: 5 * Fixture.u, task: 9, kind: .spawn(name: "late", parent: 1))]))
        #expect(model.warningList.contains { $0.kind == .neverFinished })
        _ = model.update(.replayFacts(ReplayFacts(start: 0, total: nil, warnings: [], error: "bad.jsonl:50: bad line")))
        #expect(!model.warningList.contains { $0.kind == .neverFinished })
    }

    /// A log with no end record (its writer was killed) stops before the session's end too.
    @Test func aLogWithNoEndRecordCallsNoTaskUnfinished() {
        var model = Fixture.model()
        model.replay = ReplayState(file: "cut.jsonl")
        _ = model.update(.events([TaskEvent(time: 5 * Fixture.u, task: 9, kind: .spawn(name: "late", parent: 1))]))
        _ = model.update(.replayFacts(ReplayFacts(start: 0, total: nil, warnings: ["cut.jsonl: the recording was cut short"],
                                                  cutShort: true)))
        #expect(!model.warningList.contains { $0.kind == .neverFinished })
    }
}
