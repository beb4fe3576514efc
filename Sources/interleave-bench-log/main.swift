import Foundation
import TaskTrace

// Writes N synthetic events to a temporary session log and reads them back, printing
// events per second both ways and the peak resident memory. Run it in release:
//   swift build -c release --product interleave-bench-log && .build/release/interleave-bench-log 5000000

let count = CommandLine.arguments.dropFirst().first.flatMap(Int.init) ?? 5_000_000
let path = FileManager.default.temporaryDirectory.appendingPathComponent("interleave-bench-\(getpid()).jsonl").path
defer { unlink(path) }

/// Peak resident set size so far, from /proc/self/status (VmHWM), in MiB.
func peakMiB() -> Double {
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
          let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
          let kib = Double(line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? "")
    else { return .nan }
    return kib / 1024
}

func seconds(_ body: () throws -> Void) rethrows -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    try body()
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
}

/// A realistic mix: tasks spawn, run slices that suspend for assorted reasons, and end.
func batch(from first: Int, count: Int) -> [TaskEvent] {
    var events: [TaskEvent] = []
    events.reserveCapacity(count)
    for n in first..<(first + count) {
        let task = TaskID(n / 8 + 1)
        let time = Int64(n) * 1_000
        let kind: TaskEvent.Kind = switch n % 8 {
        case 0: .spawn(name: "worker-\(task)", parent: task > 1 ? task / 2 : 0)
        case 1: .start(thread: n % 4, readyWait: 1_500)
        case 2: .suspend(.sleep)
        case 3: .resume(thread: n % 4, readyWait: 250)
        case 4: .suspend(.queueGet)
        case 5: .resume(thread: n % 4, readyWait: 0)
        case 6: n % 16 == 6 ? .counter(name: "queue", value: Int64(n % 50)) : .suspend(.awaitingTask(task + 1))
        default: .complete(result: "\(n)")
        }
        events.append(TaskEvent(time: time, task: task, kind: kind))
    }
    return events
}

let header = SessionHeader(scenario: "benchmark", time: .virtual, threads: 4)
let chunk = 4096
var written = 0
let writeTime = try seconds {
    let writer = try SessionLogWriter(path: path, header: header)
    while written < count {
        let n = min(chunk, count - written)
        writer.write(batch(from: written, count: n))
        written += n
    }
    if let error = writer.close() { throw error }
}
let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
let peakAfterWrite = peakMiB()

var read = 0
let readTime = try seconds {
    let reader = try SessionLogReader(path: path, batchSize: chunk)
    while let events = try reader.nextBatch() { read += events.count }
}
let peakAfterRead = peakMiB()

var folded = 0
let foldTime = try seconds {
    let reader = try SessionLogReader(path: path, batchSize: chunk)
    var ledger = TaskLedger(historyLimit: 1)
    while let events = try reader.nextBatch() { ledger.apply(events) }
    folded = Int(ledger.eventCount)
}

let chromeTime = try seconds {
    try ChromeTraceExporter.export(from: try SessionLogReader(path: path, batchSize: chunk), to: "/dev/null")
}
let summaryTime = try seconds {
    try SummaryExporter.export(from: try SessionLogReader(path: path, batchSize: chunk), to: "/dev/null")
}
let peakAtEnd = peakMiB()

func rate(_ n: Int, _ t: Double) -> String { String(format: "%.2f M events/s", Double(n) / t / 1e6) }
print("events:      \(count) (\(String(format: "%.1f", Double(size) / 1_048_576)) MiB, \(size / max(1, count)) bytes/event)")
print("write:       \(rate(written, writeTime)) (\(String(format: "%.2f", writeTime)) s)   peak RSS \(String(format: "%.1f", peakAfterWrite)) MiB")
print("read:        \(rate(read, readTime)) (\(String(format: "%.2f", readTime)) s)   peak RSS \(String(format: "%.1f", peakAfterRead)) MiB")
print("read+ledger: \(rate(folded, foldTime)) (\(String(format: "%.2f", foldTime)) s)")
print("chrome:      \(rate(count, chromeTime)) (\(String(format: "%.2f", chromeTime)) s)")
print("summary:     \(rate(count, summaryTime)) (\(String(format: "%.2f", summaryTime)) s)   peak RSS \(String(format: "%.1f", peakAtEnd)) MiB")
guard read == count, folded == count else {
    print("MISMATCH: wrote \(count), read \(read), folded \(folded)")
    exit(1)
}
