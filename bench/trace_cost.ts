/**
 * What tracing costs on the hot paths when it is off (and, for scale, when
 * it is on): lib/ as it is now against lib/ at an earlier commit, in the same
 * process, on the same guests, rounds interleaved.
 *
 *   deno run -A bench/trace_cost.ts [REV [REPS]]      bun bench/trace_cost.ts [REV [REPS]]
 *
 * REV (default 58d5e20, the commit before tracing moved to lib/trace.ts) is
 * checked out with `git archive` into a temporary directory and imported
 * from there. Guests: bench/guests/write.wasm (N × fd_write of 2 bytes) and
 * bench/guests/clock.wasm (N × clock_time_get). Each cell is ns per call:
 * (best of REPS (default 9) runs with 1M calls − best of REPS with 0 calls) / 1M. The
 * "before again" column runs the first column's code once more: the spread
 * between the two is the noise floor of the machine at the time.
 * Results go to stdout as a Markdown table.
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import process from "node:process";
import { fileURLToPath } from "node:url";
import { WASI as CurrentWASI, type WasiOptions } from "../lib/wasi.ts";

const CALLS = 1_000_000;
const rev = process.argv[2] ?? "58d5e20";
const REPS = Number(process.argv[3] ?? 9);
const root = fileURLToPath(new URL("../", import.meta.url));

const before = fs.mkdtempSync(`${os.tmpdir()}/wasirun-before-`);
execFileSync("sh", ["-c", `git archive ${rev} lib | tar -x -C ${before}`], { cwd: root });
const { WASI: BeforeWASI } = await import(`${before}/lib/wasi.ts`) as {
  WASI: typeof CurrentWASI;
};

type Make = (options: WasiOptions) => CurrentWASI;
const variants: [string, Make][] = [
  [`before (${rev})`, (o) => new BeforeWASI(o)],
  ["now, tracing off", (o) => new CurrentWASI(o)],
  // The same code as the first column: how far two runs of one variant differ.
  [`before again (noise)`, (o) => new BeforeWASI(o)],
  ["now, tracing on (records dropped)", (o) => new CurrentWASI({ ...o, trace: () => {} })],
];

const workloads: [string, string, WasiOptions][] = [
  ["fd_write 2 B to /dev/null (host fd)", "write.wasm", { stdout: "/dev/null" }],
  ['fd_write 2 B to stdout: "null" (no I/O)', "write.wasm", { stdout: "null" }],
  ["clock_time_get(MONOTONIC)", "clock.wasm", { stdout: "null" }],
];

async function runOnce(
  module: WebAssembly.Module,
  calls: number,
  options: WasiOptions,
  make: Make,
) {
  const wasi = make({ ...options, args: ["guest", String(calls)], stdin: "null", stderr: "null" });
  const instance = await WebAssembly.instantiate(module, wasi.getImportObject());
  const t0 = performance.now();
  const code = await wasi.start(instance);
  const ms = performance.now() - t0;
  if (code !== 0) throw new Error(`guest exited with ${code}`);
  return ms;
}

const runtime = typeof Deno !== "undefined"
  ? `Deno ${Deno.version.deno}`
  : `Bun ${process.versions.bun}`;
console.log(`${runtime}, ns per call (best of ${REPS} × ${CALLS} calls, start-up subtracted)\n`);
console.log(`| workload | ${variants.map(([name]) => name).join(" | ")} |`);
console.log(`| --- | ${variants.map(() => "---:").join(" | ")} |`);
for (const [name, wasm, options] of workloads) {
  const module = await WebAssembly.compile(fs.readFileSync(`${root}bench/guests/${wasm}`));
  const best = variants.map(() => ({ full: Infinity, empty: Infinity }));
  for (const [, make] of variants) await runOnce(module, CALLS / 10, options, make); // warm-up
  for (let rep = 0; rep < REPS; rep++) {
    for (let v = 0; v < variants.length; v++) {
      const make = variants[v][1];
      best[v].full = Math.min(best[v].full, await runOnce(module, CALLS, options, make));
      best[v].empty = Math.min(best[v].empty, await runOnce(module, 0, options, make));
    }
  }
  const cells = best.map((b) => ((b.full - b.empty) * 1e6 / CALLS).toFixed(1));
  console.log(`| ${name} | ${cells.join(" | ")} |`);
}
fs.rmSync(before, { recursive: true });
