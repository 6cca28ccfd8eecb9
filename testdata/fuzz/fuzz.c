// Rebuild: cd testdata/fuzz && clang-19 --target=wasm32-wasi --sysroot=/usr -O2 -Wall -Wextra -Wl,--strip-debug -o fuzz.wasm fuzz.c
//
// A hostile guest that, from a seed, calls every preview1 import with random
// and boundary arguments: pointers and lengths in bounds, across the end of
// memory, far out of it and overlapping each other; fds it opened, closed and
// renumbered, and random numbers; random flags, rights, whence values and
// clock ids; paths with "..", absolute ones, long ones, NUL bytes and bytes
// that are not UTF-8, inside the scratch directory preopened at fd 3.
//
// Usage: fuzz.wasm SEED [CALLS [LISTENER]], with a scratch directory
// preopened at fd 3 and stdin at EOF (/dev/null or a closed pipe). With
// LISTENER (the fd of a --listen socket), it first accepts two connections
// that send a little and half-close, and fuzzes them too. It never writes to
// fds 1 and 2, never closes or renumbers fd 3 or the listener and keeps the
// listener non-blocking; at the end it prints one line to stdout:
//
//   fuzz seed=SEED calls=CALLS ok=N hash=HHHHHHHHHHHHHHHH
//
// where N counts the calls that answered 0 and the hash is FNV-1a over the
// errno of every call whose result does not depend on timing. Anything else
// on stdout means a call wrote where it must not.
//
// The guest's own data lives below its arena; the arena is the last part of
// memory, so "a pointer in the arena with a length past its end" is a pointer
// across the end of memory. Pointers outside the arena are either 0 with a
// length under 1024 (unused memory below the stack) or out of bounds.
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define WASI(name) __attribute__((__import_module__("wasi_snapshot_preview1"), __import_name__(#name)))

typedef int32_t i32;
typedef int64_t i64;

i32 w_args_get(i32, i32) WASI(args_get);
i32 w_args_sizes_get(i32, i32) WASI(args_sizes_get);
i32 w_environ_get(i32, i32) WASI(environ_get);
i32 w_environ_sizes_get(i32, i32) WASI(environ_sizes_get);
i32 w_clock_res_get(i32, i32) WASI(clock_res_get);
i32 w_clock_time_get(i32, i64, i32) WASI(clock_time_get);
i32 w_fd_advise(i32, i64, i64, i32) WASI(fd_advise);
i32 w_fd_allocate(i32, i64, i64) WASI(fd_allocate);
i32 w_fd_close(i32) WASI(fd_close);
i32 w_fd_datasync(i32) WASI(fd_datasync);
i32 w_fd_fdstat_get(i32, i32) WASI(fd_fdstat_get);
i32 w_fd_fdstat_set_flags(i32, i32) WASI(fd_fdstat_set_flags);
i32 w_fd_fdstat_set_rights(i32, i64, i64) WASI(fd_fdstat_set_rights);
i32 w_fd_filestat_get(i32, i32) WASI(fd_filestat_get);
i32 w_fd_filestat_set_size(i32, i64) WASI(fd_filestat_set_size);
i32 w_fd_filestat_set_times(i32, i64, i64, i32) WASI(fd_filestat_set_times);
i32 w_fd_pread(i32, i32, i32, i64, i32) WASI(fd_pread);
i32 w_fd_prestat_get(i32, i32) WASI(fd_prestat_get);
i32 w_fd_prestat_dir_name(i32, i32, i32) WASI(fd_prestat_dir_name);
i32 w_fd_pwrite(i32, i32, i32, i64, i32) WASI(fd_pwrite);
i32 w_fd_read(i32, i32, i32, i32) WASI(fd_read);
i32 w_fd_readdir(i32, i32, i32, i64, i32) WASI(fd_readdir);
i32 w_fd_renumber(i32, i32) WASI(fd_renumber);
i32 w_fd_seek(i32, i64, i32, i32) WASI(fd_seek);
i32 w_fd_sync(i32) WASI(fd_sync);
i32 w_fd_tell(i32, i32) WASI(fd_tell);
i32 w_fd_write(i32, i32, i32, i32) WASI(fd_write);
i32 w_path_create_directory(i32, i32, i32) WASI(path_create_directory);
i32 w_path_filestat_get(i32, i32, i32, i32, i32) WASI(path_filestat_get);
i32 w_path_filestat_set_times(i32, i32, i32, i32, i64, i64, i32) WASI(path_filestat_set_times);
i32 w_path_link(i32, i32, i32, i32, i32, i32, i32) WASI(path_link);
i32 w_path_open(i32, i32, i32, i32, i32, i64, i64, i32, i32) WASI(path_open);
i32 w_path_readlink(i32, i32, i32, i32, i32, i32) WASI(path_readlink);
i32 w_path_remove_directory(i32, i32, i32) WASI(path_remove_directory);
i32 w_path_rename(i32, i32, i32, i32, i32, i32) WASI(path_rename);
i32 w_path_symlink(i32, i32, i32, i32, i32) WASI(path_symlink);
i32 w_path_unlink_file(i32, i32, i32) WASI(path_unlink_file);
i32 w_poll_oneoff(i32, i32, i32, i32) WASI(poll_oneoff);
void w_proc_exit(i32) WASI(proc_exit);
i32 w_proc_raise(i32) WASI(proc_raise);
i32 w_sched_yield(void) WASI(sched_yield);
i32 w_random_get(i32, i32) WASI(random_get);
i32 w_sock_accept(i32, i32, i32) WASI(sock_accept);
i32 w_sock_recv(i32, i32, i32, i32, i32, i32) WASI(sock_recv);
i32 w_sock_send(i32, i32, i32, i32, i32) WASI(sock_send);
i32 w_sock_shutdown(i32, i32) WASI(sock_shutdown);

enum { PREOPEN = 3, ARENA_PAGES = 16, MAX_FDS = 24, SUB_SIZE = 48, EVENT_SIZE = 32 };

// --- randomness ---------------------------------------------------------------

static uint64_t state;

static uint64_t next(void) { // splitmix64
    uint64_t z = (state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}
static uint32_t below(uint32_t n) { return n ? (uint32_t)(next() % n) : 0; }
static int chance(uint32_t percent) { return below(100) < percent; }

// --- memory: an arena at the end of memory -------------------------------------

static uint32_t arena, arena_size;

static uint32_t mem_end(void) { return (uint32_t)__builtin_wasm_memory_size(0) * 65536u; }

/** A length: mostly small, sometimes at a boundary or huge. */
static uint32_t rlen(uint32_t typical) {
    switch (below(12)) {
    case 0: return 0;
    case 1: return 1;
    case 2: return arena_size;
    case 3: return arena_size + 1;
    case 4: return 0xFFFFFFFFu - below(8);
    case 5: return 0x80000000u;
    default: return below(typical + 1);
    }
}

/**
 * A pointer to `len` bytes: mostly inside the arena, sometimes across the end
 * of memory, past it, or 0 (for short lengths only: below the stack).
 */
static uint32_t rptr(uint32_t len) {
    uint32_t end = mem_end();
    switch (below(16)) {
    case 0: return 0xFFFFFFFFu - below(64);
    case 1: return end - (len ? below(len) : 0); // crosses the end unless len is 0
    case 2: return end + below(4096);
    case 3: return len <= 1024 ? 0 : arena;
    default: return len > arena_size ? arena + below(arena_size) : arena + below(arena_size - len + 1);
    }
}

/** Whether `len` bytes at `ptr` are all inside the arena (the guest may touch them). */
static int in_arena(uint32_t ptr, uint32_t len) {
    return ptr >= arena && ptr <= arena + arena_size && len <= arena + arena_size - ptr;
}

/** Whether the guest may write `len` bytes at `ptr`: the arena, or the unused memory below 1024. */
static int touchable(uint32_t ptr, uint32_t len) {
    return in_arena(ptr, len) || (ptr < 1024 && len <= 1024 - ptr);
}

/** Random bytes into part of the arena. */
static void scribble(uint32_t ptr, uint32_t len) {
    if (!touchable(ptr, len)) return;
    for (uint32_t i = 0; i < len; i++) ((uint8_t *)(uintptr_t)ptr)[i] = (uint8_t)next();
}

/** A ciovec/iovec array in the arena naming buffers (some of them bad). */
static void iovecs(uint32_t *ptr, uint32_t *count, uint32_t typical) {
    uint32_t n;
    switch (below(10)) {
    case 0: n = 0; break;
    case 1: n = 1024; break;
    case 2: n = 1025; break;
    case 3: n = 0xFFFFFFFFu - below(4); break;
    case 4: n = 0x20000000u; break;
    default: n = 1 + below(8);
    }
    *count = n;
    uint32_t real = n <= 1024 ? n : 8;
    *ptr = rptr(real * 8);
    if (!touchable(*ptr, real * 8)) return;
    uint32_t *v = (uint32_t *)(uintptr_t)*ptr;
    for (uint32_t i = 0; i < real; i++) {
        uint32_t len = chance(90) ? below(typical + 1) : rlen(typical);
        // Some buffers overlap the iovec array itself (in the arena only: the
        // buffer runs on past the array, which below 1024 would be our data).
        v[2 * i] = in_arena(*ptr, real * 8) && chance(10) ? *ptr + below(real * 8) : rptr(len);
        v[2 * i + 1] = len;
    }
}

// --- fds ------------------------------------------------------------------------

static i32 fds[MAX_FDS];
static uint32_t nfds;
/** A preopened TCP listener (argv[3]), kept non-blocking and never closed; -1 without. */
static i32 listener = -1;

static void remember(i32 fd) {
    for (uint32_t i = 0; i < nfds; i++) if (fds[i] == fd) return;
    if (nfds < MAX_FDS) fds[nfds++] = fd;
}
static void forget(i32 fd) {
    for (uint32_t i = 0; i < nfds; i++) {
        if (fds[i] == fd) {
            fds[i] = fds[--nfds];
            return;
        }
    }
}

/** Never 1 or 2 (our stdout and stderr); never 3 (the preopen) when `protect`. */
static i32 rfd(int protect) {
    i32 fd;
    switch (below(10)) {
    case 0: fd = (i32)below(40); break;
    case 1: fd = (i32)next(); break;
    default: fd = nfds ? fds[below(nfds)] : 0;
    }
    if (fd == 1 || fd == 2 || (protect && (fd == PREOPEN || fd == listener))) fd = protect ? 0 : PREOPEN;
    return fd;
}

/** A directory fd for path calls: mostly the preopen. */
static i32 dfd(void) { return chance(50) ? PREOPEN : rfd(0); }

// --- paths -------------------------------------------------------------------

static const char *const PARTS[] = {
    "a", "b", "c", "d", "sub", "sub/deeper", "..", ".", "", "f.txt", "link", "é", "x y",
    "/", "//", "/etc", "/tmp", "\xff\xfe", "\xc3\x28", "nul\0byte", "../..", "../outside",
};

static void rname(uint32_t *ptr, uint32_t *len);

/** Writes a path into the arena; returns its pointer and length in `*ptr`, `*len`. */
static void rpath(uint32_t *ptr, uint32_t *len) {
    static char buf[8192];
    uint32_t n = 0;
    if (chance(40)) {
        rname(ptr, len);
        return;
    }
    if (chance(3)) { // long: around PATH_MAX, or one long component
        uint32_t target = chance(50) ? 4090 + below(12) : 250 + below(12);
        int dots = chance(50);
        for (; n < target; n++) buf[n] = dots ? (n % 2 ? '/' : '.') : 'z';
    } else {
        uint32_t parts = below(5);
        if (chance(5)) buf[n++] = '/';
        for (uint32_t i = 0; i < parts; i++) {
            const char *p = PARTS[below(sizeof PARTS / sizeof *PARTS)];
            size_t l = strncmp(p, "nul", 3) == 0 ? 8 : strlen(p); // keep the NUL
            memcpy(buf + n, p, l);
            n += l;
            if (i + 1 < parts) buf[n++] = '/';
        }
        if (chance(5)) buf[n++] = '/';
    }
    uint32_t p = rptr(n);
    if (touchable(p, n)) memcpy((void *)(uintptr_t)p, buf, n);
    *ptr = p;
    *len = chance(95) ? n : rlen(64);
    // A length past the path reads our own bytes, not what a host call left
    // there (times, random bytes): the run stays the same on every runtime.
    uint32_t ours = touchable(p, n) ? n : 0;
    if (*len > ours && touchable(p, *len)) scribble(p + ours, *len - ours);
}

// --- numbers -------------------------------------------------------------------

static uint64_t r64(void) {
    switch (below(8)) {
    case 0: return 0;
    case 1: return ~0ull - below(4);
    case 2: return 1ull << 63;
    case 3: return (1ull << 63) - 1;
    case 4: return next();
    case 5: return 1ull << (32 + below(30)); // sparse but not absurd
    default: return below(1 << 16);
    }
}
static uint32_t rflags(uint32_t known) { return chance(80) ? (uint32_t)next() & known : (uint32_t)next(); }
static uint64_t rrights(void) {
    switch (below(4)) {
    case 0: return 0;
    case 1: return (1ull << 29) - 1;
    case 2: return next();
    default: return next() & ((1ull << 30) - 1);
    }
}

// --- the calls ---------------------------------------------------------------

static uint64_t hash = 0xcbf29ce484222325ull;
static uint32_t ok;

static void note(uint32_t call, i32 err, int timing) {
    if (err == 0) ok++;
    if (timing) return;
    uint32_t v[2] = {call, (uint32_t)err};
    for (int i = 0; i < 8; i++) hash = (hash ^ ((uint8_t *)v)[i]) * 0x100000001b3ull;
}

/** An out pointer (4 or 8 bytes) that may overlap other arguments. */
static uint32_t rout(uint32_t len, uint32_t near) {
    if (near && chance(15)) return near;
    return rptr(len);
}

/** A simple name that exists or may be created, in the arena. */
static void rname(uint32_t *ptr, uint32_t *len) {
    static const char *const NAMES[] = {"a", "b", "c", "d", "f.txt", "sub", "sub/deeper", "a/e", "x y", "é"};
    const char *name = NAMES[below(sizeof NAMES / sizeof *NAMES)];
    *len = strlen(name);
    *ptr = arena + below(arena_size - *len);
    memcpy((void *)(uintptr_t)*ptr, name, *len);
}

static void open_one(void) {
    uint32_t path, len;
    uint32_t out = rptr(4);
    i32 err;
    if (chance(60)) { // well-formed, so that files and directories really get opened
        static const uint32_t OFLAGS[] = {0, 1, 1 | 8, 2, 1 | 4, 0, 1};
        static const uint32_t FDFLAGS[] = {0, 0, 1, 4, 16};
        rname(&path, &len);
        out = arena + below(arena_size - 4);
        err = w_path_open(chance(80) ? PREOPEN : rfd(0), chance(50), path, len, OFLAGS[below(7)],
                          (1ll << 29) - 1, (1ll << 29) - 1, FDFLAGS[below(5)], out);
    } else {
        rpath(&path, &len);
        uint32_t oflags = chance(70) ? (uint32_t)below(16) : (uint32_t)next();
        err = w_path_open(rfd(0), rflags(1), path, len, oflags, rrights(), rrights(), rflags(31), out);
    }
    note(31, err, 0);
    if (err == 0 && in_arena(out, 4)) {
        i32 fd = *(i32 *)(uintptr_t)out;
        if (nfds >= MAX_FDS) { // keep the host's fd count bounded
            i32 victim = fds[below(nfds)];
            if (victim != 0 && victim != PREOPEN) w_fd_close(victim), forget(victim);
        }
        remember(fd);
    }
}

static void one_call(void) {
    uint32_t a, b, c, d;
    i32 e;
    uint32_t which = below(46);
    switch (which) {
    case 0: e = w_args_get(rptr(16), rptr(64)); break;
    case 1: e = w_args_sizes_get(rout(4, 0), rout(4, 0)); break;
    case 2: e = w_environ_get(rptr(16), rptr(64)); break;
    case 3: e = w_environ_sizes_get(rout(4, 0), rout(4, 0)); break;
    case 4: e = w_clock_res_get(chance(80) ? below(5) : (i32)next(), rout(8, 0)); break;
    case 5: e = w_clock_time_get(chance(80) ? below(5) : (i32)next(), r64(), rout(8, 0)); break;
    case 6: e = w_fd_advise(rfd(0), r64(), r64(), chance(80) ? below(7) : (i32)next()); break;
    case 7: {
        uint64_t len = chance(80) ? below(1 << 20) : r64();
        e = w_fd_allocate(rfd(0), chance(80) ? below(1 << 20) : r64(), len);
        break;
    }
    case 8: {
        i32 fd = rfd(1);
        e = w_fd_close(fd);
        if (e == 0) forget(fd);
        break;
    }
    case 9: e = chance(10) ? w_fd_datasync(rfd(0)) : -1; break;
    case 10: e = w_fd_fdstat_get(rfd(0), rptr(24)); break;
    case 11: { // a blocking listener would wait for a connection that never comes
        i32 fd = rfd(0);
        e = w_fd_fdstat_set_flags(fd, rflags(31) | (fd == listener ? 4 : 0));
        break;
    }
    case 12: e = w_fd_fdstat_set_rights(rfd(1), rrights(), rrights()); break;
    case 13: e = w_fd_filestat_get(rfd(0), rptr(64)); break;
    case 14: e = w_fd_filestat_set_size(rfd(0), chance(70) ? below(1 << 16) : r64()); break;
    case 15: e = w_fd_filestat_set_times(rfd(0), r64(), r64(), rflags(15)); break;
    case 16:
        iovecs(&a, &b, 4096);
        e = w_fd_pread(rfd(0), a, b, r64(), rout(4, a));
        break;
    case 17: e = w_fd_prestat_get(rfd(0), rptr(8)); break;
    case 18: c = rlen(64); e = w_fd_prestat_dir_name(rfd(0), rptr(c), c); break;
    case 19:
        iovecs(&a, &b, 4096);
        e = w_fd_pwrite(rfd(0), a, b, chance(80) ? below(1 << 20) : r64(), rout(4, a));
        break;
    case 20:
        iovecs(&a, &b, 4096);
        e = w_fd_read(rfd(0), a, b, rout(4, a));
        break;
    case 21:
        c = chance(80) ? below(4096) : rlen(4096);
        a = rptr(c);
        e = w_fd_readdir(rfd(0), a, c, chance(70) ? below(8) : r64(), rout(4, a));
        break;
    case 22: {
        i32 from = rfd(1), to = rfd(1);
        e = w_fd_renumber(from, to);
        if (e == 0 && from != to) forget(from), remember(to);
        break;
    }
    case 23: e = w_fd_seek(rfd(0), (i64)r64(), chance(80) ? below(4) : (i32)next(), rout(8, 0)); break;
    case 24: e = chance(10) ? w_fd_sync(rfd(0)) : -1; break;
    case 25: e = w_fd_tell(rfd(0), rout(8, 0)); break;
    case 26:
        iovecs(&a, &b, 4096);
        e = w_fd_write(rfd(0), a, b, rout(4, a));
        break;
    case 27: rpath(&a, &b); e = w_path_create_directory(dfd(), a, b); break;
    case 28: rpath(&a, &b); e = w_path_filestat_get(dfd(), rflags(1), a, b, rout(64, a)); break;
    case 29:
        rpath(&a, &b);
        e = w_path_filestat_set_times(dfd(), rflags(1), a, b, r64(), r64(), rflags(15));
        break;
    case 30:
        rpath(&a, &b);
        rpath(&c, &d);
        e = w_path_link(dfd(), rflags(1), a, b, dfd(), c, d);
        break;
    case 31: open_one(); return;
    case 32:
        rpath(&a, &b);
        c = chance(80) ? below(512) : rlen(512);
        d = rptr(c);
        e = w_path_readlink(dfd(), a, b, d, c, rout(4, d));
        break;
    case 33: rpath(&a, &b); e = w_path_remove_directory(dfd(), a, b); break;
    case 34:
        rpath(&a, &b);
        rpath(&c, &d);
        e = w_path_rename(dfd(), a, b, dfd(), c, d);
        break;
    case 35:
        rpath(&a, &b);
        rpath(&c, &d);
        e = w_path_symlink(a, b, dfd(), c, d);
        break;
    case 36: rpath(&a, &b); e = w_path_unlink_file(dfd(), a, b); break;
    case 37: { // poll_oneoff: always one clock of at most 1 ms, so it cannot wait long
        uint32_t n = chance(90) ? 1 + below(6) : (chance(50) ? 0 : 65537 + below(4));
        uint32_t real = n && n <= 6 ? n : 1;
        uint32_t in = rptr(real * SUB_SIZE);
        uint32_t out = chance(10) ? in : rptr(real * EVENT_SIZE); // overlapping in and out
        if (touchable(in, real * SUB_SIZE)) {
            uint8_t *s = (uint8_t *)(uintptr_t)in;
            scribble(in, real * SUB_SIZE);
            uint32_t clock = below(real);
            for (uint32_t i = 0; i < real; i++) {
                uint8_t *sub = s + i * SUB_SIZE;
                uint8_t tag = i == clock ? 0 : (chance(90) ? below(3) : (uint8_t)next());
                sub[8] = tag;
                if (tag == 0) {
                    uint32_t id = i == clock ? 1 : (chance(80) ? below(4) : (uint32_t)next());
                    uint64_t timeout = i == clock ? below(1000000) : r64();
                    uint16_t flags = i == clock ? 0 : (uint16_t)rflags(1);
                    if (id == 0 && (flags & 1)) timeout = 0; // absolute realtime: the past
                    if (id != 1 && id != 0 && i != clock) timeout = r64();
                    // An absolute monotonic time far ahead with no other ready
                    // subscription is fine: the clock subscription above is due soon.
                    memcpy(sub + 16, &id, 4);
                    memcpy(sub + 24, &timeout, 8);
                    memcpy(sub + 40, &flags, 2);
                } else if (tag == 1 || tag == 2) {
                    i32 fd = rfd(0);
                    memcpy(sub + 16, &fd, 4);
                }
            }
        }
        e = w_poll_oneoff(in, out, n, rout(4, out));
        note(37, e, 1);
        return;
    }
    case 38: e = w_sched_yield(); note(38, e, 1); return;
    case 39: c = chance(80) ? below(4096) : rlen(4096); e = w_random_get(rptr(c), c); break;
    case 40: e = w_sock_accept(rfd(0), rflags(4), rout(4, 0)); break;
    case 41:
        iovecs(&a, &b, 4096);
        e = w_sock_recv(rfd(0), a, b, rflags(3), rout(4, a), rout(2, a));
        break;
    case 42:
        iovecs(&a, &b, 4096);
        e = w_sock_send(rfd(0), a, b, rflags(0), rout(4, a));
        break;
    case 43: e = w_sock_shutdown(rfd(0), rflags(3)); break;
    case 44: e = w_proc_raise(chance(50) ? 0 : 31 + below(100)); break; // never a real signal
    default: open_one(); return; // 45: opening more often keeps the fd pool full
    }
    note(which, e, which == 4 || which == 5);
}

/**
 * Takes the harness's two connections before fuzzing (one blocking, one
 * not), waiting up to ~2 s for them: the fuzzing that follows then starts
 * from the same fds on every run.
 */
static void accept_clients(i32 fd) {
    listener = fd;
    remember(fd);
    static uint8_t sub[SUB_SIZE * 2], event[EVENT_SIZE * 2];
    memset(sub, 0, sizeof sub);
    uint64_t timeout = 10 * 1000 * 1000;
    uint32_t id = 1;
    memcpy(sub + 16, &id, 4), memcpy(sub + 24, &timeout, 8); // clock, 10 ms
    sub[SUB_SIZE + 8] = 1, memcpy(sub + SUB_SIZE + 16, &fd, 4); // fd_read on the listener
    int accepted = 0;
    for (int round = 0; round < 200 && accepted < 2; round++) {
        uint32_t conn, n;
        if (w_sock_accept(fd, accepted ? 4 : 0, (i32)(uintptr_t)&conn) == 0) {
            remember((i32)conn);
            accepted++;
        } else {
            w_poll_oneoff((i32)(uintptr_t)sub, (i32)(uintptr_t)event, 2, (i32)(uintptr_t)&n);
        }
    }
}

// --- output ------------------------------------------------------------------

static char line[128];
static uint32_t line_len;

static void put(const char *s) { while (*s) line[line_len++] = *s++; }
static void put_u64(uint64_t v) {
    char tmp[24];
    int n = 0;
    do tmp[n++] = (char)('0' + v % 10), v /= 10; while (v);
    while (n) line[line_len++] = tmp[--n];
}
static void put_hex(uint64_t v) {
    for (int i = 60; i >= 0; i -= 4) line[line_len++] = "0123456789abcdef"[(v >> i) & 15];
}

int main(int argc, char **argv) {
    uint64_t seed = argc > 1 ? strtoull(argv[1], 0, 10) : 1;
    uint32_t calls = argc > 2 ? (uint32_t)strtoul(argv[2], 0, 10) : 20000;
    state = seed;
    uint32_t pages = (uint32_t)__builtin_wasm_memory_grow(0, ARENA_PAGES);
    if (pages == 0xFFFFFFFFu) return 99;
    arena = pages * 65536u;
    arena_size = ARENA_PAGES * 65536u;
    scribble(arena, arena_size);
    fds[nfds++] = 0;
    fds[nfds++] = PREOPEN;
    if (argc > 3) accept_clients((i32)strtol(argv[3], 0, 10));
    for (uint32_t i = 0; i < calls; i++) one_call();

    put("fuzz seed=");
    put_u64(seed);
    put(" calls=");
    put_u64(calls);
    put(" ok=");
    put_u64(ok);
    put(" hash=");
    put_hex(hash);
    put("\n");
    static uint32_t iov[2], written;
    for (uint32_t off = 0; off < line_len; off += written) {
        iov[0] = (uint32_t)(uintptr_t)(line + off);
        iov[1] = line_len - off;
        if (w_fd_write(1, (i32)(uintptr_t)iov, 1, (i32)(uintptr_t)&written) != 0) return 98;
    }
    return 0;
}
