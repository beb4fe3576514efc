// Ignores SIGINT (and SIGTERM too with --ignore-term) and prints terminal escape sequences:
// what a program under the dashboard may do, and none of it may break it.
import Foundation

@main struct Stubborn {
    static func main() async {
        signal(SIGINT, SIG_IGN)
        if CommandLine.arguments.contains("--ignore-term") { signal(SIGTERM, SIG_IGN) }
        print("\u{1B}[2J\u{1B}[31mred text\u{1B}]0;a new title\u{07}")
        while true {
            try? await Task.sleep(for: .milliseconds(100))
            print("still here")
        }
    }
}
