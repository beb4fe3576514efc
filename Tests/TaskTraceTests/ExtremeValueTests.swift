import Foundation
import Testing
@testable import TaskTrace
@testable import TraceModel

/// Extreme values (0, ±Int64.max, negative durations, huge ids) must not crash the report
/// or the exporters: they come from logs, and a log may say anything. (A log time of
/// Int64.max once killed `replay --headless` with SIGILL in `niceTick`.)
@Suite struct ExtremeValueTests {
    static let times: [Int64] = [0, 1, -1, Ticks.perUnit, Ticks.limit, Ticks.limit - 1, .max, .max - 1, .min, .min + 1]
    static let ids: [TaskID] = [0, 1, 2, TaskID.max, TaskID.max - 1]

    /// Random sessions built from those values, the same ones every run.
    static func sessions(count: Int) -> [[TaskEvent]] {
        var random = TestRandom(state: 13)
        func pick<T>(_ values: [T]) -> T { values[random.below(values.count)] }
        return (0..<count).map { _ in
            (0..<40).map { _ in
                let t = pick(times)
                let task = pick(ids)
                let kind: TaskEvent.Kind = switch random.next() % 9 {
                case 0: .spawn(name: "t", parent: pick(ids))
                case 1: .start(thread: pick([0, 1, 63, 4095, 4096, Int.max, -1]), readyWait: pick(times))
                case 2: .resume(thread: pick([0, 1, -1, Int.max]), readyWait: pick(times))
                case 3: .suspend(pick([.sleep, .awaitingTask(pick(ids)), .queueGet]))
                case 4: .complete(result: "")
                case 5: .cancel
                case 6: .threads(count: pick([0, 1, 64, -1]))
                case 7: .counter(name: "c", value: pick(times))
                default: .dropped(count: pick(times))
                }
                return TaskEvent(time: t, task: task, kind: kind)
            }
        }
    }

    @Test func theReportAndExportersSurviveExtremeValues() {
        for events in Self.sessions(count: 300) {
            var ledger = TaskLedger()
            ledger.apply(events)
            let report = RunReport(ledger: ledger)
            #expect(!report.wallTimeLine().isEmpty)
            _ = report.summaryTable()
            let timeline = report.timeline(width: 60)
            #expect(timeline.contains("Timeline:"))
            _ = SessionSummary(header: nil, ledger: ledger).json()
            _ = ChromeTraceExporter.render(header: nil, events: events)
        }
    }

    @Test(arguments: [0, 1, 59, 60, 61, Ticks.perUnit, Ticks.limit, .max - 1, .max] as [Int64])
    func aNiceTickFitsAnySpan(span: Int64) {
        for columns in [1, 10, 60, 200] {
            let tick = RunReport.niceTick(span: span, columns: columns)
            #expect(tick > 0)
            // The span fits in the columns, or the tick is the largest there is.
            #expect(span / tick + (span % tick == 0 ? 0 : 1) <= Int64(columns) || tick == .max)
        }
    }

    @Test func ticksFromUnitsSaturates() {
        #expect(Ticks.from(units: 1e10) == .max)
        #expect(Ticks.from(units: -1e300) == .min)
        #expect(Ticks.from(units: .infinity) == .max)
        #expect(Ticks.from(units: .nan) == 0)
        #expect(Ticks.from(units: 2.5) == 2_500_000_000)
        #expect(Int64.max.saturatingAdd(1) == .max)
        #expect(Int64.min.saturatingSubtract(1) == .min)
        #expect(Int64.max.saturatingMultiply(-2) == .min)
        #expect(Int64(5).saturatingSubtract(.min) == .max)
    }
}
