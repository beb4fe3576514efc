import Foundation
import SchedStat

/// A worker thread's run-queue wait (`SchedStat.h`): the real time it spent runnable but
/// waiting for a CPU, so that a slice that merely waited its turn on a loaded machine is not
/// taken for a blocking call (`Warnings`). Measured as the agent does for `exec`: read as a
/// slice begins, at most once per `interval`, and again as a slice of `interval` or more
/// ends, so that short slices, nearly all of them, cost a compare.
///
/// The reading a slice's wait counts from may be up to `interval` older than the slice: the
/// wait then includes what the thread waited in that short while before it (a slight
/// overcount, the price of reading rarely). Times are the caller's ticks; waits are real
/// nanoseconds. Used only by the thread it belongs to (`ThreadState`).
struct RunQueueWait {
    /// The thread's schedstat, opened by the thread itself on its first slice (-1: none).
    private var fd: Int32 = -1
    private var opened = false
    /// The last reading (real ns; -1: none) and when it was taken.
    private var lastRead: Int64 = -1
    private var lastReadAt: Int64 = 0
    private var sliceBegan: Int64 = 0

    /// A slice begins at `now`: takes the reading its wait will count from, unless the last
    /// one is under `interval` old.
    mutating func sliceBegins(at now: Int64, interval: Int64) {
        sliceBegan = now
        if lastRead >= 0, now.saturatingSubtract(lastReadAt) < interval { return }
        if !opened {
            opened = true
            fd = il_run_delay_open()
        }
        guard fd >= 0 else { return }
        lastRead = il_run_delay(fd)
        lastReadAt = now
    }

    /// The real nanoseconds the running slice's thread has waited for a CPU up to `now`,
    /// if the slice has lasted `interval` or more (0 for a shorter one, or when unknown).
    /// The reading is the next slice's starting point.
    mutating func waitedInSlice(at now: Int64, interval: Int64) -> Int64 {
        guard lastRead >= 0, now.saturatingSubtract(sliceBegan) >= interval else { return 0 }
        let delay = il_run_delay(fd)
        guard delay >= 0 else {
            lastRead = -1
            return 0
        }
        defer {
            lastRead = delay
            lastReadAt = now
        }
        return max(0, delay - lastRead)
    }

    /// Closes the thread's schedstat (as the thread's state goes).
    mutating func closeFile() {
        if fd >= 0 { _ = close(fd) }
        fd = -1
        lastRead = -1
    }
}
