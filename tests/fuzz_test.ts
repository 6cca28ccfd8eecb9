/**
 * The fuzzing guest (testdata/fuzz/fuzz.c) on every runtime: a bounded
 * number of seeds, each failing the test on an internal error, a signal, a
 * hang, anything on stdout but the guest's one result line, or any change
 * outside its scratch directory. tests/fuzz_many.ts runs many more by hand.
 */
import assert from "node:assert/strict";
import { fuzzOnce, type FuzzOptions } from "./_fuzz.ts";
import { RUNTIMES } from "./_helpers.ts";

/** The seeds each CI run takes (a second or two each per runtime). */
const SEEDS: { seed: number; options: FuzzOptions }[] = [
  { seed: 1, options: {} },
  { seed: 2, options: {} },
  { seed: 4, options: { readonly: true } },
  { seed: 5, options: { trace: true } },
];
const CALLS = 20_000;

/**
 * Seeds that once found a bug, with what they found; rerun with the calls
 * and options they needed.
 */
const REGRESSIONS: { seed: number; calls: number; options: FuzzOptions; found: string }[] = [
  {
    seed: 3,
    calls: 20_000,
    options: {},
    found: "fd_filestat_set_size(fd, 2^49) on Deno: 'File too large (os error 27)' escaped as " +
      "an internal error (EFBIG had no mapping by number)",
  },
];

function describe(options: FuzzOptions): string {
  return options.readonly ? ", read-only preopen" : options.trace ? ", --trace" : "";
}

for (const runtime of RUNTIMES) {
  for (const { seed, options } of SEEDS) {
    Deno.test(`${runtime.name}: fuzz seed ${seed} (${CALLS} random calls${describe(options)}) leaves wasirun and the host intact`, async () => {
      const outcome = await fuzzOnce(runtime, seed, CALLS, options);
      assert.deepEqual(outcome.problems, []);
    });
  }
  for (const { seed, calls, options, found } of REGRESSIONS) {
    Deno.test(`${runtime.name}: fuzz seed ${seed}${describe(options)} once found: ${found}`, async () => {
      const outcome = await fuzzOnce(runtime, seed, calls, options);
      assert.deepEqual(outcome.problems, []);
    });
  }
}
