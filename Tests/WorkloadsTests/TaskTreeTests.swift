import TaskTrace
import Testing
@testable import Workloads

/// The task tree of each seed scenario, exactly: who started whom, in order of creation,
/// with each task's lifetime and outcome (virtual time: exact units).
@Suite struct TaskTreeTests {
    static func tree(_ name: String, collapsed: Set<TaskID> = []) async throws -> String {
        let events = try await runVirtual(name)
        return TaskTree.text(TaskTree.rows(events.ledger, collapsed: collapsed))
    }

    static let expected: [String: String] = [
        "bounded-crawl": """
            main  [1]  8.6 u  completed
              interleave-knobs  [2]  8.6 u  completed
              url_1  [3]  1.2 u  completed
              url_2  [4]  1.7 u  completed
              url_3  [5]  2.5 u  completed
              url_4  [6]  3.6 u  completed
              url_5  [7]  3.9 u  completed
              url_6  [8]  3.7 u  completed
              url_7  [9]  4.6 u  completed
              url_8  [10]  5 u  completed
              url_9  [11]  6.4 u  completed
              url_10  [12]  6 u  completed
              url_11  [13]  7.5 u  completed
              url_12  [14]  8.6 u  completed

            """,
        "callback": """
            main  [1]  2 u  completed
              sleep  [2]  1 u  completed: stop
              continue_sleep  [3]  2 u  completed
              callback  [4]  0 u  completed

            """,
        "crawl-gather": """
            main  [1]  4 u  completed
              url_1  [2]  1 u  completed
              url_2  [3]  2 u  completed
              url_3  [4]  3 u  completed
              url_4  [5]  4 u  completed

            """,
        "crawl-sequential": """
            main  [1]  10 u  completed

            """,
        "crawl-tasks": """
            main  [1]  4 u  completed
              url_1  [2]  1 u  completed
              url_2  [3]  2 u  completed
              url_3  [4]  3 u  completed
              url_4  [5]  4 u  completed

            """,
        "movie-crawler-sequential": """
            main  [1]  49.59 u  completed

            """,
        "movie-crawler": """
            main  [1]  5.01 u  completed
              detail_1  [2]  3.42 u  completed: https://img.example/view/photo/s_ratio_poster/public/p2558822465.jpg
              detail_2  [3]  3.79 u  completed: https://img.example/view/photo/s_ratio_poster/public/p2558428519.jpg
              detail_3  [4]  3.5 u  completed: https://img.example/view/photo/s_ratio_poster/public/p2561890590.jpg
              detail_4  [5]  3.96 u  completed: https://img.example/view/photo/s_ratio_poster/public/p2557780235.jpg
              detail_5  [6]  2.15 u  completed: https://img.example/view/photo/s_ratio_poster/public/p2555968761.jpg
              detail_6  [7]  2.19 u  completed: https://img.example/view/photo/s_ratio_poster/public/p2556530048.jpg
              detail_7  [8]  3.1 u  completed: https://img.example/view/photo/s_ratio_poster/public/p2559867045.jpg
              detail_8  [9]  2.27 u  completed: https://img.example/view/photo/s_ratio_poster/public/p2557060533.jpg
              detail_9  [10]  2.63 u  completed: https://img.example/view/photo/s_ratio_poster/public/p2559356520.jpg
              detail_10  [11]  2.12 u  completed: https://img.example/view/photo/s_ratio_poster/public/p2561636950.jpg
              detail_11  [12]  3.13 u  completed: https://img.example/view/photo/s_ratio_poster/public/p2553376737.jpg
              detail_12  [13]  3.58 u  completed: https://img.example/view/photo/s_ratio_poster/public/p2553703870.jpg
              detail_13  [14]  2.1 u  completed: https://img.example/view/photo/s_ratio_poster/public/p2560390784.jpg
              detail_14  [15]  4.21 u  completed: https://img.example/view/photo/s_ratio_poster/public/p2560336522.jpg
              detail_15  [16]  3.33 u  completed: https://img.example/view/photo/s_ratio_poster/public/p2559163816.jpg
              detail_16  [17]  3.29 u  completed: https://img.example/view/photo/s_ratio_poster/public/p2561599739.jpg

            """,
        "producer-consumer": """
            main  [1]  10 u  completed
              consumer_1  [2]  10 u  cancelled
              consumer_2  [3]  10 u  cancelled
              producer_1  [4]  5 u  completed
              producer_2  [5]  5 u  completed

            """,
        "workers-awaited": """
            main  [1]  3 u  completed

            """,
        "workers-cancel": """
            main  [1]  2 u  completed
              worker_1  [2]  1 u  completed: 1
              worker_2  [3]  2 u  failed: ZeroDivisionError('division by zero')
              worker_3  [4]  2 u  cancelled

            """,
        "workers-tasks": """
            main  [1]  2 u  completed
              worker_1  [2]  1 u  completed
              worker_2  [3]  2 u  completed

            """,
    ]

    @Test(arguments: Catalog.all.filter { !$0.isLive && !Catalog.mistakes.map(\.name).contains($0.name) }.map(\.name))
    func theTreeOfEachSeedScenarioIsExact(_ name: String) async throws {
        let text = try await Self.tree(name)
        #expect(text == Self.expected[name], "\n\(text)")
    }

    @Test func aCollapsedTaskHidesItsChildren() async throws {
        #expect(try await Self.tree("crawl-tasks", collapsed: [1]) == "+ main  [1]  4 u  completed\n")
        // Collapsing a task without children changes nothing.
        #expect(try await Self.tree("crawl-tasks", collapsed: [2]) == Self.expected["crawl-tasks"])
    }

    @Test func aLiveTaskCountsItsLifetimeToNowAndShowsItsState() {
        var ledger = TaskLedger()
        ledger.apply([TaskEvent(time: 0, task: 1, kind: .spawn(name: "main", parent: 0)),
                      TaskEvent(time: 0, task: 1, kind: .start(thread: 0, readyWait: 0)),
                      TaskEvent(time: 500_000_000, task: 2, kind: .spawn(name: "child", parent: 1)),
                      TaskEvent(time: 1_000_000_000, task: 1, kind: .suspend(.awaitingTask(2)))])
        #expect(TaskTree.text(TaskTree.rows(ledger)) == "main  [1]  1 u  suspended (awaiting)\n  child  [2]  0.5 u  ready\n")
    }
}
