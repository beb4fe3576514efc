// Times one dashboard frame (model → ScreenBuffer, all views) with 1,000 and 10,000 live
// tasks and 1,000,000 events of history, then shows that a long run's memory stays
// bounded. Not a test: build with `swift build -c release --product interleave-bench-render`.
import Dashboard
import Foundation
import TaskTrace

let unit = Ticks.perUnit

/// `tasks` tasks on `threads` threads, each slice 1 ms running then a suspension, round
/// robin, until `events` events: the shape of a busy pipeline.
func session(tasks: Int, events: Int, threads: Int = 4) -> [[TaskEvent]] {
    var batches: [[TaskEvent]] = []
    var batch: [TaskEvent] = [TaskEvent(time: 0, task: 0, kind: .threads(count: threads))]
    batch.reserveCapacity(65_536)
    var count = 1
    for id in 1...tasks {
        batch.append(TaskEvent(time: 0, task: TaskID(id), kind: .spawn(name: "task_\(id)", parent: id == 1 ? 0 : 1)))
        count += 1
    }
    var t: Int64 = 0
    var round = 0
    let reasons: [SuspendReason] = [.sleep, .queueGet, .queuePut, .semaphore, .awaitingTask(1)]
    while count < events {
        for id in 1...tasks where count < events {
            let thread = id % threads
            batch.append(TaskEvent(time: t, task: TaskID(id), kind: .resume(thread: thread, readyWait: 0)))
            t += unit / 1_000
            batch.append(TaskEvent(time: t, task: TaskID(id), kind: .suspend(reasons[(id + round) % reasons.count])))
            if id % 50 == 0 { batch.append(TaskEvent(time: t, task: TaskID(id), kind: .message("task_\(id) round \(round)"))) }
            count += id % 50 == 0 ? 3 : 2
            if batch.count >= 65_536 { batches.append(batch); batch = []; batch.reserveCapacity(65_536) }
        }
        round += 1
    }
    batches.append(batch)
    return batches
}

func nanos() -> UInt64 { DispatchTime.now().uptimeNanoseconds }

func residentMB() -> Double {
    guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8),
          let pages = text.split(separator: " ").dropFirst().first.flatMap({ Double($0) }) else { return 0 }
    return pages * Double(sysconf(Int32(_SC_PAGESIZE))) / 1_048_576
}

func bench(tasks: Int, events: Int, width: Int, height: Int) {
    let info = ScenarioInfo(name: "bench", summary: "", isLive: true, knobs: [], timeLabel: "virtual", seed: 0)
    var model = Model(scenario: info, width: width, height: height)
    let start = nanos()
    for batch in session(tasks: tasks, events: events) { _ = model.update(.events(batch)) }
    let foldMs = Double(nanos() - start) / 1e6
    _ = model.update(.tick(wall: 1, sessionTime: nil))
    for (label, keys) in [("task lanes", [Key]()), ("task lanes, scrolled to the end", [.end]),
                          ("thread lanes", [.char("t")]), ("zoomed out x100", [.char("Z"), .char("Z"), .char("Z"), .char("Z"), .char("Z"), .char("Z")])] {
        var m = model
        for key in keys { _ = m.update(.key(key)) }
        let view = DashboardView(model: m, glyphs: .unicode)
        var buffer = ScreenBuffer(width: width, height: height)
        view.render(into: &buffer) // warm up
        var samples: [Double] = []
        for _ in 0..<200 {
            let t0 = nanos()
            view.render(into: &buffer)
            samples.append(Double(nanos() - t0) / 1e6)
        }
        samples.sort()
        print(String(format: "%6d tasks, %9d events, %dx%d, %-32@ median %.3f ms, p99 %.3f ms",
                     tasks, model.ledger.eventCount, width, height, label as NSString,
                     samples[samples.count / 2], samples[samples.count * 99 / 100]))
    }
    print(String(format: "       (folding the events into the model took %.0f ms; resident %.0f MB)", foldMs, residentMB()))
}

bench(tasks: 1_000, events: 1_000_000, width: 120, height: 40)
bench(tasks: 10_000, events: 1_000_000, width: 120, height: 40)
bench(tasks: 10_000, events: 1_000_000, width: 240, height: 80)

// A long run: 100 tasks, 10,000,000 events. History past Model.historyLimit segments per
// task is compacted on purpose, so memory levels off instead of growing with the run.
do {
    let info = ScenarioInfo(name: "long", summary: "", isLive: true, knobs: [], timeLabel: "virtual", seed: 0)
    var model = Model(scenario: info)
    var fed = 0
    for step in 1...5 {
        for batch in session(tasks: 100, events: 2_000_000) {
            // Shift each round later in time so the segments are new history.
            let shift = Int64(step - 1) * 10_000 * unit
            let later = batch.compactMap { e -> TaskEvent? in
                if step > 1, case .spawn = e.kind { return nil }
                return TaskEvent(time: e.time + shift, task: e.task, kind: e.kind)
            }
            _ = model.update(.events(later))
        }
        fed += 2_000_000
        let kept = model.ledger.tasks.reduce(0) { $0 + $1.history.count }
        let compacted = model.ledger.tasks.reduce(0) { $0 + $1.compactedSegments }
        print(String(format: "long run: %8d events fed, %7d segments kept, %8d compacted, %4d log lines kept, resident %.0f MB",
                     fed, kept, compacted, model.log.lines.count, residentMB()))
    }
}
