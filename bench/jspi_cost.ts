/**
 * Throwaway micro-benchmark for a design decision: what does a JSPI
 * `WebAssembly.Suspending` import cost per call next to a plain (sync)
 * import, on this JS runtime? And the host pieces of wasirun's hot calls:
 * the monotonic clock source and a 2-byte write to /dev/null.
 *
 *   deno run -A bench/jspi_cost.ts      bun bench/jspi_cost.ts
 *
 * Prints one `name<TAB>ns per call` line per measurement (best of 5
 * repetitions of 1,000,000 calls, fewer for the two that really wait: other
 * load only ever adds time). bench/run.ts runs it under both runtimes.
 */
import * as fs from "node:fs";
import process from "node:process";

const CALLS = 1_000_000;
const REPS = 5;

// A module with one import `env.f(i32, i32, i32, i32) -> i32` (fd_write's
// shape) and one export `loop(n) -> i32` that calls it n times:
//   loop  acc += f(1, 2, 3, 4); n -= 1; br_if n  end  acc
// deno-fmt-ignore
const MODULE = new Uint8Array([
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, // magic, version
  0x01, 0x0e, 0x02, // type section: 2 types
  0x60, 0x04, 0x7f, 0x7f, 0x7f, 0x7f, 0x01, 0x7f, // (i32 i32 i32 i32) -> i32
  0x60, 0x01, 0x7f, 0x01, 0x7f, // (i32) -> i32
  0x02, 0x09, 0x01, 0x03, 0x65, 0x6e, 0x76, 0x01, 0x66, 0x00, 0x00, // import env.f, type 0
  0x03, 0x02, 0x01, 0x01, // function section: 1 function of type 1
  0x07, 0x08, 0x01, 0x04, 0x6c, 0x6f, 0x6f, 0x70, 0x00, 0x01, // export "loop" = func 1
  0x0a, 0x23, 0x01, 0x21, 0x01, 0x01, 0x7f, // code: 1 body, 1 local i32 (acc)
  0x03, 0x40, // loop
  0x20, 0x01, 0x41, 0x01, 0x41, 0x02, 0x41, 0x03, 0x41, 0x04, 0x10, 0x00, // acc, f(1,2,3,4)
  0x6a, 0x21, 0x01, // i32.add, local.set acc
  0x20, 0x00, 0x41, 0x01, 0x6b, 0x22, 0x00, 0x0d, 0x00, // n = n - 1; br_if 0 (n != 0)
  0x0b, 0x20, 0x01, 0x0b, // end loop, local.get acc, end
]);

// deno-lint-ignore no-explicit-any
const jspi = WebAssembly as any;
const module = new WebAssembly.Module(MODULE);

type Loop = (n: number) => number | Promise<number>;

function instantiate(f: unknown): (n: number) => number {
  const instance = new WebAssembly.Instance(module, { env: { f: f as WebAssembly.ImportValue } });
  return instance.exports.loop as (n: number) => number;
}

const plainImport = (_a: number, _b: number, _c: number, _d: number) => 1;
const promiseImport = (_a: number, _b: number, _c: number, _d: number) => Promise.resolve(1);
/** Really waits: one timer turn of the event loop (what poll_oneoff's clock wait costs at least). */
const timerImport = () => new Promise<number>((resolve) => setTimeout(() => resolve(1), 0));
const zero = fs.openSync("/dev/zero", "r");
const chunk = new Uint8Array(64 * 1024);
/** Really waits: a 64 KiB fs.read on the blocking pool (what a pipe read that waits costs). */
const readImport = () =>
  new Promise<number>((resolve, reject) =>
    fs.read(zero, chunk, 0, chunk.length, null, (err, n) => err ? reject(err) : resolve(n))
  );

/** Best ns per call of `run(calls)` over REPS repetitions (after one warm-up). */
async function nsPerCall(run: (n: number) => unknown, calls = CALLS): Promise<number> {
  await run(calls / 10);
  const times: number[] = [];
  for (let i = 0; i < REPS; i++) {
    const t0 = performance.now();
    await run(calls);
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return (Math.min(...times) * 1e6) / calls;
}

/** A JS loop around `f`, keeping its results so nothing is optimised away. */
function jsLoop(f: () => number | bigint): (n: number) => unknown {
  return (n) => {
    let sink = 0;
    for (let i = 0; i < n; i++) sink += Number(f()) & 1;
    return sink;
  };
}

const view = new DataView(new ArrayBuffer(8));
const devNull = fs.openSync("/dev/null", "w");
const twoBytes = new Uint8Array([0x78, 0x0a]);

const cases: [string, (n: number) => unknown][] = [
  ["wasm->JS plain import, export called directly", instantiate(plainImport)],
  ["wasm->JS plain import, export under promising", jspi.promising(instantiate(plainImport))],
  [
    "Suspending import returning a number (no suspension)",
    jspi.promising(instantiate(new jspi.Suspending(plainImport))) as Loop,
  ],
  [
    "Suspending import returning a resolved Promise (suspends)",
    jspi.promising(instantiate(new jspi.Suspending(promiseImport))) as Loop,
  ],
  ["performance.now()", jsLoop(() => performance.now())],
  [
    "BigInt(Math.round(performance.now() * 1e6)) (lib/host/clock.ts)",
    jsLoop(() => {
      return BigInt(Math.round(performance.now() * 1e6));
    }),
  ],
  ["process.hrtime.bigint()", jsLoop(() => process.hrtime.bigint())],
  [
    "  ... + DataView.setBigUint64 (perf.now path)",
    jsLoop(() => {
      view.setBigUint64(0, BigInt(Math.round(performance.now() * 1e6)), true);
      return 0;
    }),
  ],
  [
    "  ... + DataView.setBigUint64 (hrtime path)",
    jsLoop(() => {
      view.setBigUint64(0, process.hrtime.bigint(), true);
      return 0;
    }),
  ],
  ["fs.writeSync 2 bytes to /dev/null", jsLoop(() => fs.writeSync(devNull, twoBytes, 0, 2))],
];

/** Calls that really wait are ~1000× slower: fewer of them. */
const waiting: [string, (n: number) => unknown, number][] = [
  [
    "Suspending import awaiting setTimeout(0) (really waits)",
    jspi.promising(instantiate(new jspi.Suspending(timerImport))),
    200,
  ],
  [
    "Suspending import awaiting a 64 KiB fs.read of /dev/zero (really waits)",
    jspi.promising(instantiate(new jspi.Suspending(readImport))),
    20_000,
  ],
];

for (const [name, run, calls] of [...cases.map(([n, r]) => [n, r, CALLS] as const), ...waiting]) {
  console.log(`${name}\t${(await nsPerCall(run, calls)).toFixed(1)}`);
}
fs.closeSync(devNull);
fs.closeSync(zero);
