import Foundation
import SchedStat

/// A worker thread's run-queue wait (`SchedStat.h`): the real time it spent runnable but
/// waiting for a CPU, so that a slice that merely waited its turn on a loaded machine is not
/// taken for a blocking call (`Warnings`). Measured as the agent does for `exec`, by the
/// same functions (`il_run_queue`): at most one read per `interval` as slices begin, and
/// one as a slice of `interval` or more ends. Times are the caller's ticks; waits are real
/// nanoseconds. Used only by the thread it belongs to (`ThreadState`).
struct RunQueueWait {
    private var opened = false
    /// The thread's schedstat, kept to close: `readings` drops it if it cannot be read.
    private var fd: Int32 = -1
    private var readings = il_run_queue_make(-1)

    /// Reads the calling thread's schedstat, opened on its first slice.
    init() {}

    /// Reads `file`, which the caller owns and closes: a test's stand-in for schedstat.
    init(standIn file: Int32) {
        opened = true
        readings = il_run_queue_make(file)
    }

    /// A slice begins at `now`: the reading its wait will count from, unless the last one is
    /// under `interval` old. The thread's schedstat is opened on its first slice.
    mutating func sliceBegins(at now: Int64, interval: Int64) {
        if !opened {
            opened = true
            fd = il_run_delay_open()
            readings = il_run_queue_make(fd)
        }
        il_run_queue_slice_begins(&readings, UInt64(clamping: now), UInt64(clamping: interval))
    }

    /// The real nanoseconds the running slice's thread has waited for a CPU up to `now`, if
    /// the slice has lasted `interval` or more (0 for a shorter one, or when unknown).
    mutating func waitedInSlice(at now: Int64, interval: Int64) -> Int64 {
        Int64(clamping: il_run_queue_slice_wait(&readings, UInt64(clamping: now), UInt64(clamping: interval)))
    }

    /// Closes the thread's schedstat (as the thread's state goes).
    mutating func closeFile() {
        if fd >= 0 { _ = close(fd) }
        fd = -1
        readings = il_run_queue_make(-1)
    }
}
