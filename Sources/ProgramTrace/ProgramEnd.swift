import Glibc

/// How a traced program ended: it exited with a status, or a signal ended it (a crash, or
/// one sent to it). Said apart, so that a crash does not read as an exit status.
public enum ProgramEnd: Sendable, Equatable {
    case exited(status: Int32)
    case signalled(Int32)

    /// From `wait4`'s status word.
    public init(waitStatus: Int32) {
        let signal = waitStatus & 0x7F
        self = signal == 0 ? .exited(status: (waitStatus >> 8) & 0xFF) : .signalled(signal)
    }

    /// The status a shell would give: the exit status, or 128 and the signal.
    public var status: Int32 {
        switch self {
        case let .exited(status): status
        case let .signalled(signal): 128 + signal
        }
    }

    /// What the main task's outcome says: nil for a clean exit (it completed).
    public var failure: String? {
        switch self {
        case .exited(status: 0): nil
        case let .exited(status): "exit status \(status)"
        case let .signalled(signal) where Self.crashSignals.contains(signal): "crashed (\(Self.name(of: signal)))"
        case let .signalled(signal): "killed by \(Self.name(of: signal))"
        }
    }

    /// The line the dashboard's log gets: `exited with status 0`, `crashed (SIGILL, status 132)`.
    public var sentence: String {
        switch self {
        case let .exited(status): "exited with status \(status)"
        case let .signalled(signal) where Self.crashSignals.contains(signal): "crashed (\(Self.name(of: signal)), status \(status))"
        case let .signalled(signal): "was killed by \(Self.name(of: signal)) (status \(status))"
        }
    }

    /// Signals a program raises on itself when it fails: a Swift runtime error traps
    /// (SIGILL on x86_64), a bad pointer faults, `abort()` aborts.
    static let crashSignals: Set<Int32> = [SIGILL, SIGTRAP, SIGABRT, SIGBUS, SIGFPE, SIGSEGV]

    static func name(of signal: Int32) -> String {
        let names: [Int32: String] = [
            SIGHUP: "SIGHUP", SIGINT: "SIGINT", SIGQUIT: "SIGQUIT", SIGILL: "SIGILL", SIGTRAP: "SIGTRAP",
            SIGABRT: "SIGABRT", SIGBUS: "SIGBUS", SIGFPE: "SIGFPE", SIGKILL: "SIGKILL", SIGUSR1: "SIGUSR1",
            SIGSEGV: "SIGSEGV", SIGUSR2: "SIGUSR2", SIGPIPE: "SIGPIPE", SIGALRM: "SIGALRM", SIGTERM: "SIGTERM",
        ]
        return names[signal] ?? "signal \(signal)"
    }
}
