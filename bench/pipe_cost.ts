/**
 * What reading a pipe costs per 64 KiB read, by strategy, in process:
 * `head -c 256M /dev/zero | deno run -A bench/pipe_cost.ts MODE` (or `bun`),
 * MODE one of:
 *
 * - `async`: every read awaits `fs.read` on the runtime's blocking pool
 *   (what lib/host/stdio.ts does for a pipe that may wait);
 * - `poll-sync`: `poll(2)` through FFI with timeout 0 first; `fs.readSync`
 *   when data is there, the async read only when it is not (never blocks
 *   the event loop);
 * - `poll-ffi`: the same with `read(2)` through FFI as well;
 * - `direct`: `read(2)` through FFI on a private O_NONBLOCK description of
 *   the pipe (reopened through /proc/self/fd/0), the pool read only after
 *   EAGAIN (what lib/host/stdio.ts does where FFI is there);
 * - `direct-poll` (Deno only): the same, but the wait after EAGAIN is a
 *   `poll(2)` on Deno's FFI thread (`nonblocking: true`), then `read(2)`:
 *   no `node:fs` at all.
 *
 * Prints `MODE<TAB>ms total<TAB>µs per read<TAB>share of reads that waited`
 * to stderr: what a poll-first pipe path (which needs the FFI layer) would
 * save on bench/io.ts's pipe rows.
 */
import * as fs from "node:fs";
import process from "node:process";

const mode = process.argv[2] ?? "async";
const buf = new Uint8Array(64 << 10);
const pollfd = new Uint8Array(8); // struct pollfd { int fd; short events; short revents; }
new DataView(pollfd.buffer).setInt16(4, 1, true); // POLLIN; fd 0

const O_NONBLOCK = 0o4000;
const EAGAIN = 11;
const procPath = new TextEncoder().encode("/proc/self/fd/0\0");

type Ffi = {
  poll(): number;
  read(fd?: number): number;
  /** A private O_NONBLOCK description of fd 0. */
  reopen(): number;
  errno(): number;
  /** Deno only: poll(2) of `fd` for POLLIN with no timeout, on Deno's FFI thread. */
  waitReadable?(fd: number): Promise<number>;
};
function ffi(): Ffi {
  if (typeof Deno !== "undefined") {
    const lib = Deno.dlopen(
      "libc.so.6",
      {
        poll: { parameters: ["buffer", "u64", "i32"], result: "i32" },
        pollAsync: {
          name: "poll",
          parameters: ["buffer", "u64", "i32"],
          result: "i32",
          nonblocking: true,
        },
        read: { parameters: ["i32", "buffer", "usize"], result: "isize" },
        open: { parameters: ["buffer", "i32"], result: "i32" },
        __errno_location: { parameters: [], result: "pointer" },
      } as const,
    );
    const errnoView = new Deno.UnsafePointerView(lib.symbols.__errno_location()!);
    const waitfd = new Uint8Array(8);
    new DataView(waitfd.buffer).setInt16(4, 1, true);
    return {
      poll: () => lib.symbols.poll(pollfd, 1n, 0),
      read: (fd = 0) => Number(lib.symbols.read(fd, buf, BigInt(buf.length))),
      reopen: () => lib.symbols.open(procPath, O_NONBLOCK),
      errno: () => errnoView.getInt32(),
      waitReadable: (fd) => {
        new DataView(waitfd.buffer).setInt32(0, fd, true);
        return lib.symbols.pollAsync(waitfd, 1n, -1);
      },
    };
  }
  const bun = process.getBuiltinModule("bun:ffi" as "fs") as unknown as {
    dlopen(p: string, s: unknown): { symbols: Record<string, (...a: unknown[]) => number> };
    read: { i32(ptr: number, offset: number): number };
  };
  const s = bun.dlopen("libc.so.6", {
    poll: { args: ["ptr", "u64", "i32"], returns: "i32" },
    read: { args: ["i32", "ptr", "u64"], returns: "i64" },
    open: { args: ["ptr", "i32"], returns: "i32" },
    __errno_location: { args: [], returns: "ptr" },
  }).symbols;
  const errnoAt = s.__errno_location();
  return {
    poll: () => s.poll(pollfd, 1, 0),
    read: (fd = 0) => Number(s.read(fd, buf, buf.length)),
    reopen: () => s.open(procPath, O_NONBLOCK),
    errno: () => bun.read.i32(errnoAt, 0),
  };
}

const readAsync = () =>
  new Promise<number>((resolve, reject) =>
    fs.read(0, buf, 0, buf.length, null, (e, n) => e ? reject(e) : resolve(n))
  );
const calls = mode === "async" ? undefined : ffi();
const own = mode.startsWith("direct") ? calls!.reopen() : -1;
let reads = 0, waited = 0, total = 0;
const t0 = performance.now();
for (;;) {
  let n: number;
  reads++;
  if (!calls) {
    n = await readAsync();
  } else if (own >= 0) {
    n = calls.read(own);
    if (n < 0 && calls.errno() === EAGAIN) {
      waited++;
      if (mode === "direct-poll" && calls.waitReadable) {
        await calls.waitReadable(own);
        n = calls.read(own);
      } else {
        n = await readAsync();
      }
    }
  } else if (calls.poll() === 1) {
    n = mode === "poll-ffi" ? calls.read() : fs.readSync(0, buf, 0, buf.length, null);
  } else {
    waited++;
    n = await readAsync();
  }
  if (n <= 0) break;
  total += n;
}
const ms = performance.now() - t0;
console.error(
  `${mode}\t${ms.toFixed(0)} ms for ${total >> 20} MiB\t${(ms * 1000 / reads).toFixed(1)} µs/read` +
    `\t${(waited / reads * 100).toFixed(0)}% waited`,
);
