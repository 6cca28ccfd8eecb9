/**
 * The mode programs (testdata/{c,go,rust}/main) under wasirun give what the
 * native build of the same source gives: stdout, stderr and exit code, for
 * every mode whose result does not depend on time or randomness. The native
 * builds are made at test time (gcc, go, rustc); a missing toolchain skips.
 */
import assert from "node:assert/strict";
import { fixture, runCli, RUNTIMES } from "./_helpers.ts";
import { type NativeName, runNative } from "./_native.ts";

const PROGRAMS: [NativeName, string][] = [
  ["c/main", "c/main.wasm"],
  ["go/main", "go/main.wasm"],
  ["rust/main", "rust/main.wasm"],
];

interface Case {
  args: string[];
  stdin?: Uint8Array;
  env?: Record<string, string>;
  /** Compare stderr too (not for Go's panic trace or argv[0]-bearing output). */
  stderr?: boolean;
  /** Compare lines as sets: the native environment's order is the spawner's, not ours. */
  unordered?: boolean;
}

const sorted = (s: string) => s.split("\n").sort().join("\n");

const input = new TextEncoder().encode("line one\nline two ü\n".repeat(5000));

const CASES: Case[] = [
  { args: ["hello"], stderr: true },
  { args: ["env"], env: { A: "1", "ÜBER": "größe", EMPTY: "" }, stderr: true, unordered: true },
  { args: ["exit", "0"] },
  { args: ["exit", "3"] },
  { args: ["exit", "255"] },
  { args: ["cat"], stdin: input, stderr: true },
  { args: ["stdin-sum"], stdin: input, stderr: true },
  { args: ["stdin-sum"] },
  { args: ["stderr"], stderr: true },
  { args: ["no-such-mode"], stderr: true },
  { args: ["exit", "+3"], stderr: true },
];

for (const runtime of RUNTIMES) {
  for (const [name, wasm] of PROGRAMS) {
    for (const c of CASES) {
      Deno.test(
        `${runtime.name}: ${name} \`${c.args.join(" ")}\` matches the native build`,
        async () => {
          const native = await runNative(name, c.args, { stdin: c.stdin, env: c.env ?? {} });
          if (!native) return; // the toolchain is not installed here
          const env = Object.entries(c.env ?? {}).flatMap(([k, v]) => ["--env", `${k}=${v}`]);
          const ours = await runCli(runtime, [...env, fixture(wasm), ...c.args], {
            stdin: c.stdin ?? "null",
          });
          if (c.unordered) assert.equal(sorted(ours.stdout), sorted(native.stdout));
          else assert.equal(ours.stdout, native.stdout);
          if (c.stderr) assert.equal(ours.stderr, native.stderr);
          assert.equal(ours.code, native.code);
        },
      );
    }

    Deno.test(`${runtime.name}: ${name} sees the same arguments as natively (after argv[0])`, async () => {
      const args = ["args", "ü", "日本語", "", "a b", "--flag"];
      const native = await runNative(name, args);
      if (!native) return;
      const ours = await runCli(runtime, [fixture(wasm), ...args]);
      const tail = (s: string) => s.split("\n").filter((l) => !l.startsWith("argv[0]=")).join("\n");
      assert.equal(tail(ours.stdout), tail(native.stdout));
    });
  }
}
