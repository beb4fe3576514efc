import TaskTrace

/// An endless crawler: a frontier of urls fetched with a concurrency limit, random
/// latencies, a failure rate and a per-page timeout after which the page is cancelled.
enum Crawler {
    struct FetchError: Error, CustomStringConvertible {
        let status: Int
        var description: String { "HTTP \(status)" }
    }

    static let scenario = Scenario(
        name: "crawler",
        summary: "endless frontier of pages: concurrency limit, latency, failures, timeouts",
        kind: .live,
        knobs: [
            KnobSpec("concurrency", "most pages in flight", range: 1...100_000, default: 4),
            KnobSpec("latency", "mean fetch latency, tenths of a unit", range: 0...100, default: 10),
            KnobSpec("failures", "pages that fail, percent", range: 0...100, default: 10),
            KnobSpec("timeout", "a page is cancelled after this, tenths of a unit", range: 1...200, default: 20),
            KnobSpec("cpu", "CPU work per page, thousandths of a unit", range: 0...1_000, default: 5),
            KnobSpec("urls", "pages in all, then stop (0: endless)", range: 0...100_000_000, default: 0),
        ]
    ) { ctx in
        let limit = TracedSemaphore(name: "concurrency", permits: ctx.knobs["concurrency"])
        let supervisor = ctx.knobs.superviseChanges { limit.setPermits(ctx.knobs["concurrency"]) }
        var pages: [TracedTask<Void>] = []
        let total = ctx.knobs["urls"]
        do {
            var n = 0
            while total == 0 || n < total {
                try await limit.acquire()
                n += 1
                let mean = Double(ctx.knobs["latency"]) / 10
                let latency = ctx.random.double(in: mean * 0.3...mean * 1.7)
                let fails = ctx.random.chance(percent: ctx.knobs["failures"])
                let cpu = Double(ctx.knobs["cpu"]) / 1000
                let number = n
                let page = Trace.spawn("url_\(number)") {
                    defer { limit.release() }
                    ctx.print("crawling url_\(number)")
                    try await Trace.sleep(units: latency)
                    Trace.compute(units: cpu)
                    if fails { throw FetchError(status: 500) }
                    ctx.print("OK url_\(number)")
                }
                page.cancel(afterUnits: Double(ctx.knobs["timeout"]) / 10)
                pages.append(page)
                if pages.count > 256 { pages.removeFirst(128) }
            }
            // Every page spawned: wait until all have released their permits, then stop.
            while limit.inUse > 0 { try await Trace.sleep(units: 0.01) }
            supervisor.cancel()
            _ = await supervisor.result
        } catch {
            supervisor.cancel()
            for page in pages { page.cancel() }
            _ = await supervisor.result
            for page in pages { _ = await page.result }
            throw error
        }
    }
}
