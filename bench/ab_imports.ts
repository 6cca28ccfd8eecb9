/**
 * Throwaway in-process A/B test of two wasirun design choices, on the real
 * guests and lib/'s real fd_write (lib/ is only imported, never changed):
 *
 * - fd_write as a JSPI `Suspending` import or as a plain import (possible
 *   when stdout can never wait, e.g. /dev/null); and the same for a stub
 *   fd_write that does no I/O, which isolates what JSPI itself costs with a
 *   real guest's stack;
 * - the monotonic clock from `performance.now()` (lib/host/clock.ts) or
 *   from `process.hrtime.bigint()`.
 *
 *   deno run -A bench/ab_imports.ts >/dev/null     bun bench/ab_imports.ts >/dev/null
 *
 * stdout must be /dev/null (the guests write there); results go to stderr as
 * `name<TAB>ns per call` lines: the best of 5 runs of the time `_start`
 * takes for 1,000,000 calls, minus the same for 0 calls, divided by 1,000,000.
 *
 * Only the public WASI class is used. To get lib's fd_write as a plain
 * function, `WebAssembly.Suspending` is replaced by the identity while the
 * import object is built (lib/jspi.ts looks it up at bind time); each case
 * then wraps what it measures in a `Suspending` itself or not. (The clock
 * guest's one fd_write at the end is plain too, which does not matter.)
 */
import * as fs from "node:fs";
import process from "node:process";
import { isatty } from "node:tty";
import { WASI } from "../lib/wasi.ts";

const CALLS = 1_000_000;
const REPS = 5;
const guests = new URL("./guests/", import.meta.url);

if (!fs.fstatSync(1).isCharacterDevice() || isatty(1)) {
  console.error("ab_imports: run with stdout on /dev/null");
  process.exit(2);
}

// deno-lint-ignore no-explicit-any
const jspi = WebAssembly as any;
type Imports = Record<string, unknown>;
// deno-lint-ignore no-explicit-any
type Fn = (...args: any[]) => any;

/** lib's imports with every would-be `Suspending` import left a plain function. */
function plainLibImports(wasi: WASI): Imports {
  const real = jspi.Suspending;
  jspi.Suspending = function (fn: Fn) {
    return fn; // `new` returns this object: the function itself
  };
  try {
    return { ...wasi.wasiImport };
  } finally {
    jspi.Suspending = real;
  }
}

/** A plain function that refuses to hand a promise to the guest. */
function syncOnly(name: string, fn: unknown): Fn {
  if (typeof fn !== "function") throw new Error(`cannot unwrap lib's ${name}`);
  return (...args) => {
    const r = fn(...args);
    if (typeof r !== "number") throw new Error(`${name} wanted to wait`);
    return r;
  };
}

/** What a variant puts in place of lib's imports; `memory()` is the guest's. */
type Override = (lib: Imports, memory: () => WebAssembly.Memory) => Imports;

/** ms that `_start` takes with `calls` iterations. */
async function runOnce(
  module: WebAssembly.Module,
  calls: number,
  override: Override,
  mode: string[] = [],
) {
  const wasi = new WASI({ args: ["guest", ...mode, String(calls)] });
  const guest: { memory?: WebAssembly.Memory } = {};
  const lib = plainLibImports(wasi);
  const imports = { ...lib, ...override(lib, () => guest.memory!) };
  const instance = await WebAssembly.instantiate(module, {
    wasi_snapshot_preview1: imports as WebAssembly.ModuleImports,
  });
  guest.memory = instance.exports.memory as WebAssembly.Memory;
  const t0 = performance.now();
  const code = await wasi.start(instance);
  const ms = performance.now() - t0;
  if (code !== 0) throw new Error(`guest exited with ${code}`);
  return ms;
}

async function nsPerCall(wasm: string, override: Override): Promise<number> {
  const module = await WebAssembly.compile(fs.readFileSync(new URL(wasm, guests)));
  const mode = wasm === "wait.wasm" ? ["poll0"] : [];
  await runOnce(module, CALLS / 10, override, mode); // warm-up
  const best = async (calls: number) => {
    const times: number[] = [];
    for (let i = 0; i < REPS; i++) times.push(await runOnce(module, calls, override, mode));
    return Math.min(...times);
  };
  return ((await best(CALLS)) - (await best(0))) * 1e6 / CALLS;
}

const libFdWrite = (suspending: boolean): Override => (lib) => {
  const fn = syncOnly("fd_write", lib.fd_write);
  return { fd_write: suspending ? new jspi.Suspending(fn) : fn };
};

