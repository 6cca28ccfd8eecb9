/**
 * The fuzzing guest (testdata/fuzz/fuzz.c) on every runtime: a bounded
 * number of seeds, each failing the test on an internal error, a signal, a
 * hang, anything on stdout but the guest's one result line, or any change
 * outside its scratch directory. tests/fuzz_many.ts runs many more by hand.
 */
import assert from "node:assert/strict";
import { fuzzOnce } from "./_fuzz.ts";
import { RUNTIMES } from "./_helpers.ts";

/** Fresh seeds each CI run takes (a few seconds per runtime). */
const SEEDS = [1, 2, 4];
const CALLS = 20_000;

/**
 * Seeds that once found a bug, with what they found; rerun with the calls
 * they needed.
 */
const REGRESSIONS: { seed: number; calls: number; found: string }[] = [
  {
    seed: 3,
    calls: 20_000,
    found: "fd_filestat_set_size(fd, 2^49) on Deno: 'File too large (os error 27)' escaped as " +
      "an internal error (EFBIG had no mapping by number)",
  },
];

for (const runtime of RUNTIMES) {
  for (const seed of SEEDS) {
    Deno.test(`${runtime.name}: fuzz seed ${seed} (${CALLS} random calls) leaves wasirun and the host intact`, async () => {
      const outcome = await fuzzOnce(runtime, seed, CALLS);
      assert.deepEqual(outcome.problems, []);
    });
  }
  for (const { seed, calls, found } of REGRESSIONS) {
    Deno.test(`${runtime.name}: fuzz seed ${seed} once found: ${found}`, async () => {
      const outcome = await fuzzOnce(runtime, seed, calls);
      assert.deepEqual(outcome.problems, []);
    });
  }
}
