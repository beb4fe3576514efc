// The tutorial's workers: one finishes, one is cancelled while it sleeps, one fails.
enum WorkerError: Error { case boom }

func work(seconds: Int) async throws -> Int {
    try await Task.sleep(for: .milliseconds(50 * seconds))
    return seconds
}

func failAfter(seconds: Int) async throws -> Int {
    try await Task.sleep(for: .milliseconds(50 * seconds))
    throw WorkerError.boom
}

@main struct Workers {
    static func main() async {
        let finishing = Task { try await work(seconds: 1) }
        let cancelled = Task { try await work(seconds: 40) }
        let failing = Task { try await failAfter(seconds: 2) }
        print("worker 1 returned", (try? await finishing.value) ?? -1)
        cancelled.cancel()
        do { _ = try await cancelled.value } catch { print("worker 2 was cancelled") }
        do { _ = try await failing.value } catch { print("worker 3 failed: \(error)") }
    }
}
