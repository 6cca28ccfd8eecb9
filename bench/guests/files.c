// Rebuild: cd bench/guests && clang-19 --target=wasm32-wasi --sysroot=/usr -O2 -Wall -Wextra -Wl,--strip-debug -o files.wasm files.c
//
// Benchmark guest for file I/O and metadata through the runtime. Each mode
// times its own work with clock_gettime(CLOCK_MONOTONIC), so start-up is not
// counted, and prints one line of `name=value` pairs:
//
//   read PATH BUF      read PATH to EOF with read() calls of BUF bytes:
//                      `ms=T bytes=N sum=S`, S the sum of the bytes at file
//                      offsets that are multiples of 64 (so the data is used)
//   write PATH BUF MB  create PATH and write MB MiB to it with write() calls
//                      of BUF bytes (byte i of the file is i % 251), close it:
//                      `ms=T bytes=N`; then unlink PATH (not timed)
//   meta DIR N         in a new directory DIR/meta: create N empty files
//                      (open O_CREAT|O_EXCL, close), stat each, unlink each:
//                      `create_ms=T stat_ms=T unlink_ms=T files=N`
//   readdir DIR        list DIR once with opendir/readdir:
//                      `ms=T entries=N` (N without . and ..)
//   tree DIR D F       open, read to EOF and close DIR/dI/fJ for every I < D
//                      and J < F, each open in another directory than the
//                      last (as a compiler's includes or a search tool's
//                      walk), as the run's first path calls: `open_ms=T
//                      files=N`
//   fstat PATH N       open PATH, fstat() it N times (fd_filestat_get), close:
//                      `fstat_us=T` per call
//   calls PATH N       N calls of each, twice (the second time warm): fd_pread of 4 KiB from
//                      PATH (cycling over its first 4 MB), a zero-length fd_read,
//                      fd_fdstat_get and environ_sizes_get: `pread4k_ns=T read0_ns=T
//                      fdstat_ns=T environ_ns=T` per call, a line each time
//   stdio PATH N       through the C library's buffered streams: N lines of
//                      ~30 bytes fprintf'd to PATH (created), PATH read back
//                      with fread() of 3000-byte records, N lines printf'd
//                      to stdout (wasi-libc gives each flush and each refill
//                      two iovecs: its buffer and the caller's bytes); then
//                      `fprintf_ms=T fread_ms=T printf_ms=T lines=N`, and
//                      PATH unlinked (not timed)
//   curve PATH BUF     read PATH to EOF with read() calls of BUF bytes, as
//                      `read` but with no sum: `us=T T T ...`, the mean time
//                      of a call in each run of 256 calls (how a runtime
//                      warms up), then ` ms=T bytes=N`
//
// Exits 1 with a message on stderr if anything fails.
// Natively: gcc -O2 -o files files.c
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static double now_ms(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static void die(const char *what, const char *path) {
    perror(path ? path : what);
    exit(1);
}

static int do_read(const char *path, size_t bufsize) {
    unsigned char *buf = malloc(bufsize);
    if (!buf) die("malloc", NULL);
    double t0 = now_ms();
    int fd = open(path, O_RDONLY);
    if (fd < 0) die("open", path);
    unsigned long long total = 0, sum = 0;
    for (;;) {
        ssize_t n = read(fd, buf, bufsize);
        if (n < 0) die("read", path);
        if (n == 0) break;
        for (size_t k = (64 - total % 64) % 64; k < (size_t)n; k += 64) sum += buf[k];
        total += (unsigned long long)n;
    }
    close(fd);
    printf("ms=%.3f bytes=%llu sum=%llu\n", now_ms() - t0, total, sum);
    return 0;
}

static int do_write(const char *path, size_t bufsize, long mb) {
    unsigned char *pattern = malloc(bufsize + 251);
    if (!pattern) die("malloc", NULL);
    for (size_t i = 0; i < bufsize + 251; i++) pattern[i] = (unsigned char)(i % 251);
    unsigned long long want = (unsigned long long)mb << 20, total = 0;
    double t0 = now_ms();
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd < 0) die("open", path);
    while (total < want) {
        size_t n = want - total < bufsize ? (size_t)(want - total) : bufsize;
        ssize_t w = write(fd, pattern + total % 251, n);
        if (w <= 0) die("write", path);
        total += (unsigned long long)w;
    }
    if (close(fd) != 0) die("close", path);
    double ms = now_ms() - t0;
    if (unlink(path) != 0) die("unlink", path);
    printf("ms=%.3f bytes=%llu\n", ms, total);
    return 0;
}

