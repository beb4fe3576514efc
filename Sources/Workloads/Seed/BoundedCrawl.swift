import TaskTrace

/// The readers' question: how to cap how many tasks run at once. N pages, at most K in
/// flight, held by a semaphore; K is a knob that applies to the next fetch.
enum BoundedCrawl {
    static let scenario = Scenario(
        name: "bounded-crawl",
        summary: "N pages with at most K fetches in flight (a semaphore); K is live",
        kind: .seed(expectedUnits: nil),
        knobs: [
            KnobSpec("urls", "pages to fetch", range: 1...10_000, default: 12),
            KnobSpec("limit", "most fetches in flight", range: 1...100, default: 3),
        ]
    ) { ctx in
        let limit = TracedSemaphore(name: "limit", permits: ctx.knobs["limit"])
        let supervisor = ctx.knobs.superviseChanges { limit.setPermits(ctx.knobs["limit"]) }
        let pages = (1...ctx.knobs["urls"]).map { n in
            let latency = Double(ctx.random.int(in: 10...30)) / 10
            return Trace.spawn("url_\(n)") {
                try await limit.withPermit {
                    ctx.print("crawling url_\(n)")
                    try await Trace.sleep(units: latency)
                    ctx.print("OK url_\(n)")
                }
            }
        }
        for page in pages { _ = await page.result }
        supervisor.cancel()
        _ = await supervisor.result
    }
}
