#!/usr/bin/env bash
# Rebuilds the benchmark guests in bench/guests/ (each source's first comment
# repeats its command) and prints one line per file with size and sha256.
# Needs clang-19 and Debian's wasi-libc (see testdata/build.sh, which installs
# them). The start-up workloads reuse testdata/c/main.wasm and
# testdata/go/main.wasm (rebuilt by testdata/build.sh). Native builds of all
# guests are made by bench/run.ts itself, in a temporary directory.
set -euo pipefail
cd "$(dirname "$0")"
for src in clock.c write.c; do
  clang-19 --target=wasm32-wasi --sysroot=/usr -O2 -Wall -Wextra -Wl,--strip-debug \
    -o "${src%.c}.wasm" "$src"
  printf '%-12s %8d bytes  sha256=%s\n' "${src%.c}.wasm" "$(stat -c %s "${src%.c}.wasm")" \
    "$(sha256sum <"${src%.c}.wasm" | cut -d' ' -f1)"
done
