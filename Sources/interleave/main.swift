import ArgumentParser
import CLinuxShims
import Foundation

// A live run may go on for hours with many threads allocating: before any thread starts,
// keep malloc from holding on to what they free (128 KiB thresholds, an arena per core).
interleave_limit_malloc_retention(128 * 1024)

// Parsed by hand rather than with `Interleave.main()` so that every usage error is one
// line on stderr with exit code 2, as the brief asks (ArgumentParser's default is the
// full usage text and exit code 64).
do {
    var command = try Interleave.parseAsRoot()
    if let asyncCommand = command as? any AsyncParsableCommand {
        try await runAsync(asyncCommand)
    } else {
        try command.run()
    }
} catch let exit as ExitCode {
    Foundation.exit(exit.rawValue)
} catch {
    let code = Interleave.exitCode(for: error)
    if code == .success {
        print(Interleave.fullMessage(for: error))
        Foundation.exit(0)
    }
    let message = ownReason(Interleave.message(for: error)
        .split(separator: "\n").first.map(String.init) ?? "\(error)")
    FileHandle.standardError.write(Data("interleave: \(message)\n".utf8))
    Foundation.exit(2)
}

/// Runs the async `run()` of a parsed command (through an existential, Swift would pick
/// the synchronous requirement instead).
func runAsync<Command: AsyncParsableCommand>(_ command: Command) async throws {
    var command = command
    try await command.run()
}

/// ArgumentParser words a transform's error as "The value 'x' is invalid for '--speed
/// <speed>': REASON"; our reasons (`OptionValue`) already name the option, value and range.
func ownReason(_ message: String) -> String {
    guard message.hasPrefix("The value '"), let marker = message.range(of: ">': ") else { return message }
    return String(message[marker.upperBound...])
}
