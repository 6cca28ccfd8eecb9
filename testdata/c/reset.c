// Rebuild: cd testdata/c && clang-19 --target=wasm32-wasi --sysroot=/usr -O2 -Wall -Wextra -Wl,--strip-debug -o reset.wasm reset.c
//
// `reset PATH once|again|big|big-again`: stdout a socket whose peer resets it. Writes "one\n"
// and "two\n" to stdout, waits (10 ms sleeps) until PATH exists, then writes
// "three\n" and says on stderr what it answered (`write: ECONNRESET`, as
// send(2) answers a reset once). With `once` it then exits 3; with `again`
// it writes once more, which a native program dies of (SIGPIPE, 141: EPIPE
// now), else says `again: ERRNO` and exits 3. `big` and `big-again` write 16 MiB
// in one blocking write instead of "three\n" (the peer resets it while the
// write waits: send(2) returns what it sent, `big: ok`; the write after is
// ECONNRESET on TCP, EPIPE on a Unix socket, which never answers a writer
// ECONNRESET). tests/pipes_test.ts.
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static void say(const char *what, ssize_t n) {
    const char *e = n >= 0 ? "ok" : errno == ECONNRESET ? "ECONNRESET" : errno == EPIPE ? "EPIPE" : strerror(errno);
    fprintf(stderr, "%s: %s\n", what, e);
}

int main(int argc, char **argv) {
    if (argc < 3) return 2;
    if (write(1, "one\n", 4) != 4 || write(1, "two\n", 4) != 4) return 1;
    while (access(argv[1], F_OK) != 0) usleep(10000);
    if (!strncmp(argv[2], "big", 3)) {
        static char big[16 << 20];
        memset(big, 'x', sizeof big);
        say("big", write(1, big, sizeof big));
    } else {
        say("write", write(1, "three\n", 6));
    }
    if (strstr(argv[2], "again")) say("again", write(1, "four\n", 5));
    return 3;
}
