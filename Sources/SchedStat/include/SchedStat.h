// A thread's run-queue wait: the time it spent runnable but waiting for a CPU (preempted by
// the OS, or woken and not yet running), in nanoseconds, from the second field (run_delay)
// of /proc/thread-self/schedstat ("<ns on a CPU> <ns on a run queue> <timeslices>\n").
//
// A slice that held its thread past the blocking-call threshold only because the machine
// was busy is no blocking call: the agent (`exec`) and the TracingExecutor (scenarios in
// real time) subtract this wait from a slice's length. Header-only so that both read it
// the same way; async-signal-safe (open, pread and close only: no allocation, no stdio, no
// locale), and every failure (no /proc, no schedstat in the kernel, EMFILE) is "no data".
#pragma once
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <unistd.h>

/// Opens the calling thread's schedstat, close-on-exec: the descriptor stays bound to this
/// thread (read it with il_run_delay), or -1 when there is none. Leaves errno as it was.
static inline int il_run_delay_open(void) {
    int saved = errno;
    int fd = open("/proc/thread-self/schedstat", O_RDONLY | O_CLOEXEC);
    errno = saved;
    return fd;
}

/// run_delay from schedstat's text (`length` bytes, not NUL-terminated): -1 when the text
/// is not three decimal fields.
static inline int64_t il_parse_run_delay(const char *text, size_t length) {
    size_t i = 0, start = 0;
    int64_t value = 0;
    for (int field = 0; field < 3; field++) {
        start = i;
        int64_t number = 0;
        while (i < length && text[i] >= '0' && text[i] <= '9') {
            if (number > (INT64_MAX - 9) / 10) return -1;
            number = number * 10 + (text[i] - '0');
            i++;
        }
        if (i == start) return -1;
        if (field == 1) value = number;
        char separator = field < 2 ? ' ' : '\n';
        if (i >= length || text[i] != separator) return -1;
        i++;
    }
    return value;
}

/// The run-queue wait so far, in nanoseconds, of the thread whose schedstat `fd` is (from
/// il_run_delay_open), or -1 when it cannot be read. Leaves errno as it was.
static inline int64_t il_run_delay(int fd) {
    if (fd < 0) return -1;
    char text[96];
    int saved = errno;
    // pread at 0: /proc regenerates the text on each read from the start.
    ssize_t n = pread(fd, text, sizeof text, 0);
    errno = saved;
    return n > 0 ? il_parse_run_delay(text, (size_t)n) : -1;
}

/// One thread's run-queue readings around its slices, kept by that thread alone. Read as a
/// slice begins, at most once per `interval`, and again when a slice that lasted `interval`
/// or more ends: short slices, nearly all of them, cost a compare. Its wait may then count
/// from a reading up to `interval` older than the slice, and so include what the thread
/// waited in that short while before it: a slight overcount, the price of reading rarely.
/// Times are the caller's clock (any unit); waits are nanoseconds.
typedef struct {
    int fd;            ///< the thread's schedstat, opened by the caller (-1: none, or given up)
    int64_t read;      ///< the last reading, ns (-1: none)
    uint64_t read_at;  ///< when it was taken
    uint64_t began;    ///< when the running slice began
} il_run_queue;

/// Readings from the schedstat `fd` (from il_run_delay_open; -1 for none).
static inline il_run_queue il_run_queue_make(int fd) {
    il_run_queue queue = {fd, -1, 0, 0};
    return queue;
}

/// A slice begins at `now`: the reading its wait will count from, unless the last one is
/// under `interval` old. A file that cannot be read (or no longer is schedstat) is given up.
static inline void il_run_queue_slice_begins(il_run_queue *queue, uint64_t now, uint64_t interval) {
    queue->began = now;
    // An interval of 0 is not known yet (the agent's stamps not yet calibrated): no reading,
    // rather than one at every slice.
    if (interval == 0 || queue->fd < 0 || (queue->read >= 0 && now - queue->read_at < interval)) return;
    queue->read = il_run_delay(queue->fd);
    queue->read_at = now;
    if (queue->read < 0) queue->fd = -1;
}

/// The nanoseconds the running slice's thread has waited for a CPU up to `now`, if the slice
/// has lasted `interval` or more; 0 for a shorter one, or when unknown. The reading taken is
/// where the next slice counts from.
static inline uint64_t il_run_queue_slice_wait(il_run_queue *queue, uint64_t now, uint64_t interval) {
    if (interval == 0 || queue->fd < 0 || queue->read < 0 || now - queue->began < interval) return 0;
    int64_t delay = il_run_delay(queue->fd);
    if (delay < 0) {
        queue->fd = -1;
        queue->read = -1;
        return 0;
    }
    uint64_t waited = delay > queue->read ? (uint64_t)(delay - queue->read) : 0;
    queue->read = delay;
    queue->read_at = now;
    return waited;
}
