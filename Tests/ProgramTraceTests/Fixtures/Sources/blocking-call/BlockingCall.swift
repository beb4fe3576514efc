import Foundation

/// A synchronous sleep inside a task: the slice holds its pool thread for 300 ms.
@main struct BlockingCall {
    static func main() async {
        let task = Task {
            usleep(300_000)
            return 1
        }
        print("blocked for \(await task.value)")
    }
}
