/**
 * The non-blocking I/O suite (issue 4): pipe throughput of a non-blocking (Go)
 * and a blocking (C) `cat`, the cost of a poll_oneoff answered at once, the
 * accuracy of 1 ms sleeps, a line's round trip through a `cat` driven a line
 * at a time, and the CPU a runtime burns while its guest sleeps.
 */
import { join } from "node:path";
import {
  type Column,
  comparison,
  cpuSeconds,
  GUESTS,
  lastLine,
  log,
  measure,
  type Results,
  resultTable,
  ROOT,
  type Runtime,
  type Sample,
  sleep,
  spawnTimed,
  text,
  type Workload,
} from "./common.ts";

const PIPE_MIB = 256;
const POLLS = 100_000;
const SLEEPS = 1_000;
const SLEEP_MS = 5_000;
/** The CPU-time window while the guest sleeps: after start-up, before the end. */
const WINDOW_MS: [number, number] = [1_500, 4_500];

const C_MAIN = join(ROOT, "testdata/c/main.wasm");
const GO_MAIN = join(ROOT, "testdata/go/main.wasm");
const WAIT = join(GUESTS, "wait.wasm");

const WORKLOADS: Workload[] = [
  {
    key: "pipe-go",
    title: "Go cat",
    wasm: GO_MAIN,
    args: ["cat"],
    native: "go-main",
    stdin: `head -c ${PIPE_MIB << 20} /dev/zero`,
    stdout: "null",
  },
  {
    key: "pipe-c",
    title: "C cat",
    wasm: C_MAIN,
    args: ["cat"],
    native: "c-main",
    stdin: `head -c ${PIPE_MIB << 20} /dev/zero`,
    stdout: "null",
  },
  {
    key: "poll0",
    title: "poll_oneoff, timeout 0",
    wasm: WAIT,
    args: ["poll0", String(POLLS)],
    native: "wait",
    stdout: "piped",
    expect: new RegExp(`^calls=${POLLS} ns_per_call=\\S+\\n$`),
  },
  {
    key: "sleep",
    title: "1 ms sleeps",
    wasm: WAIT,
    args: ["sleep", String(SLEEPS), "1000"],
    native: "wait",
    stdout: "piped",
    expect: new RegExp(`^sleeps=${SLEEPS} mean_us=\\S+ p50_us=\\S+ p99_us=\\S+ max_us=\\S+\\n$`),
  },
];

const mibPerS = (wallMs: number) => PIPE_MIB / (wallMs / 1000);

/** Lines sent one at a time through a `cat`, each after the last one's echo. */
const ROUND_TRIPS = 5_000;

/** The `cat`s driven a line at a time (bench/pipe_roundtrip.py), for the round-trip rows. */
const ECHOERS: Workload[] = [
  { key: "rt-c", title: "C cat", wasm: C_MAIN, args: ["cat"], native: "c-main", stdout: "piped" },
  {
    key: "rt-go",
    title: "Go cat",
    wasm: GO_MAIN,
    args: ["cat"],
    native: "go-main",
    stdout: "piped",
  },
];

/** One run of bench/pipe_roundtrip.py on `argv`: µs a round trip, or why it failed. */
async function roundTrip(argv: string[]): Promise<Sample | string> {
  const driver = join(ROOT, "bench/pipe_roundtrip.py");
  const child = spawnTimed(
    ["python3", driver, "--runs=1", `--rounds=${ROUND_TRIPS}`, "--", ...argv],
    AbortSignal.timeout(120_000),
  );
  const out = await child.output();
  const us = /^\s*([\d.]+) us/.exec(text.decode(out.stdout))?.[1];
  if (out.code !== 0 || us === undefined) {
    return `exit ${out.code}: ${lastLine(text.decode(out.stderr))}`;
  }
  return { us: Number(us) };
}

/** How many 200 µs sleeps the short sleeper takes: ~6 s of them natively, past the window. */
const SHORT_SLEEPS = 20_000;

/** The guests that sleep, for the CPU measurement: one long sleep each, and many short ones. */
const SLEEPERS: Workload[] = [
  {
    key: "cpu-c",
    title: `C \`sleep ${SLEEP_MS}\``,
    wasm: C_MAIN,
    args: ["sleep", String(SLEEP_MS)],
    native: "c-main",
  },
  {
    key: "cpu-go",
    title: `Go \`sleep ${SLEEP_MS}\``,
    wasm: GO_MAIN,
    args: ["sleep", String(SLEEP_MS)],
    native: "go-main",
  },
].map((w) => ({ ...w, stdout: "piped" as const, expect: new RegExp(`^slept ${SLEEP_MS}\\n$`) }))
  .concat({
    key: "cpu-short",
    title: `C, ${SHORT_SLEEPS} sleeps of 200 µs`,
    wasm: WAIT,
    args: ["sleep", String(SHORT_SLEEPS), "200"],
    native: "wait",
    stdout: "piped",
    expect: new RegExp(`^sleeps=${SHORT_SLEEPS} mean_us=`),
  });

