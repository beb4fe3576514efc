import Foundation
import Testing
@testable import TaskTrace

/// The Chrome export, parsed back with JSONSerialization and checked against the Trace
/// Event format's rules, and against the ledger's own totals.
@Suite struct ChromeTraceExporterTests {
    typealias Object = [String: Any]

    static func traceEvents(_ bytes: Data) throws -> [Object] {
        let root = try #require(try JSONSerialization.jsonObject(with: bytes) as? Object)
        #expect(root["displayTimeUnit"] as? String == "ms")
        return try #require(root["traceEvents"] as? [Object])
    }

    static func number(_ value: Any?) -> Double? {
        (value as? NSNumber)?.doubleValue
    }

    /// Checks every rule of the format this exporter relies on; returns X slices by track.
    @discardableResult
    static func validate(_ events: [Object]) -> [Int: [(ts: Double, dur: Double, name: String, cat: String)]] {
        var slices: [Int: [(ts: Double, dur: Double, name: String, cat: String)]] = [:]
        var named: Set<Int> = []
        var tracks: Set<Int> = []
        var flows: [Int: [(String, Double)]] = [:]
        for event in events {
            let ph = event["ph"] as? String ?? "?"
            #expect(["M", "X", "i", "C", "s", "f"].contains(ph), "phase \(ph)")
            #expect(event["pid"] as? Int == 1)
            #expect(event["name"] is String, "name in \(event)")
            let tid = event["tid"] as? Int
            #expect(tid != nil, "tid in \(event)")
            switch ph {
            case "M":
                let args = event["args"] as? Object
                switch event["name"] as? String {
                case "thread_name":
                    #expect(args?["name"] is String)
                    named.insert(tid ?? -1)
                case "process_name": #expect(args?["name"] is String)
                case "thread_sort_index": #expect(args?["sort_index"] is Int)
                default: Issue.record("unknown metadata \(event)")
                }
            case "X":
                let ts = number(event["ts"]), dur = number(event["dur"])
                #expect(ts != nil && ts! >= 0, "ts in \(event)")
                #expect(dur != nil && dur! >= 0, "dur in \(event)")
                #expect(event["args"] is Object)
                tracks.insert(tid ?? -1)
                slices[tid ?? -1, default: []].append((ts ?? 0, dur ?? 0, event["name"] as? String ?? "", event["cat"] as? String ?? ""))
            case "i":
                #expect(number(event["ts"]) != nil)
                #expect(["g", "p", "t"].contains(event["s"] as? String ?? ""))
            case "s", "f":
                // A flow arrow's ends: the same id at both, starting no later than it ends.
                #expect(number(event["ts"]) != nil && event["id"] is Int, "flow \(event)")
                flows[event["id"] as? Int ?? -1, default: []].append((ph, number(event["ts"]) ?? -1))
            case "C":
                #expect(number(event["ts"]) != nil)
                let args = event["args"] as? Object
                #expect(args != nil && !args!.isEmpty && args!.values.allSatisfy { number($0) != nil }, "counter args \(event)")
            default:
                break
            }
        }
        #expect(tracks.isSubset(of: named), "every track with slices has a name")
        for (id, ends) in flows {
            #expect(ends.map(\.0) == ["s", "f"] && ends[0].1 <= ends[1].1, "flow \(id): \(ends)")
        }
        for (tid, list) in slices {
            let sorted = list.sorted { $0.ts < $1.ts || ($0.ts == $1.ts && $0.dur < $1.dur) }
            for (a, b) in zip(sorted, sorted.dropFirst()) {
                #expect(b.ts >= a.ts + a.dur - 1e-6, "overlap on track \(tid): \(a) and \(b)")
            }
        }
        return slices
    }

    @Test func recordedWorkloadExportsAValidTrace() async throws {
        let folder = TempFolder()
        let log = folder.path("session.jsonl")
        let (events, _) = try await SessionLogRoundTripTests.recordWorkload(to: log)
        let out = folder.path("trace.json")
        try ChromeTraceExporter.export(from: try SessionLogReader(path: log), to: out)
        let bytes = try Data(contentsOf: URL(fileURLWithPath: out))
        #expect(!bytes.contains(0x1B), "no raw escape character reaches a terminal that shows the file")
        let trace = try Self.traceEvents(bytes)
        let slices = Self.validate(trace)

        // Slice durations add up, in microseconds, to the ledger's totals for every task.
        var ledger = TaskLedger()
        ledger.apply(events)
        for task in ledger.tasks {
            let list = slices[Int(task.id)] ?? []
            func total(_ cat: String) -> Double { list.filter { $0.cat == cat }.map(\.dur).reduce(0, +) }
            #expect(abs(total("running") - Double(task.runningTime) / 1000) < 1e-3, "\(task.name)")
            #expect(abs(total("ready") - Double(task.readyTime) / 1000) < 1e-3, "\(task.name)")
            #expect(abs(total("suspended") - Double(task.suspendedTime) / 1000) < 1e-3, "\(task.name)")
        }
        // The sleeper's one-unit sleep is a "sleep" slice of 1,000,000 µs.
        let sleeper = try #require(ledger.tasks.first { $0.name == "sleeper" })
        #expect(slices[Int(sleeper.id)]?.contains { $0.name == "sleep" && abs($0.dur - 1_000_000) < 1e-3 } == true)

        let instants = trace.filter { $0["ph"] as? String == "i" }
        let victim = try #require(ledger.tasks.first { $0.name == "victim" })
        #expect(instants.contains { $0["name"] as? String == "cancel" && $0["tid"] as? Int == Int(victim.id) })
        let fail = try #require(instants.first { $0["name"] as? String == "fail" })
        #expect((fail["args"] as? Object)?["error"] as? String == "disk on fire \u{1B}[5m")
        let names = trace.filter { $0["name"] as? String == "thread_name" }.compactMap { ($0["args"] as? Object)?["name"] as? String }
        #expect(names.contains("failer \u{1B}[31m #4"))
    }

