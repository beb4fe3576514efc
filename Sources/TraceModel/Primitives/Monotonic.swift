import Foundation

/// The monotonic clock, for readers and viewers that pace themselves in real time without
/// a session clock (the runtime's `SessionClock.monotonicNanos` is this).
public enum Monotonic {
    /// Nanoseconds on `CLOCK_MONOTONIC`.
    @inlinable
    public static func nanos() -> UInt64 {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return UInt64(ts.tv_sec) &* 1_000_000_000 &+ UInt64(ts.tv_nsec)
    }
}
