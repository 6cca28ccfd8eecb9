// Rebuild: cd bench/guests && clang-19 --target=wasm32-wasi --sysroot=/usr -O2 -Wall -Wextra -Wl,--strip-debug -o pollmany.wasm pollmany.c
//
// Benchmark guest: R poll_oneoff calls (argv[2], default 20) of N subscriptions
// to read fd 0 (argv[1], default 10000) and a 1 ms clock, with stdin a pipe
// nobody writes (`sleep 5 | RUNTIME pollmany.wasm`): prints the ms a call
// takes, timed by the guest. A guest that names one fd many times costs each
// runtime what asking that fd once per subscription costs.
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <wasi/api.h>

int main(int argc, char **argv) {
    int n = argc > 1 ? atoi(argv[1]) : 10000, rounds = argc > 2 ? atoi(argv[2]) : 20;
    __wasi_subscription_t *s = calloc(n + 1, sizeof *s);
    __wasi_event_t *e = calloc(n + 1, sizeof *e);
    if (!s || !e) return 1;
    for (int i = 0; i < n; i++) {
        s[i].userdata = i;
        s[i].u.tag = __WASI_EVENTTYPE_FD_READ;
        s[i].u.u.fd_read.file_descriptor = 0;
    }
    s[n].userdata = n;
    s[n].u.tag = __WASI_EVENTTYPE_CLOCK;
    s[n].u.u.clock.id = __WASI_CLOCKID_MONOTONIC;
    s[n].u.u.clock.timeout = 1000000;
    struct timespec a, b;
    clock_gettime(CLOCK_MONOTONIC, &a);
    for (int r = 0; r < rounds; r++) {
        __wasi_size_t got;
        if (__wasi_poll_oneoff(s, e, n + 1, &got)) return 1;
    }
    clock_gettime(CLOCK_MONOTONIC, &b);
    double ms = (b.tv_sec - a.tv_sec) * 1e3 + (b.tv_nsec - a.tv_nsec) / 1e6;
    printf("subscriptions=%d ms_per_poll=%.3f\n", n + 1, ms / rounds);
    return 0;
}