/** One sleeping guest: % of a core its process used in WINDOW_MS, or why it failed. */
async function cpuWhileSleeping(argv: string[], w: Workload): Promise<Sample | string> {
  const child = spawnTimed(argv, AbortSignal.timeout(SLEEP_MS + 60_000));
  const t0 = performance.now();
  const at = async (ms: number): Promise<[number, number | undefined]> => {
    await sleep(ms - (performance.now() - t0));
    return [performance.now(), cpuSeconds(child.pid)];
  };
  const [start, cpu0] = await at(WINDOW_MS[0]);
  const [end, cpu1] = await at(WINDOW_MS[1]);
  const out = await child.output();
  if (out.code !== 0) return `exit ${out.code}: ${lastLine(text.decode(out.stderr))}`;
  if (!w.expect!.test(text.decode(out.stdout))) return `wrong output: ${text.decode(out.stdout)}`;
  if (cpu0 === undefined || cpu1 === undefined) return "exited before the window ended";
  return { cpu: (cpu1 - cpu0) / ((end - start) / 1000) * 100 };
}

/** Every runtime and sleeper at once (they sleep; the window starts after start-up). */
async function measureCpu(rts: Runtime[], runs: number): Promise<Results> {
  const results: Results = new Map(rts.map((rt) => [rt.name, new Map()]));
  for (let round = 1; round <= runs; round++) {
    log(`  CPU while sleeping, round ${round}/${runs}`);
    await Promise.all(rts.flatMap((rt) =>
      SLEEPERS.map(async (w) => {
        const cells = results.get(rt.name)!;
        const prior = cells.get(w.key) ?? [];
        if (typeof prior === "string") return;
        const argv = rt.launch(w);
        const s = typeof argv === "string" ? argv : await cpuWhileSleeping(argv, w);
        if (typeof s === "string") log(`    ${rt.name} / ${w.title} sleep: ${s}`);
        cells.set(w.key, typeof s === "string" ? s : [...prior, s]);
      })
    ));
  }
  return results;
}

export async function ioSuite(rts: Runtime[], runs: number, tmp: string): Promise<string> {
  log("non-blocking I/O suite");
  const results = await measure(rts, WORKLOADS, runs, tmp);
  const cpu = await measureCpu(rts, runs);
  const trips = await measure(rts, ECHOERS, runs, tmp, roundTrip);
  const pipe: Column[] = [
    { title: "Go cat (non-blocking stdio)", key: "pipe-go", metric: "wall" },
    { title: "C cat (blocking, 64 KiB reads)", key: "pipe-c", metric: "wall" },
  ].map((c) => ({ ...c, map: mibPerS, higherIsBetter: true }));
  const waits: Column[] = [
    { title: "poll_oneoff, timeout 0 (ns/call)", key: "poll0", metric: "ns_per_call" },
    { title: "1 ms sleep: mean overshoot (µs)", key: "sleep", metric: "mean_us", noRatio: true },
    { title: "p50 (µs)", key: "sleep", metric: "p50_us", noRatio: true },
    { title: "p99 (µs)", key: "sleep", metric: "p99_us", noRatio: true },
  ];
  const tripCols: Column[] = ECHOERS.map((w) => ({
    title: `${w.title} (µs)`,
    key: w.key,
    metric: "us",
  }));
  const cpuCols: Column[] = SLEEPERS.map((w) => ({
    title: `${w.title}: % of a core`,
    key: w.key,
    metric: "cpu",
  }));
  return [
    "## Non-blocking I/O",
    `### Pipe throughput: \`head -c ${PIPE_MIB}M /dev/zero | RUNTIME cat > /dev/null\``,
    `MiB/s = ${PIPE_MIB} MiB ÷ wall time of the whole pipeline, start-up included ` +
    `(median of ${runs} runs, (min–max)).`,
    comparison(rts, results, pipe),
    "### Waiting",
    `bench/guests/wait.c, guest-measured: ${POLLS} raw \`poll_oneoff\` calls with one relative ` +
    `MONOTONIC clock subscription of timeout 0 (natively \`poll(NULL, 0, 0)\`); ${SLEEPS} ` +
    "`clock_nanosleep` of 1 ms, each measured with `clock_gettime(CLOCK_MONOTONIC)`: how much " +
    `longer than 1 ms it took (median of ${runs} runs, (min–max)).`,
    comparison(rts, results, waits),
    "### A line there and back",
    `bench/pipe_roundtrip.py: ${ROUND_TRIPS} lines of 64 bytes through the guest's \`cat\` ` +
    "(stdin and stdout pipes to a Python driver), each sent once the last one's echo is back, " +
    "as an editor drives a language server: µs a round trip, driver included " +
    `(median of ${runs} runs, (min–max)).`,
    comparison(rts, trips, tripCols),
    "### CPU while the guest sleeps",
    `A sleep of ${SLEEP_MS / 1000} s, or back-to-back sleeps of 200 µs (bench/guests/wait.c): ` +
    "user + system CPU time of the runtime's process (all threads, /proc/PID/stat) from " +
    `${WINDOW_MS[0] / 1000} s to ${WINDOW_MS[1] / 1000} s after it started, ÷ that wall time; ` +
    `all ${rts.length * SLEEPERS.length} processes of a round sleep at once ` +
    `(median of ${runs} rounds, (min–max)).`,
    resultTable(rts, cpu, cpuCols),
  ].join("\n\n");
}
