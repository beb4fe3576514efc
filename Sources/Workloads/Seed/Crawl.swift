import TaskTrace

/// The tutorial's first crawler: page url_N takes N units to fetch.
enum Crawl {
    static let urls = ["url_1", "url_2", "url_3", "url_4"]

    /// `crawl_page(url)`: print, "fetch" for N units, print.
    static func crawlPage(_ url: String, _ ctx: ScenarioContext) async throws {
        ctx.print("crawling \(url)")
        let units = Double(url.split(separator: "_").last.flatMap { Int($0) } ?? 1)
        try await Trace.sleep(units: units)
        ctx.print("OK \(url)")
    }

    static let sequential = Scenario(
        name: "crawl-sequential",
        summary: "await each page in turn: 1+2+3+4 = 10 units",
        kind: .seed(expectedUnits: 10)
    ) { ctx in
        for url in urls { try await crawlPage(url, ctx) }
    }

    static let tasks = Scenario(
        name: "crawl-tasks",
        summary: "create a task per page, then await each: 4 units",
        kind: .seed(expectedUnits: 4)
    ) { ctx in
        let tasks = urls.map { url in Trace.spawn(url) { try await crawlPage(url, ctx) } }
        for task in tasks { try await task.value }
    }

    static let gather = Scenario(
        name: "crawl-gather",
        summary: "the same pages gathered in a task group: 4 units",
        kind: .seed(expectedUnits: 4)
    ) { ctx in
        try await withThrowingTaskGroup(of: Void.self) { group in
            for url in urls {
                Trace.addTask(to: &group, name: url) { try await crawlPage(url, ctx) }
            }
            try await Trace.suspending(.awaitingGroup) { try await group.waitForAll() }
        }
    }
}
