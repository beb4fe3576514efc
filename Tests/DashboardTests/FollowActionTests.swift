import Testing
import TaskTrace
@testable import Dashboard

/// Following a crowded run: the live lanes stay on screen, `b` jumps to the running task,
/// and zoom or scroll never leave the selected lane off screen.
@Suite struct FollowActionTests {
    let u = Ticks.perUnit

    /// 60 tasks spawned one after another like a crawler's pages: the first 50 ended
    /// (each soon after it began), the last 10 live, task 58 running now.
    func crowded(height: Int = 40) -> Model {
        var model = Model(scenario: Fixture.info, width: 100, height: height)
        var events: [TaskEvent] = []
        for id in 1...60 {
            let t = Int64(id) * u / 10
            let task = TaskID(id)
            events.append(TaskEvent(time: t, task: task, kind: .spawn(name: "url_\(id)", parent: 0)))
            events.append(TaskEvent(time: t, task: task, kind: .start(thread: 0, readyWait: 0)))
            events.append(TaskEvent(time: t, task: task, kind: .suspend(.sleep)))
            if id <= 50 { events.append(TaskEvent(time: t + u, task: task, kind: .complete(result: ""))) }
        }
        events.append(TaskEvent(time: 6 * u + 1, task: 58, kind: .resume(thread: 0, readyWait: 0)))
        events.sort { $0.time < $1.time }
        _ = model.update(.events(events))
        _ = model.update(.tick(wall: 1, sessionTime: 6 * u + 2))
        return model
    }

    func visible(_ model: Model) -> Range<Int> {
        model.laneOffset..<(model.laneOffset + max(1, model.layout.lanes.height))
    }

    @Test func followingKeepsEveryLiveLaneAndTheLatestEndedOnes() {
        var model = crowded()
        model.zoom = TimeWindow.zoomLevels.count - 1   // a window wide enough to hold every task
        let lanes = Array(model.taskLanes())
        let rows = model.layout.lanes.height
        #expect(rows > 10 && rows < 50)
        #expect(lanes.count == rows)
        #expect(Set(51...60).isSubset(of: Set(lanes.map(Int.init))))
        // The ended lanes kept are the ones that ended last.
        #expect(lanes.filter { $0 <= 50 } == Array(TaskID(51 - max(1, rows - 10))...50))
        // Paused, every lane in the window is back.
        _ = model.update(.key(.char("[")))
        #expect(model.taskLanes().count > rows)
    }

    @Test func bJumpsToTheRunningTaskAndScrollsItIntoView() {
        var model = crowded()
        model.zoom = TimeWindow.zoomLevels.count - 1
        _ = model.update(.key(.char("f")))            // every lane: the running one is far down
        _ = model.update(.key(.char("b")))
        #expect(model.selectedTask == 58)
        let lanes = model.taskLanes()
        #expect(visible(model).contains(lanes.lane(of: 58)!))
    }

    @Test func zoomAndScrollKeepTheSelectedLaneOnScreen() {
        var model = crowded()
        model.zoom = TimeWindow.zoomLevels.count - 1
        _ = model.update(.key(.char("f")))
        _ = model.update(.key(.end))
        let selected = model.selectedTask!
        for key in [Key.char("z"), .char("z"), .char("Z"), .char("["), .char("["), .char("]"), .char("f"), .char("f")] {
            _ = model.update(.key(key))
            let lanes = model.taskLanes()
            let index = model.selectedLaneIndex(in: lanes)
            #expect(visible(model).contains(index), "after \(key): lane \(index) of \(lanes.count), offset \(model.laneOffset)")
            #expect(model.selectedTask == selected)
        }
    }
}
