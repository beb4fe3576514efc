// Per-thread record buffers and the collector thread.
//
// Each program thread that records gets a ring of its own (single producer: that thread;
// single consumer: the collector), so recording takes no lock and never waits. The collector
// wakes every few milliseconds, moves every ring's records into one batch, orders it by
// time, resolves addresses to names, and writes it to the socket. Only the collector ever
// writes to the socket, so a slow reader stalls the collector, never the program: the
// rings fill and further records are dropped and counted.
#include "agent.h"
#include <errno.h>
#include <linux/futex.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

_Atomic bool il_enabled = false;

enum { RING_CAPACITY = 1 << 16 }; // records (3 MiB); a power of two
enum { RING_FREE = 0, RING_OWNED = 1, RING_ORPHANED = 2 };

typedef struct ring {
    _Atomic uint64_t head;  // next slot the owner writes; only the owner stores it
    char pad0[56];
    _Atomic uint64_t tail;  // next slot the collector reads; only the collector stores it
    char pad1[56];
    _Atomic int state;
    _Atomic uint64_t dropped;
    uint32_t thread;        // the owner's OS thread id, set before the ring is published as owned
    struct ring *next;      // registry link, immutable once published
    il_record slots[RING_CAPACITY];
} ring;

static _Atomic(ring *) registry;
static pthread_key_t ring_key;
static __thread __attribute__((tls_model("initial-exec"))) ring *my_ring;
static __thread __attribute__((tls_model("initial-exec"))) bool my_thread_exiting;

// ---- time: the cycle counter where it is the kernel's clock source, else the monotonic clock

bool il_use_cycles;
_Atomic uint64_t il_stamps_per_ms;
static uint64_t start_cycles, start_ns;

static bool clock_source_is_tsc(void) {
#if defined(__x86_64__)
    char buf[32] = {0};
    FILE *f = fopen("/sys/devices/system/clocksource/clocksource0/current_clocksource", "r");
    if (!f) return false;
    bool tsc = fgets(buf, sizeof buf, f) && strncmp(buf, "tsc", 3) == 0;
    fclose(f);
    return tsc;
#else
    return false;
#endif
}

// ---- the producer side (program threads)

static void ring_orphan(void *value) {
    ring *r = value;
    my_thread_exiting = true;  // a record after this point would race the ring's next owner
    my_ring = NULL;
    atomic_store_explicit(&r->state, RING_ORPHANED, memory_order_release);
}

