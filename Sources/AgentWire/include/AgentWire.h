// The stream from Interleave's agent (loaded into a traced program) to `interleave exec`:
// one specification, read by the agent that writes it and by the Swift decoder that reads it.
//
// The stream is a sequence of fixed 48-byte records in the machine's byte order (both ends
// run on the same machine). A record of kind IL_REC_TEXT is followed by `a` bytes of UTF-8,
// padded with zeros to a multiple of 8.
#pragma once
#include <stdint.h>

/// Bumped whenever a record's meaning changes; the first record of a stream says which.
/// (Not for a field that was 0 taking a meaning where 0 still means "none": SLICE_END's and
/// COMPLETE's `c`, the run-queue wait, came so within version 1.)
#define IL_WIRE_VERSION 1

/// Environment variables between `interleave exec` and the agent.
#define IL_ENV_SOCKET_FD "INTERLEAVE_AGENT_FD"
#define IL_ENV_PRELOAD "LD_PRELOAD"

typedef enum {
    /// First record. time: 0; task: IL_WIRE_VERSION; a: the runtime's support (il_support);
    /// b: the agent's process id; c: CLOCK_MONOTONIC at time 0, in nanoseconds.
    IL_REC_HELLO = 1,
    /// A task's slice began on `thread`. a: address of the code it resumes at; b: bit 0 set
    /// when the task was cancelled at that moment.
    IL_REC_SLICE_BEGIN = 2,
    /// A task's slice ended. a: il_suspend_site, where in the runtime it stopped; b: address
    /// of the code it will resume at (0 when unknown); c: nanoseconds of the slice its thread
    /// spent waiting for a CPU (run-queue wait, schedstat's run_delay; 0: none or not measured,
    /// as for a slice under a millisecond).
    IL_REC_SLICE_END = 3,
    /// A task was created. a: the creating task's id (0: none); b: il_create_kind; c: the
    /// address of the function it was created with (0 when unknown).
    IL_REC_CREATE = 4,
    /// A task's body returned (a = 0) or threw (a = 1; its TEXT of kind IL_TEXT_ERROR, keyed
    /// by the task id, comes before this record when the error could be described).
    /// b: 1 when the task had been cancelled. c: the slice's run-queue wait so far, as SLICE_END's.
    IL_REC_COMPLETE = 5,
    /// A task asked to run on another executor. a: 0 for the generic executor, 1 for the
    /// main actor, otherwise the text key of the actor's type name (IL_TEXT_TYPE);
    /// b: the executor's identity (which actor instance); c: the address of the code that
    /// runs there (the task's own code: it names the task).
    IL_REC_SWITCH = 6,
    /// A task became runnable (enqueued on the global executor). a: the task whose slice
    /// enqueued it (0: none, e.g. a timer): for a task created inside the runtime, whose
    /// creation is out of reach, that is its creator.
    IL_REC_ENQUEUE = 7,
    /// Text. task: the text's key (a code address or type for symbols and actor types, the
    /// task id for a task's name or error, a counter for notices); a: byte count;
    /// b: il_text_kind. The bytes follow the record, padded with zeros to a multiple of 8.
    IL_REC_TEXT = 8,
    /// Records lost because a thread's buffer was full. a: how many, since the last one.
    IL_REC_DROPPED = 9,
    /// Where a task's first suspension came from, outermost first: the return addresses
    /// (ResumeParent) of the async frames nearest the task's root (a, b, c; 0 when fewer).
    /// The outermost of the program's own is the task's entry: its name.
    IL_REC_CALLERS = 10,
    /// The collector's clock: every record stamped before `time` has been sent (give or take
    /// one a thread stamped but had not yet published). Sent each collection round, so that
    /// the reader knows how far the trace has got while the program records nothing (its
    /// output lines can then be placed at the time they were printed).
    IL_REC_CLOCK = 11,
} il_record_kind;

typedef enum {
    IL_TEXT_SYMBOL = 1,   ///< a code address's demangled symbol
    IL_TEXT_TYPE = 2,     ///< an actor's type name
    IL_TEXT_NAME = 3,     ///< a task's given name (`Task(name:)`), keyed by the task id
    IL_TEXT_ERROR = 4,    ///< an error's type (and enum case)
    IL_TEXT_NOTICE = 5,   ///< a line for the user: something the agent cannot trace here
} il_text_kind;

/// Where in the runtime a slice ended: what the task waits for.
typedef enum {
    IL_SITE_UNKNOWN = 0,
    IL_SITE_CONTINUATION = 1,  ///< swift_continuation_await: a continuation (sleep, I/O, a stream)
    IL_SITE_AWAIT_TASK = 2,    ///< AsyncTask::waitFuture: a task's or async let's result
    IL_SITE_GROUP_NEXT = 3,    ///< a task group's next() or waitAll
    IL_SITE_ENQUEUE = 4,       ///< flagAsAndEnqueueOnExecutor: an actor hop, or a yield
    IL_SITE_COMPLETED = 5,     ///< the task's body had returned or thrown
} il_suspend_site;

/// How a task was created (the runtime's task-create flags, folded).
typedef enum {
    IL_CREATE_UNSTRUCTURED = 0,  ///< Task {} / Task.detached
    IL_CREATE_CHILD = 1,         ///< a child task (group or async let)
    IL_CREATE_GROUP_CHILD = 2,   ///< a task group's child
    IL_CREATE_ASYNC_LET = 3,     ///< an async let's child
    IL_CREATE_MAIN = 4,          ///< the program's main task (async main): made with no task
                                 ///< running and run at once, not enqueued
} il_create_kind;

/// What the agent could hook in this process (bits of HELLO's `a`).
typedef enum {
    IL_SUPPORT_SLICES = 1 << 0,
    IL_SUPPORT_CREATE = 1 << 1,
    IL_SUPPORT_COMPLETE = 1 << 2,
    IL_SUPPORT_REASONS = 1 << 3,
    IL_SUPPORT_HOPS = 1 << 4,
    IL_SUPPORT_ENQUEUE = 1 << 5,
    IL_SUPPORT_NAMES = 1 << 6,
} il_support;

typedef struct {
    uint64_t time;    ///< nanoseconds since the agent started
    uint64_t task;    ///< the runtime's task id (0: none)
    uint64_t a;
    uint64_t b;
    uint64_t c;
    uint32_t thread;  ///< the OS thread id
    uint16_t kind;    ///< il_record_kind
    uint16_t spare;
} il_record;

_Static_assert(sizeof(il_record) == 48, "il_record is 48 bytes on the wire");

/// The concurrency runtimes whose private layout the agent knows, by the GNU build id of
/// libswift_Concurrency.so: the toolchain it came with, or NULL for an unknown runtime.
static inline const char *il_known_runtime(const char *build_id) {
    static const char *const known[][2] = {
        {"b9f34903c95524076576e2a19e29e879676b9e24", "Swift 6.3.1 (x86_64 Linux)"},
    };
    for (unsigned i = 0; i < sizeof(known) / sizeof(known[0]); i++) {
        const char *a = known[i][0], *b = build_id;
        while (*a && *a == *b) { a++; b++; }
        if (*a == 0 && *b == 0) return known[i][1];
    }
    return 0;
}
