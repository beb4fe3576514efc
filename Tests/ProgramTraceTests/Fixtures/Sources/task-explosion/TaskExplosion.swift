/// Two thousand unstructured tasks alive at once, each sleeping 200 ms.
@main struct TaskExplosion {
    static func main() async {
        let tasks = (0..<2_000).map { _ in
            Task { try? await Task.sleep(for: .milliseconds(200)) }
        }
        for task in tasks { await task.value }
        print("\(tasks.count) tasks done")
    }
}
