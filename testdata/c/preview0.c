// Rebuild: cd testdata/c && clang-19 --target=wasm32-wasi --sysroot=/usr -O2 -Wall -Wextra -Wl,--strip-debug -o preview0.wasm preview0.c
//
// The calls whose layout or values differ between WASI preview0
// (`wasi_unstable`) and preview1, made through `wasi_unstable` imports
// (tests/preview0_test.ts): fd_seek's whence (preview0: CUR 0, END 1, SET 2),
// the 56-byte filestat of fd_filestat_get and path_filestat_get (a u32 nlink
// at 20, then size, atim, mtim, ctim from 24), and poll_oneoff's 56-byte
// subscriptions (a clock's u64 identifier at 16, then id at 24, timeout at
// 32, precision at 40, flags at 48). printf goes through preview1, so the
// module imports both. Needs the preopen fd 3, writable; leaves p0.txt there.
// Prints one line per check; the expected lines are wasmtime 49's but for
// the polls (tests/preview0_test.ts).
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#define P0(name) __attribute__((import_module("wasi_unstable"), import_name(#name)))

int32_t p0_path_open(int32_t fd, int32_t dirflags, const char *path, int32_t path_len,
                     int32_t oflags, int64_t base, int64_t inheriting, int32_t fdflags,
                     int32_t *opened) P0(path_open);
int32_t p0_fd_write(int32_t fd, const void *iovs, int32_t iovs_len, int32_t *n) P0(fd_write);
int32_t p0_fd_read(int32_t fd, const void *iovs, int32_t iovs_len, int32_t *n) P0(fd_read);
int32_t p0_fd_seek(int32_t fd, int64_t offset, int32_t whence, uint64_t *to) P0(fd_seek);
int32_t p0_fd_tell(int32_t fd, uint64_t *at) P0(fd_tell);
int32_t p0_fd_filestat_get(int32_t fd, uint8_t *buf) P0(fd_filestat_get);
int32_t p0_path_filestat_get(int32_t fd, int32_t flags, const char *path, int32_t path_len,
                             uint8_t *buf) P0(path_filestat_get);
int32_t p0_poll_oneoff(const uint8_t *in, uint8_t *out, int32_t n, int32_t *nevents)
    P0(poll_oneoff);
int32_t p0_fd_close(int32_t fd) P0(fd_close);

static uint64_t u64(const uint8_t *p) {
    uint64_t v;
    memcpy(&v, p, 8);
    return v;
}

static uint32_t u32(const uint8_t *p) {
    uint32_t v;
    memcpy(&v, p, 4);
    return v;
}

static void put64(uint8_t *p, uint64_t v) { memcpy(p, &v, 8); }
static void put32(uint8_t *p, uint32_t v) { memcpy(p, &v, 4); }

// A filestat as preview0 lays it out, and whether the 8 bytes after it are untouched.
static void filestat(const char *what, int32_t err, const uint8_t *buf) {
    if (err) {
        printf("%s: errno %d\n", what, err);
        return;
    }
    int untouched = 1;
    for (int i = 56; i < 64; i++) untouched &= buf[i] == 0xAA;
    printf("%s: filetype %u nlink %u size %llu times %s after %s\n", what, buf[16],
           u32(buf + 20), (unsigned long long)u64(buf + 24),
           u64(buf + 32) && u64(buf + 40) && u64(buf + 48) ? "set" : "zero",
           untouched ? "untouched" : "written");
}

// One preview0 subscription at `p`: a clock (tag 0) or an fd (tag 1, 2).
static void clock_sub(uint8_t *p, uint64_t userdata, uint32_t id, uint64_t timeout,
                      uint16_t flags) {
    memset(p, 0, 56);
    put64(p, userdata);
    p[8] = 0;
    put64(p + 16, 0x2222); // identifier
    put32(p + 24, id);
    put64(p + 32, timeout);
    put64(p + 40, 0);
    memcpy(p + 48, &flags, 2);
}

static void fd_sub(uint8_t *p, uint64_t userdata, uint8_t tag, uint32_t fd) {
    memset(p, 0, 56);
    put64(p, userdata);
    p[8] = tag;
    put32(p + 16, fd);
}

