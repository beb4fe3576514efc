import Foundation

/// Kept so the continuation is never destroyed (which would be a misuse the runtime reports):
/// it is simply never resumed.
nonisolated(unsafe) var forgotten: [CheckedContinuation<Void, Never>] = []

/// A task waits on a continuation nobody resumes; main exits while it still waits.
@main struct LeakedContinuation {
    static func main() async {
        Task {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                forgotten.append(continuation)
            }
            print("never printed")
        }
        try? await Task.sleep(for: .milliseconds(200))
        print("exiting with a task still waiting")
    }
}
