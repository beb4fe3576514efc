// ELF symbol tables of the loaded objects, read from their files: dladdr sees only the
// exported symbols, and the functions that tell why a task stopped (AsyncTask::waitFuture,
// flagAsAndEnqueueOnExecutor) and the partial functions that name a task's code are local.
// Used by the collector thread only, except il_symbols_load_runtime (the constructor).
#include "agent.h"
#include <dlfcn.h>
#include <elf.h>
#include <fcntl.h>
#include <link.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

typedef struct { uintptr_t start, end; const char *name; } function_symbol;

typedef struct {
    uintptr_t base;             // load bias of the object
    function_symbol *symbols;   // sorted by start
    size_t count;
    bool loaded;
} object_table;

enum { MAX_OBJECTS = 64 };
static object_table objects[MAX_OBJECTS];
static int object_count;
static object_table *runtime_table;

static int by_start(const void *x, const void *y) {
    const function_symbol *a = x, *b = y;
    return a->start < b->start ? -1 : a->start > b->start;
}

/// Reads the function symbols of the ELF file at `path` (mapped for good: names point into
/// it). Every offset is checked against the file's size before use.
static bool load_table(object_table *table, const char *path, uintptr_t base) {
    table->base = base;
    table->loaded = true;
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return false;
    struct stat st;
    if (fstat(fd, &st) != 0 || (size_t)st.st_size < sizeof(Elf64_Ehdr)) { close(fd); return false; }
    size_t size = (size_t)st.st_size;
    const char *map = mmap(NULL, size, PROT_READ, MAP_PRIVATE, fd, 0);
    close(fd);
    if (map == MAP_FAILED) return false;
    const Elf64_Ehdr *eh = (const Elf64_Ehdr *)map;
    if (memcmp(eh->e_ident, ELFMAG, SELFMAG) != 0 || eh->e_ident[EI_CLASS] != ELFCLASS64 ||
        eh->e_shoff == 0 || eh->e_shentsize != sizeof(Elf64_Shdr) ||
        eh->e_shoff > size || (size - eh->e_shoff) / sizeof(Elf64_Shdr) < eh->e_shnum) {
        munmap((void *)map, size);
        return false;
    }
    const Elf64_Shdr *sections = (const Elf64_Shdr *)(map + eh->e_shoff);
    const Elf64_Shdr *symtab = NULL;
    for (int pass = 0; pass < 2 && !symtab; pass++) {
        unsigned wanted = pass == 0 ? SHT_SYMTAB : SHT_DYNSYM;
        for (unsigned i = 0; i < eh->e_shnum; i++) if (sections[i].sh_type == wanted) { symtab = &sections[i]; break; }
    }
    if (!symtab || symtab->sh_link >= eh->e_shnum || symtab->sh_offset > size ||
        symtab->sh_size > size - symtab->sh_offset) {
        munmap((void *)map, size);
        return false;
    }
    const Elf64_Shdr *strtab = &sections[symtab->sh_link];
    if (strtab->sh_offset > size || strtab->sh_size > size - strtab->sh_offset) { munmap((void *)map, size); return false; }
    const Elf64_Sym *syms = (const Elf64_Sym *)(map + symtab->sh_offset);
    size_t n = symtab->sh_size / sizeof(Elf64_Sym);
    function_symbol *out = malloc((n ? n : 1) * sizeof *out);
    if (!out) { munmap((void *)map, size); return false; }
    size_t count = 0;
    for (size_t i = 0; i < n; i++) {
        // Functions, and objects: a task is created with an async function pointer, a record in data.
        unsigned type = ELF64_ST_TYPE(syms[i].st_info);
        if ((type != STT_FUNC && type != STT_OBJECT) || syms[i].st_value == 0) continue;
        if (syms[i].st_name >= strtab->sh_size) continue;
        const char *name = map + strtab->sh_offset + syms[i].st_name;
        if (!memchr(name, 0, strtab->sh_size - syms[i].st_name)) continue;
        uintptr_t start = base + syms[i].st_value;
        out[count++] = (function_symbol){start, start + (syms[i].st_size ? syms[i].st_size : 1), name};
    }
    qsort(out, count, sizeof *out, by_start);
    table->symbols = out;
    table->count = count;
    return true;
}

static const function_symbol *find(const object_table *table, uintptr_t address) {
    size_t low = 0, high = table->count;
    while (low < high) {
        size_t mid = (low + high) / 2;
        if (table->symbols[mid].start <= address) low = mid + 1; else high = mid;
    }
    if (low == 0) return NULL;
    const function_symbol *s = &table->symbols[low - 1];
    return address < s->end ? s : NULL;
}

