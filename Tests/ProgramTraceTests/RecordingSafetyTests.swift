import Foundation
import Testing

/// What is already recorded is never lost to a command line: an existing log is only
/// overwritten by `--record` with `--force`, and an export never writes over its own log.
@Suite struct RecordingSafetyTests {
    @Test func execKeepsAnExistingRecordingUnlessForced() async throws {
        let program = try await ExecSupport.fixture("workers")
        let log = try temporaryFile(containing: "kept\n")
        defer { try? FileManager.default.removeItem(atPath: log) }
        let refused = try ExecSupport.run(ExecSupport.interleave, ["exec", "--headless", "--record", log, "--", program])
        #expect(refused.status != 0)
        #expect(refused.errors.contains("the file exists; add --force to overwrite it"), "\(refused.errors)")
        #expect(try String(contentsOfFile: log, encoding: .utf8) == "kept\n")
        let forced = try ExecSupport.run(ExecSupport.interleave, ["exec", "--headless", "--force", "--record", log, "--", program])
        #expect(forced.status == 0, "\(forced.errors)")
        #expect(try String(contentsOfFile: log, encoding: .utf8).hasPrefix("{"), "a session log now")
    }

    @Test func anExportOntoItsOwnLogIsRefusedAndTheLogKept() throws {
        let log = FileManager.default.temporaryDirectory.appendingPathComponent("export-self-\(UUID().uuidString).jsonl").path
        defer { try? FileManager.default.removeItem(atPath: log) }
        let recorded = try ExecSupport.run(ExecSupport.interleave,
                                           ["run", "workers-awaited", "--headless", "--quiet", "--virtual", "--record", log])
        #expect(recorded.status == 0, "\(recorded.errors)")
        let before = try Data(contentsOf: URL(fileURLWithPath: log))
        // The same file under another spelling still counts as the same file.
        let sameFile = (log as NSString).deletingLastPathComponent + "/./" + (log as NSString).lastPathComponent
        let refused = try ExecSupport.run(ExecSupport.interleave, ["export", log, "-o", sameFile])
        #expect(refused.status == 2)
        #expect(refused.errors.contains("is the session log being exported"), "\(refused.errors)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: log)) == before)
    }

    private func temporaryFile(containing text: String) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("record-\(UUID().uuidString).jsonl").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }
}
