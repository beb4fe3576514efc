import Testing
import TaskTrace
@testable import Dashboard

/// `taskLanes()` addresses the lanes without listing them when none is hidden; whether it
/// lists them or not, it must give the lanes a pass over every task gives, and find each
/// task's lane and the selection's place as a search of that list would.
@Suite struct LaneIndexTests {
    /// The lanes as a pass over every task gives them, with the hidden ones counted.
    static func reference(_ model: Model) -> (ids: [TaskID], folded: Int, filtered: Int) {
        let window = model.window
        let needle = model.filter.lowercased()
        var ids: [TaskID] = [], folded = 0, filtered = 0
        for task in model.ledger.tasks where task.spawnedAt <= window.end {
            if model.foldFinished, task.state.isEnded, let ended = task.endedAt, ended < window.start {
                folded += 1
            } else if !needle.isEmpty, !task.name.lowercased().contains(needle) {
                filtered += 1
            } else {
                ids.append(task.id)
            }
        }
        // Following with fold on and more lanes than rows: only the tasks that ended most
        // recently keep their lanes beside the live ones.
        let rows = max(1, model.layout.lanes.height)
        if model.pausedAt == nil, model.foldFinished, ids.count > rows {
            let records = ids.map { model.ledger.task($0)! }
            let live = records.filter { !$0.state.isEnded }.map(\.id)
            let ended = records.filter { $0.state.isEnded }.sorted { ($0.endedAt!, $1.id) > ($1.endedAt!, $0.id) }
            let keep = Set(live + ended.prefix(max(0, rows - live.count)).map(\.id))
            folded += ids.count - keep.count
            ids = ids.filter { keep.contains($0) }
        }
        return (ids, folded, filtered)
    }

    /// A model whose tasks spawn, run, sleep and end over `units` of time, some of them
    /// compacted away (so ids have gaps), some never ending.
    static func model(tasks: Int, endedTaskLimit: Int?) -> Model {
        var model = Model(scenario: Fixture.info)
        model.ledger = TaskLedger(historyLimit: 16, endedTaskLimit: endedTaskLimit)
        var state: UInt64 = 7
        func random(_ n: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(n))
        }
        let u = Ticks.perUnit
        var events: [TaskEvent] = []
        for id in 1...tasks {
            let t = Int64(id) * u / 10
            let task = TaskID(id)
            events.append(TaskEvent(time: t, task: task, kind: .spawn(name: "job_\(id)", parent: id == 1 ? 0 : 1)))
            events.append(TaskEvent(time: t, task: task, kind: .start(thread: 0, readyWait: 0)))
            events.append(TaskEvent(time: t, task: task, kind: .suspend(.sleep)))
            if random(3) > 0 {
                let end = t + Int64(1 + random(40)) * u / 10
                events.append(TaskEvent(time: end, task: task, kind: random(4) == 0 ? .cancel : .complete(result: "")))
            }
        }
        events.sort { $0.time < $1.time }
        _ = model.update(.events(events))
        _ = model.update(.tick(wall: 1, sessionTime: nil))
        return model
    }

    static func check(_ model: Model, _ context: String) {
        let lanes = model.taskLanes()
        let expected = reference(model)
        #expect(Array(lanes) == expected.ids, "\(context)")
        #expect(lanes.folded == expected.folded, "\(context)")
        #expect(lanes.filtered == expected.filtered, "\(context)")
        for task in model.ledger.tasks.map(\.id) + [0, TaskID(model.ledger.taskCount + 5)] {
            #expect(lanes.lane(of: task) == expected.ids.firstIndex(of: task), "\(context), task \(task)")
            let place = expected.ids.firstIndex { $0 >= task } ?? max(0, expected.ids.count - 1)
            #expect(lanes.place(of: task) == place, "\(context), task \(task)")
        }
    }

    @Test(arguments: [nil, 20] as [Int?])
    func lanesMatchAPassOverEveryTask(endedTaskLimit: Int?) {
        var model = Self.model(tasks: 300, endedTaskLimit: endedTaskLimit)
        if endedTaskLimit != nil { #expect(model.ledger.compactedTaskCount > 0) }
        let newest = model.newest
        for paused in [nil, newest / 2, newest / 5, Int64(0)] {
            for zoom in [0, TimeWindow.defaultZoom, TimeWindow.zoomLevels.count - 1] {
                for fold in [true, false] {
                    for filter in ["", "1", "JOB_2", "nothing"] {
                        model.pausedAt = paused
                        model.zoom = zoom
                        model.foldFinished = fold
                        model.filter = filter
                        Self.check(model, "paused \(String(describing: paused)), zoom \(zoom), fold \(fold), filter \(filter)")
                    }
                }
            }
        }
    }

    @Test func withNothingHiddenTheLanesAreTheLedgersTasks() {
        // No task ends: following, every task is a lane, and none is listed.
        var model = Model(scenario: Fixture.info)
        _ = model.update(.events((1...50).map { TaskEvent(time: Int64($0), task: TaskID($0), kind: .spawn(name: "t\($0)", parent: 0)) }))
        let lanes = model.taskLanes()
        #expect(lanes.count == 50 && lanes.folded == 0 && lanes.filtered == 0)
        #expect(lanes[49] == 50)
        if case .listed = lanes.index.storage { Issue.record("listed lanes with nothing hidden") }
        model.selectedTask = 17
        #expect(model.selectedLaneIndex() == 16)
    }

    @Test func theNameFilterAgreesWithLowercasedContains() {
        let names = ["url_17", "URL_17", "Chain_3.stage_10", "", "a\r\nb", "\u{212A}elvin", "Éclair_1", "straße", "x"]
        let filters = ["url", "URL_1", "_1", "stage_10", "17x", "k", "é", "\r", "\n", "e", "SS", "x", "ß"]
        for filter in filters {
            let nameFilter = NameFilter(filter)
            for name in names {
                #expect(nameFilter.matches(name) == name.lowercased().contains(filter.lowercased()), "\(name) / \(filter)")
            }
        }
    }
}