/// The calling thread's ring: an orphaned one whose records are all drained, or a new one.
static ring *claim_ring(void) {
    for (ring *r = atomic_load_explicit(&registry, memory_order_acquire); r; r = r->next) {
        int expected = RING_FREE;
        if (atomic_load_explicit(&r->state, memory_order_relaxed) == RING_FREE &&
            atomic_compare_exchange_strong(&r->state, &expected, RING_OWNED)) {
            r->thread = (uint32_t)syscall(SYS_gettid);
            pthread_setspecific(ring_key, r);
            return r;
        }
    }
    void *memory = mmap(NULL, sizeof(ring), PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (memory == MAP_FAILED) return NULL;
    ring *r = memory;  // mmap zero-fills: head, tail, dropped start at 0
    r->thread = (uint32_t)syscall(SYS_gettid);
    atomic_store_explicit(&r->state, RING_OWNED, memory_order_relaxed);
    ring *first = atomic_load_explicit(&registry, memory_order_relaxed);
    do { r->next = first; } while (!atomic_compare_exchange_weak_explicit(
        &registry, &first, r, memory_order_release, memory_order_relaxed));
    pthread_setspecific(ring_key, r);
    return r;
}

static inline ring *current_ring(void) {
    ring *r = my_ring;
    if (__builtin_expect(r == NULL, 0)) {
        if (my_thread_exiting) return NULL;
        r = my_ring = claim_ring();
    }
    return r;
}

/// Reserves `count` consecutive slots; NULL (and counted as dropped) when they do not fit.
static inline ring *reserve(uint64_t count, uint64_t *position) {
    ring *r = current_ring();
    if (!r) return NULL;
    uint64_t head = atomic_load_explicit(&r->head, memory_order_relaxed);
    uint64_t tail = atomic_load_explicit(&r->tail, memory_order_acquire);
    if (head - tail + count > RING_CAPACITY) {
        atomic_fetch_add_explicit(&r->dropped, count, memory_order_relaxed);
        return NULL;
    }
    *position = head;
    return r;
}

void il_record_event(uint16_t kind, uint64_t task, uint64_t a, uint64_t b, uint64_t c) {
    il_record_event_at(il_stamp(), kind, task, a, b, c);
}

void il_record_event_at(uint64_t time, uint16_t kind, uint64_t task, uint64_t a, uint64_t b, uint64_t c) {
    uint64_t at;
    ring *r = reserve(1, &at);
    if (!r) return;
    il_record *slot = &r->slots[at & (RING_CAPACITY - 1)];
    slot->time = time;
    slot->task = task;
    slot->a = a;
    slot->b = b;
    slot->c = c;
    slot->kind = kind;
    // Publishes the slot: the collector reads it only after seeing the new head.
    atomic_store_explicit(&r->head, at + 1, memory_order_release);
}

void il_record_text(uint64_t key, uint16_t text_kind, const char *text, size_t length) {
    if (length > 255) length = 255;
    uint64_t body = (length + sizeof(il_record) - 1) / sizeof(il_record);
    uint64_t at;
    ring *r = reserve(1 + body, &at);
    if (!r) return;
    il_record *slot = &r->slots[at & (RING_CAPACITY - 1)];
    *slot = (il_record){.time = il_stamp(), .task = key, .a = length, .b = text_kind, .kind = IL_REC_TEXT};
    for (uint64_t i = 0; i < body; i++) {
        il_record *chunk = &r->slots[(at + 1 + i) & (RING_CAPACITY - 1)];
        size_t offset = (size_t)i * sizeof(il_record), n = length - offset;
        if (n > sizeof(il_record)) n = sizeof(il_record);
        memset(chunk, 0, sizeof *chunk);
        memcpy(chunk, text + offset, n);
    }
    atomic_store_explicit(&r->head, at + 1 + body, memory_order_release);
}

// ---- the collector

/// Bytes waiting to be written to the socket.
typedef struct { char *bytes; size_t length, capacity; } out_buffer;

static bool out_reserve(out_buffer *out, size_t more) {
    if (out->length + more <= out->capacity) return true;
    size_t capacity = out->capacity ? out->capacity * 2 : 1 << 16;
    while (capacity < out->length + more) capacity *= 2;
    char *bytes = realloc(out->bytes, capacity);
    if (!bytes) return false;
    out->bytes = bytes;
    out->capacity = capacity;
    return true;
}

static void out_record(out_buffer *out, const il_record *record) {
    if (out_reserve(out, sizeof *record)) {
        memcpy(out->bytes + out->length, record, sizeof *record);
        out->length += sizeof *record;
    }
}

static void out_text(out_buffer *out, uint64_t time, uint64_t key, il_text_kind kind, const char *text, size_t length) {
    size_t padded = (length + 7) & ~(size_t)7;
    if (!out_reserve(out, sizeof(il_record) + padded)) return;
    il_record head = {.time = time, .task = key, .a = length, .b = kind, .kind = IL_REC_TEXT};
    out_record(out, &head);
    memcpy(out->bytes + out->length, text, length);
    memset(out->bytes + out->length + length, 0, padded - length);
    out->length += padded;
}

/// Keys already sent as text, so each symbol or type name goes out once.
typedef struct { uint64_t *keys; size_t count, capacity; } key_set;

static bool key_set_insert(key_set *set, uint64_t key) {
    if (key == 0) return false;
    if ((set->count + 1) * 2 > set->capacity) {
        size_t capacity = set->capacity ? set->capacity * 2 : 1024;
        uint64_t *keys = calloc(capacity, sizeof *keys);
        if (!keys) return false;
        for (size_t i = 0; i < set->capacity; i++) {
            uint64_t k = set->keys[i];
            if (!k) continue;
            size_t j = (k * 0x9E3779B97F4A7C15ull) & (capacity - 1);
            while (keys[j]) j = (j + 1) & (capacity - 1);
            keys[j] = k;
        }
        free(set->keys);
        set->keys = keys;
        set->capacity = capacity;
    }
    size_t j = (key * 0x9E3779B97F4A7C15ull) & (set->capacity - 1);
    while (set->keys[j]) {
        if (set->keys[j] == key) return false;
        j = (j + 1) & (set->capacity - 1);
    }
    set->keys[j] = key;
    set->count++;
    return true;
}

typedef struct { il_record record; uint64_t order; char *text; } pending;

static int socket_fd = -1;
static pthread_t collector_thread;
static pthread_mutex_t notice_lock = PTHREAD_MUTEX_INITIALIZER;
static char *notices[8];
static int notice_count;
static _Atomic bool finish_requested, finished;
/// The futex the collector sleeps on between rounds: 0 while it may sleep, 1 once a finish
/// asks for its last round (FUTEX_WAIT then returns at once).
static _Atomic uint32_t collector_wake;
/// Bytes the collector has written: at exit, progress means the reader is still taking them.
static _Atomic uint64_t bytes_written;
static uint64_t support_bits;

void il_notice(const char *line) {
    pthread_mutex_lock(&notice_lock);
    if (notice_count < 8) notices[notice_count++] = strdup(line);
    pthread_mutex_unlock(&notice_lock);
}

enum { MAX_RUNS = 256 };

/// One ring's records in the batch: `items[start..<end]`, in time order already.
typedef struct { size_t start, end; } run;

typedef struct {
    pending *items;
    size_t count, capacity;
    out_buffer out;
    key_set sent;
    uint64_t next_order;
    double ns_per_tick;
    run runs[MAX_RUNS];
    int run_count;
} collector;

static uint64_t to_ns(collector *c, uint64_t t) {
    if (!il_use_cycles) return t > start_ns ? t - start_ns : 0;
    return t > start_cycles ? (uint64_t)((double)(t - start_cycles) * c->ns_per_tick) : 0;
}

static bool push_pending(collector *c, il_record record, char *text) {
    if (c->count == c->capacity) {
        size_t capacity = c->capacity ? c->capacity * 2 : 4096;
        pending *items = realloc(c->items, capacity * sizeof *items);
        if (!items) { free(text); return false; }
        c->items = items;
        c->capacity = capacity;
    }
    c->items[c->count++] = (pending){record, c->next_order++, text};
    return true;
}

/// Moves one ring's records into the batch; returns how many it took.
static uint64_t drain_ring(collector *c, ring *r, uint64_t *dropped) {
    uint64_t tail = atomic_load_explicit(&r->tail, memory_order_relaxed);
    uint64_t head = atomic_load_explicit(&r->head, memory_order_acquire);
    uint64_t taken = 0;
    while (tail < head) {
        il_record record = r->slots[tail & (RING_CAPACITY - 1)];
        record.thread = r->thread;
        tail++;
        char *text = NULL;
        if (record.kind == IL_REC_TEXT) {
            uint64_t body = (record.a + sizeof(il_record) - 1) / sizeof(il_record);
            if (tail + body > head) break;  // cannot happen: text and bytes publish together
            text = malloc(record.a + 1);
            for (uint64_t i = 0; text && i < body; i++) {
                size_t offset = (size_t)i * sizeof(il_record), n = record.a - offset;
                if (n > sizeof(il_record)) n = sizeof(il_record);
                memcpy(text + offset, &r->slots[(tail + i) & (RING_CAPACITY - 1)], n);
            }
            tail += body;
            if (!text) continue;
        }
        push_pending(c, record, text);
        taken++;
    }
    // Frees the slots for the owner only after they were copied.
    atomic_store_explicit(&r->tail, tail, memory_order_release);
    *dropped += atomic_exchange_explicit(&r->dropped, 0, memory_order_relaxed);
    int state = atomic_load_explicit(&r->state, memory_order_acquire);
    if (state == RING_ORPHANED && tail == atomic_load_explicit(&r->head, memory_order_acquire)) {
        atomic_store_explicit(&r->state, RING_FREE, memory_order_release);
    }
    return taken;
}

/// Names a code address once (symbol text keyed by the address).
static void name_address(collector *c, uint64_t time, uint64_t address) {
    if (!address || !key_set_insert(&c->sent, address)) return;
    char name[512];
    if (il_symbolize((uintptr_t)address, name, sizeof name)) {
        out_text(&c->out, time, address, IL_TEXT_SYMBOL, name, strlen(name));
    }
}

/// Turns a batch record into its wire form, sending the texts it refers to first.
static void emit_resolved(collector *c, pending *p) {
    il_record r = p->record;
    r.time = to_ns(c, r.time);
    switch (r.kind) {
    case IL_REC_SLICE_BEGIN:
        name_address(c, r.time, r.a);
        break;
    case IL_REC_SLICE_END:
        r.a = il_classify_site((uintptr_t)r.a);
        name_address(c, r.time, r.b);
        break;
    case IL_REC_CREATE:
        name_address(c, r.time, r.c);
        break;
    case IL_REC_CALLERS:
        name_address(c, r.time, r.a);
        name_address(c, r.time, r.b);
        name_address(c, r.time, r.c);
        break;
    case IL_REC_SWITCH: {
        uint64_t identity = r.a, metadata = r.b;
        r.b = identity;
        name_address(c, r.time, r.c);
        if (identity == 0) {
            r.a = 0;
        } else if ((void *)identity == il_main_executor_identity()) {
            r.a = 1;
        } else {
            r.a = metadata;
            if (metadata && il_get_type_name && key_set_insert(&c->sent, metadata)) {
                il_type_name name = il_get_type_name((const void *)metadata, false);
                if (name.data) out_text(&c->out, r.time, metadata, IL_TEXT_TYPE, name.data, name.length);
            }
        }
        break;
    }
    case IL_REC_TEXT:
        out_text(&c->out, r.time, r.task, (il_text_kind)r.b, p->text ? p->text : "", p->text ? r.a : 0);
        free(p->text);
        return;
    default:
        break;
    }
    out_record(&c->out, &r);
}

static bool write_all(const char *bytes, size_t length) {
    while (length > 0) {
        ssize_t n = send(socket_fd, bytes, length, MSG_NOSIGNAL);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return false;
        bytes += n;
        length -= (size_t)n;
        atomic_fetch_add_explicit(&bytes_written, (uint64_t)n, memory_order_relaxed);
    }
    return true;
}

/// One round: every ring drained, ordered, resolved and written. False once the socket is gone.
static bool collect_once(collector *c, uint64_t *taken) {
    if (il_use_cycles) {
        uint64_t cycles = il_stamp(), ns = il_monotonic_ns();
        if (cycles > start_cycles + 1000000) {
            c->ns_per_tick = (double)(ns - start_ns) / (double)(cycles - start_cycles);
            if (c->ns_per_tick > 0) atomic_store_explicit(&il_stamps_per_ms, (uint64_t)(1e6 / c->ns_per_tick), memory_order_relaxed);
        }
    }
    uint64_t dropped = 0;
    *taken = 0;
    c->run_count = 0;
    // Taken before the rings are drained: what was stamped earlier is in this round.
    uint64_t round_start = to_ns(c, il_stamp());
    for (ring *r = atomic_load_explicit(&registry, memory_order_acquire); r; r = r->next) {
        size_t start = c->count;
        *taken += drain_ring(c, r, &dropped);
        if (c->count > start) {
            if (c->run_count == MAX_RUNS) {
                // More threads recorded than runs: fold this run into the last (kept in order
                // below by the merge of what is left; rare enough to sort by insertion).
                c->runs[MAX_RUNS - 1].end = c->count;
            } else {
                c->runs[c->run_count++] = (run){start, c->count};
            }
        }
    }
    c->out.length = 0;
    // Each ring's run is in time order: a merge of the runs orders the batch.
    for (;;) {
        int best = -1;
        uint64_t best_time = UINT64_MAX;
        for (int i = 0; i < c->run_count; i++) {
            run *r = &c->runs[i];
            if (r->start < r->end && c->items[r->start].record.time < best_time) {
                best = i;
                best_time = c->items[r->start].record.time;
            }
        }
        if (best < 0) break;
        emit_resolved(c, &c->items[c->runs[best].start++]);
    }
    c->count = 0;
    uint64_t now = to_ns(c, il_stamp());
    pthread_mutex_lock(&notice_lock);
    for (int i = 0; i < notice_count; i++) {
        static uint64_t notice_key = 1;
        out_text(&c->out, now, notice_key++, IL_TEXT_NOTICE, notices[i], strlen(notices[i]));
        free(notices[i]);
    }
    notice_count = 0;
    pthread_mutex_unlock(&notice_lock);
    if (dropped) {
        il_record record = {.time = now, .a = dropped, .kind = IL_REC_DROPPED};
        out_record(&c->out, &record);
    }
    il_record clock = {.time = round_start, .kind = IL_REC_CLOCK};
    out_record(&c->out, &clock);
    return c->out.length == 0 || write_all(c->out.bytes, c->out.length);
}

static void *collector_main(void *unused) {
    (void)unused;
    collector c = {.ns_per_tick = 1.0};
    il_record hello = {.task = IL_WIRE_VERSION, .a = support_bits, .b = (uint64_t)getpid(), .c = start_ns, .kind = IL_REC_HELLO};
    out_record(&c.out, &hello);
    bool alive = write_all(c.out.bytes, c.out.length);
    unsigned idle_rounds = 0;
    while (alive) {
        bool last_round = atomic_load(&finish_requested);
        uint64_t taken = 0;
        alive = collect_once(&c, &taken);
        if (last_round) break;
        // Every 2 ms while records come in; backs off to 20 ms when the program is quiet.
        // A finish wakes it at once: the program's exit waits on this last round.
        idle_rounds = taken ? 0 : (idle_rounds < 9 ? idle_rounds + 1 : 9);
        struct timespec pause = {0, 2000000L * (1 + idle_rounds)};
        syscall(SYS_futex, &collector_wake, FUTEX_WAIT_PRIVATE, 0, &pause, NULL, 0);
    }
    if (!alive) atomic_store(&il_enabled, false);
    atomic_store(&finished, true);
    return NULL;
}

bool il_collector_start(int fd, uint64_t support) {
    socket_fd = fd;
    support_bits = support;
    il_use_cycles = clock_source_is_tsc();
    atomic_store_explicit(&il_stamps_per_ms, il_use_cycles ? 0 : 1000000, memory_order_relaxed);
    start_ns = il_monotonic_ns();
    start_cycles = il_stamp();
    if (pthread_key_create(&ring_key, ring_orphan) != 0) return false;
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
    bool started = pthread_create(&collector_thread, &attr, collector_main, NULL) == 0;
    pthread_attr_destroy(&attr);
    if (started) atomic_store(&il_enabled, true);
    return started;
}

void il_collector_forget(void) {
    atomic_store(&il_enabled, false);
    atomic_store(&finished, true);
    socket_fd = -1;
}

void il_collector_finish(void) {
    if (socket_fd < 0 || atomic_load(&finished)) return;
    atomic_store(&finish_requested, true);
    atomic_store(&collector_wake, 1);
    syscall(SYS_futex, &collector_wake, FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0);
    // The program's exit waits for the rest of its trace only while the reader keeps taking
    // it: half a second without progress (a reader stopped or gone), or ten in all, and it
    // goes on without it.
    uint64_t last = atomic_load(&bytes_written);
    for (int waited = 0, still = 0; waited < 10000 && still < 500 && !atomic_load(&finished); waited++) {
        struct timespec pause = {0, 1000000L};
        nanosleep(&pause, NULL);
        uint64_t now = atomic_load(&bytes_written);
        still = now == last ? still + 1 : 0;
        last = now;
    }
    atomic_store(&il_enabled, false);
}
