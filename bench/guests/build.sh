#!/usr/bin/env bash
# Rebuilds the benchmark guests in bench/guests/ (each source's first comment
# repeats its command) and prints one line per file with size and sha256.
# Needs clang-19 and Debian's wasi-libc (see testdata/build.sh, which installs
# them) and go >= 1.21. The start-up, pipe and sleep workloads also reuse
# testdata/c/main.wasm and testdata/go/main.wasm, and the socket workload
# testdata/net/go/main.wasm (rebuilt by testdata/build.sh). Native builds of
# all guests are made by bench/run.ts itself, in a temporary directory.
set -euo pipefail
cd "$(dirname "$0")"
report() { # FILE: one line with size and hash
  printf '%-14s %8d bytes  sha256=%s\n' "$1" "$(stat -c %s "$1")" "$(sha256sum <"$1" | cut -d' ' -f1)"
}
for src in clock.c write.c files.c wait.c sieve.c dirs.c pcat.c rename_across.c pollmany.c; do
  clang-19 --target=wasm32-wasi --sysroot=/usr -O2 -Wall -Wextra -Wl,--strip-debug \
    -o "${src%.c}.wasm" "$src"
  report "${src%.c}.wasm"
done
env -u GOFLAGS GOWORK=off GOTOOLCHAIN=local CGO_ENABLED=0 GOOS=wasip1 GOARCH=wasm \
  go build -trimpath -buildvcs=false -ldflags=-buildid= -o gofiles.wasm gofiles.go
report gofiles.wasm
