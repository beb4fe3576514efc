import ArgumentParser
import Foundation

/// `--record FILE [--force]`, for the commands that record a session (`run`, `exec`).
struct RecordOptions: ParsableArguments {
    @Option(help: "Record the session to this JSON Lines log (replay it with `interleave replay`).")
    var record: String?

    @Flag(help: "With --record: overwrite the file if it exists.")
    var force = false

    func validate() throws {
        // A recording is not to be lost by a typo: an existing file is only overwritten on request.
        if let record, !force, FileManager.default.fileExists(atPath: record) {
            throw ValidationError("--record \(record): the file exists; add --force to overwrite it")
        }
        if force, record == nil { throw ValidationError("--force goes with --record") }
    }
}
