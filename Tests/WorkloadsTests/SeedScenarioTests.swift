import Testing
import TaskTrace
@testable import Workloads

/// The tutorial's programs, in virtual time with one thread: exact lines, exact order,
/// exact wall time (the README's scenario table gives each one's wall time).
@Suite struct SeedScenarioTests {
    static let expected: [(String, [String], Double)] = [
        ("crawl-sequential", ["crawling url_1", "OK url_1", "crawling url_2", "OK url_2",
                              "crawling url_3", "OK url_3", "crawling url_4", "OK url_4"], 10),
        ("crawl-tasks", ["crawling url_1", "crawling url_2", "crawling url_3", "crawling url_4",
                         "OK url_1", "OK url_2", "OK url_3", "OK url_4"], 4),
        ("crawl-gather", ["crawling url_1", "crawling url_2", "crawling url_3", "crawling url_4",
                          "OK url_1", "OK url_2", "OK url_3", "OK url_4"], 4),
        ("workers-awaited", ["before await", "worker_1 start", "worker_1 done", "awaited worker_1",
                             "worker_2 start", "worker_2 done", "awaited worker_2"], 3),
        ("workers-tasks", ["before await", "worker_1 start", "worker_2 start", "worker_1 done",
                           "awaited worker_1", "worker_2 done", "awaited worker_2"], 2),
        ("workers-cancel", ["[1, ZeroDivisionError('division by zero'), CancelledError()]"], 2),
        ("callback", ["func sleep is start", "i wanna to sleep again", "func sleep is over", "Callback: stop"], 2),
    ]

    @Test(arguments: 0..<expected.count)
    func printsTheTutorialsLinesInOrderAndTakesItsTime(index: Int) async throws {
        let (name, lines, units) = Self.expected[index]
        let events = try await runVirtual(name)
        #expect(events.messages == lines)
        #expect(RunReport(ledger: events.ledger).wallTime == Ticks.from(units: units))
    }

    @Test func producerConsumerPrintsFiveRoundsAndEndsAtTen() async throws {
        let events = try await runVirtual("producer-consumer", seed: 7)
        let lines = events.messages
        #expect(lines.count == 20)
        for round in 0..<5 {
            let block = Array(lines[round * 4..<round * 4 + 4])
            #expect(block[0].hasPrefix("producer_1 put a val: "))
            #expect(block[1].hasPrefix("producer_2 put a val: "))
            #expect(block[2].hasPrefix("consumer_1 get a val: "))
            #expect(block[3].hasPrefix("consumer_2 get a val: "))
            // What a consumer gets is what a producer put, in FIFO order.
            let put = block[0...1].map { $0.split(separator: " ").last! }
            let got = block[2...3].map { $0.split(separator: " ").last! }
            #expect(put == got)
        }
        let values = lines.compactMap { Int($0.split(separator: " ").last!) }
        #expect(values.allSatisfy { (1...10).contains($0) })
        let ledger = events.ledger
        #expect(ledger.rootEndedAt == Ticks.from(units: 10))
        #expect(ledger.record(named: "consumer_1")?.outcome == .cancelled)
        #expect(ledger.record(named: "producer_2")?.outcome == .completed(""))
    }

    @Test func workersCancelHasItsThreeOutcomes() async throws {
        let ledger = try await runVirtual("workers-cancel").ledger
        #expect(ledger.record(named: "worker_1")?.outcome == .completed("1"))
        #expect(ledger.record(named: "worker_2")?.outcome == .failed("ZeroDivisionError('division by zero')"))
        #expect(ledger.record(named: "worker_3")?.outcome == .cancelled)
        #expect(ledger.record(named: "worker_3")?.endedAt == Ticks.from(units: 2))
    }

    @Test func crawlPageHasTheExactLifeOfATask() async throws {
        let events = try await runVirtual("crawl-tasks")
        let main = try #require(events.ledger.record(named: "main"))
        #expect(events.kinds(of: "url_2") == [
            .spawn(name: "url_2", parent: main.id),
            .start(thread: 0, readyWait: 0),
            .suspend(.sleep),
            .resume(thread: 0, readyWait: 0),
            .complete(result: ""),
        ])
        let url2 = try #require(events.ledger.record(named: "url_2"))
        #expect(events.kinds(of: "main") == [
            .spawn(name: "main", parent: 0),
            .start(thread: 0, readyWait: 0),
            .suspend(.awaitingTask(url2.id - 1)),
            .resume(thread: 0, readyWait: 0), .suspend(.awaitingTask(url2.id)),
            .resume(thread: 0, readyWait: 0), .suspend(.awaitingTask(url2.id + 1)),
            .resume(thread: 0, readyWait: 0), .suspend(.awaitingTask(url2.id + 2)),
            .resume(thread: 0, readyWait: 0),
            .complete(result: ""),
        ])
        // The sleep ends exactly when the page's units have passed.
        let resume = events.first { $0.task == url2.id && $0.kind == .resume(thread: 0, readyWait: 0) }
        #expect(resume?.time == Ticks.from(units: 2))
    }

    @Test func gatherMarksEveryWaitOfTheGroup() async throws {
        let events = try await runVirtual("crawl-gather")
        let suspends = events.kinds(of: "main").filter { if case .suspend = $0 { true } else { false } }
        #expect(suspends.count == 4)
        #expect(suspends.allSatisfy { $0 == .suspend(.awaitingGroup) })
    }

    @Test func movieCrawlerConcurrentIsFarFasterThanSequential() async throws {
        let sequential = try await runVirtual("movie-crawler-sequential")
        let concurrent = try await runVirtual("movie-crawler")
        let seqTime = RunReport(ledger: sequential.ledger).wallTime
        let conTime = RunReport(ledger: concurrent.ledger).wallTime
        #expect(sequential.messages.count == 16)
        #expect(Set(sequential.messages) == Set(concurrent.messages))
        #expect(seqTime > 8 * conTime)
        #expect(conTime < Ticks.from(units: 6))
    }

    @Test func movieCrawlerPrintsAfterTheGatherAsTheTutorialDoes() async throws {
        let events = try await runVirtual("movie-crawler")
        let printed = events.filter { if case .message = $0.kind { true } else { false } }.map(\.time)
        let lastPage = events.filter { if case .complete = $0.kind { $0.task != 1 } else { false } }.map(\.time).max()
        #expect(printed.count == 16)
        // Every line after the last detail page came in, none while pages were awaited.
        #expect(printed.allSatisfy { $0 >= lastPage! })
    }

    @Test func boundedCrawlNeverHasMoreThanTheLimitInFlight() async throws {
        let events = try await runVirtual("bounded-crawl", knobs: ["urls": 10, "limit": 3])
        var inFlight = 0, most = 0
        for line in events.messages {
            if line.hasPrefix("crawling") { inFlight += 1 } else { inFlight -= 1 }
            most = max(most, inFlight)
        }
        #expect(most == 3)
        #expect(events.messages.count == 20)
    }

    @Test func withFourThreadsTheOutcomesAreTheSame() async throws {
        for (name, lines, units) in Self.expected {
            let events = try await runVirtual(name, threads: 4)
            #expect(events.messages.sorted() == lines.sorted(), "\(name)")
            #expect(RunReport(ledger: events.ledger).wallTime == Ticks.from(units: units), "\(name)")
        }
    }
}