bool il_symbols_load_runtime(const char *path, uintptr_t base) {
    if (object_count >= MAX_OBJECTS) return false;
    runtime_table = &objects[object_count++];
    return load_table(runtime_table, path, base) && runtime_table->count > 0;
}

uintptr_t il_runtime_symbol(const char *name) {
    if (!runtime_table) return 0;
    for (size_t i = 0; i < runtime_table->count; i++) {
        if (strcmp(runtime_table->symbols[i].name, name) == 0) return runtime_table->symbols[i].start;
    }
    return 0;
}

static bool has_prefix(const char *name, const char *prefix) { return strncmp(name, prefix, strlen(prefix)) == 0; }

static il_suspend_site classify(uintptr_t return_address) {
    if (!runtime_table) return IL_SITE_UNKNOWN;
    const function_symbol *s = find(runtime_table, return_address);
    if (!s) return IL_SITE_UNKNOWN;
    if (strcmp(s->name, "swift_continuation_await") == 0) return IL_SITE_CONTINUATION;
    if (has_prefix(s->name, "_ZN5swift9AsyncTask10waitFuture")) return IL_SITE_AWAIT_TASK;
    if (has_prefix(s->name, "swift_taskGroup_wait")) return IL_SITE_GROUP_NEXT;
    if (has_prefix(s->name, "_ZN5swift9AsyncTask26flagAsAndEnqueueOnExecutor")) return IL_SITE_ENQUEUE;
    if (strstr(s->name, "completeTask") || strstr(s->name, "completeFuture")) return IL_SITE_COMPLETED;
    return IL_SITE_UNKNOWN;
}

/// The few return addresses a program's slices end at, classified once each.
static struct { uintptr_t address; il_suspend_site site; } site_cache[1024];

il_suspend_site il_classify_site(uintptr_t return_address) {
    size_t slot = (return_address * 0x9E3779B97F4A7C15ull) >> 54;  // 10 bits
    if (site_cache[slot].address == return_address && return_address) return site_cache[slot].site;
    il_suspend_site site = classify(return_address);
    site_cache[slot].address = return_address;
    site_cache[slot].site = site;
    return site;
}

/// The table of the object holding `address`, read on first use.
static object_table *table_for(uintptr_t address) {
    Dl_info info;
    if (!dladdr((void *)address, &info) || !info.dli_fbase) return NULL;
    uintptr_t base = (uintptr_t)info.dli_fbase;
    for (int i = 0; i < object_count; i++) {
        // The runtime's table was given its load bias; others by their mapping address.
        if (objects[i].base == base || (&objects[i] == runtime_table && find(runtime_table, address))) return &objects[i];
    }
    if (object_count >= MAX_OBJECTS) return NULL;
    object_table *table = &objects[object_count++];
    // The main program's name is empty in dladdr's answer; its file is /proc/self/exe.
    const char *path = info.dli_fname && info.dli_fname[0] && strchr(info.dli_fname, '/') ? info.dli_fname : "/proc/self/exe";
    // dli_fbase is where the object's first segment is mapped; for a position-independent
    // object that is its load bias, and for a fixed-address executable the bias is zero.
    const Elf64_Ehdr *eh = (const Elf64_Ehdr *)base;
    uintptr_t bias = eh->e_type == ET_EXEC ? 0 : base;
    load_table(table, path, bias);
    table->base = base;
    return table;
}

static char *(*demangle)(const char *, size_t, char *, size_t *, uint32_t);

bool il_symbolize(uintptr_t address, char *out, size_t capacity) {
    object_table *table = table_for(address);
    const function_symbol *s = table ? find(table, address) : NULL;
    if (!s || capacity == 0) return false;
    const char *name = s->name;
    if (!demangle) demangle = (char *(*)(const char *, size_t, char *, size_t *, uint32_t))dlsym(RTLD_DEFAULT, "swift_demangle");
    char *readable = NULL;
    if (demangle && (has_prefix(name, "$s") || has_prefix(name, "_$s"))) readable = demangle(name, strlen(name), NULL, NULL, 0);
    const char *text = readable ? readable : name;
    size_t n = strlen(text);
    if (n >= capacity) n = capacity - 1;
    memcpy(out, text, n);
    out[n] = 0;
    free(readable);
    return true;
}
