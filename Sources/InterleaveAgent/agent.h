// Interleave's agent: what its three parts share.
//   hooks.c     the runtime entry points it interposes and the hooks it installs (program threads)
//   rings.c     per-thread record buffers and the collector thread that streams them out
//   symbols.c   ELF symbol tables: where a slice stopped, and names for code addresses
#pragma once
#define _GNU_SOURCE
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>
#if defined(__x86_64__)
#include <x86intrin.h>
#endif
#include "AgentWire.h"

#define IL_SWIFTCC __attribute__((swiftcall))
#define IL_HIDDEN __attribute__((visibility("hidden")))

/// Cleared when the stream to `interleave` is gone or tracing is off: every hook then only
/// forwards to the runtime.
IL_HIDDEN extern _Atomic bool il_enabled;

/// Records are stamped with the CPU's cycle counter where it is the kernel's clock source
/// (set once at start), else with the monotonic clock in nanoseconds.
IL_HIDDEN extern bool il_use_cycles;
/// Stamps in a millisecond: 1,000,000 on the monotonic clock; for the cycle counter, as the
/// collector last measured it (0 until its first measure, a few milliseconds in).
IL_HIDDEN extern _Atomic uint64_t il_stamps_per_ms;

static inline uint64_t il_monotonic_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

/// The time now, as records are stamped.
static inline uint64_t il_stamp(void) {
#if defined(__x86_64__)
    if (il_use_cycles) return __rdtsc();
#endif
    return il_monotonic_ns();
}

/// Records one fact on the calling thread's buffer: no lock, no system call after the
/// thread's first record; drops (and counts) when the buffer is full.
IL_HIDDEN void il_record_event(uint16_t kind, uint64_t task, uint64_t a, uint64_t b, uint64_t c);
/// il_record_event stamped `stamp` (il_stamp), for a hook that has read the clock already.
IL_HIDDEN void il_record_event_at(uint64_t stamp, uint16_t kind, uint64_t task, uint64_t a, uint64_t b, uint64_t c);
/// Records a TEXT record and its bytes on the calling thread's buffer (cut to 255 bytes).
IL_HIDDEN void il_record_text(uint64_t key, uint16_t text_kind, const char *text, size_t length);

/// Starts the collector thread that drains every buffer to `fd` (a stream socket).
IL_HIDDEN bool il_collector_start(int fd, uint64_t support);
/// Drains what is left and waits (briefly) until it is written: called at exit.
IL_HIDDEN void il_collector_finish(void);
/// In a child made by fork: there is no collector here, and nothing to wait for at exit.
IL_HIDDEN void il_collector_forget(void);
/// Queues a line for the user (something that will not be traced), sent with the next drain.
IL_HIDDEN void il_notice(const char *line);

/// The runtime functions the collector calls to name things (set up by hooks.c).
typedef struct { const char *data; uintptr_t length; } il_type_name;
IL_HIDDEN extern IL_SWIFTCC il_type_name (*il_get_type_name)(const void *metadata, bool qualified);
/// The main actor's executor identity (collector thread only).
IL_HIDDEN void *il_main_executor_identity(void);

/// Reads libswift_Concurrency's symbol table (the file `path`, loaded at `base`).
IL_HIDDEN bool il_symbols_load_runtime(const char *path, uintptr_t base);
/// Address of a function of the runtime by its (mangled) name, 0 when absent.
IL_HIDDEN uintptr_t il_runtime_symbol(const char *name);
/// Where in the runtime a slice ended, from the return address of the exit call.
IL_HIDDEN il_suspend_site il_classify_site(uintptr_t return_address);
/// The demangled name of the function containing `address` (collector thread only),
/// written into `out`; false when unknown.
IL_HIDDEN bool il_symbolize(uintptr_t address, char *out, size_t capacity);
