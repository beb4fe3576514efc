// Linux calls Swift cannot make itself: prctl(2) is variadic, and Swift imports no
// variadic C function; mallopt(3)'s parameters are macros of malloc.h; the CPU's cycle
// counter is an instruction Swift has no way to emit.
#pragma once
#include <stdint.h>
#if defined(__x86_64__)
#include <x86intrin.h>
#endif
#ifdef __linux__
#include <sys/prctl.h>
#include <malloc.h>
#include <unistd.h>
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

/// Keeps glibc malloc from hoarding freed memory in a long run with many threads: blocks
/// of `threshold` bytes and more are mapped on their own and unmapped when freed, free
/// memory past `threshold` at the top of the heap goes back to the system, and there are at
/// most as many arenas as cores (glibc's default is eight per core, each keeping its own
/// free memory). Call before any thread starts. Does nothing elsewhere.
static inline void interleave_limit_malloc_retention(int threshold) {
#if defined(__linux__) && defined(__GLIBC__)
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    mallopt(M_MMAP_THRESHOLD, threshold);
    mallopt(M_TRIM_THRESHOLD, threshold);
    mallopt(M_ARENA_MAX, cores > 0 ? (int)cores : 1);
#else
    (void)threshold;
#endif
}

/// Gives the system back the free memory malloc keeps in all its arenas (not only at
/// the top of each heap), as after a session is freed. Does nothing elsewhere.
static inline void interleave_release_free_memory(void) {
#if defined(__linux__) && defined(__GLIBC__)
    malloc_trim(0);
#endif
}

/// The CPU's cycle counter (x86-64's TSC, arm64's virtual counter): a few nanoseconds to
/// read where clock_gettime takes 20 to 50. Not nanoseconds; 0 where there is none.
static inline uint64_t interleave_cycle_counter(void) {
#if defined(__x86_64__)
    return __rdtsc();
#elif defined(__aarch64__)
    uint64_t value;
    __asm__ __volatile__("mrs %0, cntvct_el0" : "=r"(value));
    return value;
#else
    return 0;
#endif
}

/// Opens a pseudo-terminal (close-on-exec) and writes its other end's path into `path`:
/// the master's descriptor, or -1 (errno says why). Swift sees no posix_openpt family.
int interleave_open_pseudo_terminal(char *path, unsigned long capacity);

/// One pointer per thread, for TaskTrace's `ThreadState`: a `__thread` variable is a few
/// instructions to read where pthread_getspecific is a call (a fifth of recording an event).
extern __thread void *interleave_thread_state_slot;
static inline void *interleave_thread_state(void) { return interleave_thread_state_slot; }
static inline void interleave_set_thread_state(void *state) { interleave_thread_state_slot = state; }
