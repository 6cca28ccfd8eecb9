// Rebuild: cd testdata/c && clang-19 --target=wasm32-wasi --sysroot=/usr -O2 -Wall -Wextra -Wl,--strip-debug -o progress.wasm progress.c
//
// `progress N` writes N lines ("line I\n") to stdout, one unbuffered write()
// each, as a program reports its progress, then computes for ever without a
// call to the host. tests/pipes_test.ts reads the lines from a pipe while it
// computes: a native program's lines are in the pipe by then.
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
    volatile unsigned long spin = 0;
    for (;;) spin++;
}
