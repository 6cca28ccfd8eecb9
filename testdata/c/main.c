// Rebuild: cd testdata/c && clang-19 --target=wasm32-wasi --sysroot=/usr -O2 -Wall -Wextra -Wl,--strip-debug -o main.wasm main.c
//
// Guest program for wasirun's tests. argv[1] selects a mode; see
// testdata/README.md for the contract shared with ../go/main.go and
// ../rust/main.rs (same modes, byte-identical stdout). The modes fdstat,
// preopens and close-stdout call the raw WASI functions of <wasi/api.h>.
// Natively (gcc main.c) those modes use POSIX stand-ins, see each one.
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <poll.h>
#include <sys/select.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#ifdef __wasi__
#include <wasi/api.h>
#else
#include <sys/random.h>
#include <sys/stat.h>
#endif

extern char **environ;

static int g_argc;
static char **g_argv;

static const char *str_arg(void) {
    if (g_argc < 3) {
        fprintf(stderr, "missing argument for %s\n", g_argv[1]);
        exit(2);
    }
    return g_argv[2];
}

// Decimal of 1..9 ASCII digits only (no sign, no spaces), the same rule
// in all three languages.
static int num_arg(void) {
    const char *s = str_arg();
    size_t len = strlen(s);
    int n = 0;
    for (size_t i = 0; i < len; i++) {
        if (s[i] < '0' || s[i] > '9') { len = 0; break; }
        n = n * 10 + (s[i] - '0');
    }
    if (len == 0 || len > 9) {
        fprintf(stderr, "bad number: %s\n", s);
        exit(2);
    }
    return n;
}

static void fail(const char *what) {
    fprintf(stderr, "error: %s: %s\n", what, strerror(errno));
    exit(1);
}

static void write_all(int fd, const unsigned char *p, size_t n) {
    while (n > 0) {
        ssize_t w = write(fd, p, n);
        if (w < 0) {
            fprintf(stderr, "error: write: %s\n", strerror(errno));
            exit(1);
        }
        p += w;
        n -= (size_t)w;
    }
}

static unsigned char buf[64 * 1024];

// Reads fd 0 to EOF in 64 KiB reads, handing each chunk to fn.
static void read_stdin(void (*fn)(const unsigned char *, size_t)) {
    for (;;) {
        ssize_t n = read(0, buf, sizeof buf);
        if (n < 0) {
            fprintf(stderr, "error: read: %s\n", strerror(errno));
            exit(1);
        }
        if (n == 0) return;
        fn(buf, (size_t)n);
    }
}

static void to_stdout(const unsigned char *p, size_t n) { write_all(1, p, n); }

static uint64_t sum_bytes, fnv = 0xcbf29ce484222325ULL; // FNV-1a 64 offset basis
static void to_fnv(const unsigned char *p, size_t n) {
    sum_bytes += n;
    for (size_t i = 0; i < n; i++) {
        fnv ^= p[i];
        fnv *= 0x100000001b3ULL; // FNV-1a 64 prime
    }
}

// `stack`: recursion the optimiser can neither remove nor turn into a loop:
// the volatile stop value is never reached (n would have to wrap around
// 2^32) and the result is used after the call. Only wasm locals are used,
// so it is the engine's call stack that overflows, not the C shadow stack.
static volatile unsigned stop_at = 0, sink;
__attribute__((noinline)) static unsigned recurse(unsigned n) {
    if (n == stop_at) return 0;
    unsigned r = recurse(n + 1);
    sink = r;
    return r + n;
}

static const char *filetype_names[] = {
    "unknown", "block_device", "character_device", "directory",
    "regular_file", "socket_dgram", "socket_stream", "symbolic_link",
};

static void mode_fdstat(void) {
    for (int fd = 0; fd <= 2; fd++) {
#ifdef __wasi__
        __wasi_fdstat_t st;
        __wasi_errno_t err = __wasi_fd_fdstat_get((__wasi_fd_t)fd, &st);
        if (err != 0)
            printf("fd%d=errno:%u\n", fd, (unsigned)err);
        else if (st.fs_filetype < 8)
            printf("fd%d=%s\n", fd, filetype_names[st.fs_filetype]);
        else
            printf("fd%d=filetype:%u\n", fd, (unsigned)st.fs_filetype);
#else
        // Native stand-in: fstat's file type mapped to the WASI names;
        // errno is Linux's.
        struct stat st;
        int t = 0;
        if (fstat(fd, &st) != 0) {
            printf("fd%d=errno:%d\n", fd, errno);
            continue;
        }
        if (S_ISBLK(st.st_mode)) t = 1;
        else if (S_ISCHR(st.st_mode)) t = 2;
        else if (S_ISDIR(st.st_mode)) t = 3;
        else if (S_ISREG(st.st_mode)) t = 4;
        else if (S_ISSOCK(st.st_mode)) t = 6;
        else if (S_ISLNK(st.st_mode)) t = 7;
        printf("fd%d=%s\n", fd, filetype_names[t]);
#endif
    }
}

