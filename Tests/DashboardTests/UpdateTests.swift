import Testing
import TaskTrace
@testable import Dashboard

/// `update`: events build the right task states; keys produce the right effects.
@Suite struct UpdateTests {
    let u = Ticks.perUnit

    @Test func eventsBuildTaskStates() {
        var model = Model(scenario: Fixture.info)
        _ = model.update(.events([
            TaskEvent(time: 0, task: 1, kind: .spawn(name: "main", parent: 0)),
            TaskEvent(time: 0, task: 2, kind: .spawn(name: "child", parent: 1)),
            TaskEvent(time: 0, task: 1, kind: .start(thread: 0, readyWait: 0)),
            TaskEvent(time: 0, task: 1, kind: .message("hello")),
            TaskEvent(time: 1, task: 1, kind: .suspend(.awaitingTask(2))),
        ]))
        #expect(model.ledger.task(1)?.state == .suspended(.awaitingTask(2)))
        #expect(model.ledger.task(2)?.state == .ready)
        #expect(model.log.lines.map(\.text) == ["hello"])
        _ = model.update(.events([
            TaskEvent(time: 1, task: 2, kind: .start(thread: 0, readyWait: 1)),
            TaskEvent(time: 2, task: 2, kind: .fail(error: "boom")),
        ]))
        #expect(model.ledger.task(2)?.outcome == .failed("boom"))
        #expect(model.ledger.task(2)!.totals(at: 2) == (running: 1, ready: 1, suspended: 0))
        #expect(Array(model.taskLanes()) == [1, 2])
    }

    @Test func batchesSplitAnyWayBuildTheSameModel() {
        // What a replay relies on: the same events in other batches give the same facts.
        var whole = Model(scenario: Fixture.info)
        _ = whole.update(.events(Fixture.events))
        var pieces = Model(scenario: Fixture.info)
        for event in Fixture.events { _ = pieces.update(.events([event])) }
        #expect(whole.ledger == pieces.ledger)
        #expect(whole.log == pieces.log)
    }

    @Test func quitKeys() {
        var model = Fixture.model()
        #expect(model.update(.key(.char("q"))) == [.quit])
        #expect(model.update(.key(.function(10))) == [.quit])
        #expect(model.update(.key(.control("c"))) == [.quit])
        // Ctrl-C quits even while typing a filter, where `q` is just a letter.
        _ = model.update(.key(.char("/")))
        #expect(model.update(.key(.char("q"))) == [])
        #expect(model.filter == "q")
        #expect(model.update(.key(.control("c"))) == [.quit])
    }

    @Test func knobKeysNudgeTheSelectedKnob() {
        var model = Fixture.model()
        #expect(model.selectedKnob == "threads")
        #expect(model.update(.key(.char("+"))) == [.nudgeKnob(name: "threads", steps: 1)])
        #expect(model.update(.key(.tab)) == [])
        #expect(model.selectedKnob == "consumers")
        #expect(model.update(.key(.char("+"))) == [.nudgeKnob(name: "consumers", steps: 1)])
        #expect(model.update(.key(.char("-"))) == [.nudgeKnob(name: "consumers", steps: -1)])
        _ = model.update(.key(.right))
        #expect(model.selectedKnob == "threads")
        _ = model.update(.key(.left))
        #expect(model.selectedKnob == "consumers")
        // The bar shows what the events report.
        _ = model.update(.events([TaskEvent(time: 5 * u, task: 0, kind: .knob(name: "consumers", value: 3))]))
        #expect(model.knobValue("consumers") == 3)
        _ = model.update(.events([TaskEvent(time: 5 * u, task: 0, kind: .threads(count: 4))]))
        #expect(model.knobValue("threads") == 4)
    }

