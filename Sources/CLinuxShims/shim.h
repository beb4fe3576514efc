// Linux calls Swift cannot make itself: prctl(2) is variadic, and Swift imports no
// variadic C function.
#pragma once
#ifdef __linux__
#include <sys/prctl.h>
#endif

/// Sets how late the kernel may wake the calling thread from a timed wait, in nanoseconds
/// (Linux's default is 50 µs). Returns 0 on success; does nothing elsewhere.
static inline int interleave_set_timer_slack(unsigned long nanoseconds) {
#ifdef __linux__
    return prctl(PR_SET_TIMERSLACK, nanoseconds, 0, 0, 0);
#else
    (void)nanoseconds;
    return 0;
#endif
}