static void mode_preopens(void) {
#ifdef __wasi__
    for (__wasi_fd_t fd = 3;; fd++) {
        __wasi_prestat_t ps;
        __wasi_errno_t err = __wasi_fd_prestat_get(fd, &ps);
        if (err != 0) {
            printf("end errno=%u\n", (unsigned)err);
            return;
        }
        size_t len = ps.u.dir.pr_name_len;
        char *name = calloc(len + 1, 1);
        err = __wasi_fd_prestat_dir_name(fd, (uint8_t *)name, len);
        if (err != 0) {
            printf("end errno=%u\n", (unsigned)err);
            return;
        }
        // The name is not NUL-terminated on the wasm side; print len bytes.
        printf("fd%u=%.*s\n", (unsigned)fd, (int)len, name);
        free(name);
    }
#else
    printf("unsupported\n"); // no preopens outside WASI
#endif
}

/*
 * `seek-stdio`: stdin and stdout on files seek as natively: stdin (at least
 * 10 bytes) is read, told, sought and read at an offset, and left at offset
 * 6; stdout gets "hello world\nXXXX", then "J" over its first byte and "W"
 * at 6 by pwrite, is cut to 12 bytes, synced, and left at its end. The
 * results go to stderr, one line.
 */
static void mode_seek_stdio(void) {
    char a[4] = {0}, b[3] = {0}, t[3] = {0}, p[3] = {0};
    if (read(0, a, 3) != 3) fail("read");
    off_t told = lseek(0, 0, SEEK_CUR);
    if (lseek(0, 1, SEEK_SET) != 1 || read(0, b, 2) != 2) fail("seek stdin");
    off_t end = lseek(0, 0, SEEK_END);
    if (lseek(0, -2, SEEK_END) < 0 || read(0, t, 2) != 2) fail("seek from the end");
    if (pread(0, p, 2, 4) != 2) fail("pread");
    if (lseek(0, 6, SEEK_SET) != 6) fail("seek to 6");
    if (write(1, "hello world\nXXXX", 16) != 16) fail("write");
    if (lseek(1, 0, SEEK_SET) != 0 || write(1, "J", 1) != 1) fail("seek stdout");
    if (pwrite(1, "W", 1, 6) != 1) fail("pwrite");
    if (ftruncate(1, 12) != 0) fail("ftruncate");
    if (fsync(1) != 0 || fdatasync(1) != 0) fail("fsync");
    off_t out = lseek(1, 0, SEEK_END);
    fprintf(stderr, "read=%s told=%lld at1=%s end=%lld tail=%s pread=%s out=%lld\n", a,
            (long long)told, b, (long long)end, t, p, (long long)out);
}

/*
 * `append-stdio`: stdout opened for appending (`>> file`) says so (F_GETFL:
 * fd_fdstat_get's APPEND), writes "X" at the file's end, clears O_APPEND
 * (F_SETFL: fd_fdstat_set_flags) and writes "Y" over the first byte. The
 * flags before and after go to stderr, one line.
 */
static void mode_append_stdio(void) {
    int before = fcntl(1, F_GETFL);
    if (before < 0 || lseek(1, 0, SEEK_SET) != 0 || write(1, "X", 1) != 1) fail("append");
    if (fcntl(1, F_SETFL, before & ~O_APPEND) != 0) fail("F_SETFL");
    int after = fcntl(1, F_GETFL);
    if (after < 0 || lseek(1, 0, SEEK_SET) != 0 || write(1, "Y", 1) != 1) fail("overwrite");
    fprintf(stderr, "append=%d after=%d\n", (before & O_APPEND) != 0, (after & O_APPEND) != 0);
}

static void mode_close_stdout(void) {
#ifdef __wasi__
    __wasi_errno_t err = __wasi_fd_close(1);
    if (err != 0) fprintf(stderr, "close errno=%u\n", (unsigned)err);
    __wasi_ciovec_t iov = {.buf = (const uint8_t *)"x", .buf_len = 1};
    __wasi_size_t n;
    err = __wasi_fd_write(1, &iov, 1, &n);
    fprintf(stderr, "write errno=%u\n", (unsigned)err);
#else
    // Native stand-in: close(2)/write(2); errno is Linux's (EBADF=9, WASI's is 8).
    if (close(1) != 0) fprintf(stderr, "close errno=%d\n", errno);
    int err = write(1, "x", 1) < 0 ? errno : 0;
    fprintf(stderr, "write errno=%d\n", err);
#endif
}

// poll-stdin MS / select-stdin MS: wait up to MS ms for stdin, then print
// `timeout`, or `ready` and the first chunk read (`read=<text>` or `eof`).
static void report_ready_stdin(void) {
    ssize_t n = read(0, buf, sizeof buf - 1);
    if (n < 0) printf("ready read-errno=%d\n", errno);
    else if (n == 0) printf("ready eof\n");
    else {
        buf[n] = 0;
        if (buf[n - 1] == '\n') buf[n - 1] = 0;
        printf("ready read=%s\n", (char *)buf);
    }
}