    @Test func viewKeys() {
        var model = Fixture.model()
        _ = model.update(.key(.char("t")))
        #expect(model.mode == .threads)
        _ = model.update(.key(.char("t")))
        #expect(model.mode == .tasks)

        let zoom = model.zoom
        _ = model.update(.key(.char("z")))
        #expect(model.zoom == zoom - 1)
        _ = model.update(.key(.char("Z")))
        _ = model.update(.key(.char("Z")))
        #expect(model.zoom == zoom + 1)

        _ = model.update(.key(.char(" ")))
        #expect(model.pausedAt == model.newest)
        _ = model.update(.key(.char(" ")))
        #expect(model.pausedAt == nil)
        _ = model.update(.key(.char("[")))
        #expect(model.pausedAt != nil)

        _ = model.update(.key(.char("?")))
        #expect(model.overlay == .help(scroll: 0))
        _ = model.update(.key(.escape))
        #expect(model.overlay == .none)

        _ = model.update(.key(.down))
        #expect(model.selectedTask == 2)
        _ = model.update(.key(.end))
        #expect(model.selectedTask == 6)
        _ = model.update(.key(.home))
        #expect(model.selectedTask == 1)
        _ = model.update(.key(.enter))
        #expect(model.overlay == .detail)
        _ = model.update(.key(.escape))
        #expect(model.overlay == .none)
    }

    @Test func filterAndFold() {
        var model = Fixture.model()
        for key: Key in [.char("/"), .char("u"), .char("r"), .char("l"), .char("_"), .char("2"), .enter] {
            _ = model.update(.key(key))
        }
        #expect(!model.editingFilter)
        #expect(Array(model.taskLanes()) == [3])
        _ = model.update(.key(.escape))
        #expect(model.filter.isEmpty)
        // Zoomed in on the last moments, finished lanes fold away unless asked to stay.
        model.zoom = 0
        #expect(Array(model.taskLanes()) == [1, 5])
        #expect(model.taskLanes().folded == 4)
        _ = model.update(.key(.char("f")))
        #expect(model.taskLanes().count == 6)
    }

    @Test func scenarioKeys() {
        var model = Fixture.model()
        #expect(model.update(.key(.char("r"))) == [.restart])
        #expect(model.update(.key(.char("1"))) == [.switchScenario("crawl-sequential")])
        #expect(model.update(.key(.char("9"))) == [])
        _ = model.update(.key(.char("s")))
        #expect(model.overlay == .picker(selection: 1))
        _ = model.update(.key(.down))
        #expect(model.update(.key(.enter)) == [.switchScenario("pipeline")])
        #expect(model.overlay == .none)
        model.sourceEnded = false  // R records a run still going (see RecordAfterTheEndTests)
        #expect(model.update(.key(.char("R"))) == [.toggleRecording])
    }

    @Test func resetForgetsTheOldSessionAndKeepsTheView() {
        var model = Fixture.model()
        _ = model.update(.key(.char("t")))
        _ = model.update(.reset(Fixture.info))
        #expect(model.ledger.tasks.isEmpty)
        #expect(model.log.lines.isEmpty)
        #expect(model.mode == .threads)
        #expect(!model.sourceEnded)
    }

    @Test func tickFollowsTheSourceClockUntilItEnds() {
        var model = Model(scenario: Fixture.info)
        _ = model.update(.tick(wall: 1, sessionTime: 7 * u))
        #expect(model.newest == 7 * u)
        _ = model.update(.sourceEnded)
        _ = model.update(.tick(wall: 2, sessionTime: 9 * u))
        #expect(model.newest == 7 * u)
    }

    @Test func aPausedTickLeavesTheLanesAsTheyWere() {
        var model = Fixture.longModel()
        _ = model.update(.key(.end))
        let following = model.laneOffset
        #expect(following > 0)
        _ = model.update(.key(.char("[")))
        #expect(model.pausedAt != nil)
        // Scrolled away from the selection: a tick that worked the lanes out again would
        // scroll back to it. Paused, nothing has moved, so the tick leaves the view be.
        model.laneOffset = 0
        _ = model.update(.tick(wall: 2, sessionTime: nil))
        #expect(model.laneOffset == 0)
        // Following again, the next tick brings the selected lane back on screen.
        model.pausedAt = nil
        _ = model.update(.tick(wall: 3, sessionTime: nil))
        #expect(model.laneOffset == following)
    }

