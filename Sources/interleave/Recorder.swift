import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Dashboard
import TaskTrace
import Workloads

/// Records a live run to a session log: a subscription to the run's bus drained into a
/// `SessionLogWriter` off the main actor. A file that cannot be created is an error to show,
/// never a reason to stop the workload.
@MainActor
final class Recorder {
    let file: String
    private let writer: SessionLogWriter?
    private let task: Task<SessionLogError?, Never>?
    private let openError: SessionLogError?
    /// In virtual time, the run waits for the recording to keep up, until it stops.
    private let pacing: (pacer: EventPacer, reader: EventPacer.Reader)?
    private(set) var closed = false

    /// Subscribes to `run`'s bus now: call it before `run.start()` to have every event.
    /// `preamble` goes first: the state of a run already under way (`Model.recordingPreamble`).
    init(path: String, run: ScenarioRun, time: TimeMode, preamble: [TaskEvent] = []) {
        file = path
        let header = SessionHeader(scenario: run.scenario.name, knobs: run.knobs.values, seed: run.seed,
                                   time: time, threads: run.session.executor.threadCount,
                                   command: CommandLine.arguments.joined(separator: " "))
        do {
            let writer = try SessionLogWriter(path: path, header: header)
            writer.write(preamble)
            self.writer = writer
            let pacing = run.pacer.map { ($0, $0.addReader()) }
            task = writer.record(run.session.bus) { pacing?.1.took($0) }
            self.pacing = pacing
            openError = nil
        } catch {
            writer = nil
            task = nil
            pacing = nil
            openError = error
            closed = true
        }
    }

    /// Why recording failed, if it did.
    var error: SessionLogError? { openError ?? writer?.error }

    var status: RecordingStatus {
        RecordingStatus(file: file, eventsWritten: writer?.eventsWritten ?? 0, error: error?.description, active: !closed)
    }

    /// Stops now: what the bus still holds is not written; the file is flushed and closed.
    func stop() {
        guard !closed else { return }
        closed = true
        if let pacing { pacing.pacer.remove(pacing.reader) }
        task?.cancel()
        writer?.close()
    }

    /// After the run's bus was closed: writes every event still on its way, then closes.
    /// Gives up waiting after `timeout` and closes what it has.
    func finish(timeout: Duration = .seconds(3)) async {
        guard !closed, let task else { return }
        // Whichever comes first: the writer done, or the deadline.
        let (done, finished) = AsyncStream.makeStream(of: Void.self)
        let waiter = Task.detached {
            _ = await task.value
            finished.yield()
        }
        let timer = Task.detached {
            try? await Task.sleep(for: timeout)
            finished.yield()
        }
        for await _ in done { break }
        waiter.cancel()
        timer.cancel()
        stop()
    }

    /// `interleave-pipeline-20250101-120000.jsonl`, local time, in the current folder.
    /// `path` if nothing is there yet, else `name-2.jsonl`, `name-3.jsonl`, …: the first free one.
    nonisolated static func unusedPath(_ path: String) -> String {
        guard FileManager.default.fileExists(atPath: path) else { return path }
        let (stem, hasExtension) = SessionLog.stem(of: path)
        let suffix = hasExtension ? "." + SessionLog.fileExtension : ""
        var n = 2
        while FileManager.default.fileExists(atPath: "\(stem)-\(n)\(suffix)") { n += 1 }
        return "\(stem)-\(n)\(suffix)"
    }

    static func defaultPath(scenario: String, at time: time_t = time(nil)) -> String {
        var t = time
        var parts = tm()
        localtime_r(&t, &parts)
        var bytes = [CChar](repeating: 0, count: 32)
        let count = strftime(&bytes, bytes.count, "%Y%m%d-%H%M%S", &parts)
        let stamp = String(decoding: bytes.prefix(count).map { UInt8(bitPattern: $0) }, as: UTF8.self)
        let safe = String(scenario.map { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" ? $0 : "_" })
        return "interleave-\(safe)-\(stamp).\(SessionLog.fileExtension)"
    }
}
