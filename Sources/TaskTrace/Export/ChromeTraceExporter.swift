/// Turns a session into Chrome Trace Event JSON, which Perfetto (ui.perfetto.dev) and
/// chrome://tracing open: one track per task (pid 1, tid = task id), an `X` slice for each
/// stretch it ran (args: thread, ready wait), was ready, or was suspended (named by the
/// reason), instants for spawn, cancel and fail, counters for counters, knobs and threads,
/// a flow arrow from each parent to each child it spawned, and the run's warnings (the
/// `Warnings` fold's, default thresholds) as instants on their tasks' tracks at the end.
/// Times are microseconds. Slices on one track never overlap: they are closed in order by
/// one fold over the events, and times that go backwards are clamped.
///
/// Streaming: `add` as many batches as you like, memory grows only with the task count.
/// ```swift
/// let reader = try SessionLogReader(path: "session.jsonl")
/// try ChromeTraceExporter.export(from: reader, to: "trace.json")
/// ```
public struct ChromeTraceExporter {
    private enum Phase {
        case ready
        case running(thread: Int, wait: Int64)
        case suspended(SuspendReason)
        case ended
    }

    private struct TaskState {
        var phase: Phase = .ready
        var since: Int64
        var spawned = false
    }

    /// By id, not by index: a log may hold any id, and an array up to it would not fit.
    private var tasks: [TaskID: TaskState] = [:]
    private var now = Int64.min
    private var first = true
    /// The warnings, folded from the same events; written when the trace finishes.
    private var warnings = Warnings()

    public init() {}

    /// Writes a whole log, read in batches, to `path` (`-` for standard output).
    public static func export(from reader: SessionLogReader, to path: String) throws(SessionLogError) {
        let output = try ExportOutput(path: path)
        var exporter = ChromeTraceExporter()
        var buffer: [UInt8] = []
        buffer.reserveCapacity(1 << 21)
        exporter.begin(header: reader.header, into: &buffer)
        while let batch = try reader.nextBatch() {
            exporter.add(batch, into: &buffer)
            try output.drainIfLarge(&buffer)
        }
        exporter.finish(into: &buffer)
        try output.drain(&buffer)
    }

