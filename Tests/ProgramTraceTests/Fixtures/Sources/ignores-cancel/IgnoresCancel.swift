import Foundation

/// A task that never checks for cancellation: cancelled after 50 ms, it goes on yielding and
/// working in 5 ms steps for about 300 ms more.
@main struct IgnoresCancel {
    static func main() async {
        let task = Task.detached {
            var steps = 0
            for _ in 0..<70 {
                await Task.yield()
                usleep(5_000)
                steps += 1
            }
            return steps
        }
        try? await Task.sleep(for: .milliseconds(50))
        task.cancel()
        print("cancelled; it ran \(await task.value) steps anyway")
    }
}
