/**
 * wasirun's benchmarks: `deno task bench [--quick] [--no-micro]`.
 *
 * Runs every workload under every runtime (wasirun on Deno and Bun, node:wasi
 * on Node and Bun, wazero, wasmtime through its Python API, and the native
 * build of the same program), one warm-up run and then RUNS timed runs of the
 * whole process each, interleaved round by round, and prints a markdown report
 * on stdout (progress goes to stderr): the machine, wall times, per-call costs
 * and the two micro-benchmarks (bench/jspi_cost.ts, bench/ab_imports.ts) under
 * Deno and Bun. bench/RESULTS.md is the output of one such run, annotated.
 *
 * Bun is `$WASIRUN_BUN`, else the one `npx --yes bun@1.4.4` brings; wazero is
 * `$WASIRUN_WAZERO`, else `$(go env GOPATH)/bin/wazero`, else `wazero`;
 * Python (with `pip install wasmtime`) is `$WASIRUN_PYTHON`, else `python3`.
 */
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const QUICK = Deno.args.includes("--quick");
const MICRO = !Deno.args.includes("--no-micro");
const RUNS = QUICK ? 3 : 7;
const CALLS = 1_000_000;
const ROOT = fileURLToPath(new URL("..", import.meta.url));
const BENCH = join(ROOT, "bench");
const GUESTS = join(BENCH, "guests");
/**
 * The environment of every timed process: ours without NODE_EXTRA_CA_CERTS,
 * which makes each Node start load a CA bundle (~50 ms on the dev machines).
 */
const TIMED_ENV = Object.fromEntries(
  Object.entries(Deno.env.toObject()).filter(([k]) => k !== "NODE_EXTRA_CA_CERTS"),
);

// ---------------------------------------------------------------- helpers ---

interface Output {
  code: number;
  stdout: string;
  stderr: string;
}

const text = new TextDecoder();

/** Runs a command to completion; `undefined` when it cannot be started. */
async function capture(
  cmd: string,
  args: string[],
  options: { env?: Record<string, string>; stdout?: "piped" | "null" } = {},
): Promise<Output | undefined> {
  const stdout = options.stdout ?? "piped";
  try {
    const out = await new Deno.Command(cmd, {
      args,
      cwd: ROOT,
      env: options.env,
      stdin: "null",
      stdout,
      stderr: "piped",
    }).output();
    return {
      code: out.code,
      stdout: stdout === "piped" ? text.decode(out.stdout) : "",
      stderr: text.decode(out.stderr),
    };
  } catch {
    return undefined;
  }
}

/** First line of a successful command's stdout, or `undefined`. */
async function firstLine(cmd: string, args: string[]): Promise<string | undefined> {
  const out = await capture(cmd, args);
  return out?.code === 0 ? out.stdout.trim().split("\n")[0] : undefined;
}

