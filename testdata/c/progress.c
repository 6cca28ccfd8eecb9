// Rebuild: cd testdata/c && clang-19 --target=wasm32-wasi --sysroot=/usr -O2 -Wall -Wextra -Wl,--strip-debug -o progress.wasm progress.c
//
// `progress N [BYTES [nonblock]]` writes N lines ("line I\n") to stdout, one
// unbuffered write() each, as a program reports its progress, then BYTES more
// bytes in 64 KiB writes, then computes for ever without a call to the host.
// tests/pipes_test.ts reads them from a pipe while it computes: a native
// program's writes are all in the pipe by then. With `nonblock`, stdout is
// made non-blocking and the BYTES stop at the first write that would wait
// (EAGAIN); with `nonblock-poll` such a write waits in poll() for room and
// goes on, as Go's writers do. How many bytes the writes took goes to stderr
// ("accepted=K") before the guest computes.
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char **argv) {
    long n = argc > 1 ? atol(argv[1]) : 10;
    char line[32];
    for (long i = 0; i < n; i++) {
        int len = snprintf(line, sizeof line, "line %ld\n", i);
        if (write(1, line, (size_t)len) != len) return 1;
    }
    int nonblock = argc > 3 && strncmp(argv[3], "nonblock", 8) == 0;
    int waits = nonblock && strcmp(argv[3], "nonblock-poll") == 0;
    if (nonblock) fcntl(1, F_SETFL, fcntl(1, F_GETFL) | O_NONBLOCK);
    static char block[65536];
    memset(block, 'x', sizeof block);
    long accepted = 0;
    for (long left = argc > 2 ? atol(argv[2]) : 0; left > 0;) {
        ssize_t n = write(1, block, left < (long)sizeof block ? (size_t)left : sizeof block);
        if (n < 0 && waits && errno == EAGAIN) {
            struct pollfd out = {.fd = 1, .events = POLLOUT};
            if (poll(&out, 1, -1) < 0) return 1;
            continue;
        }
        if (n < 0 && nonblock && errno == EAGAIN) break;
        if (n < 0) return 1;
        left -= n;
        accepted += n;
    }
    if (nonblock) fprintf(stderr, "accepted=%ld\n", accepted);
    volatile unsigned long spin = 0;
    for (;;) spin++;
}
