#!/usr/bin/env bash
# Rebuilds every .wasm fixture under testdata/ from its source, reproducibly:
# running it twice gives identical bytes (compare with sha256sum). Each
# source's first comment repeats its build command. Prints one line per file.
# Installs the Debian toolchains if missing; Go (>= 1.21, for wasip1) must be
# on PATH already, as Debian's golang is too old. Byte-identical results need
# the same toolchain versions as recorded in README.md.
set -euo pipefail
cd "$(dirname "$0")"

# --- toolchains -------------------------------------------------------------
need_apt=0
for f in /usr/bin/clang-19 /usr/bin/wasm-ld-19 /usr/bin/wat2wasm /usr/bin/rustc \
         /usr/lib/wasm32-wasi/libc.a \
         /usr/lib/llvm-19/lib/clang/19/lib/wasi/libclang_rt.builtins-wasm32.a; do
  [ -e "$f" ] || need_apt=1
done
compgen -G '/usr/lib/rustlib/wasm32-wasi/lib/libstd-*.rlib' >/dev/null || need_apt=1
if [ "$need_apt" = 1 ]; then
  sudo=""
  [ "$(id -u)" = 0 ] || sudo="sudo"
  echo "installing toolchains with apt-get" >&2
  $sudo apt-get update >&2
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y \
    clang-19 lld-19 wasi-libc libclang-rt-19-dev-wasm32 rustc libstd-rust-dev-wasm32 wabt >&2
fi
if ! command -v go >/dev/null; then
  echo "build.sh: go (>= 1.21) is not on PATH" >&2
  exit 1
fi

report() { # FILE: one line with size and hash
  printf '%-22s %8d bytes  sha256=%s\n' "$1" "$(stat -c %s "$1")" "$(sha256sum <"$1" | cut -d' ' -f1)"
}

# One function per toolchain, each building one source in its directory.

# Module-less build of one file; pin everything the environment could change.
go_wasm() { # DIR: DIR/main.go -> DIR/main.wasm
  (cd "$1" && env -u GOFLAGS GOWORK=off GOTOOLCHAIN=local CGO_ENABLED=0 GOOS=wasip1 GOARCH=wasm \
    go build -trimpath -buildvcs=false -ldflags=-buildid= -o main.wasm main.go)
  report "$1/main.wasm"
}

# --strip-debug drops the DWARF of Debian's wasi-libc but keeps the name section.
c_wasm() { # DIR NAME: DIR/NAME.c -> DIR/NAME.wasm
  (cd "$1" && clang-19 --target=wasm32-wasi --sysroot=/usr -O2 -Wall -Wextra -Wl,--strip-debug \
    -o "$2.wasm" "$2.c")
  report "$1/$2.wasm"
}

# Debian's rustc, not a rustup one (which lacks this std for wasm32-wasi).
rust_wasm() { # DIR NAME [RUSTC FLAGS...]: DIR/NAME.rs -> DIR/NAME.wasm
  local dir=$1 name=$2
  shift 2
  (cd "$dir" && /usr/bin/rustc "$@" --target wasm32-wasi -C opt-level=2 -C strip=debuginfo \
    --remap-path-prefix="$PWD"=. -o "$name.wasm" "$name.rs")
  report "$dir/$name.wasm"
}

go_wasm go
go_wasm go/fs
go_wasm go/notify
go_wasm net/go
c_wasm c main
c_wasm c fs
c_wasm c hostile
c_wasm c repoint
c_wasm c moved
c_wasm c race
c_wasm c efbig
c_wasm c far
c_wasm c conform
c_wasm c limits
c_wasm c lost
c_wasm c reset
c_wasm c progress
c_wasm c preview0
c_wasm c iov
c_wasm c fifo_rdwr
c_wasm c hangup
c_wasm fuzz fuzz
# The fuzzing guest again with every import but sock_accept (which preview0 lacks) from
# wasi_unstable: the same calls through preview0's layouts (tests/fuzz_test.ts).
wasm2wat --enable-all fuzz/fuzz.wasm |
  sed -E 's/import "wasi_snapshot_preview1" "([a-z_]+)"/import "wasi_unstable" "\1"/;
          s/import "wasi_unstable" "sock_accept"/import "wasi_snapshot_preview1" "sock_accept"/' |
  wat2wasm --enable-all - -o fuzz/fuzz_preview0.wasm
report fuzz/fuzz_preview0.wasm
c_wasm net/c main
rust_wasm rust main
rust_wasm rust fs --edition 2021
rust_wasm net/rust main

# --- WAT --------------------------------------------------------------------
for wat in wat/*.wat; do
  wat2wasm --enable-exceptions --enable-tail-call --enable-threads --enable-memory64 "$wat" \
    -o "${wat%.wat}.wasm"
  report "${wat%.wat}.wasm"
done

# Instructions wabt cannot write (garbage collection): wasm-tools, where it is on PATH
# (`cargo install --locked wasm-tools@1.263.0`); else the committed modules stay.
for wat in wat_gc/*.wat; do
  if command -v wasm-tools >/dev/null; then
    wasm-tools parse "$wat" -o "${wat%.wat}.wasm"
  else
    echo "build.sh: wasm-tools is not on PATH: ${wat%.wat}.wasm kept as committed" >&2
  fi
  report "${wat%.wat}.wasm"
done

# --- not modules ----------------------------------------------------------------
printf 'not a wasm module\n' >malformed.wasm
report malformed.wasm
: >empty.wasm
report empty.wasm
# An empty WebAssembly component (the component model's version and layer after the magic).
printf '\0asm\r\0\1\0' >component.wasm
report component.wasm
