import Foundation

/// Line 1 of a session log: what ran, how, and when, so a replay or an export can say what
/// it shows and a reader can refuse a format it does not know.
///
/// `{"interleave_log":1,"version":"0.1.0","scenario":"crawl-tasks","knobs":{"workers":3},
/// "seed":42,"time":"virtual","threads":1,"started":"2025-01-01T12:00:00Z"}`
public struct SessionHeader: Codable, Sendable, Equatable {
    /// The log format (`SessionLog.formatVersion` when written by this build).
    public var format: Int
    /// The Interleave release that wrote it.
    public var version: String
    /// The scenario's name, or for a user's own program a name it chose.
    public var scenario: String
    /// Knob values at the start; later changes are `.knob` events.
    public var knobs: [String: Int]
    /// The seed of the scenario's random numbers, when it has one.
    public var seed: UInt64?
    /// `virtual` or `real`: how scenario time passed.
    public var time: Clock
    /// Units per real second in real time (nil in virtual time).
    public var speed: Double?
    /// Executor worker threads at the start; later changes are `.threads` events.
    public var threads: Int
    /// Wall-clock start, ISO-8601 in UTC: when the session was recorded.
    public var started: String
    /// The command line that made the log, for the curious (optional).
    public var command: String?
    /// The program a session of `interleave exec` traced (its times are seconds); nil for a scenario.
    public var program: String?

    public enum Clock: String, Codable, Sendable {
        case virtual, real
    }

    enum CodingKeys: String, CodingKey {
        case format = "interleave_log"
        case version, scenario, knobs, seed, time, speed, threads, started, command, program
    }

    public init(
        scenario: String,
        knobs: [String: Int] = [:],
        seed: UInt64? = nil,
        time: TimeMode,
        threads: Int,
        started: Date = Date(),
        command: String? = nil,
        program: String? = nil
    ) {
        self.format = SessionLog.formatVersion
        self.version = SessionLog.interleaveVersion
        self.scenario = scenario
        self.knobs = knobs
        self.seed = seed
        switch time {
        case .virtual:
            self.time = .virtual
            self.speed = nil
        case let .real(speed):
            self.time = .real
            self.speed = speed
        }
        self.threads = threads
        self.started = SessionHeader.iso8601(started)
        self.command = command
        self.program = program
    }

    /// The time mode the session ran in.
    public var timeMode: TimeMode {
        switch time {
        case .virtual: .virtual
        case .real: .real(speed: speed ?? 1)
        }
    }

    /// `2025-01-01T12:00:00.250Z`: UTC with milliseconds.
    static func iso8601(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true))
    }

    /// The header as one JSON line, without the newline.
    package func jsonLine() throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var bytes = Array(try encoder.encode(self))
        // Sorted keys keep the line stable; the format tag goes first so `head -1` says what the file is.
        let tag = Array("\"interleave_log\":\(format),".utf8)
        if let range = bytes.firstRange(of: tag) {
            bytes.removeSubrange(range)
            bytes.insert(contentsOf: tag, at: 1)
        }
        return bytes
    }
}
