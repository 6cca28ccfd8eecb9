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
  { seed: 6, options: { sockets: true, stdinPipe: true } },
  { seed: 7, options: { stdinFile: true } },
  { seed: 8, options: { preview0: true } },
  { seed: 9, options: { preview0: true, sockets: true, stdinPipe: true } },
  // Deno's node:fs behind the "paths" resolver answered two opens as Rust's OpenOptions does:
  // read-only with APPEND of a directory (EISDIR) and read-only CREAT of one (success).
  { seed: 623, options: { resolver: "paths" } },
  { seed: 647, options: { resolver: "paths" } },
];
const CALLS = 20_000;

/**
 * Seeds that once found a bug, with what they found; rerun with the calls
 * and options they needed. A seed means something only with the fuzz.c it
 * was found with: when fuzz.c changes, find a seed that fails on the code
 * before the fix again (each bug is also pinned by a deterministic fixture,
 * e.g. testdata/c/limits.c).
 */
const REGRESSIONS: { seed: number; calls: number; options: FuzzOptions; found: string }[] = [
  {
    seed: 4,
    calls: 20_000,
    options: {},
    found:
      "file sizes past the host's limit escaped as internal errors (Deno: fd_filestat_set_size " +
      "to 2^50, 'File too large (os error 27)'; Bun: fd_allocate at 2^52, node:fs's 'len out of range')",
  },
  {
    seed: 603,
    calls: 20_000,
    options: { resolver: "paths" },
    found:
      "Bun's node:fs ftruncate behind the paths resolver: fd_allocate to 2^52 was an internal error",
  },
];

function describe(options: FuzzOptions): string {
  const how = [
    options.readonly && "read-only preopen",
    options.trace && "--trace",
    options.sockets && "sockets",
    options.stdinPipe && "stdin a closed pipe",
    options.stdinFile && "stdin a file",
    options.resolver && `${options.resolver} resolver`,
    options.preview0 && "preview0's imports",
  ].filter(Boolean);
  return how.length ? `, ${how.join(", ")}` : "";
}

/** Each seed's errno hash per runtime, compared by the last test. */
const hashes = new Map<string, Map<string, string | undefined>>();

for (const runtime of RUNTIMES) {
  for (const { seed, options } of SEEDS) {
    Deno.test(`${runtime.name}: fuzz seed ${seed} (${CALLS} random calls${describe(options)}) leaves wasirun and the host intact`, async () => {
      const outcome = await fuzzOnce(runtime, seed, CALLS, options);
      const key = `seed ${seed}${describe(options)}`;
      if (!hashes.has(key)) hashes.set(key, new Map());
      hashes.get(key)!.set(runtime.name, outcome.hash);
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

Deno.test("every runtime answers every fuzzed call with the same errno", () => {
  // The guest hashes the errno of every call whose answer does not depend on
  // timing, and keeps host-written bytes out of its later arguments, so equal
  // behaviour means equal hashes.
  for (const [key, byRuntime] of hashes) {
    if ([...byRuntime.values()].includes(undefined)) continue; // that run failed already
    const distinct = new Set(byRuntime.values());
    assert.equal(
      distinct.size,
      1,
      `${key}: ${JSON.stringify(Object.fromEntries(byRuntime))}; the first call that differs: ` +
        `deno run -A tests/fuzz_many.ts --first-difference --from N --to N (N the seed)`,
    );
  }
});