static void mode_poll_stdin(void) {
    struct pollfd p = {.fd = 0, .events = POLLIN};
    int r = poll(&p, 1, num_arg());
    if (r < 0) printf("poll errno=%d\n", errno);
    else if (r == 0) printf("timeout\n");
    else report_ready_stdin();
}

static void mode_select_stdin(void) {
    int ms = num_arg();
    fd_set set;
    FD_ZERO(&set);
    FD_SET(0, &set);
    struct timeval tv = {ms / 1000, (ms % 1000) * 1000};
    int r = select(1, &set, NULL, NULL, &tv);
    if (r < 0) printf("select errno=%d\n", errno);
    else if (r == 0) printf("timeout\n");
    else report_ready_stdin();
}

// poll-stdin-stdout N: polls stdin for reading with stdout for writing (always
// ready), up to N times, until stdin is readable: a program that serves both.
static void mode_poll_stdin_stdout(void) {
    int most = num_arg();
    for (int i = 1; i <= most; i++) {
        struct pollfd p[2] = {{.fd = 0, .events = POLLIN}, {.fd = 1, .events = POLLOUT}};
        if (poll(p, 2, 1000) < 0) {
            printf("poll errno=%d\n", errno);
            return;
        }
        if (p[0].revents & (POLLIN | POLLHUP)) {
            printf("stdin readable: %s\n", i < most ? "yes" : "at the last poll");
            report_ready_stdin();
            return;
        }
    }
    printf("stdin never readable in %d polls\n", most);
}

// poll-full-stdout: fills a non-blocking stdout pipe (1 KiB writes until EAGAIN), then polls it
// for room without a timeout, again while it says room; says on stderr what ended it: a reader
// that leaves while the writer waits is an error or a hangup, not room (the next write fails).
static void mode_poll_full_stdout(void) {
    fcntl(1, F_SETFL, fcntl(1, F_GETFL) | O_NONBLOCK);
    memset(buf, 'x', 1024);
    for (;;) {
        while (write(1, buf, 1024) > 0) {
        }
        if (errno != EAGAIN) fail("write");
        struct pollfd p = {.fd = 1, .events = POLLOUT};
        if (poll(&p, 1, -1) < 0) fail("poll");
        if (p.revents & (POLLERR | POLLHUP)) {
            fprintf(stderr, "revents: reader gone\n");
            return;
        }
        if (!(p.revents & POLLOUT)) {
            fprintf(stderr, "revents: none\n");
            return;
        }
    }
}

// What a poll(2) for room on fd found, in words: POLLERR or POLLHUP is a reader gone.
static const char *room_of(int fd, int timeout_ms) {
    struct pollfd p = {.fd = fd, .events = POLLOUT};
    int n = poll(&p, 1, timeout_ms);
    if (n < 0) fail("poll");
    if (n == 0) return "none";
    if (p.revents & (POLLERR | POLLHUP)) return "reader gone";
    return (p.revents & POLLOUT) ? "room" : "other";
}

static void sleep_ms(long ms) {
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
    while (nanosleep(&ts, &ts) != 0 && errno == EINTR) {}
}

// poll-gone-stdout: 300 ms in (its stdout's reader has left), polls stdout for room without
// waiting, then writes a byte; says on stderr what each found: natively POLLERR, then EPIPE
// (SIGPIPE ignored), whether or not a write had found the pipe full first.
static void mode_poll_gone_stdout(void) {
    sleep_ms(300);
    fprintf(stderr, "poll: %s\n", room_of(1, 0));
    ssize_t n = write(1, "x", 1);
    fprintf(stderr, "write: %s\n", n < 0 ? strerror(errno) : "1");
}

// fifo-write-again PATH: opens the FIFO at PATH for writing, fills it without waiting, and polls
// it for room (200 ms: none, as natively, its reader reads nothing); then waits in poll for the
// reader to leave (a hangup) and writes (EPIPE, SIGPIPE ignored); then, every 100 ms for up to
// 8 s, polls and writes a byte until a write goes through, as natively once another reader has
// opened the FIFO. Says each on stderr; the bytes written last, for the reader to count.
static void mode_fifo_write_again(void) {
    int fd = open(str_arg(), O_WRONLY);
    if (fd < 0) fail("open");
    fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
    memset(buf, 'x', sizeof buf);
    long written = 0;
    ssize_t n;
    while ((n = write(fd, buf, sizeof buf)) > 0) written += n;
    if (errno != EAGAIN) fail("write");
    fprintf(stderr, "full: %s\n", room_of(fd, 200));
    fprintf(stderr, "reader 1: %s\n", room_of(fd, -1));
    n = write(fd, buf, 1);
    fprintf(stderr, "write: %s\n", n < 0 ? strerror(errno) : "taken");
    const char *seen = "never";
    for (int i = 0; i < 80; i++) {
        sleep_ms(100);
        const char *room = room_of(fd, 0);
        if (strcmp(room, "room")) continue;
        n = write(fd, buf, 1);
        if (n == 1) {
            written++;
            seen = "room, write taken";
            break;
        }
    }
    fprintf(stderr, "reader 2: %s\n", seen);
    fprintf(stderr, "written: %ld\n", written);
    close(fd);
}

