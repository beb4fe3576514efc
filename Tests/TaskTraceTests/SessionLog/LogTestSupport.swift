import Foundation
@testable import TaskTrace

/// A fresh temporary folder per test, removed at deinit.
final class TempFolder {
    let url: URL

    init() {
        url = FileManager.default.temporaryDirectory
            .appendingPathComponent("interleave-log-tests-\(UUID().uuidString)", isDirectory: true)
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: url) }

    func path(_ name: String) -> String { url.appendingPathComponent(name).path }

    /// Writes `text` to `name` and returns its path.
    @discardableResult
    func file(_ name: String, _ text: String) -> String {
        let path = path(name)
        _ = FileManager.default.createFile(atPath: path, contents: Data(text.utf8))
        return path
    }

    func append(_ name: String, _ text: String) {
        let handle = FileHandle(forWritingAtPath: path(name))!
        handle.seekToEndOfFile()
        handle.write(Data(text.utf8))
        try? handle.close()
    }
}

/// Deterministic pseudo-random numbers for fuzzing (SplitMix64).
struct TestRandom {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func below(_ n: Int) -> Int { n <= 0 ? 0 : Int(next() % UInt64(n)) }
}

enum LogSamples {
    static let header = SessionHeader(scenario: "test", knobs: ["workers": 3], seed: 42, time: .virtual, threads: 1,
                                      started: Date(timeIntervalSince1970: 1_700_000_000))

    static var headerLine: String { String(decoding: try! header.jsonLine(), as: UTF8.self) }

    /// One event of every kind, with strings that need escaping.
    static let everyKind: [TaskEvent] = [
        TaskEvent(time: 0, task: 0, kind: .threads(count: 2)),
        TaskEvent(time: 0, task: 0, kind: .knob(name: "workers", value: 3)),
        TaskEvent(time: 0, task: 1, kind: .spawn(name: "main", parent: 0)),
        TaskEvent(time: 5, task: 1, kind: .start(thread: 0, readyWait: 5)),
        TaskEvent(time: 6, task: 2, kind: .spawn(name: "quote \" back \\ slash / tab\t nl\n", parent: 1)),
        TaskEvent(time: 7, task: 3, kind: .spawn(name: "esc \u{1B}[31mred\u{1B}[0m c1 \u{9B}2J del \u{7F} nul \u{0}", parent: 1)),
        TaskEvent(time: 8, task: 4, kind: .spawn(name: "ünïcödé 🧵 \u{2028} \u{202E}rtl", parent: 1)),
        TaskEvent(time: 9, task: 1, kind: .suspend(.awaitingTask(2))),
        TaskEvent(time: 10, task: 2, kind: .start(thread: 1, readyWait: 4)),
        TaskEvent(time: 11, task: 2, kind: .suspend(.sleep)),
        TaskEvent(time: 12, task: 3, kind: .start(thread: 0, readyWait: 5)),
        TaskEvent(time: 13, task: 3, kind: .suspend(.queueGet)),
        TaskEvent(time: 14, task: 4, kind: .start(thread: 0, readyWait: 6)),
        TaskEvent(time: 15, task: 4, kind: .suspend(.queuePut)),
        TaskEvent(time: 16, task: 2, kind: .resume(thread: 1, readyWait: 0)),
        TaskEvent(time: 17, task: 2, kind: .suspend(.semaphore)),
        TaskEvent(time: 18, task: 2, kind: .resume(thread: 1, readyWait: 1)),
        TaskEvent(time: 19, task: 2, kind: .suspend(.awaitingGroup)),
        TaskEvent(time: 20, task: 2, kind: .resume(thread: 1, readyWait: 0)),
        TaskEvent(time: 21, task: 2, kind: .suspend(.yield)),
        TaskEvent(time: 22, task: 2, kind: .resume(thread: 1, readyWait: 0)),
        TaskEvent(time: 23, task: 2, kind: .suspend(.other)),
        TaskEvent(time: 24, task: 2, kind: .resume(thread: 1, readyWait: 0)),
        TaskEvent(time: 25, task: 2, kind: .preempted(wait: 3)),
        TaskEvent(time: 25, task: 2, kind: .complete(result: "Optional(\"x\")")),
        TaskEvent(time: 26, task: 3, kind: .resume(thread: 0, readyWait: 0)),
        TaskEvent(time: 27, task: 3, kind: .fail(error: "boom \u{1B}]0;title\u{7}")),
        TaskEvent(time: 28, task: 4, kind: .cancel),
        TaskEvent(time: 29, task: 0, kind: .message("printed \"text\"\r\n")),
        TaskEvent(time: 30, task: 0, kind: .counter(name: "queue", value: -3)),
        TaskEvent(time: 31, task: 0, kind: .dropped(count: 12)),
        TaskEvent(time: 32, task: 0, kind: .message("pressed +")),
        TaskEvent(time: Ticks.limit, task: 0, kind: .counter(name: "", value: Int64.min)),
    ]

    /// A whole log's text: header and events.
    static func log(_ events: [TaskEvent]) -> String {
        ([headerLine] + events.map(\.jsonLine)).joined(separator: "\n") + "\n"
    }
}
