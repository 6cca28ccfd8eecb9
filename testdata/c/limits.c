// Rebuild: cd testdata/c && clang-19 --target=wasm32-wasi --sysroot=/usr -O2 -Wall -Wextra -Wl,--strip-debug -o limits.wasm limits.c
//
// Counts and sizes no POSIX call accepts, each answered at once with the
// errno a POSIX system gives (WASI numbers: 28 EINVAL, 37 ENAMETOOLONG),
// never by allocating or looping in proportion to them. Prints one line per
// call, `NAME=<errno>`, to stdout at the end.
//
// Usage: limits.wasm [sizes], run with a scratch directory preopened at fd 3;
// "sizes" tries file sizes past the host's limit instead.
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define WASI(name) __attribute__((__import_module__("wasi_snapshot_preview1"), __import_name__(#name)))

typedef struct { void *buf; uint32_t len; } iovec;

int32_t raw_fd_write(int32_t fd, const iovec *iovs, uint32_t n, uint32_t *out) WASI(fd_write);
int32_t raw_fd_read(int32_t fd, const iovec *iovs, uint32_t n, uint32_t *out) WASI(fd_read);
int32_t raw_fd_pwrite(int32_t fd, const iovec *iovs, uint32_t n, uint64_t off, uint32_t *out)
    WASI(fd_pwrite);
int32_t raw_fd_pread(int32_t fd, const iovec *iovs, uint32_t n, uint64_t off, uint32_t *out)
    WASI(fd_pread);
int32_t raw_poll_oneoff(const void *in, void *out, uint32_t n, uint32_t *nevents) WASI(poll_oneoff);
int32_t raw_path_open(int32_t fd, int32_t dirflags, const char *path, size_t len, int32_t oflags,
                      int64_t base, int64_t inheriting, int32_t fdflags, uint32_t *out) WASI(path_open);
int32_t raw_path_create_directory(int32_t fd, const char *path, size_t len) WASI(path_create_directory);
int32_t raw_fd_readdir(int32_t fd, void *buf, uint32_t len, uint64_t cookie, uint32_t *used)
    WASI(fd_readdir);
int32_t raw_fd_filestat_set_size(int32_t fd, uint64_t size) WASI(fd_filestat_set_size);
int32_t raw_fd_allocate(int32_t fd, uint64_t offset, uint64_t len) WASI(fd_allocate);

enum { PREOPEN = 3, CREAT = 1, SUB_SIZE = 48, EVENT_SIZE = 32 };
static const int64_t ALL = (1LL << 30) - 1;

static char report_buf[4096];
static size_t report_len;

static void report(const char *name, int32_t e) {
    report_len += snprintf(report_buf + report_len, sizeof report_buf - report_len, "%s=%d\n", name, e);
}

static void sizes(void);

int main(int argc, char **argv) {
    if (argc > 1 && strcmp(argv[1], "sizes") == 0) {
        sizes();
        fwrite(report_buf, 1, report_len, stdout);
        return 0;
    }
    uint32_t n = 0;
    // 50 million iovecs inside guest memory (400 MB): before IOV_MAX, this
    // built 50 million views on the host.
    const uint32_t huge = 50 * 1000 * 1000;
    iovec *many = calloc(huge, sizeof(iovec));
    if (!many) return 99;
    report("fd_write_50M", raw_fd_write(1, many, huge, &n));
    report("fd_read_50M", raw_fd_read(0, many, huge, &n));
    static char x = 'x';
    for (int i = 0; i < 1025; i++) many[i] = (iovec){&x, 0};
    many[0].len = 0;
    report("fd_write_1024", raw_fd_write(1, many, 1024, &n)); // 1024 empty buffers: fine
    report("fd_write_1025", raw_fd_write(1, many, 1025, &n));
    report("fd_read_1025", raw_fd_read(0, many, 1025, &n));
    uint32_t file;
    report("open", raw_path_open(PREOPEN, 0, "f", 1, CREAT, ALL, ALL, 0, &file));
    report("fd_pwrite_1025", raw_fd_pwrite(file, many, 1025, 0, &n));
    report("fd_pread_1025", raw_fd_pread(file, many, 1025, 0, &n));
    report("fd_pwrite_1024", raw_fd_pwrite(file, many, 1024, 0, &n));

    // poll_oneoff: 65,536 clock subscriptions that are due at once are fine;
    // one more is EINVAL, as Linux's poll answers above RLIMIT_NOFILE.
    uint32_t subs = 65537;
    uint8_t *in = calloc(subs, SUB_SIZE), *out = calloc(subs, EVENT_SIZE);
    for (uint32_t i = 0; i < subs; i++) in[i * SUB_SIZE + 16] = 1; // clock MONOTONIC, timeout 0
    uint32_t nevents = 0;
    report("poll_65536", raw_poll_oneoff(in, out, subs - 1, &nevents));
    report("poll_65536_events", (int32_t)nevents == 65536 ? 0 : -1);
    report("poll_65537", raw_poll_oneoff(in, out, subs, &nevents));
    report("poll_huge", raw_poll_oneoff(in, out, 0xFFFFFFFFu, &nevents));

    // Paths: 4095 bytes ("./" repeated, then ".") name the preopen itself;
    // 4096 bytes are ENAMETOOLONG (Linux's PATH_MAX counts the NUL).
    char *path = malloc(8192);
    for (int i = 0; i < 8192; i += 2) path[i] = '.', path[i + 1] = '/';
    path[4094] = '.';
    uint32_t dir;
    report("path_4095", raw_path_open(PREOPEN, 0, path, 4095, 0, 0, ALL, 0, &dir));
    report("path_4096", raw_path_open(PREOPEN, 0, path, 4096, 0, 0, ALL, 0, &dir));
    report("mkdir_huge", raw_path_create_directory(PREOPEN, path, 0x7FFFFFFF));

    // fd_readdir into the whole 400 MB: answers with what the entries need.
    uint32_t used = 0;
    report("readdir_400M", raw_fd_readdir(PREOPEN, many, huge * sizeof(iovec), 0, &used));
    report("readdir_used_small", used > 0 && used < 1024 ? 0 : -1);

    fwrite(report_buf, 1, report_len, stdout);
    return 0;
}

// File sizes past what the host's filesystem takes: EFBIG (22), or 0 on a
// filesystem that takes them (tmpfs), never an internal error; 2^63 and more
// is EINVAL (negative as an off_t). Found by the fuzzer (Deno said "File too
// large (os error 27)", Bun's node:fs refused lengths over 2^52).
static void sizes(void) {
    uint32_t file, n;
    report("open", raw_path_open(PREOPEN, 0, "big", 3, CREAT, ALL, ALL, 0, &file));
    static const uint64_t BIG[] = {1ull << 44, 1ull << 52, (1ull << 52) + 1, 1ull << 62};
    int32_t big_ok = 1;
    for (int i = 0; i < 4; i++) {
        int32_t a = raw_fd_filestat_set_size(file, BIG[i]), b = raw_fd_allocate(file, 1, BIG[i]);
        static iovec one = {"x", 1};
        int32_t c = raw_fd_pwrite(file, &one, 1, BIG[i], &n);
        big_ok &= (a == 0 || a == 22) && (b == 0 || b == 22) && (c == 0 || c == 22);
        raw_fd_filestat_set_size(file, 0);
    }
    report("sizes_past_the_limit_ok", big_ok ? 0 : -1);
    report("set_size_2^63", raw_fd_filestat_set_size(file, 1ull << 63));
    // A transfer that would end past 2^63 - 1 is EINVAL, as Linux's pread and
    // pwrite answer (rw_verify_area); ending exactly there is not.
    static char buf[2];
    static iovec two = {buf, 2}, one = {buf, 1};
    report("pread_2^63-1", raw_fd_pread(file, &two, 1, (1ull << 63) - 1, &n));
    report("pwrite_2^63-2", raw_fd_pwrite(file, &two, 1, (1ull << 63) - 2, &n));
    report("pread_2^63-2_one", raw_fd_pread(file, &one, 1, (1ull << 63) - 2, &n));
}
