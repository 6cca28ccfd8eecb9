// Rebuild: cd bench/guests && clang-19 --target=wasm32-wasi --sysroot=/usr -O2 -Wall -Wextra -Wl,--strip-debug -o write.wasm write.c
//
// Benchmark guest: N raw, unbuffered write(1, "x\n", 2) calls (argv[1],
// default 1000000; 0 measures start-up alone). Under wasi-libc each call is
// one fd_write import call. Run it with stdout on /dev/null. Exits 1 if a
// write fails or is short. Natively: gcc -O2 -o write write.c
#include <stdlib.h>
#include <unistd.h>

int main(int argc, char **argv) {
    long n = argc > 1 ? strtol(argv[1], NULL, 10) : 1000000;
    for (long i = 0; i < n; i++) {
        if (write(1, "x\n", 2) != 2) return 1;
    }
    return 0;
}
