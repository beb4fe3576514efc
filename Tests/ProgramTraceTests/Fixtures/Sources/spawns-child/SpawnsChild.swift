// Runs a copy of itself as a child process: only the parent is the traced program.
import Foundation

@main struct SpawnsChild {
    static func main() async throws {
        if CommandLine.arguments.dropFirst().first == "child" {
            let task = Task(name: "child task") { 2 }
            print("child computed \(await task.value)")
            return
        }
        let parentTask = Task(name: "parent task") { 1 }
        _ = await parentTask.value
        let child = Process()
        child.executableURL = URL(fileURLWithPath: "/proc/self/exe")
        child.arguments = ["child"]
        try child.run()
        child.waitUntilExit()
        print("child exited with \(child.terminationStatus)")
    }
}