/** An fd_write that does no I/O (it only reports 2 bytes written). */
const stubFdWrite = (suspending: boolean): Override => (_lib, memory) => {
  const stub = (_fd: number, _iovs: number, _len: number, nwritten: number) => {
    new DataView(memory().buffer).setUint32(nwritten, 2, true);
    return 0;
  };
  return { fd_write: suspending ? new jspi.Suspending(stub) : stub };
};

/** clock_time_get(MONOTONIC) with a bounds check, like lib's, from `now()`. */
const clock = (now: () => bigint): Override => (lib, memory) => {
  const other = syncOnly("clock_time_get", lib.clock_time_get);
  let view: DataView = new DataView(new ArrayBuffer(0));
  return {
    clock_time_get: (id: number, precision: bigint, ptr: number) => {
      if (id !== 1) return other(id, precision, ptr);
      if (view.buffer !== memory().buffer) view = new DataView(memory().buffer);
      const p = ptr >>> 0;
      if (p + 8 > view.byteLength) return 21; // EFAULT
      view.setBigUint64(p, BigInt.asUintN(64, now()), true);
      return 0;
    },
  };
};

/** clock_time_get(MONOTONIC) writing the u64 as two u32 halves of a nanosecond count `now()`. */
const clockNumber = (now: () => number): Override => (lib, memory) => {
  const other = syncOnly("clock_time_get", lib.clock_time_get);
  let view: DataView = new DataView(new ArrayBuffer(0));
  return {
    clock_time_get: (id: number, precision: bigint, ptr: number) => {
      if (id !== 1) return other(id, precision, ptr);
      if (view.buffer !== memory().buffer) view = new DataView(memory().buffer);
      const p = ptr >>> 0;
      if (p + 8 > view.byteLength) return 21; // EFAULT
      const ns = now();
      view.setUint32(p, ns % 4294967296, true);
      view.setUint32(p + 4, ns / 4294967296, true);
      return 0;
    },
  };
};

/** clock_gettime(CLOCK_MONOTONIC) through the runtime's FFI into a scratch timespec, as ns. */
async function ffiMonotonic(): Promise<() => number> {
  const ts = new Int32Array(4);
  let call: () => void;
  if (typeof Deno !== "undefined") {
    const lib = Deno.dlopen(
      "libc.so.6",
      {
        clock_gettime: { parameters: ["i32", "buffer"], result: "i32" },
      } as const,
    );
    call = () => lib.symbols.clock_gettime(1, ts);
  } else {
    const ffi = await import(["bun", "ffi"].join(":"));
    const f = ffi.dlopen("libc.so.6", { clock_gettime: { args: ["i32", "ptr"], returns: "i32" } })
      .symbols.clock_gettime;
    call = () => f(1, ts);
  }
  return () => {
    call();
    return ts[0] * 1e9 + ts[2]; // monotonic: exact below 2^53 ns (104 days of uptime)
  };
}

const cases: [string, string, Override][] = [
  ["lib's fd_write as Suspending import", "write.wasm", libFdWrite(true)],
  ["lib's fd_write as plain import", "write.wasm", libFdWrite(false)],
  ["fd_write stub without I/O as Suspending import", "write.wasm", stubFdWrite(true)],
  ["fd_write stub without I/O as plain import", "write.wasm", stubFdWrite(false)],
  ["lib's clock_time_get", "clock.wasm", () => ({})],
  [
    "clock_time_get from BigInt(Math.round(performance.now() * 1e6))",
    "clock.wasm",
    clock(() => BigInt(Math.round(performance.now() * 1e6))),
  ],
  ["clock_time_get from process.hrtime.bigint()", "clock.wasm", clock(process.hrtime.bigint)],
  ["clock_time_get stub: a constant, no clock read", "clock.wasm", clockNumber(() => 12345)],
  [
    "clock_time_get from Math.round(performance.now() * 1e6), two setUint32",
    "clock.wasm",
    clockNumber(() => Math.round(performance.now() * 1e6)),
  ],
  [
    "clock_time_get from FFI clock_gettime, two setUint32",
    "clock.wasm",
    clockNumber(await ffiMonotonic()),
  ],
  [
    "lib's poll_oneoff (timeout 0) as Suspending import",
    "wait.wasm",
    (lib) => ({ poll_oneoff: new jspi.Suspending(syncOnly("poll_oneoff", lib.poll_oneoff)) }),
  ],
  [
    "lib's poll_oneoff (timeout 0) as plain import",
    "wait.wasm",
    (lib) => ({ poll_oneoff: syncOnly("poll_oneoff", lib.poll_oneoff) }),
  ],
];
const only = process.env.AB_ONLY;
for (const [name, wasm, override] of cases) {
  if (only && !name.includes(only)) continue;
  console.error(`${name}\t${(await nsPerCall(wasm, override)).toFixed(1)}`);
}
