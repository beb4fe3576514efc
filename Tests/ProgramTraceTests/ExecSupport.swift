import Foundation
import TaskTrace
import Testing

/// The fixture programs (plain Swift, no Interleave), built once per test run with
/// `swift build`, and `interleave exec` run on them.
enum ExecSupport {
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let fixtures = packageRoot.appendingPathComponent("Tests/ProgramTraceTests/Fixtures")
    static let scratch = packageRoot.appendingPathComponent(".build-fixtures")
    /// Where `interleave` and the agent are: beside this test binary, unless it was built
    /// with a sanitizer (an agent built so cannot load into a plain program): then the
    /// plain debug build's.
    static let products: URL = {
        let here = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent()
        let plain = packageRoot.appendingPathComponent(".build/debug")
        let sanitized = here.path.contains("/.build-tsan/")
        return sanitized && FileManager.default.fileExists(atPath: plain.appendingPathComponent("interleave").path) ? plain : here
    }()
    static var interleave: String { products.appendingPathComponent("interleave").path }

    /// Builds the fixture package once; the path of its products.
    static let built: Task<String, any Error> = Task {
        let result = try run("/usr/bin/env", ["swift", "build", "--package-path", fixtures.path,
                                               "--scratch-path", scratch.path])
        guard result.status == 0 else {
            throw Failure(description: "building the fixtures failed:\n\(result.output)\(result.errors)")
        }
        return scratch.appendingPathComponent("debug").path
    }

    /// A process whose parent is `parent` runs the executable at `path` (read from /proc).
    static func hasChild(of parent: Int32, running path: String) -> Bool {
        guard let resolved = realpath(path, nil) else { return false }
        let target = String(cString: resolved)
        free(resolved)
        for entry in (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? [] where Int32(entry) != nil {
            // /proc/N/stat: "N (comm) S PPID …"; comm may hold spaces, so read after the last ')'.
            guard let stat = readProcFile("/proc/\(entry)/stat"), let close = stat.lastIndex(of: ")") else { continue }
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            guard fields.count > 1, Int32(fields[1]) == parent else { continue }
            var buffer = [CChar](repeating: 0, count: 4_096)
            let length = readlink("/proc/\(entry)/exe", &buffer, buffer.count - 1)
            if length > 0, String(decoding: buffer[..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self) == target { return true }
        }
        return false
    }

    /// A /proc file's text. Read with read(2): /proc files report a size of 0, so reads
    /// sized by it (Foundation's) come back empty.
    private static func readProcFile(_ path: String) -> String? {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var bytes = [UInt8](repeating: 0, count: 4_096)
        let count = read(fd, &bytes, bytes.count)
        return count > 0 ? String(decoding: bytes[..<count], as: UTF8.self) : nil
    }

    static func fixture(_ name: String) async throws -> String {
        try await built.value + "/" + name
    }

    struct Failure: Error, CustomStringConvertible { let description: String }

    struct Result {
        var status: Int32
        var output: String
        var errors: String
    }

    /// Runs a program to its end, with its output captured (in files: no pipe can fill up).
    static func run(_ program: String, _ arguments: [String], environment: [String: String] = [:]) throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: program)
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let temporary = FileManager.default.temporaryDirectory
        let outPath = temporary.appendingPathComponent("out-\(UUID().uuidString)").path
        let errPath = temporary.appendingPathComponent("err-\(UUID().uuidString)").path
        _ = FileManager.default.createFile(atPath: outPath, contents: nil)
        _ = FileManager.default.createFile(atPath: errPath, contents: nil)
        defer {
            try? FileManager.default.removeItem(atPath: outPath)
            try? FileManager.default.removeItem(atPath: errPath)
        }
        process.standardOutput = FileHandle(forWritingAtPath: outPath)
        process.standardError = FileHandle(forWritingAtPath: errPath)
        process.standardInput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        return Result(status: process.terminationStatus,
                      output: (try? String(contentsOfFile: outPath, encoding: .utf8)) ?? "",
                      errors: (try? String(contentsOfFile: errPath, encoding: .utf8)) ?? "")
    }

    /// `interleave exec --headless --record LOG -- fixture args`: its result and the events recorded.
    static func exec(_ name: String, _ arguments: [String] = [], environment: [String: String] = [:]) async throws
        -> (Result, [TaskEvent]) {
        let program = try await fixture(name)
        let log = FileManager.default.temporaryDirectory.appendingPathComponent("exec-\(name)-\(UUID().uuidString).jsonl").path
        defer { try? FileManager.default.removeItem(atPath: log) }
        let result = try run(interleave, ["exec", "--headless", "--record", log, "--", program] + arguments,
                             environment: environment)
        let reader = try SessionLogReader(path: log)
        var events: [TaskEvent] = []
        while let batch = try reader.nextBatch() { events += batch }
        return (result, events)
    }
}

/// What a recorded trace says about each task, by name.
struct TracedTask {
    var id: TaskID
    var name: String
    var parent: TaskID
    var reasons: [SuspendReason] = []
    var outcome: TaskEvent.Kind?
    /// Start and end of each suspension.
    var suspended: [(from: Int64, to: Int64, reason: SuspendReason)] = []

    static func fold(_ events: [TaskEvent]) -> [TracedTask] {
        var tasks: [TaskID: TracedTask] = [:]
        var order: [TaskID] = []
        var since: [TaskID: (Int64, SuspendReason)] = [:]
        for event in events where event.task > 0 {
            switch event.kind {
            case let .spawn(name, parent):
                tasks[event.task] = TracedTask(id: event.task, name: name, parent: parent)
                order.append(event.task)
            case let .rename(name):
                tasks[event.task]?.name = name
            case let .suspend(reason):
                tasks[event.task]?.reasons.append(reason)
                since[event.task] = (event.time, reason)
            case .start, .resume:
                if let (from, reason) = since.removeValue(forKey: event.task) {
                    tasks[event.task]?.suspended.append((from, event.time, reason))
                }
            case .complete, .cancel, .fail:
                tasks[event.task]?.outcome = event.kind
            default:
                break
            }
        }
        return order.compactMap { tasks[$0] }
    }

    func count(_ category: SuspendReason.Category) -> Int { reasons.filter { $0.category == category }.count }
}
