// What the agent hooks in the program, and its start-up.
//
// Interposed (the program or the runtime calls them through its PLT, and LD_PRELOAD puts
// these definitions first):
//   swift_task_enterThreadLocalContext / exit…   (libswiftCore; the concurrency runtime calls
//       them as a task starts and stops running on a thread: every slice)
//   swift_task_create, swift_asyncLet_begin      (creation, with parent and kind)
//   swift_task_switch                            (an actor hop: where the task wants to run)
// Installed as the runtime's hook (chained to any hook already there):
//   swift_task_enqueueGlobal_hook                (a task became runnable)
// And, on a runtime whose layout is known (by build id, see AgentWire.h), a trampoline in
// each task's initial context: its body returned or threw.
//
// Every hook forwards to the runtime whatever happens; recording is skipped, never the call.
#include "agent.h"
#include "SchedStat.h"
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <link.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#define SWIFTASYNCCC __attribute__((swiftasynccall))
#define ASYNC_CONTEXT __attribute__((swift_async_context))
#define SWIFT_CONTEXT __attribute__((swift_context))

typedef struct job job;
typedef struct { void *task; void *context; } task_and_context;
typedef struct { void *identity; uintptr_t implementation; } executor_ref;
typedef struct { const void *value; const void *type; const void *conformance; } error_value;

// ---- the runtime's layout, for the one runtime build this agent knows (AgentWire.h)
/// Offset of AsyncTask::ResumeTask (the code a task runs next) in the task object.
static const size_t resume_task_offset = 56;
/// Offset of the exclusivity state (the argument of the thread-local-context calls) in a
/// task: checked once against swift_task_getCurrent, then used instead of that call.
static const size_t exclusivity_state_offset = 0x50;
/// Offset of AsyncTask::ResumeContext: a task's initial async context until its first slice
/// (checked against swift_task_create's answer before it is relied on).
static const size_t resume_context_offset = 64;
/// Offset of ResumeParent in a task's initial async context (AsyncContext{Parent, ResumeParent}).
static const size_t resume_parent_offset = 8;
/// Metadata kinds of enums (MetadataKind.def: 1 and 2, each | MetadataKindIsNonHeap).
static const uintptr_t enum_kind = 0x201, optional_kind = 0x202;
/// TaskCreateFlags bits.
enum { CREATE_IS_CHILD = 1 << 8, CREATE_ENQUEUE = 1 << 12 };

static bool layout_known;
/// The runtime's future_adapter: what a task resumes at in its first slice.
static uintptr_t first_resume, first_resume_discarding;
/// Set once a created task's ResumeContext was seen to be its initial context.
static _Atomic bool resume_context_checked;
/// 1 once the exclusivity state was seen at its offset in the current task; -1 if it was not.
static _Atomic int state_offset_checked;

// ---- runtime functions the agent calls
static IL_SWIFTCC uint64_t (*get_job_task_id)(void *job);
static IL_SWIFTCC void *(*get_current_task)(void);
static IL_SWIFTCC bool (*is_cancelled)(void *task);
static const void *(*get_object_type)(const void *object);
static const char *(*get_task_name)(void *task);  // the runtime's local swift_task_getTaskName
static void (*get_error_value)(const void *error, void **scratch, error_value *out);
static IL_SWIFTCC const char *(*enum_case_name)(const void *value, const void *type);
IL_SWIFTCC il_type_name (*il_get_type_name)(const void *metadata, bool qualified);
static IL_SWIFTCC executor_ref (*main_executor)(void);

void *il_main_executor_identity(void) {
    // Asked by the collector, after start-up: the main executor is made on first use.
    static void *identity;
    if (!identity && main_executor) identity = main_executor().identity;
    return identity;
}

// ---- the originals of what is interposed
static void (*real_enter)(char *state);
static void (*real_exit)(char *state);
static IL_SWIFTCC task_and_context (*real_create)(size_t flags, void *options, const void *result_type, void *function, void *context);
static IL_SWIFTCC void (*real_async_let_begin)(void *async_let, void *options, const void *result_type, void *function, void *context, void *result);
static SWIFTASYNCCC void (*real_switch)(ASYNC_CONTEXT void *context, void *resume, void *identity, uintptr_t implementation);

