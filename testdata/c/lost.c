// Rebuild: cd testdata/c && clang-19 --target=wasm32-wasi --sysroot=/usr -O2 -Wall -Wextra -Wl,--strip-debug -o lost.wasm lost.c
//
// `lost BYTES exit K [MS [PATH]]` writes BYTES bytes to stdout (or to the
// file PATH names, opened for writing: a FIFO) in 64 KiB write() calls,
// sleeps MS milliseconds, then exits with status K; `lost BYTES trap` traps
// instead (wasm `unreachable`). tests/nonblocking_test.ts runs it into pipes whose reader
// leaves: output it was told went out but that never did ends the run as
// SIGPIPE ends a native program (141), whatever came after the write.
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char **argv) {
    if (argc < 3) return 2;
    static char block[65536];
    memset(block, 'x', sizeof block);
    int out = argc > 5 ? open(argv[5], O_WRONLY) : 1;
    if (out < 0) return 1;
    for (long left = atol(argv[1]); left > 0;) {
        ssize_t n = write(out, block, left < (long)sizeof block ? (size_t)left : sizeof block);
        if (n < 0) return 1;
        left -= n;
    }
    if (argc > 4) usleep((useconds_t)atol(argv[4]) * 1000);
    if (!strcmp(argv[2], "trap")) __builtin_trap();
    return argc > 3 ? atoi(argv[3]) : 0;
}