#ifdef __wasi__
// poll-many N: one poll_oneoff with N subscriptions to read stdin, one to write stdout
// and a 5 s clock; prints how many events of each kind came back.
static void mode_poll_many(void) {
    int n = num_arg();
    __wasi_subscription_t *s = calloc(n + 2, sizeof *s);
    __wasi_event_t *e = calloc(n + 2, sizeof *e);
    if (!s || !e) fail("calloc");
    for (int i = 0; i < n; i++) {
        s[i].userdata = i;
        s[i].u.tag = __WASI_EVENTTYPE_FD_READ;
        s[i].u.u.fd_read.file_descriptor = 0;
    }
    s[n].userdata = n;
    s[n].u.tag = __WASI_EVENTTYPE_FD_WRITE;
    s[n].u.u.fd_write.file_descriptor = 1;
    s[n + 1].userdata = n + 1;
    s[n + 1].u.tag = __WASI_EVENTTYPE_CLOCK;
    s[n + 1].u.u.clock.id = __WASI_CLOCKID_MONOTONIC;
    s[n + 1].u.u.clock.timeout = 5000000000ull;
    __wasi_size_t got = 0;
    __wasi_errno_t err = __wasi_poll_oneoff(s, e, n + 2, &got);
    if (err) {
        printf("poll_oneoff errno=%d\n", err);
        return;
    }
    int reads = 0, writes = 0, clocks = 0, distinct = 1;
    for (__wasi_size_t i = 0; i < got; i++) {
        if (e[i].type == __WASI_EVENTTYPE_FD_READ) reads++;
        else if (e[i].type == __WASI_EVENTTYPE_FD_WRITE) writes++;
        else clocks++;
        if (i > 0 && e[i].userdata == e[i - 1].userdata) distinct = 0;
    }
    printf("events=%u reads=%d writes=%d clocks=%d distinct=%s\n", (unsigned)got, reads, writes, clocks,
           distinct ? "yes" : "no");
}

// poll-cases: raw __wasi_poll_oneoff edge cases, one line each (see README).
static __wasi_timestamp_t now_ns(__wasi_clockid_t id) {
    __wasi_timestamp_t t = 0;
    (void)__wasi_clock_time_get(id, 1, &t);
    return t;
}

static __wasi_subscription_t clock_sub(__wasi_userdata_t ud, __wasi_clockid_t id,
                                       __wasi_timestamp_t timeout, int abstime) {
    __wasi_subscription_t s;
    memset(&s, 0, sizeof s);
    s.userdata = ud;
    s.u.tag = __WASI_EVENTTYPE_CLOCK;
    s.u.u.clock.id = id;
    s.u.u.clock.timeout = timeout;
    s.u.u.clock.flags = abstime ? __WASI_SUBCLOCKFLAGS_SUBSCRIPTION_CLOCK_ABSTIME : 0;
    return s;
}

static __wasi_subscription_t fd_sub(__wasi_userdata_t ud, __wasi_eventtype_t type, __wasi_fd_t fd) {
    __wasi_subscription_t s;
    memset(&s, 0, sizeof s);
    s.userdata = ud;
    s.u.tag = type;
    s.u.u.fd_read.file_descriptor = fd;
    return s;
}

static void print_events(const char *name, __wasi_errno_t err, __wasi_event_t *ev, __wasi_size_t n) {
    printf("%s errno=%u nevents=%u", name, (unsigned)err, err ? 0u : (unsigned)n);
    for (__wasi_size_t i = 0; !err && i < n; i++) {
        printf(" [ud=%llu type=%u error=%u hangup=%u]", (unsigned long long)ev[i].userdata,
               (unsigned)ev[i].type, (unsigned)ev[i].error,
               (unsigned)(ev[i].fd_readwrite.flags & __WASI_EVENTRWFLAGS_FD_READWRITE_HANGUP));
    }
    printf("\n");
}

