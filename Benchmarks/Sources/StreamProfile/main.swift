// What `interleave exec --headless` does with each record of the agent's stream, in a plain
// loop without the program, the socket or the threads: parse, translate, and fold into the
// ledger and the warnings, as `runHeadless` does. For `valgrind --tool=callgrind` (which
// cannot run `interleave exec` itself) and `perf`.
//   interleave exec --headless --quiet --dump-stream /tmp/yield.stream -- .build-fixtures/release/yield-loop 1 400000
//   swift build -c release --package-path Benchmarks --product StreamProfile
//   valgrind --tool=callgrind Benchmarks/.build/release/StreamProfile /tmp/yield.stream 1
// Arguments: the dumped stream, rounds (each replays the whole stream into a fresh fold),
// and the bytes handed over per read (default 65,536, the reader's buffer). With CHECK=FILE
// in the environment, every event and the headless report go to FILE: two builds must
// write the same.
import AgentWire
import Foundation
import ProgramTrace
import TaskTrace

let arguments = CommandLine.arguments
guard arguments.count > 1, let data = FileManager.default.contents(atPath: arguments[1]) else {
    FileHandle.standardError.write(Data("usage: StreamProfile STREAM-FILE [rounds] [read-size]\n".utf8))
    exit(2)
}
let rounds = arguments.count > 2 ? Int(arguments[2]) ?? 1 : 1
let readSize = arguments.count > 3 ? Int(arguments[3]) ?? 65_536 : 65_536
let bytes = [UInt8](data)
let check = ProcessInfo.processInfo.environment["CHECK"]
var checkText = ""

var totalEvents = 0
var tasks = 0
var warnings = 0
let clock = ContinuousClock()
let started = clock.now
for _ in 0..<rounds {
    var pipeline = HeadlessPipeline()
    pipeline.keep = check != nil
    var offset = 0
    while offset < bytes.count {
        let end = min(bytes.count, offset + readSize)
        pipeline.feed(bytes[offset..<end])
        offset = end
    }
    totalEvents += pipeline.events
    tasks = pipeline.ledger.taskCount
    warnings = pipeline.warnings.report(final: true).count
    if check != nil {
        checkText = pipeline.kept.map { "\($0)" }.joined(separator: "\n")
        let report = RunReport(ledger: pipeline.ledger, unitName: "second")
        checkText += "\n" + report.wallTimeLine() + "\n" + report.summaryTable() + report.timeline(width: 72)
            + Warnings.section(pipeline.warnings.report(final: true), overflow: pipeline.warnings.overflow, unitName: "second")
    }
}
if let check { _ = FileManager.default.createFile(atPath: check, contents: Data(checkText.utf8)) }
let elapsed = clock.now - started
let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
print("\(rounds) round(s): \(bytes.count / 48) records (about), \(totalEvents / rounds) events, \(tasks) tasks, "
      + "\(warnings) warnings; \(String(format: "%.0f", seconds * 1e9 / Double(max(1, totalEvents)))) ns an event")

/// The reader thread's work (`TracedProgram`) and the headless fold's (`HeadlessPrinter`),
/// one after the other on one thread.
struct HeadlessPipeline {
    var parser = AgentStreamParser()
    var translator = AgentTranslator()
    // As `HeadlessRunner.boundedLedger()`: a live run's limits.
    var ledger = TaskLedger(historyLimit: 4_096, endedTaskLimit: 10_000, totalHistoryLimit: 262_144)
    var warnings = Warnings(thresholds: WarningThresholds(), time: .real(speed: 1))
    var threads = 0
    var events = 0
    var keep = false
    var kept: [TaskEvent] = []

    mutating func feed(_ bytes: ArraySlice<UInt8>) {
        guard let batch = try? parser.feed(bytes) else { fatalError("the stream is damaged") }
        var out = translator.translate(batch)
        if translator.threadCount != threads {
            threads = translator.threadCount
            out.append(TaskEvent(time: out.last?.time ?? 0, task: 0, kind: .threads(count: threads)))
        }
        for event in out {
            ledger.apply(event)
            warnings.apply(event)
        }
        events += out.count
        if keep { kept += out }
    }
}
