import Foundation
import Testing
import TaskTrace
import Workloads
@testable import Dashboard

/// A small, fixed session in the shape of the tutorial's crawl-tasks and workers-cancel
/// runs (one thread, virtual time), so snapshots never depend on a live run.
enum Fixture {
    static let u = Ticks.perUnit

    static let info = ScenarioInfo(
        name: "crawl-tasks", summary: "create_task for each url", isLive: false,
        knobs: [KnobSpec("consumers", "consumer tasks", range: 0...8, default: 2)],
        time: .virtual, seed: 1, canFreezeWorld: true)

    static var events: [TaskEvent] {
        var e: [TaskEvent] = [
            TaskEvent(time: 0, task: 0, kind: .threads(count: 1)),
            TaskEvent(time: 0, task: 0, kind: .knob(name: "consumers", value: 2)),
            TaskEvent(time: 0, task: 1, kind: .spawn(name: "main", parent: 0)),
            TaskEvent(time: 0, task: 1, kind: .start(thread: 0, readyWait: 0)),
        ]
        for n in 1...4 { e.append(TaskEvent(time: 0, task: TaskID(n + 1), kind: .spawn(name: "url_\(n)", parent: 1))) }
        e.append(TaskEvent(time: 0, task: 1, kind: .suspend(.awaitingTask(2))))
        for n in 1...4 {
            let id = TaskID(n + 1)
            e.append(TaskEvent(time: 0, task: id, kind: .start(thread: 0, readyWait: 0)))
            e.append(TaskEvent(time: 0, task: id, kind: .message("crawling url_\(n)")))
            e.append(TaskEvent(time: 0, task: id, kind: .suspend(.sleep)))
        }
        for n in 1...4 {
            let id = TaskID(n + 1)
            let t = Int64(n) * u
            e.append(TaskEvent(time: t, task: id, kind: .resume(thread: 0, readyWait: 0)))
            e.append(TaskEvent(time: t, task: id, kind: .message("OK url_\(n)")))
            switch n {
            case 3: e.append(TaskEvent(time: t, task: id, kind: .fail(error: "ZeroDivisionError")))
            default: e.append(TaskEvent(time: t, task: id, kind: .complete(result: "")))
            }
            if n == 1 || n == 2 || n == 4 {
                e.append(TaskEvent(time: t, task: 1, kind: .resume(thread: 0, readyWait: 0)))
                e.append(TaskEvent(time: t, task: 1, kind: n == 4 ? .complete(result: "") : .suspend(.awaitingTask(id + 1))))
            }
        }
        // A task spawned late, cancelled while asleep, and one left running CPU-bound.
        e.append(TaskEvent(time: u / 2, task: 6, kind: .spawn(name: "worker_3", parent: 1)))
        e.append(TaskEvent(time: u / 2 + u / 5, task: 6, kind: .start(thread: 0, readyWait: u / 5)))
        e.append(TaskEvent(time: u, task: 6, kind: .suspend(.queueGet)))
        e.append(TaskEvent(time: 2 * u, task: 6, kind: .cancel))
        return e.sorted { $0.time < $1.time }
    }

    /// Thirty tasks under main, each running 0.3 units without suspending (a blocking call
    /// each), on a screen whose lanes hold few rows: every list is longer than a page.
    static func longModel() -> Model {
        var events = [
            TaskEvent(time: 0, task: 0, kind: .threads(count: 1)),
            TaskEvent(time: 0, task: 1, kind: .spawn(name: "main", parent: 0)),
        ]
        for n in 1...30 {
            let id = TaskID(n + 1), t = Int64(n) * u
            events.append(TaskEvent(time: t, task: id, kind: .spawn(name: "worker_\(n)", parent: 1)))
            events.append(TaskEvent(time: t, task: id, kind: .start(thread: 0, readyWait: 0)))
            events.append(TaskEvent(time: t + 3 * u / 10, task: id, kind: .suspend(.sleep)))
        }
        var model = Model(scenario: info, width: 100, height: 20)
        _ = model.update(.reset(info))
        _ = model.update(.events(events))
        _ = model.update(.sourceEnded)
        _ = model.update(.tick(wall: 1, sessionTime: nil))
        model.foldFinished = false
        return model
    }

    static func model(width: Int = 120, height: Int = 40) -> Model {
        var model = Model(scenario: info, catalog: ["crawl-sequential", "crawl-tasks", "pipeline"], width: width, height: height)
        _ = model.update(.reset(info))
        _ = model.update(.events(events))
        _ = model.update(.sourceEnded)
        _ = model.update(.tick(wall: 1, sessionTime: nil))
        // Four units of history across the timeline: 0.05 u per column.
        model.zoom = TimeWindow.zoomLevels.firstIndex(of: u / 20)!
        return model
    }

    /// The footer `model` draws on a row `width` wide, as text.
    static func footer(_ model: Model, width: Int = 160) -> String {
        var buffer = ScreenBuffer(width: width, height: 1)
        Footer(model: model, glyphs: .unicode).render(in: buffer.bounds, into: &buffer)
        return buffer.lines[0]
    }
}

/// Compares a screen with a text file under __Snapshots__; `INTERLEAVE_RECORD_SNAPSHOTS=1`
/// rewrites the files instead (and a missing file is recorded and reported).
func expectSnapshot(_ buffer: ScreenBuffer, named name: String, sourceLocation: SourceLocation = #_sourceLocation,
                    filePath: String = #filePath) {
    expectSnapshot(text: buffer.lines.joined(separator: "\n") + "\n", named: name, sourceLocation: sourceLocation,
                   filePath: filePath)
}

/// Compares `actual` (a screen as text, styles included or not) with a snapshot file.
func expectSnapshot(text actual: String, named name: String, sourceLocation: SourceLocation = #_sourceLocation,
                    filePath: String = #filePath) {
    let directory = URL(fileURLWithPath: filePath).deletingLastPathComponent().appendingPathComponent("__Snapshots__")
    let file = directory.appendingPathComponent(name + ".txt")
    let record = ProcessInfo.processInfo.environment["INTERLEAVE_RECORD_SNAPSHOTS"] == "1"
    if record || !FileManager.default.fileExists(atPath: file.path) {
        try? FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try? actual.write(to: file, atomically: true, encoding: .utf8)
        if !record { Issue.record("recorded new snapshot \(name); run again", sourceLocation: sourceLocation) }
        return
    }
    let expected = (try? String(contentsOf: file, encoding: .utf8)) ?? ""
    #expect(actual == expected, "snapshot \(name) differs; INTERLEAVE_RECORD_SNAPSHOTS=1 re-records it\n\(actual)",
            sourceLocation: sourceLocation)
}
