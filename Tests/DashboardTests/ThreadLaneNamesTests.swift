import Testing
import TaskTrace
@testable import Dashboard

/// On a thread lane, which task ran when can be read: each run carries its task's name
/// once, cut to its distinguishing end (`consumer_3` → `3`, `_3`, `…r_3`), never its first
/// letters over and over; the label keeps the end of the running task's name; the selected
/// task stands out.
@Suite struct ThreadLaneNamesTests {
    let cell: Int64 = Ticks.perUnit / 10

    /// One thread runs consumer_1…4 in turn, each for `cells` columns.
    func model(cells: Int64, rounds: Int = 3) -> Model {
        var model = Model(scenario: Fixture.info, width: 80, height: 24)
        model.zoom = TimeWindow.zoomLevels.firstIndex(of: cell)!
        var events: [TaskEvent] = [TaskEvent(time: 0, task: 0, kind: .threads(count: 1))]
        for n in 1...4 { events.append(TaskEvent(time: 0, task: TaskID(n), kind: .spawn(name: "consumer_\(n)", parent: 0))) }
        var t: Int64 = cell
        for _ in 0..<rounds {
            for n in 1...4 {
                events.append(TaskEvent(time: t, task: TaskID(n), kind: .resume(thread: 0, readyWait: 0)))
                t += cells * cell
                events.append(TaskEvent(time: t, task: TaskID(n), kind: .suspend(.queueGet)))
            }
        }
        events.append(TaskEvent(time: t, task: 2, kind: .resume(thread: 0, readyWait: 0)))
        _ = model.update(.events(events))
        _ = model.update(.tick(wall: 1, sessionTime: t + cell))
        _ = model.update(.key(.char("t")))
        return model
    }

    func threadRow(_ model: Model) -> String {
        let buffer = DashboardView(model: model, glyphs: .unicode).rendered(width: model.screenWidth, height: model.screenHeight)
        return buffer.lines.first { $0.contains("thread 0") } ?? ""
    }

    @Test func oneColumnRunsShowTheNamesLastCharacter() {
        let row = threadRow(model(cells: 1))
        #expect(row.contains("123412341234"), "\(row)")
        #expect(!row.contains("cc"), "\(row)")
    }

    @Test func narrowRunsKeepTheDistinguishingEnd() {
        let row = threadRow(model(cells: 3))
        #expect(row.contains("r_1r_2r_3r_4"), "\(row)")
        let wide = threadRow(model(cells: 5))
        #expect(wide.contains("…er_1…er_2"), "\(wide)")
    }

    @Test func theLabelKeepsTheEndOfTheRunningTasksName() {
        var model = model(cells: 2)
        model.ledger.apply(TaskEvent(time: model.ledger.now, task: 5, kind: .spawn(name: "chain_12.stage_3", parent: 0)))
        model.ledger.apply(TaskEvent(time: model.ledger.now, task: 2, kind: .suspend(.sleep)))
        model.ledger.apply(TaskEvent(time: model.ledger.now, task: 5, kind: .start(thread: 0, readyWait: 0)))
        let row = threadRow(model)
        #expect(row.contains("…age_3") && !row.contains("chain_1"), "\(row)")
    }

    @Test func theSelectedTaskIsHighlightedOnEveryThread() {
        var model = model(cells: 5)
        model.selectedTask = 3
        let buffer = DashboardView(model: model, glyphs: .unicode).rendered(width: model.screenWidth, height: model.screenHeight)
        let y = buffer.lines.firstIndex { $0.contains("thread 0") }!
        let styles = (0..<buffer.width).map { buffer[$0, y].style }
        #expect(styles.contains { $0.role == .selected && $0.attributes.contains(.underline) })
    }
}