static void poll(const char *what, const uint8_t *subs, int n) {
    uint8_t events[4 * 32];
    int32_t nevents = -1;
    memset(events, 0xAA, sizeof events);
    int32_t err = p0_poll_oneoff(subs, events, n, &nevents);
    printf("%s: errno %d nevents %d", what, err, nevents);
    for (int i = 0; i < nevents && i < 4; i++) {
        const uint8_t *e = events + 32 * i;
        printf(" [userdata %llx error %u type %u]", (unsigned long long)u64(e), e[8] | e[9] << 8,
               e[10]);
    }
    printf("\n");
}

int main(void) {
    const char *name = "p0.txt";
    int32_t fd = -1;
    // CREAT | TRUNC; FD_READ | FD_SEEK | FD_TELL | FD_WRITE | FD_FILESTAT_GET.
    int32_t err = p0_path_open(3, 0, name, 6, 1 | 8, 0x2 | 0x4 | 0x20 | 0x40 | 0x200000,
                               0, 0, &fd);
    printf("path_open: errno %d\n", err);
    if (err) return 1;
    const char data[] = "0123456789";
    uint32_t iov[2] = {(uint32_t)(uintptr_t)data, 10};
    int32_t n = -1;
    err = p0_fd_write(fd, iov, 1, &n);
    printf("fd_write: errno %d n %d\n", err, n);

    uint64_t at = 0;
    err = p0_fd_seek(fd, 3, 2, &at); // SET
    printf("seek SET 3: errno %d at %llu\n", err, (unsigned long long)at);
    char byte = 0;
    uint32_t riov[2] = {(uint32_t)(uintptr_t)&byte, 1};
    err = p0_fd_read(fd, riov, 1, &n);
    printf("read: errno %d n %d byte %c\n", err, n, byte);
    err = p0_fd_tell(fd, &at);
    printf("tell: errno %d at %llu\n", err, (unsigned long long)at);
    err = p0_fd_seek(fd, 2, 0, &at); // CUR
    printf("seek CUR 2: errno %d at %llu\n", err, (unsigned long long)at);
    err = p0_fd_seek(fd, -1, 1, &at); // END
    printf("seek END -1: errno %d at %llu\n", err, (unsigned long long)at);
    at = 77;
    err = p0_fd_seek(fd, 0, 3, &at); // no such whence
    printf("seek whence 3: errno %d at %llu\n", err, (unsigned long long)at);

    uint8_t buf[64];
    memset(buf, 0xAA, sizeof buf);
    filestat("fd_filestat_get", p0_fd_filestat_get(fd, buf), buf);
    memset(buf, 0xAA, sizeof buf);
    filestat("path_filestat_get", p0_path_filestat_get(3, 1, name, 6, buf), buf);
    memset(buf, 0xAA, sizeof buf);
    filestat("path_filestat_get .", p0_path_filestat_get(3, 1, ".", 1, buf), buf);
    memset(buf, 0xAA, sizeof buf);
    filestat("path_filestat_get missing", p0_path_filestat_get(3, 1, "nope", 4, buf), buf);
    p0_fd_close(fd);

    uint8_t subs[3 * 56];
    clock_sub(subs, 0x1111, 1, 1000000, 0); // MONOTONIC, 1 ms from now
    poll("clock 1 ms", subs, 1);
    clock_sub(subs, 0x1111, 1, 0, 0);
    poll("clock 0", subs, 1);
    clock_sub(subs, 0x1111, 0, 1, 1); // REALTIME, ABSTIME in 1970
    poll("clock abstime past", subs, 1);
    clock_sub(subs, 0x1111, 9, 1000, 0); // no such clock
    poll("clock 9", subs, 1);
    clock_sub(subs, 0x1111, 1, 10000000000ULL, 0); // 10 s: not before stdout is writable
    fd_sub(subs + 56, 0x3333, 2, 1); // stdout writable
    fd_sub(subs + 112, 0x4444, 1, 99); // no such fd
    poll("clock 10 s, stdout, fd 99", subs, 3);
    // Two clocks, the second's fields 56 bytes on (wasmtime 49 reads it 48 bytes on: EINVAL).
    clock_sub(subs, 0x5555, 1, 10000000000ULL, 0);
    clock_sub(subs + 56, 0x6666, 1, 0, 0);
    poll("clock 10 s, clock 0", subs, 2);
    return 0;
}
