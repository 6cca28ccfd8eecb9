#!/usr/bin/env bash
# Rebuilds the socket fixtures under testdata/net/ from their sources,
# reproducibly: running it twice gives identical bytes (compare with
# sha256sum). Each source's first comment repeats its build command. Prints
# one line per file. Needs the same toolchains as ../build.sh (which installs
# the Debian ones); byte-identical results need the versions recorded in
# ../README.md.
set -euo pipefail
cd "$(dirname "$0")"

for f in /usr/bin/clang-19 /usr/bin/rustc /usr/lib/wasm32-wasi/libc.a; do
  if [ ! -e "$f" ]; then
    echo "build.sh: $f is missing; run ../build.sh once to install the toolchains" >&2
    exit 1
  fi
done
if ! command -v go >/dev/null; then
  echo "build.sh: go (>= 1.21) is not on PATH" >&2
  exit 1
fi

report() { # FILE: one line with size and hash
  printf '%-22s %8d bytes  sha256=%s\n' "$1" "$(stat -c %s "$1")" "$(sha256sum <"$1" | cut -d' ' -f1)"
}

# --- Go -----------------------------------------------------------------------
# Module-less build of one file; pin everything the environment could change.
(cd go && env -u GOFLAGS GOWORK=off GOTOOLCHAIN=local CGO_ENABLED=0 GOOS=wasip1 GOARCH=wasm \
  go build -trimpath -buildvcs=false -ldflags=-buildid= -o main.wasm main.go)
report go/main.wasm

# --- C ----------------------------------------------------------------------
# --strip-debug drops the DWARF of Debian's wasi-libc but keeps the name section.
(cd c && clang-19 --target=wasm32-wasi --sysroot=/usr -O2 -Wall -Wextra -Wl,--strip-debug -o main.wasm main.c)
report c/main.wasm

# --- Rust -------------------------------------------------------------------
# Debian's rustc, not a rustup one (which lacks this std for wasm32-wasi).
(cd rust && /usr/bin/rustc --target wasm32-wasi -C opt-level=2 -C strip=debuginfo \
  --remap-path-prefix="$PWD"=. -o main.wasm main.rs)
report rust/main.wasm
