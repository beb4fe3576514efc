/// A task sleeps for a minute; main returns after 100 ms, so the program exits with it asleep.
@main struct NeverFinished {
    static func main() async {
        Task { try? await Task.sleep(for: .seconds(60)) }
        try? await Task.sleep(for: .milliseconds(100))
        print("exiting with a task asleep")
    }
}
