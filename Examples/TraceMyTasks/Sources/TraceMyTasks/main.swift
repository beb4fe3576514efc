import Foundation
import TaskTrace

// Your own code on Interleave's tracing runtime: a fetcher that downloads pages with at
// most two at a time, hands them to a parser through a bounded queue, fails on a slow
// page and cancels one that hangs. Every task's life is recorded to a session log as it happens.
//
//   TraceMyTasks [FILE] [--virtual]     (default FILE: trace-my-tasks.jsonl)

let arguments = CommandLine.arguments.dropFirst()
let path = arguments.first { !$0.hasPrefix("--") } ?? "trace-my-tasks.jsonl"
let time: TimeMode = arguments.contains("--virtual") ? .virtual : .real(speed: 2)

// 1. A session: its clock, its event bus, and an executor with two worker threads.
let session = TraceSession(threads: 2, time: time)

// 2. A writer that records the bus to the file, on a task of its own, from the first event.
let writer: SessionLogWriter
do {
    writer = try SessionLogWriter(
        path: path,
        header: SessionHeader(scenario: "trace-my-tasks", time: time, threads: 2,
                              command: CommandLine.arguments.joined(separator: " ")))
} catch {
    print("trace-my-tasks: \(error)")   // one line: "x.jsonl: cannot create: …"
    exit(1)
}
let recording = writer.record(session.bus)

struct SlowPage: Error, CustomStringConvertible {
    let url: String
    var description: String { "\(url) took too long" }
}

// 3. The workload: plain Swift concurrency, with traced spawns, sleeps, queue and semaphore.
let root = session.start("main") {
    let pages = TracedQueue<String>(name: "pages", capacity: 2)
    let connections = TracedSemaphore(name: "connections", permits: 2)
    let urls = ["/", "/about", "/blog", "/blog/1", "/blog/2", "/slow", "/hang"]

    let parser = Trace.spawn("parser") {
        var parsed = 0
        while true {
            let page = try await pages.get()
            if page == "done" { return parsed }
            try await Trace.sleep(units: 0.3)      // parsing takes a while
            parsed += 1
        }
    }
    var fetchers: [TracedTask<Void>] = []
    for (n, url) in urls.enumerated() {
        fetchers.append(Trace.spawn("fetch \(url)") {
            try await connections.withPermit {
                let units = switch url {
                case "/slow": 2.0
                case "/hang": 10.0
                default: 0.5 + 0.25 * Double(n % 3)
                }
                try await Trace.sleep(units: units)
            }
            if url == "/slow" { throw SlowPage(url: url) }
            try await pages.put(url)
        })
    }
    // Give up on whatever is still running after four units.
    let all = fetchers
    let watchdog = Trace.spawn("watchdog") {
        try await Trace.sleep(units: 4)
        for fetcher in all { fetcher.cancel() }
    }
    for fetcher in fetchers { _ = await fetcher.result }
    watchdog.cancel()
    try await pages.put("done")
    return try await parser.value
}

let parsed = try? await root.value
session.finish()                                // closes the bus: the recording ends
if let error = await recording.value {
    print("trace-my-tasks: recording stopped: \(error)")
    exit(1)
}
print("parsed \(parsed.map(String.init) ?? "nothing"); \(writer.eventsWritten) events in \(path)")
print("watch it with: interleave replay \(path)   (or --follow while it runs)")
