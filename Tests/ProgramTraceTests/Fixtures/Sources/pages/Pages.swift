// A realistic program: `pages PAGES IN_FLIGHT LATENCY_MS` fetches pages whose latency is a
// Task.sleep, at most IN_FLIGHT at once, and does a little work on each.
@main struct Pages {
    static func main() async {
        let arguments = CommandLine.arguments.dropFirst().compactMap { Int($0) }
        let pages = arguments.first ?? 100_000
        let inFlight = arguments.dropFirst().first ?? 1_000
        let latency = arguments.dropFirst(2).first ?? 1
        let bytes = await withTaskGroup(of: Int.self) { group in
            var started = 0, total = 0
            func fetch(_ page: Int) -> @Sendable () async -> Int {
                {
                    try? await Task.sleep(for: .milliseconds(latency))
                    var hash = page
                    for i in 0..<200 { hash = hash &* 31 &+ i }
                    return hash & 0xFF
                }
            }
            while started < min(inFlight, pages) { group.addTask(operation: fetch(started)); started += 1 }
            for await size in group {
                total += size
                if started < pages { group.addTask(operation: fetch(started)); started += 1 }
            }
            return total
        }
        print("fetched \(pages) pages, \(bytes) bytes")
    }
}
