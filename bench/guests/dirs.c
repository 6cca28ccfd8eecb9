// clang-19 --target=wasm32-wasi --sysroot=/usr -O2 -Wall -Wextra -Wl,--strip-debug -o dirs.wasm dirs.c
//
// Benchmark guest for many short-lived directory fds (RATIONALE.md, "The
// check, from inotify"): `dirs ROOT N` opens ROOT/d0 .. ROOT/d(N-1) in turn,
// stats x/y three times under each (fstatat on the directory fd: the parent
// cache's `dir/name` shape) and closes it; three rounds. Make the tree first:
//   for i in $(seq 0 499); do mkdir -p ROOT/d$i/x; touch ROOT/d$i/x/y; done
// Prints `stats=K` (K = 9 N when every stat succeeds).
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

int main(int argc, char **argv) {
    if (argc != 3) {
        fprintf(stderr, "usage: dirs ROOT N\n");
        return 2;
    }
    int n = atoi(argv[2]);
    char path[4096];
    struct stat st;
    long ok = 0;
    for (int round = 0; round < 3; round++) {
        for (int i = 0; i < n; i++) {
            snprintf(path, sizeof path, "%s/d%d", argv[1], i);
            int d = open(path, O_RDONLY | O_DIRECTORY);
            if (d < 0) {
                perror(path);
                return 1;
            }
            for (int k = 0; k < 3; k++) ok += fstatat(d, "x/y", &st, 0) == 0;
            close(d);
        }
    }
    printf("stats=%ld\n", ok);
    return 0;
}
