import Foundation

/// Three times as many tasks as the pool has threads, each blocking its thread for 300 ms:
/// two waves of them wait ready while every thread is busy.
@main struct StarvedPool {
    static func main() async {
        let count = ProcessInfo.processInfo.activeProcessorCount * 3
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<count {
                group.addTask { usleep(300_000) }
            }
        }
        print("\(count) blocking tasks done")
    }
}
