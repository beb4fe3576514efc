// Writes a line to each stream, then exits with the status it is given; `exit-status N MS`
// sleeps MS milliseconds first; `exit-status crash MS` crashes instead (an index out of range).
import Foundation

@main struct ExitStatus {
    static func main() async {
        let pause = Int(CommandLine.arguments.dropFirst(2).first ?? "0") ?? 0
        if pause > 0 { try? await Task.sleep(for: .milliseconds(pause)) }
        if CommandLine.arguments.dropFirst().first == "crash" {
            let pages = [Int](repeating: 0, count: Int(CommandLine.arguments.count))
            print("page \(await Task { pages[pages.count] }.value)")
        }
        let status = Int32(CommandLine.arguments.dropFirst().first ?? "0") ?? 0
        let value = await Task { status * 2 }.value
        print("stdout line \(value)")
        FileHandle.standardError.write(Data("stderr line\n".utf8))
        exit(status)
    }
}
