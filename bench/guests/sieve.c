// Rebuild: cd bench/guests && clang-19 --target=wasm32-wasi --sysroot=/usr -O2 -Wall -Wextra -Wl,--strip-debug -o sieve.wasm sieve.c
//
// Benchmark guest, compute-bound with its hot loops in one long call (main):
// a sieve of Eratosthenes over 20,000,000 bytes, 8 times; prints the total
// count. V8 never moves a running wasm function to optimised code, so this
// measures its baseline (Liftoff) code unless `--no-liftoff` is given
// (README, "Performance"). Natively: gcc -O2 -o sieve sieve.c
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(void) {
    long n = 20000000, total = 0;
    char *s = malloc(n);
    if (!s) return 1;
    for (int rep = 0; rep < 8; rep++) {
        memset(s, 1, n);
        for (long i = 2; i * i < n; i++)
            if (s[i])
                for (long j = i * i; j < n; j += i) s[j] = 0;
        for (long i = 0; i < n; i++) total += s[i];
    }
    printf("total=%ld\n", total);
    return 0;
}