function lastLine(s: string): string {
  const lines = s.trim().split("\n");
  const line = lines[lines.length - 1] ?? "";
  return line.length > 70 ? line.slice(0, 67) + "..." : line;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

function ms(x: number): string {
  return x < 10 ? x.toFixed(1) : x.toFixed(0);
}

function log(line: string): void {
  console.error(line);
}

// -------------------------------------------------------------- workloads ---

interface Workload {
  key: string;
  title: string;
  wasm: string;
  args: string[];
  /** Which native build runs it (see buildNatives). */
  native: string;
  /** Where the guest's stdout goes. */
  stdout: "piped" | "null";
  /** What stdout must match (only when piped). */
  expect?: RegExp;
}

const HELLO = /^hello, world\n$/;
const WORKLOADS: Workload[] = [
  {
    key: "hello-c",
    title: "C hello",
    wasm: join(ROOT, "testdata/c/main.wasm"),
    args: ["hello"],
    native: "c-main",
    stdout: "piped",
    expect: HELLO,
  },
  {
    key: "hello-go",
    title: "Go hello",
    wasm: join(ROOT, "testdata/go/main.wasm"),
    args: ["hello"],
    native: "go-main",
    stdout: "piped",
    expect: HELLO,
  },
  {
    key: "clock",
    title: "1M clock_time_get",
    wasm: join(GUESTS, "clock.wasm"),
    args: [String(CALLS)],
    native: "clock",
    stdout: "piped",
    expect: new RegExp(`^calls=${CALLS} checksum=\\d+\\n$`),
  },
  {
    key: "write",
    title: "1M fd_write → /dev/null",
    wasm: join(GUESTS, "write.wasm"),
    args: [String(CALLS)],
    native: "write",
    stdout: "null",
  },
  // The same guests with 0 calls: their start-up, subtracted for per-call costs.
  {
    key: "clock0",
    title: "clock guest, 0 calls",
    wasm: join(GUESTS, "clock.wasm"),
    args: ["0"],
    native: "clock",
    stdout: "piped",
    expect: /^calls=0 checksum=0\n$/,
  },
  {
    key: "write0",
    title: "write guest, 0 calls",
    wasm: join(GUESTS, "write.wasm"),
    args: ["0"],
    native: "write",
    stdout: "null",
  },
];

// --------------------------------------------------------------- runtimes ---

/** argv for a workload, or the reason this runtime cannot run it. */
type Launcher = (w: Workload) => string[] | string;

interface Runtime {
  name: string;
  launch: Launcher;
}

interface Tools {
  bun?: string;
  node?: string;
  wazero?: string;
  python?: string;
  natives: Map<string, string>;
  nativeMissing: Map<string, string>;
  versions: [string, string][];
}

async function findBun(): Promise<string | undefined> {
  const bun = Deno.env.get("WASIRUN_BUN") ??
    await firstLine("npx", ["--yes", "bun@1.4.4", "-e", "console.log(process.execPath)"]);
  return bun && await firstLine(bun, ["--version"]) ? bun : undefined;
}

async function findWazero(): Promise<string | undefined> {
  const candidates = [Deno.env.get("WASIRUN_WAZERO")];
  const gopath = await firstLine("go", ["env", "GOPATH"]);
  if (gopath) candidates.push(join(gopath, "bin", "wazero"));
  candidates.push("wazero");
  for (const c of candidates) {
    if (c && await firstLine(c, ["version"])) return c;
  }
  return undefined;
}

/** The real interpreter (not a pyenv shim, which costs ~70 ms a start), if it has wasmtime. */
async function findPython(): Promise<string | undefined> {
  const python = Deno.env.get("WASIRUN_PYTHON") ?? "python3";
  return await firstLine(python, ["-c", "import sys, wasmtime; print(sys.executable)"]);
}

/** Native builds of every guest, in `dir`; a failed build leaves a reason. */
async function buildNatives(dir: string, tools: Tools): Promise<void> {
  const builds: [string, string, string[], Record<string, string>?][] = [
    ["c-main", "gcc", ["-O2", "-o", join(dir, "c-main"), "testdata/c/main.c"]],
    ["clock", "gcc", ["-O2", "-o", join(dir, "clock"), "bench/guests/clock.c"]],
    ["write", "gcc", ["-O2", "-o", join(dir, "write"), "bench/guests/write.c"]],
    ["go-main", "go", ["build", "-o", join(dir, "go-main"), "testdata/go/main.go"], {
      GOOS: "",
      GOARCH: "",
      GOFLAGS: "",
      GOWORK: "off",
    }],
  ];
  for (const [key, cmd, args, env] of builds) {
    const out = await capture(cmd, args, { env });
    if (out?.code === 0) tools.natives.set(key, join(dir, key));
    else tools.nativeMissing.set(key, out ? `${cmd} failed: ${lastLine(out.stderr)}` : `no ${cmd}`);
  }
}

async function findTools(tmp: string): Promise<Tools> {
  const tools: Tools = { natives: new Map(), nativeMissing: new Map(), versions: [] };
  tools.bun = await findBun();
  tools.node = await firstLine("node", ["--version"]) ? "node" : undefined;
  tools.wazero = await findWazero();
  tools.python = await findPython();
  await buildNatives(tmp, tools);
  const v = tools.versions;
  const head = await firstLine("git", ["rev-parse", "--short", "HEAD"]);
  const dirty = (await capture("git", ["status", "--porcelain", "--", "cli.ts", "lib"]))?.stdout;
  v.push(["wasirun", `${head ?? "?"}${dirty ? " plus uncommitted changes to cli.ts/lib/" : ""}`]);
  v.push(["deno", `${Deno.version.deno} (V8 ${Deno.version.v8})`]);
  v.push(["bun", (tools.bun && await firstLine(tools.bun, ["--version"])) ?? "not found"]);
  v.push(["node", (tools.node && await firstLine(tools.node, ["--version"])) ?? "not found"]);
  v.push(["wazero", (tools.wazero && await firstLine(tools.wazero, ["version"])) ?? "not found"]);
  v.push([
    "wasmtime",
    (tools.python && await firstLine(tools.python, [
      "-c",
      "import importlib.metadata as m, sys; " +
      "print('Python package ' + m.version('wasmtime') + ', Python ' + sys.version.split()[0])",
    ])) ?? "not installed (pip install wasmtime)",
  ]);
  v.push(["go", (await firstLine("go", ["version"])) ?? "not found"]);
  v.push(["clang", (await firstLine("clang-19", ["--version"])) ?? "not found"]);
  v.push(["gcc", (await firstLine("gcc", ["--version"])) ?? "not found"]);
  return tools;
}

function runtimes(tools: Tools, tmp: string): Runtime[] {
  const cli = join(ROOT, "cli.ts");
  const nodeWasi = join(BENCH, "node_wasi.mjs");
  const wasmtimeRun = join(BENCH, "wasmtime_run.py");
  const { bun, node, wazero, python } = tools;
  const noBun = "bun not found (set WASIRUN_BUN)";
  const noWazero = "wazero not found (go install ...wazero@v1.9.0)";
  return [
    {
      name: "wasirun, Deno",
      launch: (w) => [Deno.execPath(), "run", "-A", cli, w.wasm, ...w.args],
    },
    { name: "wasirun, Bun", launch: (w) => bun ? [bun, cli, w.wasm, ...w.args] : noBun },
    {
      name: "node:wasi, Node",
      launch: (w) => node ? [node, "--no-warnings", nodeWasi, w.wasm, ...w.args] : "node not found",
    },
    { name: "node:wasi, Bun", launch: (w) => bun ? [bun, nodeWasi, w.wasm, ...w.args] : noBun },
    {
      name: "wazero (compiles every run)",
      launch: (w) => wazero ? [wazero, "run", w.wasm, ...w.args] : noWazero,
    },
    {
      name: "wazero -cachedir",
      launch: (w) =>
        wazero ? [wazero, "run", "-cachedir", join(tmp, "wazero"), w.wasm, ...w.args] : noWazero,
    },
    {
      name: "wasmtime (Python API, cache on)",
      launch: (w) =>
        python
          ? [python, wasmtimeRun, "--cache", w.wasm, ...w.args]
          : "no Python with wasmtime (pip install wasmtime)",
    },
    {
      name: "native",
      launch: (w) => {
        const exe = tools.natives.get(w.native);
        return exe ? [exe, ...w.args] : tools.nativeMissing.get(w.native) ?? "not built";
      },
    },
  ];
}

// ---------------------------------------------------------------- timing ---

/** Wall time of one whole process in ms, or why it failed. */
async function timeOnce(argv: string[], w: Workload): Promise<number | string> {
  const command = new Deno.Command(argv[0], {
    args: argv.slice(1),
    cwd: ROOT,
    env: TIMED_ENV,
    clearEnv: true,
    stdin: "null",
    stdout: w.stdout,
    stderr: "piped",
    signal: AbortSignal.timeout(120_000),
  });
  let out: Deno.CommandOutput;
  const t0 = performance.now();
  try {
    out = await command.output();
  } catch (e) {
    return `cannot start: ${e instanceof Error ? e.message : e}`;
  }
  const elapsed = performance.now() - t0;
  if (out.signal) return `killed by ${out.signal} (timeout?)`;
  if (out.code !== 0) return `exit ${out.code}: ${lastLine(text.decode(out.stderr))}`;
  if (w.expect && !w.expect.test(text.decode(out.stdout))) {
    return `wrong output: ${lastLine(text.decode(out.stdout))}`;
  }
  return elapsed;
}

/** Times of each cell, or why it could not run, by runtime name, then workload key. */
type Results = Map<string, Map<string, number[] | string>>;

async function measure(rts: Runtime[]): Promise<Results> {
  const results: Results = new Map(rts.map((rt) => [rt.name, new Map()]));
  for (let round = 0; round <= RUNS; round++) {
    log(round === 0 ? "warm-up round" : `round ${round}/${RUNS}`);
    for (const rt of rts) {
      for (const w of WORKLOADS) {
        const cells = results.get(rt.name)!;
        const prior = cells.get(w.key) ?? [];
        if (typeof prior === "string") continue;
        const argv = rt.launch(w);
        const t = typeof argv === "string" ? argv : await timeOnce(argv, w);
        if (typeof t === "string") {
          log(`  ${rt.name} / ${w.title}: ${t}`);
          cells.set(w.key, t);
        } else if (round > 0) {
          cells.set(w.key, [...prior, t]);
        } else {
          cells.set(w.key, []);
        }
      }
    }
  }
  return results;
}

// ------------------------------------------------------------ micro-bench ---

/** `name<TAB>number` lines of a micro-benchmark, or the reason it failed. */
async function micro(
  argv: string[] | undefined,
  stdout: "piped" | "null",
): Promise<Map<string, string> | string> {
  if (!argv) return "runtime not found";
  const out = await capture(argv[0], argv.slice(1), { stdout });
  if (!out) return "cannot start";
  if (out.code !== 0) return `exit ${out.code}: ${lastLine(out.stderr)}`;
  const lines = (stdout === "piped" ? out.stdout : out.stderr).split("\n");
  return new Map(
    lines.filter((l) => l.includes("\t")).map((l) => l.split("\t") as [string, string]),
  );
}

function microTable(
  title: string,
  cols: [string, Map<string, string> | string][],
): string {
  const names = new Set<string>();
  for (const [, r] of cols) if (typeof r !== "string") { for (const k of r.keys()) names.add(k); }
  const rows = [...names].map((n) =>
    `| ${n} | ${cols.map(([, r]) => typeof r === "string" ? "–" : r.get(n) ?? "–").join(" | ")} |`
  );
  const failures = cols.filter(([, r]) => typeof r === "string").map(([c, r]) => `${c}: ${r}`);
  return [
    `| ${title} | ${cols.map(([c]) => c).join(" | ")} |`,
    `| --- |${cols.map(() => " ---: |").join("")}`,
    ...rows,
    ...(failures.length ? ["", `Failed: ${failures.join("; ")}`] : []),
  ].join("\n");
}

// ---------------------------------------------------------------- report ---

function loadAverage(): string {
  return Deno.readTextFileSync("/proc/loadavg").split(" ")[0];
}
const LOAD_AT_START = loadAverage();

function machine(): string[] {
  const cpuinfo = Deno.readTextFileSync("/proc/cpuinfo");
  const model = /^model name\s*:\s*(.*)$/m.exec(cpuinfo)?.[1] ?? "unknown";
  const cores = cpuinfo.match(/^processor\s*:/gm)?.length ?? navigator.hardwareConcurrency;
  const memKb = Number(/^MemTotal:\s*(\d+)/m.exec(Deno.readTextFileSync("/proc/meminfo"))?.[1]);
  return [
    `- CPU: ${cores} cores, ${model}; ${(memKb / 1048576).toFixed(0)} GiB RAM`,
    `- OS: ${Deno.build.os} ${Deno.osRelease()} (${Deno.build.arch})`,
    `- load average (1 min) at start: ${LOAD_AT_START}, at the end: ${loadAverage()}` +
    " (the benchmark itself keeps about one core busy; anything else skews the numbers)",
  ];
}

function cell(r: number[] | string | undefined): string {
  if (r === undefined) return "–";
  if (typeof r === "string") return `n/a: ${r.replaceAll("|", "\\|")}`;
  return `${ms(median(r))} (${ms(Math.min(...r))}–${ms(Math.max(...r))})`;
}

function report(rts: Runtime[], results: Results, tools: Tools): string {
  const main = WORKLOADS.filter((w) => !w.key.endsWith("0"));
  const out: string[] = [];
  out.push("## Machine", "", ...machine());
  for (const [name, v] of tools.versions) out.push(`- ${name}: ${v}`);
  out.push(
    "- every process: stdin /dev/null, stdout a pipe whose output is checked (the write" +
      " guest's: /dev/null), our environment without NODE_EXTRA_CA_CERTS; one warm-up run" +
      " per cell, then the runs interleaved round by round",
  );
  out.push(
    "",
    `## Wall time of the whole process (ms: median of ${RUNS} runs, (min–max))`,
    "",
    `| runtime | ${main.map((w) => w.title).join(" | ")} |`,
    `| --- |${main.map(() => " ---: |").join("")}`,
  );
  for (const rt of rts) {
    const cells = results.get(rt.name)!;
    out.push(`| ${rt.name} | ${main.map((w) => cell(cells.get(w.key))).join(" | ")} |`);
  }
  out.push(
    "",
    "## Per-call costs",
    "",
    `ns per call = (median time of ${CALLS} calls − median time of the same guest with 0 calls)` +
      ` / ${CALLS}.`,
    "",
    "| runtime | clock guest, 0 calls (ms) | clock_time_get (ns/call) |" +
      " write guest, 0 calls (ms) | fd_write to /dev/null (ns/call) |",
    "| --- | ---: | ---: | ---: | ---: |",
  );
  for (const rt of rts) {
    const cells = results.get(rt.name)!;
    const perCall = (k: string) => {
      const all = cells.get(k), zero = cells.get(k + "0");
      if (!Array.isArray(all) || !Array.isArray(zero)) return "–";
      return ((median(all) - median(zero)) * 1e6 / CALLS).toFixed(0);
    };
    const zero = (k: string) => {
      const r = cells.get(k);
      return Array.isArray(r) ? ms(median(r)) : "–";
    };
    out.push(
      `| ${rt.name} | ${zero("clock0")} | ${perCall("clock")} | ${zero("write0")} | ` +
        `${perCall("write")} |`,
    );
  }
  return out.join("\n");
}

// ------------------------------------------------------------------ main ---

const tmp = await Deno.makeTempDir({ prefix: "wasirun-bench-" });
try {
  const t0 = performance.now();
  log("finding runtimes and building native programs");
  const tools = await findTools(tmp);
  const rts = runtimes(tools, tmp);
  const results = await measure(rts);
  const parts = [report(rts, results, tools)];
  if (MICRO) {
    log("micro-benchmarks: jspi_cost.ts and ab_imports.ts under Deno and Bun");
    const deno = (file: string) => [Deno.execPath(), "run", "-A", join(BENCH, file)];
    const bun = (file: string) => tools.bun ? [tools.bun, join(BENCH, file)] : undefined;
    const jspi = [
      ["Deno", await micro(deno("jspi_cost.ts"), "piped")],
      ["Bun", await micro(bun("jspi_cost.ts"), "piped")],
    ] as [string, Map<string, string> | string][];
    const ab = [
      ["Deno", await micro(deno("ab_imports.ts"), "null")],
      ["Bun", await micro(bun("ab_imports.ts"), "null")],
    ] as [string, Map<string, string> | string][];
    parts.push(
      "## Micro-benchmarks (ns per call, best of 5 × 1M calls)",
      "bench/jspi_cost.ts: a tiny hand-made module calling one import in a loop; JS loops.",
      microTable("measurement", jspi),
      "bench/ab_imports.ts: the real guests on lib/'s syscalls in-process, one import replaced; " +
        "(1M calls − 0 calls) / 1M.",
      microTable("variant", ab),
    );
  }
  console.log(parts.join("\n\n"));
  log(`done in ${((performance.now() - t0) / 1000).toFixed(0)} s`);
} finally {
  await Deno.remove(tmp, { recursive: true });
}
