import Benchmark
import Dashboard
import Foundation
import TaskTrace

/// A synthetic session: `tasks` tasks on `threads` threads, each slice 1 ms running then a
/// suspension, round robin, until `events` events, a line printed every 50th slice: the
/// shape of a busy pipeline. In batches of 65,536 as the bus would deliver them.
func syntheticSession(tasks: Int, events: Int, threads: Int = 4) -> [[TaskEvent]] {
    let unit = Ticks.perUnit
    var batches: [[TaskEvent]] = []
    var batch: [TaskEvent] = [TaskEvent(time: 0, task: 0, kind: .threads(count: threads))]
    batch.reserveCapacity(65_536)
    var count = 1
    func flush() {
        if batch.count >= 65_536 { batches.append(batch); batch = []; batch.reserveCapacity(65_536) }
    }
    for id in 1...tasks {
        batch.append(TaskEvent(time: 0, task: TaskID(id), kind: .spawn(name: "task_\(id)", parent: id == 1 ? 0 : 1)))
        count += 1
        flush()
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
            flush()
        }
        round += 1
    }
    batches.append(batch)
    return batches
}

/// A dashboard model that has folded a synthetic session.
func foldedModel(tasks: Int, events: Int, width: Int = 120, height: Int = 40) -> Model {
    let info = ScenarioInfo(name: "bench", summary: "", isLive: true, knobs: [], timeLabel: "virtual", seed: 0)
    var model = Model(scenario: info, width: width, height: height)
    for batch in syntheticSession(tasks: tasks, events: events) { _ = model.update(.events(batch)) }
    _ = model.update(.tick(wall: 1, sessionTime: nil))
    return model
}

/// Times one frame: every view of the dashboard drawn into a 120×40 buffer.
private func timeOneFrame(_ benchmark: Benchmark, _ model: Model) {
    var buffer = ScreenBuffer(width: 120, height: 40)
    let view = DashboardView(model: model, glyphs: .unicode)
    benchmark.startMeasurement()
    view.render(into: &buffer)
    benchmark.stopMeasurement()
    blackHole(buffer)
}

func renderBenchmarks() {
    // One frame: every view of the dashboard drawn into a 120×40 buffer.
    let frames = Benchmark.Configuration(metrics: [.wallClock], timeUnits: .microseconds, maxDuration: .seconds(2), maxIterations: 200)
    for (tasks, events) in [(1_000, 1_000_000), (10_000, 1_000_000), (100_000, 1_000_000)] {
        Benchmark("render frame: \(tasks) tasks", configuration: frames) { benchmark, model in
            timeOneFrame(benchmark, model)
        } setup: {
            foldedModel(tasks: tasks, events: events)
        }
    }
    // Half the tasks end, then time moves on past the window: their lanes fold (the ledger
    // keeps the 20,000 that ended last), so the lanes are no longer every task kept.
    Benchmark("render frame: 100000 tasks, ended ones folded", configuration: frames) { benchmark, model in
        timeOneFrame(benchmark, model)
    } setup: {
        var model = foldedModel(tasks: 100_000, events: 1_000_000)
        let t = model.ledger.now
        var batch = stride(from: 2, through: 100_000, by: 2).map { TaskEvent(time: t, task: TaskID($0), kind: .complete(result: "")) }
        batch.append(TaskEvent(time: t + 100 * Ticks.perUnit, task: 0, kind: .counter(name: "later", value: 0)))
        _ = model.update(.events(batch))
        _ = model.update(.tick(wall: 2, sessionTime: nil))
        return model
    }
    // A name filter hides the lanes it does not match: every name is looked at.
    Benchmark("render frame: 100000 tasks, filtered", configuration: frames) { benchmark, model in
        timeOneFrame(benchmark, model)
    } setup: {
        var model = foldedModel(tasks: 100_000, events: 1_000_000)
        model.filter = "Task_7"
        return model
    }
    Benchmark("render frame: 100000 tasks, thread lanes", configuration: frames) { benchmark, model in
        timeOneFrame(benchmark, model)
    } setup: {
        var model = foldedModel(tasks: 100_000, events: 1_000_000)
        _ = model.update(.key(.char("t")))
        return model
    }
    // The dashboard's ledger compacts once 30,001 ended tasks are kept: the frame after
    // that event pays for the compaction. 100,000 tasks, 30,000 of them ended, one more ends.
    let compaction = Benchmark.Configuration(metrics: [.wallClock], timeUnits: .milliseconds, maxDuration: .seconds(5), maxIterations: 30)
    Benchmark("compaction: 1 of 100000 tasks ends, 30000 ended before", configuration: compaction) { benchmark, model in
        var model = model
        let t = model.ledger.now
        // Outside the measurement: the events up to the one that compacts.
        _ = model.update(.events((2...30_001).map { TaskEvent(time: t, task: TaskID($0), kind: .complete(result: "")) }))
        let before = model.ledger.compactedTaskCount
        benchmark.startMeasurement()
        _ = model.update(.events([TaskEvent(time: t, task: 30_002, kind: .complete(result: ""))]))
        benchmark.stopMeasurement()
        precondition(model.ledger.compactedTaskCount > before, "no compaction")
        blackHole(model)
    } setup: {
        foldedModel(tasks: 100_000, events: 1_000_000)
    }
}