/// Looks up the next definition of `name` once (the runtime's, behind this agent's).
static void *next_definition(void *_Atomic *slot, const char *name) {
    void *found = atomic_load_explicit(slot, memory_order_acquire);
    if (!found) {
        found = dlsym(RTLD_NEXT, name);
        atomic_store_explicit(slot, found, memory_order_release);
    }
    return found;
}
#define REAL(fn, name) ((__typeof__(fn))next_definition((void *_Atomic *)&(fn), name))

// ---- per-thread: the task running its slice now
static __thread __attribute__((tls_model("initial-exec"))) uint64_t running_task_id;
/// The task of the running slice: alive until its exit call returns (the runtime itself
/// reads the task's exclusivity state, inside it, during that call).
static __thread __attribute__((tls_model("initial-exec"))) void *running_task;
/// The running slice is its task's first (it began at the runtime's task entry).
static __thread __attribute__((tls_model("initial-exec"))) bool first_slice;
static __thread __attribute__((tls_model("initial-exec"))) uint64_t async_let_parent;
static __thread __attribute__((tls_model("initial-exec"))) uint64_t async_let_function;

// ---- per-thread: its run-queue wait (SchedStat.h), so that the time a slice's thread waited
// for a CPU is not taken for the slice holding its thread. Each thread opens its schedstat
// on its first slice and keeps it open.
static __thread __attribute__((tls_model("initial-exec"))) bool run_queue_tried;
static __thread __attribute__((tls_model("initial-exec"))) il_run_queue run_queue = {-1, -1, 0, 0};
/// The schedstat file's identity: a descriptor the program closed and reused for a file of
/// its own is neither read as schedstat (its text would not parse) nor closed.
static __thread __attribute__((tls_model("initial-exec"))) dev_t run_queue_dev;
static __thread __attribute__((tls_model("initial-exec"))) ino_t run_queue_ino;
/// Closes each thread's schedstat as the thread ends (its value: the descriptor + 1).
static pthread_key_t run_queue_key;
static bool run_queue_key_made;
/// A schedstat descriptor at or above this is closed at once: the program is near its
/// descriptor limit (RLIMIT_NOFILE), and the slots left are its own.
static long run_queue_fd_ceiling = 1L << 30;

/// Runs on the ending thread, so its thread-locals are the ones that thread set.
static void close_run_queue(void *value) {
    int fd = (int)(intptr_t)value - 1;
    struct stat st;
    int saved = errno;
    if (fstat(fd, &st) == 0 && st.st_dev == run_queue_dev && st.st_ino == run_queue_ino) close(fd);
    errno = saved;
    run_queue = il_run_queue_make(-1);  // a hook after this (another key's destructor) reads nothing
}

/// The calling thread's schedstat, opened on its first slice; -1 when there is none.
static int run_queue_open(void) {
    run_queue_tried = true;
    if (!run_queue_key_made) return -1;
    int fd = il_run_delay_open();
    if (fd < 0) return -1;
    struct stat st;
    int saved = errno;
    if (fd >= run_queue_fd_ceiling || fstat(fd, &st) != 0 || pthread_setspecific(run_queue_key, (void *)(intptr_t)(fd + 1)) != 0) {
        close(fd);
        fd = -1;
    } else {
        run_queue_dev = st.st_dev;
        run_queue_ino = st.st_ino;
    }
    errno = saved;
    return fd;
}

/// A slice begins at `now` (il_stamp): its run-queue reading, at most once a millisecond.
static inline void run_queue_slice_begins(uint64_t now) {
    if (!run_queue_tried) run_queue = il_run_queue_make(run_queue_open());
    il_run_queue_slice_begins(&run_queue, now, atomic_load_explicit(&il_stamps_per_ms, memory_order_relaxed));
}

/// The running slice's run-queue wait up to `now` (ns), when it has run a millisecond or more.
static inline uint64_t run_queue_wait_of_slice(uint64_t now) {
    return il_run_queue_slice_wait(&run_queue, now, atomic_load_explicit(&il_stamps_per_ms, memory_order_relaxed));
}

static void wrap_completion(void *context);
static void record_callers(uint64_t id, void *task);

/// Set once the runtime functions every hook calls are found; never cleared.
static bool hooks_ready;

