// The worst case for a tracer: nothing but suspensions. `yield-loop TASKS YIELDS`.
@main struct YieldLoop {
    static func main() async {
        let arguments = CommandLine.arguments.dropFirst().compactMap { Int($0) }
        let tasks = arguments.first ?? 1, yields = arguments.dropFirst().first ?? 400_000
        let total = await withTaskGroup(of: Int.self) { group in
            for _ in 0..<tasks {
                group.addTask {
                    var count = 0
                    for _ in 0..<yields { await Task.yield(); count += 1 }
                    return count
                }
            }
            var sum = 0
            for await count in group { sum += count }
            return sum
        }
        precondition(total == tasks * yields)
    }
}
