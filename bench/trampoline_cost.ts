/**
 * What a call that rarely waits costs through a wasm trampoline instead of
 * a `WebAssembly.Suspending` import (issue 11, "Bun's cost per Suspending
 * import on paths that rarely wait"):
 *
 *   deno run -A bench/trampoline_cost.ts      bun bench/trampoline_cost.ts
 *
 * The guest (the same loop as bench/jspi_cost.ts, calling an fd_write-shaped
 * import `env.f(i32, i32, i32, i32) -> i32`) is linked to the export of a
 * 93-byte trampoline module instead of a JS function. The trampoline calls a
 * plain import (`now`) first and the `Suspending` one (`wait`) only when
 * `now` answers -1 ("would have to wait"): the engine's per-call cost of a
 * Suspending import is paid only by calls that wait. JSPI suspends the whole
 * wasm stack between `promising` and the Suspending import, the trampoline's
 * frame included, so a wait still works (checked below before timing).
 *
 * Prints `name<TAB>ns per call` (best of 5 repetitions of 1,000,000 calls).
 */

const CALLS = 1_000_000;
const REPS = 5;

// The guest: imports env.f, exports loop(n) = sum of n calls f(1, 2, 3, 4).
// deno-fmt-ignore
const GUEST = new Uint8Array([
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x0e, 0x02, 0x60, 0x04, 0x7f, 0x7f, 0x7f,
  0x7f, 0x01, 0x7f, 0x60, 0x01, 0x7f, 0x01, 0x7f, 0x02, 0x09, 0x01, 0x03, 0x65, 0x6e, 0x76, 0x01,
  0x66, 0x00, 0x00, 0x03, 0x02, 0x01, 0x01, 0x07, 0x08, 0x01, 0x04, 0x6c, 0x6f, 0x6f, 0x70, 0x00,
  0x01, 0x0a, 0x23, 0x01, 0x21, 0x01, 0x01, 0x7f, 0x03, 0x40, 0x20, 0x01, 0x41, 0x01, 0x41, 0x02,
  0x41, 0x03, 0x41, 0x04, 0x10, 0x00, 0x6a, 0x21, 0x01, 0x20, 0x00, 0x41, 0x01, 0x6b, 0x22, 0x00,
  0x0d, 0x00, 0x0b, 0x20, 0x01, 0x0b,
]);

// The trampoline (wat2wasm of):
//   (func (export "f") (param i32 i32 i32 i32) (result i32) (local $r i32)
//     (local.tee $r (call $now (local.get 0) (local.get 1) (local.get 2) (local.get 3)))
//     (if (result i32) (i32.ne (i32.const -1))
//       (then (local.get $r))
//       (else (call $wait (local.get 0) (local.get 1) (local.get 2) (local.get 3)))))
// deno-fmt-ignore
const TRAMPOLINE = new Uint8Array([
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x09, 0x01, 0x60, 0x04, 0x7f, 0x7f, 0x7f,
  0x7f, 0x01, 0x7f, 0x02, 0x16, 0x02, 0x03, 0x65, 0x6e, 0x76, 0x03, 0x6e, 0x6f, 0x77, 0x00, 0x00,
  0x03, 0x65, 0x6e, 0x76, 0x04, 0x77, 0x61, 0x69, 0x74, 0x00, 0x00, 0x03, 0x02, 0x01, 0x00, 0x07,
  0x05, 0x01, 0x01, 0x66, 0x00, 0x02, 0x0a, 0x25, 0x01, 0x23, 0x01, 0x01, 0x7f, 0x20, 0x00, 0x20,
  0x01, 0x20, 0x02, 0x20, 0x03, 0x10, 0x00, 0x22, 0x04, 0x41, 0x7f, 0x47, 0x04, 0x7f, 0x20, 0x04,
  0x05, 0x20, 0x00, 0x20, 0x01, 0x20, 0x02, 0x20, 0x03, 0x10, 0x01, 0x0b, 0x0b,
]);

// deno-lint-ignore no-explicit-any
const jspi = WebAssembly as any;
const guest = new WebAssembly.Module(GUEST);
const trampoline = new WebAssembly.Module(TRAMPOLINE);

type Fn = (a: number, b: number, c: number, d: number) => number | Promise<number>;

/** The guest's loop with env.f bound to `f` (a JS function, a Suspending, or a wasm export). */
function guestLoop(f: unknown): (n: number) => unknown {
  const instance = new WebAssembly.Instance(guest, { env: { f: f as WebAssembly.ImportValue } });
  return jspi.promising(instance.exports.loop);
}

/** The trampoline's `f`, trying `now` and waiting through `wait`. */
function trampolined(now: Fn, wait: Fn): unknown {
  const instance = new WebAssembly.Instance(trampoline, {
    env: { now, wait: new jspi.Suspending(wait) },
  });
  return instance.exports.f;
}

async function nsPerCall(run: (n: number) => unknown): Promise<number> {
  await run(CALLS / 10);
  let best = Infinity;
  for (let i = 0; i < REPS; i++) {
    const t0 = performance.now();
    await run(CALLS);
    best = Math.min(best, performance.now() - t0);
  }
  return best * 1e6 / CALLS;
}

const one: Fn = () => 1;
const waitOne: Fn = () => new Promise((resolve) => setTimeout(() => resolve(1), 0));

// The trampoline still suspends when it must: every 1,000th call waits one timer turn.
let calls = 0;
const sometimes: Fn = () => (++calls % 1000 === 0 ? -1 : 1);
const sum = await guestLoop(trampolined(sometimes, waitOne))(10_000);
if (sum !== 10_000) throw new Error(`trampoline with waits: sum ${sum}, expected 10000`);

const cases: [string, (n: number) => unknown][] = [
  ["plain import (the floor)", guestLoop(one)],
  [
    "Suspending import returning a number (what wasirun binds today)",
    guestLoop(new jspi.Suspending(one)),
  ],
  ["trampoline: plain `now`, never waits", guestLoop(trampolined(one, waitOne))],
];
for (const [name, run] of cases) console.log(`${name}\t${(await nsPerCall(run)).toFixed(1)}`);