    @Test func everyKindAndAnUnfinishedRunStayValid() throws {
        let text = ChromeTraceExporter.render(header: LogSamples.header, events: LogSamples.everyKind.dropLast())
        let trace = try Self.traceEvents(Data(text.utf8))
        let slices = Self.validate(trace)
        // Task 1 never ended: its last slice is closed at the last event's time, 32 ns.
        let last = try #require(slices[1]?.max { $0.ts < $1.ts })
        #expect(abs(last.ts + last.dur - 0.032) < 1e-9)
        let counters = trace.filter { $0["ph"] as? String == "C" }.compactMap { $0["name"] as? String }
        #expect(counters == ["threads", "knob workers", "queue"])
    }

    @Test func backwardsTimesNeverMakeOverlaps() throws {
        var random = TestRandom(state: 7)
        var events: [TaskEvent] = []
        for id in 1...5 { events.append(TaskEvent(time: 0, task: TaskID(id), kind: .spawn(name: "t\(id)", parent: 0))) }
        var running: Set<TaskID> = []
        for _ in 0..<2000 {
            let id = TaskID(1 + random.below(5))
            let time = Int64(random.below(10_000))
            let kind: TaskEvent.Kind = running.contains(id)
                ? .suspend(.sleep)
                : .resume(thread: 0, readyWait: Int64(random.below(500)))
            if running.contains(id) { running.remove(id) } else { running.insert(id) }
            events.append(TaskEvent(time: time, task: id, kind: kind))
        }
        let trace = try Self.traceEvents(Data(ChromeTraceExporter.render(header: nil, events: events).utf8))
        Self.validate(trace)
    }

    @Test func parentsPointToTheirChildrenAndWarningsAreInstants() throws {
        let u = Ticks.perUnit
        let events = [TaskEvent(time: 0, task: 1, kind: .spawn(name: "main", parent: 0)),
                      TaskEvent(time: 0, task: 1, kind: .start(thread: 0, readyWait: 0)),
                      TaskEvent(time: 0, task: 2, kind: .spawn(name: "parse", parent: 1)),
                      TaskEvent(time: 0, task: 1, kind: .suspend(.awaitingTask(2))),
                      TaskEvent(time: 0, task: 2, kind: .start(thread: 0, readyWait: 0)),
                      TaskEvent(time: u / 2, task: 2, kind: .complete(result: "")),
                      TaskEvent(time: u / 2, task: 1, kind: .resume(thread: 0, readyWait: 0)),
                      TaskEvent(time: u / 2, task: 1, kind: .complete(result: ""))]
        let trace = try Self.traceEvents(Data(ChromeTraceExporter.render(header: LogSamples.header, events: events).utf8))
        Self.validate(trace)
        let flow = trace.filter { ["s", "f"].contains($0["ph"] as? String ?? "") }
        #expect(flow.map { $0["tid"] as? Int } == [1, 2])
        #expect(flow.allSatisfy { $0["id"] as? Int == 2 && $0["cat"] as? String == "spawn" })
        let warnings = trace.filter { $0["cat"] as? String == "warning" }
        #expect(warnings.count == 1)
        #expect(warnings.first?["name"] as? String == "warning: blocking call")
        #expect(warnings.first?["tid"] as? Int == 2)
        #expect((warnings.first?["args"] as? Object)?["evidence"] as? String
                == "parse held thread T0 for 500 ms without suspending (threshold 10 ms)")
    }

    @Test func aSuspensionSaysWhatItWaitedFor() throws {
        let events = [TaskEvent(time: 0, task: 1, kind: .spawn(name: "main", parent: 0)),
                      TaskEvent(time: 0, task: 1, kind: .start(thread: 0, readyWait: 0)),
                      TaskEvent(time: 10, task: 1, kind: .suspend(.actorHop("Counter"))),
                      TaskEvent(time: 20, task: 1, kind: .resume(thread: 0, readyWait: 0)),
                      TaskEvent(time: 30, task: 1, kind: .suspend(.awaitingTask(2))),
                      TaskEvent(time: 40, task: 1, kind: .resume(thread: 0, readyWait: 0)),
                      TaskEvent(time: 50, task: 1, kind: .complete(result: ""))]
        let trace = try Self.traceEvents(Data(ChromeTraceExporter.render(header: LogSamples.header, events: events).utf8))
        Self.validate(trace)
        let suspended = trace.filter { $0["cat"] as? String == "suspended" }
        #expect(suspended.count == 2)
        #expect((suspended.first?["args"] as? Object)?["actor"] as? String == "Counter")
        #expect((suspended.last?["args"] as? Object)?["target"] as? Int == 2)
    }
}
