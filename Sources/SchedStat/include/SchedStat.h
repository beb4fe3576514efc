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
