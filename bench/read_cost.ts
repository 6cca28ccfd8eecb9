/**
 * What one 4 KiB (or 64 KiB) file read costs on this host, by layer, in
 * process: `deno run -A bench/read_cost.ts [FILE] [BUF]`, `bun bench/read_cost.ts ...`
 * (FILE defaults to a 64 MiB file it writes in /dev/shm). Prints
 * `name<TAB>ns per call` lines (best of 5 passes over the file):
 *
 * - `node:fs.readSync` at a position (what lib/host/fs.ts does today);
 * - `pread(2)` through the runtime's FFI (`Deno.dlopen`, `bun:ffi`): what
 *   a data path through the FFI layer would cost;
 * - lib's FileFd.read (lib/fd/file.ts): our layers on top of readSync.
 *
 * The difference between the first two is what FFI file I/O would save per
 * call; FileFd.read minus readSync is our own overhead.
 */
import * as fs from "node:fs";
import process from "node:process";
import { Filetype } from "../lib/abi/types.ts";
import { Errno } from "../lib/abi/errno.ts";
import { FileFd } from "../lib/fd/file.ts";

const BUF = Number(process.argv[3] ?? 4096);
let path = process.argv[2];
if (!path) {
  path = "/dev/shm/wasirun-read-cost";
  fs.writeFileSync(path, new Uint8Array(64 << 20));
}
const size = fs.statSync(path).size;
const calls = Math.floor(size / BUF);
const fd = fs.openSync(path, "r");
// Stands in for guest memory, which starts on a page (a plain 1 MiB array on Deno starts 16 bytes
// past one, where this machine's kernel copies at a third of the speed: RATIONALE.md).
const memory = new Uint8Array(new WebAssembly.Memory({ initial: 16 }).buffer);
const dst = memory.subarray(4096, 4096 + BUF);

function best(name: string, pass: () => void): void {
  let ms = Infinity;
  for (let i = 0; i < 5; i++) {
    const t0 = performance.now();
    pass();
    ms = Math.min(ms, performance.now() - t0);
  }
  console.log(`${name}\t${(ms * 1e6 / calls).toFixed(0)}`);
}

best(`node:fs.readSync ${BUF} B at a position`, () => {
  for (let i = 0; i < calls; i++) fs.readSync(fd, dst, 0, BUF, i * BUF);
});

type Pread = (fd: number, buf: Uint8Array, n: number, off: number) => number;
let pread: Pread | undefined;
if (typeof Deno !== "undefined") {
  try {
    const lib = Deno.dlopen(
      "libc.so.6",
      {
        pread: { parameters: ["i32", "buffer", "usize", "i64"], result: "isize" },
      } as const,
    );
    pread = (fd, buf, n, off) =>
      Number(lib.symbols.pread(fd, buf as Uint8Array<ArrayBuffer>, BigInt(n), BigInt(off)));
    const raw = Deno.dlopen(
      "libc.so.6",
      {
        pread: { parameters: ["i32", "pointer", "usize", "i64"], result: "isize" },
      } as const,
    );
    const base = Deno.UnsafePointer.of(memory)!;
    const p = Deno.UnsafePointer.offset(base, 4096);
    best(`FFI pread ${BUF} B, pointer computed once (Deno.dlopen)`, () => {
      for (let i = 0; i < calls; i++) raw.symbols.pread(fd, p, BigInt(BUF), BigInt(i * BUF));
    });
  } catch (e) {
    console.log(`FFI pread\tn/a: ${e}`);
  }
} else {
  const ffi = process.getBuiltinModule("bun:ffi" as "fs") as unknown as {
    dlopen(p: string, s: unknown): { symbols: { pread: (...a: unknown[]) => number } };
    ptr(a: Uint8Array): number;
  };
  const f = ffi.dlopen("libc.so.6", {
    pread: { args: ["i32", "ptr", "u64", "i64"], returns: "i64" },
  }).symbols.pread;
  pread = (fd, buf, n, off) => Number(f(fd, buf, n, off));
  const p = ffi.ptr(memory) + 4096;
  best(`FFI pread ${BUF} B, pointer computed once (bun:ffi)`, () => {
    for (let i = 0; i < calls; i++) f(fd, p, BUF, i * BUF);
  });
}
if (pread) {
  const read = pread;
  best(`FFI pread ${BUF} B from a Uint8Array view`, () => {
    for (let i = 0; i < calls; i++) read(fd, dst, BUF, i * BUF);
  });
}

const file = new FileFd(fs.openSync(path, "r"), Filetype.REGULAR_FILE, {
  readable: true,
  writable: false,
  fdflags: 0,
  writeDenied: Errno.PERM,
});
best(`lib's FileFd.read ${BUF} B (readSync underneath)`, () => {
  file.seek(0n, 0);
  for (let i = 0; i < calls; i++) file.read([dst]);
});
