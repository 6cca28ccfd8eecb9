// Rebuild: cd bench/guests && clang-19 --target=wasm32-wasi --sysroot=/usr -O2 -Wall -Wextra -Wl,--strip-debug -o clock.wasm clock.c
//
// Benchmark guest: calls clock_gettime(CLOCK_MONOTONIC) N times (argv[1],
// default 1000000; 0 measures start-up alone; CLOCK_REALTIME with argv[2]
// "realtime") and prints a checksum of the
// readings so the loop cannot be optimised away. Under wasi-libc each call is
// one clock_time_get import call. Natively: gcc -O2 -o clock clock.c
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

int main(int argc, char **argv) {
    long n = argc > 1 ? strtol(argv[1], NULL, 10) : 1000000;
    clockid_t id = argc > 2 && strcmp(argv[2], "realtime") == 0 ? CLOCK_REALTIME : CLOCK_MONOTONIC;
    unsigned long long sum = 0;
    struct timespec ts;
    for (long i = 0; i < n; i++) {
        clock_gettime(id, &ts);
        sum += (unsigned long long)ts.tv_sec * 1000000000ull + (unsigned long long)ts.tv_nsec;
    }
    printf("calls=%ld checksum=%llu\n", n, sum);
    return 0;
}