    @Test func resizeClampsScrolling() {
        var model = Fixture.model(width: 120, height: 40)
        _ = model.update(.key(.end))
        _ = model.update(.resize(width: 40, height: Layout.minHeight))
        #expect(model.layout.lanes.height == 6)
        #expect(model.laneOffset == 0)
        // Keep finished lanes and add more, so the last no longer fits: scrolling follows the selection.
        _ = model.update(.key(.char("f")))
        _ = model.update(.events((7...9).map { TaskEvent(time: 4 * u, task: TaskID($0), kind: .spawn(name: "extra", parent: 1)) }))
        _ = model.update(.key(.end))
        #expect(model.laneOffset == 3)
        _ = model.update(.resize(width: 1, height: 1))
        #expect(model.layout.tooSmall)
    }
}

@Suite struct KeyTableTests {
    @Test func everyActionHasARowAndNoKeyIsBoundTwiceInAMode() {
        for mode in [KeyModes.live, .replay] {
            var seen = Set<Key>()
            for row in KeyTable.rows(for: mode) {
                for key in row.keys {
                    #expect(!seen.contains(key), "\(key) bound twice in \(mode)")
                    seen.insert(key)
                }
            }
        }
        let live = Set(KeyTable.rows(for: .live).map(\.action))
        for action in [Action.quit, .help, .togglePause, .nextKnob, .previousKnob, .increase, .decrease, .toggleLanes,
                       .zoomIn, .zoomOut, .up, .down, .pageUp, .pageDown, .home, .end, .openDetail, .back, .filter,
                       .restart, .picker, .scenarioNumber, .record] {
            #expect(live.contains(action))
        }
        let replay = Set(KeyTable.rows(for: .replay).map(\.action))
        for action in [Action.quit, .help, .playPause, .slower, .faster, .stepEvent, .seekBack, .seekForward,
                       .seekStart, .seekEnd, .toggleLanes, .zoomIn, .zoomOut, .panBack, .panForward, .up, .down,
                       .home, .end, .openDetail, .back, .filter, .toggleFold] {
            #expect(replay.contains(action))
        }
    }

    @Test func theFooterAndHelpComeFromTheTable() {
        let model = Fixture.model()
        var buffer = ScreenBuffer(width: 200, height: 1)
        Footer(model: model, glyphs: .unicode).render(in: buffer.bounds, into: &buffer)
        for row in KeyTable.rows(for: .live) { if let hint = row.footer { #expect(buffer.lines[0].contains(hint)) } }
    }
}

@Suite struct ScreenBufferTests {
    @Test func writesClipAndWideCharactersTakeTwoCells() {
        var buffer = ScreenBuffer(width: 6, height: 2)
        #expect(buffer.write("中文ab", x: 0, y: 0) == 6)
        #expect(buffer.lines[0] == "中文ab")
        #expect(buffer.write("overflowing", x: 3, y: 1) == 3)
        #expect(buffer.lines[1] == "   ove")
        buffer.write("x", x: -1, y: 5)
        buffer.put("y", x: 99, y: 0)
        #expect(buffer.text == "中文ab\n   ove")
    }

    @Test func outsideTextCannotDriveTheTerminal() {
        var model = Fixture.model()
        _ = model.update(.events([
            TaskEvent(time: 0, task: 7, kind: .spawn(name: "evil\u{1b}[2J", parent: 0)),
            TaskEvent(time: 0, task: 7, kind: .message("bell\u{07}")),
        ]))
        let screen = DashboardView(model: model, glyphs: .unicode).rendered(width: 120, height: 40)
        #expect(!screen.lines.joined().unicodeScalars.contains { $0.value < 0x20 })
    }
}