static inline bool recording(void) {
    return hooks_ready && atomic_load_explicit(&il_enabled, memory_order_relaxed);
}

static inline uint64_t resume_address(void *task) {
    return layout_known && task ? (uint64_t) * (void **)((char *)task + resume_task_offset) : 0;
}

/// The task whose exclusivity state `state` is: by its offset once that was confirmed (the
/// current-task call costs a thread-local lookup in another library), else by asking.
static inline void *task_entering(char *state) {
    int checked = atomic_load_explicit(&state_offset_checked, memory_order_relaxed);
    if (checked > 0) return state - exclusivity_state_offset;
    void *task = get_current_task();
    if (checked == 0 && layout_known && task) {
        atomic_store_explicit(&state_offset_checked, task == state - exclusivity_state_offset ? 1 : -1, memory_order_relaxed);
    }
    return task;
}

void swift_task_enterThreadLocalContext(char *state) {
    if (recording() && get_current_task) {
        void *task = task_entering(state);
        if (task) {
            uint64_t id = get_job_task_id(task);
            running_task_id = id;
            running_task = task;
            uint64_t resume = resume_address(task);
            first_slice = resume && (resume == first_resume || resume == first_resume_discarding);
            uint64_t now = il_stamp();
            il_record_event_at(now, IL_REC_SLICE_BEGIN, id, resume, is_cancelled(task) ? 1 : 0, 0);
            run_queue_slice_begins(now);
            // The task's first slice: its initial context is still its resume context, and
            // nothing else runs it now. Every task passes here, also those the runtime
            // creates itself (async let children), which swift_task_create never sees.
            if (resume && (resume == first_resume || resume == first_resume_discarding) &&
                atomic_load_explicit(&resume_context_checked, memory_order_relaxed)) {
                wrap_completion(*(void **)((char *)task + resume_context_offset));
            }
        }
    }
    REAL(real_enter, "swift_task_enterThreadLocalContext")(state);
}

void swift_task_exitThreadLocalContext(char *state) {
    uint64_t id = running_task_id;
    if (id && recording()) {
        // The current task is often cleared by now; the slice's own task is kept per thread.
        uint64_t now = il_stamp();
        il_record_event_at(now, IL_REC_SLICE_END, id, (uint64_t)__builtin_return_address(0), resume_address(running_task),
                           run_queue_wait_of_slice(now));
        if (first_slice) {
            record_callers(id, running_task);
            first_slice = false;
        }
        running_task_id = 0;
        running_task = NULL;
    }
    REAL(real_exit, "swift_task_exitThreadLocalContext")(state);
}

// ---- completion: a trampoline in place of each distinct ResumeParent function

typedef SWIFTASYNCCC void (*resume_function)(ASYNC_CONTEXT void *context, SWIFT_CONTEXT void *error);
enum { TRAMPOLINES = 8 };
static resume_function _Atomic originals[TRAMPOLINES];

/// "FetchError.timeout" or "MyError": the error's type, and its case when it is an enum.
static void record_error(uint64_t task, void *error) {
    if (!get_error_value || !il_get_type_name) return;
    void *scratch = NULL;
    error_value value = {0};
    get_error_value(error, &scratch, &value);
    if (!value.type) return;
    il_type_name type = il_get_type_name(value.type, false);
    char text[256];
    int n = snprintf(text, sizeof text, "%.*s", (int)type.length, type.data ? type.data : "");
    uintptr_t kind = *(const uintptr_t *)value.type;
    if (enum_case_name && value.value && (kind == enum_kind || kind == optional_kind) && n > 0 && n < (int)sizeof text) {
        const char *name = enum_case_name(value.value, value.type);
        if (name && *name) n += snprintf(text + n, sizeof text - (size_t)n, ".%s", name);
    }
    if (n > 0) il_record_text(task, IL_TEXT_ERROR, text, strlen(text));
}

static inline void note_completion(void *error) {
    if (!recording()) return;
    uint64_t id = running_task_id;
    bool traced_start = id != 0;
    if (!id && get_current_task) {
        void *task = get_current_task();
        id = task ? get_job_task_id(task) : 0;
    }
    if (!id) return;
    if (error) record_error(id, error);
    // One stamp for the completion and, when this thread traced the slice's start, its
    // run-queue wait so far.
    uint64_t now = il_stamp();
    uint64_t waited = traced_start ? run_queue_wait_of_slice(now) : 0;
    void *task = running_task;
    il_record_event_at(now, IL_REC_COMPLETE, id, error ? 1 : 0, task && is_cancelled(task) ? 1 : 0, waited);
}

