// Rebuild: cd bench/guests && clang-19 --target=wasm32-wasi --sysroot=/usr -O2 -Wall -Wextra -Wl,--strip-debug -o rename_across.wasm rename_across.c
//
// Benchmark guest: renames the file a/f to b/f and back N times (argv[1]) in the preopen fd 3,
// two directories apart, and prints ns per rename: what a cross-directory rename costs, with
// the second look at its destination (RATIONALE, "The filesystem sandbox"). Run beside the peers:
//   mkdir -p /dev/shm/xr/a /dev/shm/xr/b && touch /dev/shm/xr/a/f
//   deno run -A cli.ts --dir /dev/shm/xr::/ bench/guests/rename_across.wasm 20000
//   bun cli.ts ... ; wasmtime run --dir /dev/shm/xr::/ ... ; wazero run -mount /dev/shm/xr:/ ...
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <wasi/api.h>
int main(int argc, char **argv) {
  int n = argc > 1 ? atoi(argv[1]) : 10000;
  struct timespec t0, t1;
  clock_gettime(CLOCK_MONOTONIC, &t0);
  for (int i = 0; i < n; i++) {
    if (__wasi_path_rename(3, "a/f", 3, "b/f") || __wasi_path_rename(3, "b/f", 3, "a/f")) { puts("fail"); return 1; }
  }
  clock_gettime(CLOCK_MONOTONIC, &t1);
  printf("%.0f ns/rename\n", ((t1.tv_sec - t0.tv_sec) * 1e9 + (t1.tv_nsec - t0.tv_nsec)) / (2.0 * n));
  return 0;
}
