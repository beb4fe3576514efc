import Foundation

/// A traced task's identity inside one session: dense, starting at 1, in order of creation.
/// `0` means "no task" (session-level events such as knob changes or dropped counts).
public typealias TaskID = UInt32

/// One thing that happened to one task, at one instant of scenario time.
///
/// Times are nanoseconds of *scenario time* since the session started: one tutorial
/// second (a "unit") is `Ticks.perUnit`. In real time at speed 1 they equal wall-clock
/// nanoseconds; at `--speed 20` a unit passes in 50 ms; in virtual time they jump.
public struct TaskEvent: Sendable, Equatable, Hashable {
    public var time: Int64
    public var task: TaskID
    public var kind: Kind

    public init(time: Int64, task: TaskID, kind: Kind) {
        self.time = time
        self.task = task
        self.kind = kind
    }

    /// What happened. A task's life is `spawn`, then slices that each begin with `start`
    /// (the first) or `resume` (later ones) and end with `suspend` or with one outcome:
    /// `complete`, `cancel` or `fail`.
    public enum Kind: Sendable, Equatable, Hashable {
        /// Created by `parent` (0 for a root task); the task is ready from now on.
        case spawn(name: String, parent: TaskID)
        /// First slice began on executor thread `thread` after waiting `readyWait` ns for it.
        case start(thread: Int, readyWait: Int64)
        /// A later slice began on `thread` after the task had been ready for `readyWait` ns.
        case resume(thread: Int, readyWait: Int64)
        /// The slice ended because the task suspended, for `reason`.
        case suspend(SuspendReason)
        /// Of the task's running slice so far, `wait` ticks passed while its thread waited for
        /// a CPU (its run-queue wait: preempted, or woken and not yet running): recorded just
        /// before the `suspend` or outcome that ends a slice in real time, when there was
        /// some. Not the slice's own doing, so not held against it (`Warnings`).
        /// Logged as "preempted", added within format 1.
        case preempted(wait: Int64)
        /// The task returned; `result` is a short description of its value.
        case complete(result: String)
        /// The task ended by cancellation.
        case cancel
        /// The task was cancelled (asked to stop) and has not ended yet: a traced program's
        /// task seen cancelled as a slice begins, or a scenario's `TracedTask.cancel()`.
        /// Whether it then stops is the task's business (see `Warnings`).
        case cancelRequested
        /// The task ended by throwing `error` (its description).
        case fail(error: String)
        /// A line the scenario printed (the tutorial's `print`).
        case message(String)
        /// The task's name became known (a program traced by `interleave exec` names a task
        /// by its code, which shows only once it runs).
        case rename(String)
        /// Thread lane `thread` has a name of its own (`main actor`, an OS thread's id): a
        /// traced program's lanes are its threads, not an executor's numbered workers.
        case threadName(thread: Int, name: String)
        /// A sampled quantity, such as a queue's depth.
        case counter(name: String, value: Int64)
        /// A knob of the running scenario took a new value.
        case knob(name: String, value: Int64)
        /// The executor's worker-thread count changed.
        case threads(count: Int)
        /// `count` events were dropped because a bound was hit; never silent.
        case dropped(count: Int64)
        /// The log's writer closed it here: the last line of a recording that ended
        /// properly. A log without one was cut short (the writer was killed). Readers strip
        /// it from the events they hand out and report it instead (`SessionLogReader.endTime`).
        /// Added within format 1: logs written before it simply have none.
        case end
    }
}

/// Why a task suspended: attached by the traced primitive that made it wait.
public enum SuspendReason: Sendable, Equatable, Hashable {
    case sleep
    case queueGet
    case queuePut
    case semaphore
    case awaitingTask(TaskID)
    case awaitingGroup
    /// Awaiting a task's or an `async let`'s result, whose task is not known (`exec`).
    case awaitingResult
    /// Waiting on a continuation: a callback, I/O or a stream (`exec`).
    case continuation
    /// Hopping to an actor's executor, named by the actor's type (`MainActor`, `Counter`).
    case actorHop(String)
    case yield
    /// Idle until a knob of the running scenario changes (Interleave's own wait, not the
    /// lesson's). Logged as "knob", added within format 1.
    case knob
    case other

    /// Reasons grouped for counting and colouring; `awaitingTask` loses its target.
    public var category: Category {
        switch self {
        case .sleep: .sleep
        case .queueGet: .queueGet
        case .queuePut: .queuePut
        case .semaphore: .semaphore
        case .awaitingTask, .awaitingGroup, .awaitingResult: .awaiting
        case .continuation: .continuation
        case .actorHop: .hop
        case .yield: .yield
        case .knob: .knob
        case .other: .other
        }
    }

    public enum Category: String, Sendable, CaseIterable, Codable, Comparable {
        case sleep, queueGet = "queue-get", queuePut = "queue-put", semaphore, awaiting, continuation, hop, yield, knob, other

        /// By position: a raw-valued enum otherwise hashes its raw value, a String, and a
        /// ledger counts a suspension by category in a dictionary at every slice's end.
        public func hash(into hasher: inout Hasher) { hasher.combine(rank) }

        /// Only a traced program's waits are seen as these (`interleave exec`); a legend
        /// lists them once they occur.
        public var isProgramOnly: Bool { self == .continuation || self == .hop }

        /// Declaration order: the order legends and tables list reasons in.
        public static func < (a: Self, b: Self) -> Bool { a.rank < b.rank }

        /// Position in declaration order (a switch: `allCases` would build an array): the
        /// order of legends and tables, of a timeline cell's tie-breaks (`TimelineCell`) and
        /// of per-reason tallies.
        var rank: Int {
            switch self {
            case .sleep: 0
            case .queueGet: 1
            case .queuePut: 2
            case .semaphore: 3
            case .awaiting: 4
            case .continuation: 5
            case .hop: 6
            case .yield: 7
            case .knob: 8
            case .other: 9
            }
        }

        /// Every category, at its `rank`: made once.
        static let byRank = allCases

        /// The letter that opens a suspension of this kind on a timeline lane: the headless
        /// timeline's and the dashboard's.
        public var letter: Unicode.Scalar {
            switch self {
            case .sleep: "z"
            case .queueGet: "q"
            case .queuePut: "p"
            case .semaphore: "s"
            case .awaiting: "a"
            case .continuation: "c"
            case .hop: "h"
            case .yield: "y"
            case .knob: "k"
            case .other: "?"
            }
        }
    }
}

/// Scenario time: one tutorial second is one unit, `perUnit` nanoseconds.
public enum Ticks {
    public static let perUnit: Int64 = 1_000_000_000
    /// The latest time a session log may hold (2^62 ticks, 146 years): far beyond any real
    /// session, and the sum of two such times still fits in an `Int64`.
    public static let limit: Int64 = 1 << 62

    /// Saturates at `Int64`'s ends (NaN is 0): `--duration 1e10` is "practically never", not a crash.
    public static func from(units: Double) -> Int64 { Int64(saturating: units * Double(perUnit)) }
    public static func units(_ ticks: Int64) -> Double { Double(ticks) / Double(perUnit) }

    /// `10`, `4.5`, `0.25`: at most `decimals` places, trailing zeros trimmed.
    public static func format(_ ticks: Int64, decimals: Int = 2) -> String {
        var text = String(format: "%.\(decimals)f", units(ticks))
        if text.contains(".") {
            while text.hasSuffix("0") { text.removeLast() }
            if text.hasSuffix(".") { text.removeLast() }
        }
        return text
    }
}