#define TRAMPOLINE(i)                                                                            \
    static SWIFTASYNCCC void trampoline##i(ASYNC_CONTEXT void *context, SWIFT_CONTEXT void *error) { \
        note_completion(error);                                                                  \
        __attribute__((musttail)) return originals[i](context, error);                            \
    }
TRAMPOLINE(0) TRAMPOLINE(1) TRAMPOLINE(2) TRAMPOLINE(3) TRAMPOLINE(4) TRAMPOLINE(5) TRAMPOLINE(6) TRAMPOLINE(7)
static const resume_function trampolines[TRAMPOLINES] = {
    trampoline0, trampoline1, trampoline2, trampoline3, trampoline4, trampoline5, trampoline6, trampoline7,
};

/// Puts a trampoline in the task's initial context, from the task's first slice on the
/// thread running it: nothing else reads or writes the slot meanwhile.
static void wrap_completion(void *context) {
    resume_function *slot = (resume_function *)((char *)context + resume_parent_offset);
    resume_function original = __atomic_load_n(slot, __ATOMIC_RELAXED);
    for (int i = 0; i < TRAMPOLINES; i++) {
        if (original == trampolines[i]) return;
        resume_function known = atomic_load(&originals[i]);
        if (!known) {
            resume_function expected = NULL;
            if (!atomic_compare_exchange_strong(&originals[i], &expected, original) && expected != original) continue;
            known = original;
        }
        if (known == original) {
            __atomic_store_n(slot, trampolines[i], __ATOMIC_RELAXED);
            return;
        }
    }
}

/// The async frames of a task that is suspending, walked from the one it resumes in to its
/// root (each AsyncContext starts with its Parent and its ResumeParent: the async ABI).
/// The frames belong to the task, which cannot run elsewhere before this exit call returns.
static void record_callers(uint64_t id, void *task) {
    if (!layout_known || !task) return;
    enum { MAX_DEPTH = 32 };
    uint64_t chain[MAX_DEPTH];
    int depth = 0;
    void **context = *(void ***)((char *)task + resume_context_offset);
    while (context && depth < MAX_DEPTH) {
        chain[depth++] = (uint64_t)context[1];
        context = (void **)context[0];
    }
    // Outermost first: the root's own return is chain[depth - 1], this agent's completion
    // trampoline when it is in place: skipped, it names nothing.
    int root = depth - 1;
    for (int i = 0; root >= 0 && i < TRAMPOLINES; i++) {
        if (chain[root] == (uint64_t)trampolines[i]) { root--; break; }
    }
    uint64_t outer[3] = {0, 0, 0};
    for (int i = 0; i < 3 && root - i >= 0; i++) outer[i] = chain[root - i];
    il_record_event(IL_REC_CALLERS, id, outer[0], outer[1], outer[2]);
}

IL_SWIFTCC task_and_context swift_task_create(size_t flags, void *options, const void *result_type, void *function, void *context) {
    task_and_context created = REAL(real_create, "swift_task_create")(flags, options, result_type, function, context);
    if (recording() && created.task) {
        uint64_t id = get_job_task_id(created.task);
        void *parent = get_current_task ? get_current_task() : NULL;
        uint64_t parent_id = parent ? get_job_task_id(parent) : 0;
        if (get_task_name) {
            const char *name = get_task_name(created.task);
            if (name) il_record_text(id, IL_TEXT_NAME, name, strlen(name));
        }
        il_create_kind kind = (flags & CREATE_IS_CHILD) ? IL_CREATE_GROUP_CHILD
            : (!parent && !(flags & CREATE_ENQUEUE)) ? IL_CREATE_MAIN : IL_CREATE_UNSTRUCTURED;
        il_record_event(IL_REC_CREATE, id, parent_id, kind, (uint64_t)function);
        if (layout_known && !atomic_load_explicit(&resume_context_checked, memory_order_relaxed) &&
            *(void **)((char *)created.task + resume_context_offset) == created.context) {
            atomic_store(&resume_context_checked, true);
        }
    }
    return created;
}