static void mode_poll_cases(void) {
    __wasi_subscription_t in[4];
    __wasi_event_t out[4];
    __wasi_size_t n = 0;
    __wasi_errno_t err;

    err = __wasi_poll_oneoff(in, out, 0, &n);
    printf("zero-subscriptions errno=%u\n", (unsigned)err);

    in[0] = fd_sub(1, __WASI_EVENTTYPE_FD_READ, 99);
    in[1] = clock_sub(2, __WASI_CLOCKID_MONOTONIC, 5000000000ull, 0);
    err = __wasi_poll_oneoff(in, out, 2, &n);
    print_events("bad-fd", err, out, n);

    in[0] = fd_sub(3, __WASI_EVENTTYPE_FD_WRITE, 1);
    in[1] = clock_sub(4, __WASI_CLOCKID_MONOTONIC, 5000000000ull, 0);
    err = __wasi_poll_oneoff(in, out, 2, &n);
    print_events("stdout-writable", err, out, n);

    in[0] = clock_sub(5, __WASI_CLOCKID_PROCESS_CPUTIME_ID, 1000, 0);
    err = __wasi_poll_oneoff(in, out, 1, &n);
    print_events("cputime-clock", err, out, n);

    // A flag bit beyond ABSTIME: EINVAL in the event, as an unknown clock.
    in[0] = clock_sub(6, __WASI_CLOCKID_MONOTONIC, 1000, 0);
    in[0].u.u.clock.flags = 0xfffe;
    err = __wasi_poll_oneoff(in, out, 1, &n);
    print_events("bad-clock-flags", err, out, n);
    in[0] = clock_sub(7, __WASI_CLOCKID_MONOTONIC, 0, 0);
    in[0].u.u.clock.flags = 2;
    err = __wasi_poll_oneoff(in, out, 1, &n);
    print_events("bad-clock-flags-timeout-0", err, out, n);

    // Timeout 0, answered at once: the whole event written (its padding,
    // nbytes and flags as zeros over what the buffer held), userdata intact.
    const __wasi_clockid_t zero_ids[] = {__WASI_CLOCKID_MONOTONIC, __WASI_CLOCKID_REALTIME};
    for (int i = 0; i < 2; i++) {
        memset(out, 0xaa, sizeof out);
        in[0] = clock_sub(0xfedcba9876543210ull + i, zero_ids[i], 0, 0);
        err = __wasi_poll_oneoff(in, out, 1, &n);
        const unsigned char *b = (const unsigned char *)&out[0];
        int clean = b[11] == 0;
        for (int j = 12; j < 32; j++) clean = clean && b[j] == 0;
        printf("zero-timeout-%s clean=%s ", i ? "realtime" : "monotonic", clean ? "yes" : "no");
        print_events("", err, out, n);
    }

    const struct { const char *name; __wasi_clockid_t id; int abs; } clocks[] = {
        {"monotonic-relative", __WASI_CLOCKID_MONOTONIC, 0},
        {"monotonic-absolute", __WASI_CLOCKID_MONOTONIC, 1},
        {"realtime-relative", __WASI_CLOCKID_REALTIME, 0},
        {"realtime-absolute", __WASI_CLOCKID_REALTIME, 1},
    };
    for (int i = 0; i < 4; i++) {
        __wasi_timestamp_t start = now_ns(__WASI_CLOCKID_MONOTONIC);
        __wasi_timestamp_t wait = 50000000ull; // 50 ms
        __wasi_timestamp_t timeout = clocks[i].abs ? now_ns(clocks[i].id) + wait : wait;
        in[0] = clock_sub(10 + i, clocks[i].id, timeout, clocks[i].abs);
        err = __wasi_poll_oneoff(in, out, 1, &n);
        __wasi_timestamp_t took = now_ns(__WASI_CLOCKID_MONOTONIC) - start;
        printf("%s errno=%u nevents=%u waited=%s\n", clocks[i].name, (unsigned)err, (unsigned)n,
               took >= wait ? (took < 10 * wait ? "ok" : "too-long") : "too-short");
    }

    // Two clocks: only the earlier one is reported.
    in[0] = clock_sub(20, __WASI_CLOCKID_MONOTONIC, 2000000000ull, 0);
    in[1] = clock_sub(21, __WASI_CLOCKID_MONOTONIC, 10000000ull, 0);
    err = __wasi_poll_oneoff(in, out, 2, &n);
    print_events("earliest-clock", err, out, n);

    // stdin at EOF (run with stdin from /dev/null or an empty pipe).
    in[0] = fd_sub(30, __WASI_EVENTTYPE_FD_READ, 0);
    err = __wasi_poll_oneoff(in, out, 1, &n);
    print_events("stdin-read", err, out, n);

    __wasi_errno_t fault = __wasi_poll_oneoff((const __wasi_subscription_t *)0xFFFFFF00u, out, 1, &n);
    printf("bad-pointer errno=%u\n", (unsigned)fault);
}
#else
static void mode_poll_cases(void) { printf("unsupported\n"); }
#endif

// Unbuffered writes to stdout and stderr in turn (the order a shared pipe
// must keep, `2>&1`), then one write larger than a pipe holds, a stderr
// line, and a last stdout line.
static void mode_interleave(void) {
    char line[32];
    for (int i = 0; i < 2000; i++) {
        int n = snprintf(line, sizeof line, "out %d\n", i);
        write_all(1, (const unsigned char *)line, (size_t)n);
        n = snprintf(line, sizeof line, "err %d\n", i);
        write_all(2, (const unsigned char *)line, (size_t)n);
    }
    static unsigned char big[70001];
    memset(big, 'O', sizeof big - 1);
    big[sizeof big - 1] = '\n';
    write_all(1, big, sizeof big);
    write_all(2, (const unsigned char *)"ERR\n", 4);
    write_all(1, (const unsigned char *)"END\n", 4);
}