static int do_meta(const char *dir, long n) {
    char base[4096], name[4200];
    snprintf(base, sizeof base, "%s/meta", dir);
    if (mkdir(base, 0755) != 0) die("mkdir", base);
    double t0 = now_ms();
    for (long i = 0; i < n; i++) {
        snprintf(name, sizeof name, "%s/f%06ld", base, i);
        int fd = open(name, O_WRONLY | O_CREAT | O_EXCL, 0644);
        if (fd < 0 || close(fd) != 0) die("create", name);
    }
    double t1 = now_ms();
    struct stat st;
    for (long i = 0; i < n; i++) {
        snprintf(name, sizeof name, "%s/f%06ld", base, i);
        if (stat(name, &st) != 0 || !S_ISREG(st.st_mode)) die("stat", name);
    }
    double t2 = now_ms();
    for (long i = 0; i < n; i++) {
        snprintf(name, sizeof name, "%s/f%06ld", base, i);
        if (unlink(name) != 0) die("unlink", name);
    }
    double t3 = now_ms();
    if (rmdir(base) != 0) die("rmdir", base);
    printf("create_ms=%.3f stat_ms=%.3f unlink_ms=%.3f files=%ld\n", t1 - t0, t2 - t1, t3 - t2, n);
    return 0;
}

static int do_stdio(const char *path, long n) {
    double t0 = now_ms();
    FILE *f = fopen(path, "w");
    if (!f) die("fopen", path);
    for (long i = 0; i < n; i++) fprintf(f, "line %ld of some output text\n", i);
    if (fclose(f) != 0) die("fclose", path);
    double t1 = now_ms();
    f = fopen(path, "r");
    if (!f) die("fopen", path);
    char rec[3000];
    size_t got, total = 0;
    while ((got = fread(rec, 1, sizeof rec, f)) > 0) total += got;
    if (ferror(f) || fclose(f) != 0) die("fread", path);
    double t2 = now_ms();
    for (long i = 0; i < n; i++) printf("line %ld of some output text\n", i);
    if (fflush(stdout) != 0) die("printf", "stdout");
    double t3 = now_ms();
    if (unlink(path) != 0) die("unlink", path);
    if (total == 0) die("fread", "nothing read");
    printf("fprintf_ms=%.3f fread_ms=%.3f printf_ms=%.3f lines=%ld\n", t1 - t0, t2 - t1, t3 - t2, n);
    return 0;
}

static int do_tree(const char *dir, long dirs, long files) {
    char name[4200], buf[4096];
    long n = 0;
    double t0 = now_ms();
    for (long f = 0; f < files; f++) {
        for (long d = 0; d < dirs; d++) {
            snprintf(name, sizeof name, "%s/d%ld/f%ld", dir, d, f);
            int fd = open(name, O_RDONLY);
            if (fd < 0) die("open", name);
            ssize_t r;
            while ((r = read(fd, buf, sizeof buf)) > 0) {}
            if (r < 0 || close(fd) != 0) die("read", name);
            n++;
        }
    }
    printf("open_ms=%.3f files=%ld\n", now_ms() - t0, n);
    return 0;
}

static int do_readdir(const char *dir) {
    double t0 = now_ms();
    DIR *d = opendir(dir);
    if (!d) die("opendir", dir);
    long entries = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0) entries++;
    }
    closedir(d);
    printf("ms=%.3f entries=%ld\n", now_ms() - t0, entries);
    return 0;
}

static int do_fstat(const char *path, long n) {
    int fd = open(path, O_RDONLY);
    if (fd < 0) die("open", path);
    struct stat st;
    double t0 = now_ms();
    for (long i = 0; i < n; i++) {
        if (fstat(fd, &st) != 0) die("fstat", path);
    }
    double t1 = now_ms();
    close(fd);
    printf("fstat_us=%.3f\n", (t1 - t0) * 1000 / (n > 0 ? n : 1));
    return 0;
}