    /// The whole trace for events in memory (small sessions, tests).
    public static func render(header: SessionHeader?, events: some Sequence<TaskEvent>) -> String {
        var exporter = ChromeTraceExporter()
        var out: [UInt8] = []
        exporter.begin(header: header, into: &out)
        exporter.add(events, into: &out)
        exporter.finish(into: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// The opening of the JSON object and the process's metadata.
    public mutating func begin(header: SessionHeader?, into out: inout [UInt8]) {
        if let header { warnings = Warnings(time: header.timeMode) }
        out.appendASCII("{\"displayTimeUnit\":\"ms\",\"otherData\":{")
        if let header {
            out.appendASCII("\"scenario\":")
            out.appendJSONString(header.scenario)
            out.appendASCII(",\"time\":")
            out.appendJSONString(header.time.rawValue)
            out.appendASCII(",\"started\":")
            out.appendJSONString(header.started)
            out.appendASCII(",\"interleave\":")
            out.appendJSONString(header.version)
        }
        out.appendASCII("},\"traceEvents\":[\n")
        record(&out, "{\"ph\":\"M\",\"pid\":1,\"tid\":0,\"name\":\"process_name\",\"args\":{\"name\":")
        out.appendJSONString("interleave: " + (header?.scenario ?? "session"))
        out.appendASCII("}}")
        record(&out, "{\"ph\":\"M\",\"pid\":1,\"tid\":0,\"name\":\"thread_name\",\"args\":{\"name\":\"session\"}}")
        record(&out, "{\"ph\":\"M\",\"pid\":1,\"tid\":0,\"name\":\"thread_sort_index\",\"args\":{\"sort_index\":0}}")
    }

    public mutating func add(_ events: some Sequence<TaskEvent>, into out: inout [UInt8]) {
        for event in events { add(event, into: &out) }
    }

    public mutating func add(_ event: TaskEvent, into out: inout [UInt8]) {
        let t = max(event.time, now)
        now = t
        let id = event.task
        warnings.apply(event)
        switch event.kind {
        case let .spawn(name, parent):
            guard id > 0 else { return }
            ensure(id, at: t)
            guard tasks[id]?.spawned != true else { return }
            tasks[id] = TaskState(phase: .ready, since: t, spawned: true)
            trackName(&out, name, task: id)
            record(&out, "{\"ph\":\"M\",\"pid\":1,\"tid\":")
            out.appendUInt(UInt64(id))
            out.appendASCII(",\"name\":\"thread_sort_index\",\"args\":{\"sort_index\":")
            out.appendUInt(UInt64(id))
            out.appendASCII("}}")
            instant(&out, "spawn", task: id, at: t) { out in
                out.appendASCII("\"parent\":")
                out.appendUInt(UInt64(parent))
            }
            if parent > 0, parent != id { spawnFlow(&out, parent: parent, child: id, at: t) }
        case let .start(thread, wait), let .resume(thread, wait):
            guard ensure(id, at: t) else { return }
            guard let state = tasks[id] else { return }
            let readySince = min(t, max(state.since, t.saturatingSubtract(wait)))
            switch state.phase {
            case let .suspended(reason):
                slice(&out, reason.category.rawValue, category: "suspended", task: id, from: state.since, to: readySince, keepEmpty: false) { out in
                    switch reason {
                    case let .awaitingTask(target):
                        out.appendASCII("\"target\":")
                        out.appendUInt(UInt64(target))
                    case let .actorHop(actor):
                        out.appendASCII("\"actor\":")
                        out.appendJSONString(actor)
                    default:
                        break
                    }
                }
                slice(&out, "ready", category: "ready", task: id, from: readySince, to: t, keepEmpty: false)
            case .ready:
                slice(&out, "ready", category: "ready", task: id, from: state.since, to: t, keepEmpty: false)
            case let .running(previousThread, previousWait):
                // A slice that never ended: close it here rather than overlap it.
                runningSlice(&out, task: id, from: state.since, to: t, thread: previousThread, wait: previousWait)
            case .ended:
                return
            }
            tasks[id]?.phase = .running(thread: thread, wait: wait)
            tasks[id]?.since = t
        case let .suspend(reason):
            guard ensure(id, at: t) else { return }
            closeCurrent(&out, task: id, at: t)
            if case .ended? = tasks[id]?.phase { return }
            tasks[id]?.phase = .suspended(reason)
            tasks[id]?.since = t
        case .complete, .cancel, .fail:
            guard ensure(id, at: t) else { return }
            if case .ended? = tasks[id]?.phase { return }
            closeCurrent(&out, task: id, at: t)
            tasks[id]?.phase = .ended
            tasks[id]?.since = t
            switch event.kind {
            case .cancel:
                instant(&out, "cancel", task: id, at: t)
            case let .fail(error):
                instant(&out, "fail", task: id, at: t) { out in
                    out.appendASCII("\"error\":")
                    out.appendJSONString(error)
                }
            default:
                break
            }
        case let .counter(name, value):
            counter(&out, name, value: value, at: t)
        case let .knob(name, value):
            counter(&out, "knob " + name, value: value, at: t)
        case let .threads(count):
            counter(&out, "threads", value: Int64(count), at: t)
        case let .message(text):
            instant(&out, text, task: id, at: t, category: "message")
        case let .rename(name):
            // The track's name is the latest one: Chrome's viewer keeps the last metadata.
            if id > 0 { trackName(&out, name, task: id) }
        case .threadName, .preempted:
            break
        case .cancelRequested:
            if id > 0 { instant(&out, "cancel requested", task: id, at: t) }
        case let .dropped(count):
            instant(&out, "dropped \(count) events", task: 0, at: t, category: "dropped")
        case .end:
            break
        }
    }

    /// Closes every open slice at the last time seen (a run stopped mid-way) and ends the JSON.
    public mutating func finish(into out: inout [UInt8]) {
        for warning in warnings.report(final: true) {
            instant(&out, "warning: " + warning.kind.rawValue, task: warning.task, at: warning.time, category: "warning") { out in
                out.appendASCII("\"evidence\":")
                out.appendJSONString(warning.evidence)
            }
        }
        if now != .min {
            for id in tasks.keys.sorted() {
                closeCurrent(&out, task: id, at: now)
                tasks[id]?.phase = .ended
            }
        }
        out.appendASCII("\n]}\n")
    }

    // MARK: Writing

    private mutating func trackName(_ out: inout [UInt8], _ name: String, task id: TaskID) {
        record(&out, "{\"ph\":\"M\",\"pid\":1,\"tid\":")
        out.appendUInt(UInt64(id))
        out.appendASCII(",\"name\":\"thread_name\",\"args\":{\"name\":")
        out.appendJSONString("\(name) #\(id)")
        out.appendASCII("}}")
    }

    /// Creates the state of a task seen before its spawn (a log cut at the start). Returns
    /// false for task 0, which has no track of slices.
    @discardableResult
    private mutating func ensure(_ id: TaskID, at t: Int64) -> Bool {
        guard id > 0 else { return false }
        if tasks[id] == nil { tasks[id] = TaskState(since: t) }
        return true
    }

    /// An arrow from the parent's track at the spawn to the child's next slice; its id is the child's.
    private mutating func spawnFlow(_ out: inout [UInt8], parent: TaskID, child: TaskID, at t: Int64) {
        for (phase, track) in [("s" as StaticString, parent), ("f", child)] {
            record(&out, "{\"ph\":\"")
            out.appendASCII(phase)
            out.appendASCII("\",\"cat\":\"spawn\",\"name\":\"spawn\",\"pid\":1,\"tid\":")
            out.appendUInt(UInt64(track))
            out.appendASCII(",\"id\":")
            out.appendUInt(UInt64(child))
            out.appendASCII(",\"ts\":")
            out.appendMicros(t)
            out.appendASCII("}")
        }
    }

    private mutating func closeCurrent(_ out: inout [UInt8], task id: TaskID, at t: Int64) {
        guard let state = tasks[id] else { return }
        switch state.phase {
        case let .running(thread, wait):
            runningSlice(&out, task: id, from: state.since, to: t, thread: thread, wait: wait)
        case let .suspended(reason):
            slice(&out, reason.category.rawValue, category: "suspended", task: id, from: state.since, to: t, keepEmpty: false)
        case .ready:
            if state.spawned { slice(&out, "ready", category: "ready", task: id, from: state.since, to: t, keepEmpty: false) }
        case .ended:
            break
        }
    }

    private mutating func record(_ out: inout [UInt8], _ opening: StaticString) {
        if first { first = false } else { out.appendASCII(",\n") }
        out.appendASCII(opening)
    }

    private mutating func runningSlice(_ out: inout [UInt8], task: TaskID, from: Int64, to: Int64, thread: Int, wait: Int64) {
        slice(&out, "running", category: "running", task: task, from: from, to: to, keepEmpty: true) { out in
            out.appendASCII("\"thread\":")
            out.appendInt(Int64(thread))
            out.appendASCII(",\"readyWait_us\":")
            out.appendMicros(wait)
        }
    }

    private mutating func slice(
        _ out: inout [UInt8], _ name: String, category: StaticString, task: TaskID, from: Int64, to: Int64,
        keepEmpty: Bool, args: (inout [UInt8]) -> Void = { _ in }
    ) {
        guard to > from || (keepEmpty && to == from) else { return }
        record(&out, "{\"ph\":\"X\",\"pid\":1,\"tid\":")
        out.appendUInt(UInt64(task))
        out.appendASCII(",\"name\":")
        out.appendJSONString(name)
        out.appendASCII(",\"cat\":\"")
        out.appendASCII(category)
        out.appendASCII("\",\"ts\":")
        out.appendMicros(from)
        out.appendASCII(",\"dur\":")
        out.appendMicros(to.saturatingSubtract(from))
        out.appendASCII(",\"args\":{")
        args(&out)
        out.appendASCII("}}")
    }

    private mutating func instant(
        _ out: inout [UInt8], _ name: String, task: TaskID, at t: Int64, category: StaticString = "outcome",
        args: (inout [UInt8]) -> Void = { _ in }
    ) {
        record(&out, "{\"ph\":\"i\",\"s\":\"t\",\"pid\":1,\"tid\":")
        out.appendUInt(UInt64(task))
        out.appendASCII(",\"name\":")
        out.appendJSONString(name)
        out.appendASCII(",\"cat\":\"")
        out.appendASCII(category)
        out.appendASCII("\",\"ts\":")
        out.appendMicros(t)
        out.appendASCII(",\"args\":{")
        args(&out)
        out.appendASCII("}}")
    }

    private mutating func counter(_ out: inout [UInt8], _ name: String, value: Int64, at t: Int64) {
        record(&out, "{\"ph\":\"C\",\"pid\":1,\"tid\":0,\"name\":")
        out.appendJSONString(name)
        out.appendASCII(",\"ts\":")
        out.appendMicros(t)
        out.appendASCII(",\"args\":{\"value\":")
        out.appendInt(value)
        out.appendASCII("}}")
    }
}