/// An async let's child is created inside the runtime, out of reach: it is recognised when
/// it is enqueued during this call.
IL_SWIFTCC void swift_asyncLet_begin(void *async_let, void *options, const void *result_type, void *function, void *context, void *result) {
    uint64_t parent = running_task_id;
    async_let_parent = parent ? parent : UINT64_MAX;
    async_let_function = (uint64_t)function;
    REAL(real_async_let_begin, "swift_asyncLet_begin")(async_let, options, result_type, function, context, result);
    async_let_parent = 0;
}

SWIFTASYNCCC void swift_task_switch(ASYNC_CONTEXT void *context, void *resume, void *identity, uintptr_t implementation) {
    if (recording() && running_task_id) {
        const void *type = identity && get_object_type ? get_object_type(identity) : NULL;
        il_record_event(IL_REC_SWITCH, running_task_id, (uint64_t)identity, (uint64_t)type, (uint64_t)resume);
    }
    __attribute__((musttail)) return REAL(real_switch, "swift_task_switch")(context, resume, identity, implementation);
}

// ---- the enqueue hook

typedef IL_SWIFTCC void (*enqueue_original)(void *job);
typedef IL_SWIFTCC void (*enqueue_hook)(void *job, enqueue_original original);
static enqueue_hook previous_enqueue_hook;

static IL_SWIFTCC void on_enqueue(void *job, enqueue_original original) {
    if (recording()) {
        uint64_t id = get_job_task_id(job);
        if (id) {
            if (async_let_parent) {
                uint64_t parent = async_let_parent == UINT64_MAX ? 0 : async_let_parent;
                il_record_event(IL_REC_CREATE, id, parent, IL_CREATE_ASYNC_LET, async_let_function);
                async_let_parent = 0;
            }
            il_record_event(IL_REC_ENQUEUE, id, running_task_id, 0, 0);
        }
    }
    if (previous_enqueue_hook) previous_enqueue_hook(job, original); else original(job);
}

// ---- start-up

static int build_id_of(struct dl_phdr_info *info, size_t size, void *data) {
    (void)size;
    struct { uintptr_t base; char hex[41]; } *wanted = data;
    if (info->dlpi_addr != wanted->base) return 0;
    for (int i = 0; i < info->dlpi_phnum; i++) {
        const ElfW(Phdr) *ph = &info->dlpi_phdr[i];
        if (ph->p_type != PT_NOTE) continue;
        const char *p = (const char *)(info->dlpi_addr + ph->p_vaddr), *end = p + ph->p_memsz;
        while (p + sizeof(ElfW(Nhdr)) <= end) {
            const ElfW(Nhdr) *note = (const ElfW(Nhdr) *)p;
            const unsigned char *desc = (const unsigned char *)(p + sizeof *note + ((note->n_namesz + 3) & ~3u));
            if (note->n_type == NT_GNU_BUILD_ID && note->n_descsz <= 20 && note->n_namesz == 4) {
                for (unsigned k = 0; k < note->n_descsz; k++) snprintf(wanted->hex + 2 * k, 3, "%02x", desc[k]);
                return 1;
            }
            p = (const char *)desc + ((note->n_descsz + 3) & ~3u);
        }
    }
    return 0;
}

/// Removes this agent from LD_PRELOAD, so the processes the program starts are not traced.
static void forget_preload(void) {
    const char *value = getenv(IL_ENV_PRELOAD);
    if (value) {
        char *kept = calloc(strlen(value) + 1, 1);
        char *copy = strdup(value);
        if (kept && copy) {
            char *save = NULL;
            for (char *item = strtok_r(copy, ": ", &save); item; item = strtok_r(NULL, ": ", &save)) {
                if (strstr(item, "libInterleaveAgent")) continue;
                if (*kept) strcat(kept, ":");
                strcat(kept, item);
            }
            if (*kept) setenv(IL_ENV_PRELOAD, kept, 1); else unsetenv(IL_ENV_PRELOAD);
        }
        free(kept);
        free(copy);
    }
    unsetenv(IL_ENV_SOCKET_FD);
}

static void stop_in_child(void) { il_collector_forget(); }

static void at_exit(void) { il_collector_finish(); }