static int do_curve(const char *path, size_t bufsize) {
    unsigned char *buf = malloc(bufsize);
    if (!buf) die("malloc", NULL);
    double t0 = now_ms(), last = t0;
    int fd = open(path, O_RDONLY);
    if (fd < 0) die("open", path);
    unsigned long long total = 0;
    long calls = 0;
    printf("us=");
    for (;;) {
        ssize_t n = read(fd, buf, bufsize);
        if (n < 0) die("read", path);
        if (n == 0) break;
        total += (unsigned long long)n;
        if (++calls % 256 == 0) {
            double t = now_ms();
            printf("%.1f ", (t - last) * 1000 / 256);
            last = t;
        }
    }
    close(fd);
    printf("ms=%.3f bytes=%llu\n", now_ms() - t0, total);
    return 0;
}

#ifdef __wasi__
#include <wasi/api.h>
static double now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e9 + ts.tv_nsec;
}

static int do_calls(const char *path, long n) {
    static unsigned char buf[4096];
    int fd = open(path, O_RDONLY);
    if (fd < 0 || n <= 0) die("open", path);
    __wasi_iovec_t iov = {buf, sizeof buf}, none = {buf, 0};
    __wasi_size_t got, count, size;
    __wasi_fdstat_t st;
    for (int round = 0; round < 2; round++) {
        double t0 = now_ns();
        for (long i = 0; i < n; i++) {
            if (__wasi_fd_pread(fd, &iov, 1, (__wasi_filesize_t)(i % 1024) * 4096, &got)) die("pread", path);
        }
        double t1 = now_ns();
        for (long i = 0; i < n; i++) {
            if (__wasi_fd_read(fd, &none, 1, &got)) die("read", path);
        }
        double t2 = now_ns();
        for (long i = 0; i < n; i++) {
            if (__wasi_fd_fdstat_get(fd, &st)) die("fdstat", path);
        }
        double t3 = now_ns();
        for (long i = 0; i < n; i++) {
            if (__wasi_environ_sizes_get(&count, &size)) die("environ", NULL);
        }
        double t4 = now_ns();
        printf("pread4k_ns=%.0f read0_ns=%.0f fdstat_ns=%.0f environ_ns=%.0f\n", (t1 - t0) / n,
               (t2 - t1) / n, (t3 - t2) / n, (t4 - t3) / n);
    }
    close(fd);
    return 0;
}
#endif

int main(int argc, char **argv) {
    const char *mode = argc > 1 ? argv[1] : "";
    if (strcmp(mode, "read") == 0 && argc == 4) return do_read(argv[2], strtoul(argv[3], NULL, 10));
    if (strcmp(mode, "write") == 0 && argc == 5) {
        return do_write(argv[2], strtoul(argv[3], NULL, 10), strtol(argv[4], NULL, 10));
    }
    if (strcmp(mode, "meta") == 0 && argc == 4) return do_meta(argv[2], strtol(argv[3], NULL, 10));
    if (strcmp(mode, "readdir") == 0 && argc == 3) return do_readdir(argv[2]);
#ifdef __wasi__
    if (strcmp(mode, "calls") == 0 && argc == 4) return do_calls(argv[2], strtol(argv[3], NULL, 10));
#endif
    if (strcmp(mode, "curve") == 0 && argc == 4) return do_curve(argv[2], strtoul(argv[3], NULL, 10));
    if (strcmp(mode, "fstat") == 0 && argc == 4) return do_fstat(argv[2], strtol(argv[3], NULL, 10));
    if (strcmp(mode, "stdio") == 0 && argc == 4) return do_stdio(argv[2], strtol(argv[3], NULL, 10));
    if (strcmp(mode, "tree") == 0 && argc == 5) {
        return do_tree(argv[2], strtol(argv[3], NULL, 10), strtol(argv[4], NULL, 10));
    }
    fprintf(stderr, "usage: files read PATH BUF | curve PATH BUF | calls PATH N | write PATH BUF MB | meta DIR N | readdir DIR | tree DIR D F | fstat PATH N | stdio PATH N\n");
    return 2;
}
