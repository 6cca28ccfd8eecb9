// Rebuild: cd bench/guests && clang-19 --target=wasm32-wasi --sysroot=/usr -O2 -Wall -Wextra -Wl,--strip-debug -o wait.wasm wait.c
//
// Benchmark guest for the waiting paths. Times itself with
// clock_gettime(CLOCK_MONOTONIC) and prints one line of `name=value` pairs:
//
//   poll0 N     N raw __wasi_poll_oneoff calls, each with one relative
//               MONOTONIC clock subscription of timeout 0 (answered at once):
//               `calls=N ns_per_call=X`
//   sleep N US  N sleeps of US microseconds (clock_nanosleep, relative
//               MONOTONIC; a poll_oneoff clock subscription under wasi-libc),
//               each measured: the overshoot (measured - US) in µs as
//               `sleeps=N mean_us=X p50_us=X p99_us=X max_us=X`
//
// Natively (gcc -O2 -o wait wait.c) poll0 calls poll(NULL, 0, 0) instead.
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#ifdef __wasi__
#include <wasi/api.h>
#endif

static double now_us(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e6 + ts.tv_nsec / 1e3;
}

static int poll_zero(void) {
#ifdef __wasi__
    __wasi_subscription_t sub;
    memset(&sub, 0, sizeof sub);
    sub.userdata = 1;
    sub.u.tag = __WASI_EVENTTYPE_CLOCK;
    sub.u.u.clock.id = __WASI_CLOCKID_MONOTONIC;
    sub.u.u.clock.timeout = 0;
    __wasi_event_t ev;
    __wasi_size_t n = 0;
    return __wasi_poll_oneoff(&sub, &ev, 1, &n) == 0 && n == 1 && ev.userdata == 1 ? 0 : -1;
#else
    return poll(NULL, 0, 0);
#endif
}

static int cmp(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

int main(int argc, char **argv) {
    const char *mode = argc > 1 ? argv[1] : "";
    if (strcmp(mode, "poll0") == 0 && argc == 3) {
        long n = strtol(argv[2], NULL, 10);
        double t0 = now_us();
        for (long i = 0; i < n; i++) {
            if (poll_zero() != 0) {
                fprintf(stderr, "poll failed\n");
                return 1;
            }
        }
        printf("calls=%ld ns_per_call=%.1f\n", n, (now_us() - t0) * 1e3 / (double)n);
        return 0;
    }
    if (strcmp(mode, "sleep") == 0 && argc == 4) {
        long n = strtol(argv[2], NULL, 10), us = strtol(argv[3], NULL, 10);
        double *over = malloc(sizeof(double) * (size_t)n), sum = 0;
        if (!over || n < 1) return 1;
        struct timespec req = {us / 1000000, (us % 1000000) * 1000};
        for (long i = 0; i < n; i++) {
            double t0 = now_us();
            if (clock_nanosleep(CLOCK_MONOTONIC, 0, &req, NULL) != 0) {
                fprintf(stderr, "clock_nanosleep failed\n");
                return 1;
            }
            over[i] = now_us() - t0 - (double)us;
            sum += over[i];
        }
        qsort(over, (size_t)n, sizeof(double), cmp);
        printf("sleeps=%ld mean_us=%.1f p50_us=%.1f p99_us=%.1f max_us=%.1f\n", n, sum / (double)n,
               over[n / 2], over[n * 99 / 100], over[n - 1]);
        return 0;
    }
    fprintf(stderr, "usage: wait poll0 N | sleep N US\n");
    return 2;
}