__attribute__((constructor)) static void interleave_agent_start(void) {
    const char *fd_text = getenv(IL_ENV_SOCKET_FD);
    if (!fd_text) return;  // loaded without `interleave exec`: stay out of the way
    int fd = atoi(fd_text);
    forget_preload();
    if (fd < 0 || fcntl(fd, F_SETFD, FD_CLOEXEC) != 0) return;

    uint64_t support = 0;
    void *create = dlsym(RTLD_NEXT, "swift_task_create");
    Dl_info runtime;
    if (!create || !dladdr(create, &runtime) || !runtime.dli_fname) {
        il_notice("the program does not load the Swift concurrency runtime (libswift_Concurrency.so): nothing to trace");
        il_collector_start(fd, 0);
        atexit(at_exit);
        return;
    }
    struct { uintptr_t base; char hex[41]; } build = {0};
    // dli_fbase is the runtime's load address; dl_iterate_phdr reports its load bias, the
    // same for a shared library whose first segment starts at 0.
    build.base = (uintptr_t)runtime.dli_fbase;
    dl_iterate_phdr(build_id_of, &build);
    layout_known = il_known_runtime(build.hex) != NULL;

    get_job_task_id = dlsym(RTLD_DEFAULT, "swift_task_getJobTaskId");
    get_current_task = dlsym(RTLD_DEFAULT, "swift_task_getCurrent");
    is_cancelled = dlsym(RTLD_DEFAULT, "swift_task_isCancelled");
    get_object_type = dlsym(RTLD_DEFAULT, "swift_getObjectType");
    il_get_type_name = dlsym(RTLD_DEFAULT, "swift_getTypeName");
    get_error_value = dlsym(RTLD_DEFAULT, "swift_getErrorValue");
    enum_case_name = dlsym(RTLD_DEFAULT, "swift_EnumCaseName");
    if (!get_job_task_id || !get_current_task || !is_cancelled) {
        il_notice("the Swift runtime lacks swift_task_getJobTaskId / swift_task_getCurrent: nothing to trace");
        il_collector_start(fd, 0);
        atexit(at_exit);
        return;
    }
    run_queue_key_made = pthread_key_create(&run_queue_key, close_run_queue) == 0;
    struct rlimit files;
    if (getrlimit(RLIMIT_NOFILE, &files) == 0 && files.rlim_cur != RLIM_INFINITY) {
        run_queue_fd_ceiling = files.rlim_cur > 256 ? (long)files.rlim_cur - 64 : (long)files.rlim_cur / 2;
    }
    hooks_ready = true;
    support |= IL_SUPPORT_SLICES | IL_SUPPORT_CREATE;
    if (il_symbols_load_runtime(runtime.dli_fname, (uintptr_t)runtime.dli_fbase)) {
        support |= IL_SUPPORT_REASONS;
        if (layout_known) {
            get_task_name = (const char *(*)(void *))il_runtime_symbol("_Z22swift_task_getTaskNamePN5swift9AsyncTaskE");
            first_resume = il_runtime_symbol("_ZL14future_adapterPN5swift12AsyncContextE");
            first_resume_discarding = il_runtime_symbol("_ZL18non_future_adapterPN5swift12AsyncContextE");
        }
    } else {
        il_notice("the concurrency runtime has no symbol table: why tasks suspend is not traced");
    }
    if (get_object_type && il_get_type_name) support |= IL_SUPPORT_HOPS;
    if (layout_known) {
        support |= IL_SUPPORT_COMPLETE;
        if (get_task_name) support |= IL_SUPPORT_NAMES;
    } else {
        char line[200];
        snprintf(line, sizeof line, "unknown Swift concurrency runtime (build id %s): task ends, names and resume points are not traced",
                 build.hex[0] ? build.hex : "none");
        il_notice(line);
    }
    main_executor = dlsym(RTLD_DEFAULT, "swift_task_getMainExecutor");

    enqueue_hook *hook = dlsym(RTLD_DEFAULT, "swift_task_enqueueGlobal_hook");
    if (hook) {
        previous_enqueue_hook = *hook;
        *hook = on_enqueue;
        support |= IL_SUPPORT_ENQUEUE;
    }
    pthread_atfork(NULL, NULL, stop_in_child);
    if (il_collector_start(fd, support)) atexit(at_exit);
}
