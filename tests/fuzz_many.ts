/**
 * Runs the fuzzing guest over a range of seeds, as many as you like, on
 * each runtime, and prints every seed that went wrong (add those to
 * REGRESSIONS in tests/fuzz_test.ts once fixed).
 *
 *   deno run -A tests/fuzz_many.ts [--runtime deno|bun|node] [--from 1] [--to 100] [--calls 20000]
 *                                  [--readonly] [--trace] [--sockets] [--stdin-pipe] [--stdin-file]
 *                                  [--preview0] [--hashes]
 *   deno run -A tests/fuzz_many.ts --first-difference --from SEED --to SEED
 *
 * --first-difference runs each seed with --trace=json on every runtime and
 * prints the first call whose errno differs between them.
 *
 * Runtimes that behave alike give the same errno hash for the same seed; a
 * seed whose hashes differ is reported and counts as a failure (a call whose
 * answer depends on the runtime). --hashes prints every hash.
 *
 * Exits 1 when any seed failed. Prints the total number of calls made.
 */
import { parseArgs } from "node:util";
import { fuzzOnce, traceErrnos } from "./_fuzz.ts";
import { RUNTIMES } from "./_helpers.ts";

/** This file's usage, from its doc comment. */
const USAGE = "usage:\n" +
  "  deno run -A tests/fuzz_many.ts [--runtime deno|bun|node] [--from 1] [--to 100] [--calls 20000]\n" +
  "         [--readonly] [--trace] [--sockets] [--stdin-pipe] [--stdin-file] [--preview0]\n" +
  "         [--hashes]\n" +
  "  deno run -A tests/fuzz_many.ts --first-difference --from SEED --to SEED";

let parsed;
try {
  parsed = parseArgs({
    args: Deno.args,
    options: {
      runtime: { type: "string", multiple: true },
      from: { type: "string", default: "1" },
      to: { type: "string", default: "100" },
      calls: { type: "string", default: "20000" },
      readonly: { type: "boolean", default: false },
      trace: { type: "boolean", default: false },
      hashes: { type: "boolean", default: false },
      "first-difference": { type: "boolean", default: false },
      sockets: { type: "boolean", default: false },
      "stdin-pipe": { type: "boolean", default: false },
      "stdin-file": { type: "boolean", default: false },
      preview0: { type: "boolean", default: false },
    },
  });
} catch (e) {
  console.error(`${(e as Error).message}\n${USAGE}`);
  Deno.exit(2);
}
const { values } = parsed;
const runtimes = RUNTIMES.filter((r) => !values.runtime || values.runtime.includes(r.name));
const [from, to, calls] = [Number(values.from), Number(values.to), Number(values.calls)];

if (values["first-difference"]) {
  for (let seed = from; seed <= to; seed++) {
    const traces = await Promise.all(runtimes.map((r) => traceErrnos(r, seed, calls)));
    const n = Math.max(...traces.map((t) => t.length));
    const i = [...Array(n).keys()].find((i) => new Set(traces.map((t) => t[i])).size > 1);
    console.log(
      i === undefined ? `seed ${seed}: every runtime answers alike` : `seed ${seed}, call ${i}:`,
    );
    if (i !== undefined) runtimes.forEach((r, k) => console.log(`  ${r.name}: ${traces[k][i]}`));
  }
  Deno.exit(0);
}

let failed = 0;
const hashes = new Map<number, Map<string, string | undefined>>();
for (const runtime of runtimes) {
  let total = 0;
  const started = performance.now();
  for (let seed = from; seed <= to; seed++) {
    const outcome = await fuzzOnce(runtime, seed, calls, {
      readonly: values.readonly,
      trace: values.trace,
      sockets: values.sockets,
      stdinPipe: values["stdin-pipe"],
      stdinFile: values["stdin-file"],
      preview0: values.preview0,
    });
    total += calls;
    if (values.hashes) console.log(`${runtime.name} seed ${seed} hash ${outcome.hash}`);
    if (!hashes.has(seed)) hashes.set(seed, new Map());
    hashes.get(seed)!.set(runtime.name, outcome.hash);
    if (outcome.problems.length) {
      failed++;
      console.log(`${runtime.name} seed ${seed}: ${outcome.problems.join("; ")}`);
    }
  }
  const s = ((performance.now() - started) / 1000).toFixed(0);
  console.log(`${runtime.name}: seeds ${from}..${to}, ${total} calls in ${s} s`);
}
for (const [seed, byRuntime] of hashes) {
  const all = [...byRuntime.values()];
  if (!all.includes(undefined) && new Set(all).size > 1) {
    failed++;
    console.log(
      `seed ${seed}: runtimes disagree: ${JSON.stringify(Object.fromEntries(byRuntime))}`,
    );
  }
}
console.log(failed ? `${failed} failure(s)` : "no failures");
Deno.exit(failed ? 1 : 0);
