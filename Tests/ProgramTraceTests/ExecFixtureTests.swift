import Foundation
import TaskTrace
import Testing

/// `interleave exec --headless` on plain Swift programs: the tasks, parents, reasons and
/// outcomes the trace shows must be exactly what each program does. Nothing here times
/// anything: where the tutorial's point is about time, it is checked in the order and
/// overlap of the recorded events.
@Suite(.serialized) struct ExecFixtureTests {
    @Test func theSequentialCrawlerIsOneTaskThatSleepsOncePerPage() async throws {
        let (result, events) = try await ExecSupport.exec("crawl-sequential")
        #expect(result.status == 0, "\(result.errors)")
        let lines = result.output.split(separator: "\n").map(String.init)
        #expect(Array(lines.prefix(8)) == ["crawling url_1", "OK url_1", "crawling url_2", "OK url_2",
                                          "crawling url_3", "OK url_3", "crawling url_4", "OK url_4"])
        #expect(result.output.contains("Wall time: "))
        let tasks = TracedTask.fold(events)
        #expect(tasks.map(\.name) == ["main"])
        #expect(tasks.first?.count(.sleep) == 4)
        #expect(tasks.first.map { Set($0.reasons.map(\.category)).isSubset(of: [.sleep, .hop]) } == true)
        #expect(tasks.first?.outcome == .complete(result: ""))
    }

    @Test func aTaskPerPageSleepsAllAtOnceSoTheCrawlTakesTheLongestPage() async throws {
        let (result, events) = try await ExecSupport.exec("crawl-tasks")
        #expect(result.status == 0, "\(result.errors)")
        let tasks = TracedTask.fold(events)
        #expect(tasks.map(\.name) == ["main", "crawl url_1", "crawl url_2", "crawl url_3", "crawl url_4"])
        let pages = tasks.dropFirst()
        #expect(pages.allSatisfy { $0.parent == 1 && $0.count(.sleep) == 1 && $0.outcome == .complete(result: "") })
        // Every page's sleep overlaps every other's: the crawl waits for the longest, not the sum.
        let sleeps = pages.compactMap { $0.suspended.first { $0.reason == .sleep } }
        #expect(sleeps.count == 4)
        #expect(sleeps.map(\.from).max()! < sleeps.map(\.to).min()!)
        #expect(tasks.first?.count(.awaiting) ?? 0 >= 1)
        // The timeline in the report shows the four pages side by side.
        #expect(result.output.contains("crawl url_4 ["))
    }

    @Test func workersFinishAreCancelledOrFailWithTheirError() async throws {
        let (result, events) = try await ExecSupport.exec("workers")
        #expect(result.status == 0, "\(result.errors)")
        #expect(result.output.hasPrefix("worker 1 returned 1\nworker 2 was cancelled\nworker 3 failed: boom\n"))
        let tasks = TracedTask.fold(events)
        #expect(tasks.map(\.name) == ["main", "closure #1 in Workers.main()", "closure #2 in Workers.main()",
                                      "closure #3 in Workers.main()"])
        #expect(tasks.dropFirst().allSatisfy { $0.parent == 1 && $0.count(.sleep) == 1 })
        #expect(tasks.map(\.outcome) == [.complete(result: ""), .complete(result: ""), .cancel,
                                         .fail(error: "WorkerError.boom")])
    }

    @Test func aConsumerWaitsOnTheStreamWhileTheProducerSleeps() async throws {
        let (result, events) = try await ExecSupport.exec("producer-consumer")
        #expect(result.status == 0, "\(result.errors)")
        #expect(result.output.hasPrefix((1...5).map { "consumed \($0)\n" }.joined() + "total 15\n"))
        let tasks = TracedTask.fold(events)
        #expect(tasks.map(\.name) == ["main", "closure #1 in ProducerConsumer.main()", "closure #2 in ProducerConsumer.main()"])
        let producer = tasks[1], consumer = tasks[2]
        #expect(producer.count(.sleep) == 5)
        #expect(consumer.count(.continuation) >= 1)
        #expect(consumer.count(.sleep) == 0)
        #expect(tasks.allSatisfy { $0.outcome == .complete(result: "") })
    }

    @Test func everyConstructShowsItsTaskParentReasonAndOutcome() async throws {
        let (result, events) = try await ExecSupport.exec("constructs")
        #expect(result.status == 0, "\(result.errors)")
        #expect(result.output.hasPrefix("main actor: hello\ngrouped true thrown nil pair 50 total true\n"))
        let tasks = TracedTask.fold(events)
        let byName = Dictionary(grouping: tasks, by: \.name)
        #expect(tasks.first?.name == "main")
        #expect(tasks.dropFirst().allSatisfy { $0.parent == 1 }, "\(tasks.map { ($0.name, $0.parent) })")
        // Task {}, Task(name:) and the group's children hop to the actor, naming it.
        #expect(byName["closure #1 in Constructs.main()"]?.first?.reasons.contains(.actorHop("Counter")) == true)
        #expect(byName["named worker"]?.first?.reasons.contains(.actorHop("Counter")) == true)
        #expect(byName["closure #1 in closure #4 in Constructs.main()"]?.count == 2)
        // Task.detached sleeps, then waits on a continuation resumed from another thread.
        let detached = byName["closure #2 in Constructs.main()"]?.first
        #expect(detached?.count(.sleep) == 1)
        #expect(detached?.count(.continuation) == 1)
        // The throwing group's child throws CancellationError; the discarding group's returns.
        #expect(byName["closure #1 in closure #5 in Constructs.main()"]?.first?.outcome == .cancel)
        #expect(byName["closure #1 in closure #6 in Constructs.main()"]?.first?.outcome == .complete(result: ""))
        // The two async lets wait on their continuations.
        let asyncLets = tasks.filter { $0.name.contains("fetch") || $0.name.contains("implicit closure") }
        #expect(asyncLets.count == 2)
        #expect(asyncLets.allSatisfy { $0.count(.continuation) == 1 })
        // main awaits a task, a group's next and the async lets, and hops back to the main actor.
        let main = tasks[0]
        #expect(main.reasons.contains(.awaitingGroup))
        #expect(main.reasons.contains(.awaitingResult))
        #expect(main.reasons.contains(.actorHop("MainActor")))
        #expect(tasks.count == 10)
        #expect(tasks.allSatisfy { $0.outcome != nil })
    }

    @Test func theExitStatusAndTheOutputAreTheProgramsOwn() async throws {
        let program = try await ExecSupport.fixture("exit-status")
        let plain = try ExecSupport.run(program, ["7"])
        let traced = try ExecSupport.run(ExecSupport.interleave, ["exec", "--headless", "--quiet", "--", program, "7"])
        #expect(plain.status == 7)
        #expect(traced.status == 7)
        #expect(plain.output == "stdout line 14\n")
        #expect(traced.output.hasPrefix(plain.output))
        #expect(traced.output.dropFirst(plain.output.count).hasPrefix("Wall time: "))
        #expect(traced.errors == plain.errors)
    }

    @Test func aCrashIsSaidToBeOne() async throws {
        // Without the runtime's backtracer, which would take seconds to print its report. The
        // sleep first lets the agent send the main task's creation, which a crash at once
        // would take with it.
        let (result, events) = try await ExecSupport.exec("exit-status", ["crash", "300"],
                                                           environment: ["SWIFT_BACKTRACE": "enable=no"])
        #expect(result.status == 128 + SIGILL, "\(result.errors)")
        let main = TracedTask.fold(events).first { $0.name == "main" }
        #expect(main?.outcome == .fail(error: "crashed (SIGILL)"))
    }

    @Test func aRecordingReplaysToTheSameReportAndExports() async throws {
        let program = try await ExecSupport.fixture("workers")
        let log = FileManager.default.temporaryDirectory.appendingPathComponent("exec-replay-\(UUID().uuidString).jsonl").path
        let trace = log + ".trace.json"
        defer {
            try? FileManager.default.removeItem(atPath: log)
            try? FileManager.default.removeItem(atPath: trace)
        }
        let live = try ExecSupport.run(ExecSupport.interleave, ["exec", "--headless", "--record", log, "--", program])
        let replayed = try ExecSupport.run(ExecSupport.interleave, ["replay", "--headless", log])
        #expect(live.status == 0 && replayed.status == 0, "\(live.errors)\(replayed.errors)")
        // The report after the program's own lines is the replay's, to the character.
        let report = live.output[live.output.range(of: "Wall time: ")!.lowerBound...]
        #expect(replayed.output == String(report))
        #expect(report.hasPrefix("Wall time: ") && report.contains(" seconds"))
        let exported = try ExecSupport.run(ExecSupport.interleave, ["export", log, "--format", "chrome", "-o", trace])
        #expect(exported.status == 0, "\(exported.errors)")
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: trace))) as? [String: Any]
        let events = json?["traceEvents"] as? [[String: Any]] ?? []
        let names = Set(events.compactMap { ($0["args"] as? [String: Any])?["name"] as? String })
        #expect(names.contains("closure #3 in Workers.main() #4"))
    }

    @Test func onlyTheProgramIsTracedNotWhatItStarts() async throws {
        let (result, events) = try await ExecSupport.exec("spawns-child")
        #expect(result.status == 0, "\(result.errors)")
        #expect(result.output.hasPrefix("child computed 2\nchild exited with 0\n"))
        let names = TracedTask.fold(events).map(\.name)
        #expect(names.contains("parent task"))
        #expect(!names.contains("child task"))
    }

    @Test func theProgramRunsOnWhenInterleaveDies() async throws {
        let program = try await ExecSupport.fixture("exit-status")
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("orphan-\(UUID().uuidString)").path
        _ = FileManager.default.createFile(atPath: output, contents: nil)
        defer { try? FileManager.default.removeItem(atPath: output) }
        let viewer = Process()
        viewer.executableURL = URL(fileURLWithPath: ExecSupport.interleave)
        viewer.arguments = ["exec", "--headless", "--", program, "6", "400"]
        viewer.standardOutput = FileHandle(forWritingAtPath: output)
        viewer.standardError = FileHandle.nullDevice
        try viewer.run()
        // Killed once the program runs (its start can take long on a loaded machine).
        var started = false
        for _ in 0..<400 {
            started = ExecSupport.hasChild(of: viewer.processIdentifier, running: program)
            if started { break }
            try await Task.sleep(for: .milliseconds(25))
        }
        #expect(started, "the program never started")
        kill(viewer.processIdentifier, SIGKILL)
        viewer.waitUntilExit()
        // The program, orphaned with its stream gone, still finishes its own work.
        var written = ""
        for _ in 0..<200 {
            try await Task.sleep(for: .milliseconds(50))
            written = (try? String(contentsOfFile: output, encoding: .utf8)) ?? ""
            if written.contains("stdout line 12") { break }
        }
        #expect(written == "stdout line 12\n")
    }

    @Test func refusalsAreOneLineAndExitTwo() async throws {
        let missing = try ExecSupport.run(ExecSupport.interleave, ["exec", "--headless", "--", "/no/such/program"])
        #expect(missing.status == 2)
        #expect(missing.errors == "interleave: /no/such/program: no such file\n")
        let notSwift = try ExecSupport.run(ExecSupport.interleave, ["exec", "--headless", "--", "/bin/true"])
        #expect(notSwift.status == 2)
        #expect(notSwift.errors.contains("does not use Swift concurrency"))
        #expect(notSwift.errors.split(separator: "\n").count == 1)
        let staticStdlib = try ExecSupport.run(ExecSupport.interleave, ["exec", "--headless", "--", try await ExecSupport.fixture("static-stdlib")])
        #expect(staticStdlib.status == 2)
        #expect(staticStdlib.errors.contains("-static-stdlib"))
        let script = FileManager.default.temporaryDirectory.appendingPathComponent("script-\(UUID().uuidString).sh").path
        _ = FileManager.default.createFile(atPath: script, contents: Data("#!/bin/sh\necho hi\n".utf8), attributes: [.posixPermissions: 0o755])
        defer { try? FileManager.default.removeItem(atPath: script) }
        let scripted = try ExecSupport.run(ExecSupport.interleave, ["exec", "--headless", "--", script])
        #expect(scripted.status == 2)
        #expect(scripted.errors.contains("not an ELF executable"))
        let notExecutable = FileManager.default.temporaryDirectory.appendingPathComponent("plain-\(UUID().uuidString)").path
        _ = FileManager.default.createFile(atPath: notExecutable, contents: Data(), attributes: [.posixPermissions: 0o644])
        defer { try? FileManager.default.removeItem(atPath: notExecutable) }
        let refused = try ExecSupport.run(ExecSupport.interleave, ["exec", "--headless", "--", notExecutable])
        #expect(refused.status == 2)
        #expect(refused.errors == "interleave: \(notExecutable): not executable\n")
    }

    @Test func aStaticBinaryIsRefused() async throws {
        let source = FileManager.default.temporaryDirectory.appendingPathComponent("static-\(UUID().uuidString)")
        try Data("int main(void) { return 0; }\n".utf8).write(to: source.appendingPathExtension("c"))
        defer {
            try? FileManager.default.removeItem(at: source)
            try? FileManager.default.removeItem(at: source.appendingPathExtension("c"))
        }
        let compiled = try ExecSupport.run("/usr/bin/env", ["cc", "-static", "-o", source.path, source.appendingPathExtension("c").path])
        try #require(compiled.status == 0, "cc -static: \(compiled.errors)")
        let refused = try ExecSupport.run(ExecSupport.interleave, ["exec", "--headless", "--", source.path])
        #expect(refused.status == 2)
        #expect(refused.errors.contains("is statically linked"))
        #expect(refused.errors.split(separator: "\n").count == 1)
    }
}
