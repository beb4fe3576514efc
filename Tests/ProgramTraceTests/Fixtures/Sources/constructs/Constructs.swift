// Every way Swift makes a task, and every kind of wait, in one plain program.
import Foundation

actor Counter {
    private var count = 0
    func bump() -> Int { count += 1; return count }
}

@MainActor func report(_ text: String) { print("main actor: \(text)") }

func fetch(_ value: Int) async -> Int {
    await withCheckedContinuation { (continuation: CheckedContinuation<Int, Never>) in
        DispatchQueue.global().asyncAfter(deadline: .now() + .milliseconds(20)) { continuation.resume(returning: value * 10) }
    }
}

@main struct Constructs {
    static func main() async throws {
        let counter = Counter()
        let unstructured = Task { await counter.bump() }
        let detached = Task.detached {
            try? await Task.sleep(for: .milliseconds(10))
            return await fetch(1)
        }
        let named = Task(name: "named worker") { await counter.bump() }
        let grouped = await withTaskGroup(of: Int.self) { group in
            for i in 0..<2 {
                group.addTask {
                    // Long enough that main is waiting on the group, however loaded the machine.
                    try? await Task.sleep(for: .milliseconds(100))
                    return await counter.bump() + i
                }
            }
            var sum = 0
            for await value in group { sum += value }
            return sum
        }
        let thrown = try? await withThrowingTaskGroup(of: Int.self) { group in
            group.addTask { throw CancellationError() }
            return try await group.next()
        }
        await withDiscardingTaskGroup { group in
            group.addTask { _ = await counter.bump() }
        }
        async let left = fetch(2)
        async let right = fetch(3)
        let pair = await left + right
        await report("hello")
        let total = await unstructured.value + detached.value + named.value
        // The counter's values depend on which task got to it first: only facts that do not.
        print("grouped \(grouped >= 3) thrown \(String(describing: thrown)) pair \(pair) total \(total >= 10)")
    }
}