int main(int argc, char **argv) {
    g_argc = argc;
    g_argv = argv;
    const char *mode = argc > 1 ? argv[1] : "";

    if (!strcmp(mode, "hello")) {
        printf("hello, world\n");
    } else if (!strcmp(mode, "args")) {
        printf("argc=%d\n", argc);
        for (int i = 0; i < argc; i++) printf("argv[%d]=%s\n", i, argv[i]);
    } else if (!strcmp(mode, "env")) {
        for (char **e = environ; e && *e; e++) printf("%s\n", *e);
    } else if (!strcmp(mode, "exit")) {
        exit(num_arg());
    } else if (!strcmp(mode, "clock")) {
        struct timespec rt, m1, m2;
        clock_gettime(CLOCK_REALTIME, &rt);
        printf("realtime_s=%lld\n", (long long)rt.tv_sec);
        clock_gettime(CLOCK_MONOTONIC, &m1);
        for (volatile int i = 0; i < 1000000; i++) {}
        clock_gettime(CLOCK_MONOTONIC, &m2);
        int ok = m2.tv_sec > m1.tv_sec || (m2.tv_sec == m1.tv_sec && m2.tv_nsec >= m1.tv_nsec);
        printf("monotonic=%s\n", ok ? "ok" : "bad");
    } else if (!strcmp(mode, "sleep")) {
        int ms = num_arg();
        struct timespec ts = {ms / 1000, (long)(ms % 1000) * 1000000L};
        while (nanosleep(&ts, &ts) != 0 && errno == EINTR) {}
        printf("slept %d\n", ms);
    } else if (!strcmp(mode, "naps")) {
        // N relative sleeps of 2 ms each (a poll_oneoff clock wait each).
        int n = num_arg();
        for (int i = 0; i < n; i++) {
            struct timespec ts = {0, 2000000L};
            while (nanosleep(&ts, &ts) != 0 && errno == EINTR) {}
        }
        printf("napped %d\n", n);
    } else if (!strcmp(mode, "random")) {
        unsigned char r[32];
        if (getentropy(r, sizeof r) != 0) {
            fprintf(stderr, "error: getentropy: %s\n", strerror(errno));
            return 1;
        }
        printf("random=");
        for (int i = 0; i < 32; i++) printf("%02x", r[i]);
        printf("\n");
    } else if (!strcmp(mode, "cat")) {
        read_stdin(to_stdout);
    } else if (!strcmp(mode, "stdin-sum")) {
        read_stdin(to_fnv);
        printf("bytes=%llu fnv=%016llx\n", (unsigned long long)sum_bytes, (unsigned long long)fnv);
    } else if (!strcmp(mode, "readfile")) {
        const char *path = str_arg();
        FILE *f = fopen(path, "rb");
        if (!f) {
            fprintf(stderr, "error: %s: %s\n", path, strerror(errno));
            return 1;
        }
        size_t n;
        while ((n = fread(buf, 1, sizeof buf, f)) > 0) fwrite(buf, 1, n, stdout);
        if (ferror(f)) {
            fprintf(stderr, "error: %s: %s\n", path, strerror(errno));
            return 1;
        }
        fclose(f);
    } else if (!strcmp(mode, "nonblock")) {
        // O_NONBLOCK set on the file at argv[2] and on stdin, then read back
        // (F_GETFL), and the file read through: what native Linux reports.
        const char *path = str_arg();
        int fd = open(path, O_RDONLY);
        if (fd < 0) {
            fprintf(stderr, "error: %s: %s\n", path, strerror(errno));
            return 1;
        }
        int fds[2] = {fd, 0};
        for (int i = 0; i < 2; i++) {
            int before = fcntl(fds[i], F_GETFL);
            int set = fcntl(fds[i], F_SETFL, before | O_NONBLOCK);
            int after = fcntl(fds[i], F_GETFL);
            printf("%s: before=%d set=%d after=%d\n", i ? "stdin" : "file",
                   (before & O_NONBLOCK) != 0, set, after >= 0 && (after & O_NONBLOCK) != 0);
        }
        ssize_t n = read(fd, buf, sizeof buf);
        printf("read=%zd\n", n);
        close(fd);
    } else if (!strcmp(mode, "fifo-nonblock")) {
        // The FIFO at argv[2] opened with O_NONBLOCK, as natively: a reader at
        // once (no writer: EOF), a writer at once once there is a reader, and
        // without one ENXIO; never a wait for the other end.
        const char *path = str_arg();
        int r = open(path, O_RDONLY | O_NONBLOCK);
        printf("reader: %s\n", r < 0 ? strerror(errno) : "open");
        ssize_t n = read(r, buf, sizeof buf);
        printf("read: %zd\n", n);
        int w = open(path, O_WRONLY | O_NONBLOCK);
        printf("writer: %s\n", w < 0 ? strerror(errno) : "open");
        printf("write: %zd\n", write(w, "x", 1));
        n = read(r, buf, sizeof buf);
        printf("read: %zd %.*s\n", n, n > 0 ? (int)n : 0, buf);
        n = read(r, buf, sizeof buf);
        printf("read: %zd %s\n", n, n < 0 ? strerror(errno) : "");
        close(w);
        close(r);
        w = open(path, O_WRONLY | O_NONBLOCK);
        printf("writer without a reader: %s\n", w < 0 ? strerror(errno) : "open");
    } else if (!strcmp(mode, "fifo-poll")) {
        // The FIFO at argv[2] opened with O_NONBLOCK and polled as natively: no writer yet is
        // no event (the poll times out), a writer's byte is POLLIN, its leaving POLLHUP.
        const char *path = str_arg();
        int r = open(path, O_RDONLY | O_NONBLOCK);
        if (r < 0) fail("open");
        struct pollfd p = {.fd = r, .events = POLLIN};
        int n = poll(&p, 1, 300);
        printf("no writer: %d %s\n", n, n > 0 && (p.revents & POLLHUP) ? "hangup" : "");
        int w = open(path, O_WRONLY | O_NONBLOCK);
        if (w < 0 || write(w, "x", 1) != 1) fail("writer");
        n = poll(&p, 1, 300);
        printf("written: %d %s\n", n, n > 0 && (p.revents & POLLIN) ? "in" : "");
        printf("read: %zd\n", read(r, buf, sizeof buf));
        close(w);
        n = poll(&p, 1, 300);
        printf("writer gone: %d %s\n", n, n > 0 && (p.revents & POLLHUP) ? "hangup" : "");
        printf("read: %zd\n", read(r, buf, sizeof buf));
        close(r);
    } else if (!strcmp(mode, "exhaust-write")) {
        // exhaust-write PATH: opens PATH until the host has no fd left for it, then writes 200000
        // bytes to stdout (a pipe that may have to wait for its reader); on stderr the errno that
        // ended the opens and what the write answered.
        const char *path = str_arg();
        while (open(path, O_RDONLY) >= 0) {
        }
        fprintf(stderr, "opens: %s\n", strerror(errno));
        static char big[200000];
        memset(big, 'x', sizeof big);
        fprintf(stderr, "write: %zd\n", write(1, big, sizeof big));
    } else if (!strcmp(mode, "fifo-poll-once")) {
        // fifo-poll-once PATH: the FIFO at PATH opened with O_NONBLOCK and polled once for 300 ms
        // (0 when no writer came), then closed.
        int r = open(str_arg(), O_RDONLY | O_NONBLOCK);
        if (r < 0) fail("open");
        struct pollfd p = {.fd = r, .events = POLLIN};
        printf("poll: %d\n", poll(&p, 1, 300));
        close(r);
    } else if (!strcmp(mode, "fifo-write")) {
        // 100 writes of 64 KiB into the FIFO at argv[2]: a reader that leaves
        // early ends this writer with SIGPIPE (or EPIPE, reported, exit 1).
        const char *path = str_arg();
        int fd = open(path, O_WRONLY);
        if (fd < 0) {
            fprintf(stderr, "error: %s: %s\n", path, strerror(errno));
            return 1;
        }
        memset(buf, 'x', sizeof buf);
        for (int i = 0; i < 100 * 65536 / (int)sizeof buf; i++) {
            if (write(fd, buf, sizeof buf) < 0) {
                fprintf(stderr, "write: %s\n", strerror(errno));
                return 1;
            }
        }
        close(fd);
    } else if (!strcmp(mode, "writefile")) {
        // A line into the file at argv[2], then where its offset is (a FIFO has none).
        const char *path = str_arg();
        FILE *f = fopen(path, "wb");
        if (!f || fputs("written by the guest\n", f) < 0 || fflush(f) != 0) {
            fprintf(stderr, "error: %s: %s\n", path, strerror(errno));
            return 1;
        }
        off_t at = lseek(fileno(f), 0, SEEK_CUR);
        if (at < 0) printf("offset: %s\n", strerror(errno));
        else printf("offset: %lld\n", (long long)at);
        fclose(f);
    } else if (!strcmp(mode, "stderr")) {
        printf("to stdout\n");
        fprintf(stderr, "to stderr\n");
    } else if (!strcmp(mode, "interleave")) {
        mode_interleave();
    } else if (!strcmp(mode, "isatty")) {
        long pos = (long)lseek(0, 0, SEEK_CUR);
        printf("isatty=%d%d%d seek0=%ld\n", isatty(0), isatty(1), isatty(2), pos);
    } else if (!strcmp(mode, "stdin-stat")) {
        struct stat st;
        if (fstat(0, &st) != 0) {
            fprintf(stderr, "error: fstat: %s\n", strerror(errno));
            return 1;
        }
        int timed = st.st_atim.tv_sec || st.st_mtim.tv_sec || st.st_ctim.tv_sec;
        printf("regular=%d size=%lld nlink=%llu ino=%s times=%s\n", S_ISREG(st.st_mode),
               (long long)st.st_size, (unsigned long long)st.st_nlink, st.st_ino ? "set" : "0",
               timed ? "set" : "0");
    } else if (!strcmp(mode, "trap")) {
        __builtin_trap(); // wasm `unreachable`
    } else if (!strcmp(mode, "stack")) {
        return (int)recurse(1);
    } else if (!strcmp(mode, "depth") && argc > 2) {
        stop_at = (unsigned)strtoul(argv[2], NULL, 10);
        recurse(1);
        printf("depth %u ok\n", stop_at);
    } else if (!strcmp(mode, "fdstat")) {
        mode_fdstat();
    } else if (!strcmp(mode, "preopens")) {
        mode_preopens();
    } else if (!strcmp(mode, "seek-stdio")) {
        mode_seek_stdio();
    } else if (!strcmp(mode, "append-stdio")) {
        mode_append_stdio();
    } else if (!strcmp(mode, "close-stdout")) {
        mode_close_stdout();
    } else if (!strcmp(mode, "poll-cases")) {
        mode_poll_cases();
    } else if (!strcmp(mode, "flood-nonblock")) {
        // flood-nonblock N: N KiB to a non-blocking stdout in 1 KiB writes, never waiting; a
        // write that answers EAGAIN is dropped, as Go's runtime drops its crash dump's
        // writes. On stderr: how many KiB went out.
        int n = num_arg(), sent = 0;
        fcntl(1, F_SETFL, fcntl(1, F_GETFL) | O_NONBLOCK);
        memset(buf, 'x', 1024);
        for (int i = 0; i < n; i++) if (write(1, buf, 1024) == 1024) sent++;
        fprintf(stderr, "sent=%d\n", sent);
    } else if (!strcmp(mode, "allocate-end")) {
        // allocate-end PATH: for a second, posix_fallocate one byte past the end of PATH, which
        // another process may be appending to: allocation never shrinks a file, so none of what
        // it appends is lost
        int fd = open(str_arg(), O_RDWR);
        if (fd < 0) fail("open");
        struct timespec t0, t;
        clock_gettime(CLOCK_MONOTONIC, &t0);
        long calls = 0, errors = 0;
        do {
            struct stat st;
            if (fstat(fd, &st) < 0) fail("fstat");
            if (posix_fallocate(fd, st.st_size, 1) != 0) errors++;
            calls++;
            clock_gettime(CLOCK_MONOTONIC, &t);
        } while ((t.tv_sec - t0.tv_sec) * 1000 + (t.tv_nsec - t0.tv_nsec) / 1000000 < 1000);
        printf("allocations=%s errors=%ld\n", calls > 100 ? "many" : "few", errors);
    } else if (!strcmp(mode, "read-once")) {
        // read-once N: one read(2) of at most N bytes from stdin, printed
        int n = num_arg();
        if (n <= 0 || (size_t)n > sizeof buf) fail("read-once N");
        ssize_t got = read(0, buf, (size_t)n);
        if (got < 0) fail("read");
        printf("read=%.*s\n", (int)got, (char *)buf);
    } else if (!strcmp(mode, "poll-read-once")) {
        // poll-read-once N: poll(2) stdin without a timeout, then one read(2) of at most N
        // bytes, printed: what is not read stays in the pipe for the next reader (N = 0: the
        // poll alone, as a program that polls and exits)
        int n = num_arg();
        if (n < 0 || (size_t)n > sizeof buf) fail("poll-read-once N");
        struct pollfd p = {.fd = 0, .events = POLLIN};
        if (poll(&p, 1, -1) < 0) fail("poll");
        ssize_t got = read(0, buf, (size_t)n);
        if (got < 0) fail("read");
        printf("read=%.*s\n", (int)got, (char *)buf);
    } else if (!strcmp(mode, "reread")) {
        // reread N: reads stdin until its Nth end of input (a terminal's Ctrl-D each), saying
        // what each read(2) returned: a terminal reads on after an EOF, a pipe's EOF stays
        int n = num_arg(), eofs = 0;
        while (eofs < n) {
            ssize_t got = read(0, buf, 64);
            if (got < 0) fail("read");
            if (got == 0) printf("eof %d\n", ++eofs);
            else printf("got %zd\n", got);
            fflush(stdout);
        }
    } else if (!strcmp(mode, "poll-stdin")) {
        mode_poll_stdin();
    } else if (!strcmp(mode, "select-stdin")) {
        mode_select_stdin();
    } else if (!strcmp(mode, "poll-stdin-stdout")) {
        mode_poll_stdin_stdout();
    } else if (!strcmp(mode, "poll-full-stdout")) {
        mode_poll_full_stdout();
    } else if (!strcmp(mode, "poll-gone-stdout")) {
        mode_poll_gone_stdout();
    } else if (!strcmp(mode, "fifo-write-again")) {
        mode_fifo_write_again();
#ifdef __wasi__
    } else if (!strcmp(mode, "poll-many")) {
        mode_poll_many();
#endif
    } else {
        fprintf(stderr, "unknown mode: %s\n", mode);
        return 2;
    }
    return 0;
}
