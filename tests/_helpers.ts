/**
 * Test helpers: run the CLI as a subprocess under Deno, Bun and Node 26, the
 * way users do. Bun is found through $WASIRUN_BUN, else installed from npm
 * with `npx --yes bun@1.4.4`; Node 26 through $WASIRUN_NODE, else
 * `npx --yes node@26.10.0` (the only prerequisite is Node.js/npm).
 * $WASIRUN_RUNTIMES (e.g. `node` or `deno,bun`) narrows RUNTIMES while
 * working on one host; CI runs all three.
 */
import assert from "node:assert/strict";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = fileURLToPath(new URL("../", import.meta.url));
export const CLI = `${ROOT}cli.ts`;
export const BUN_VERSION = "1.4.4";
export const NODE_VERSION = "26.10.0";

export interface Runtime {
  name: "deno" | "bun" | "node";
  /** The command that runs cli.ts, before the CLI's own arguments. */
  command: string[];
}

/** `name@version` from npm through npx: the path of its executable. */
async function fromNpm(name: string, version: string): Promise<string> {
  const out = await new Deno.Command("npx", {
    args: ["--yes", `${name}@${version}`, "-e", "console.log(process.execPath)"],
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).output();
  const path = new TextDecoder().decode(out.stdout).trim();
  if (!out.success || path === "") {
    throw new Error(`cannot install ${name}@${version}: ${new TextDecoder().decode(out.stderr)}`);
  }
  return path;
}

const [bunPath, nodePath] = await Promise.all([
  Deno.env.get("WASIRUN_BUN") || fromNpm("bun", BUN_VERSION),
  Deno.env.get("WASIRUN_NODE") || fromNpm("node", NODE_VERSION),
]);

export const DENO: Runtime = { name: "deno", command: [Deno.execPath(), "run", "-A", CLI] };
export const BUN: Runtime = { name: "bun", command: [bunPath, CLI] };
// Node strips cli.ts's types on every start (~0.4 s of CPU) unless its compile
// cache keeps the result (~0.05 s); Node's own default place for it.
if (!Deno.env.get("NODE_COMPILE_CACHE")) {
  Deno.env.set("NODE_COMPILE_CACHE", join(tmpdir(), "node-compile-cache"));
}

/** cli.ts without its types (bin/bundle.ts writes it): what README gives Node. */
export const CLI_JS = `${ROOT}cli.js`;

/** Node 26: JSPI on by default; cli.js, as README says (it runs cli.ts too: cli_test). */
export const NODE: Runtime = { name: "node", command: [nodePath, CLI_JS] };

const only = Deno.env.get("WASIRUN_RUNTIMES")?.split(",");
/** The runtimes every guest test runs under. */
export const RUNTIMES: Runtime[] = [DENO, BUN, NODE].filter((r) => !only || only.includes(r.name));

/** `runtime` running `script` where it runs the CLI. */
export function runningScript(runtime: Runtime, script: string): Runtime {
  const command = runtime.command.map((a) => a === CLI || a === CLI_JS ? script : a);
  return { ...runtime, command };
}

/** Node 26 running cli.js with Node's own `flags` before it. */
export function nodeWith(flags: string[]): Runtime {
  return { name: "node", command: [NODE.command[0], ...flags, ...NODE.command.slice(1)] };
}

/**
 * Node with its `node:ffi` turned off: the fallback a Node without it takes
 * (procfs, node:fs). A Node that has no `node:ffi` (24) is that already, and
 * refuses the flag.
 */
export const NODE_NO_FFI: Runtime = {
  name: "node",
  // Asked at the first use, not by every test file that imports this one.
  get command(): string[] {
    return noFfiCommand ??= nodeKnows("--no-experimental-ffi")
      ? nodeWith(["--no-experimental-ffi"]).command
      : NODE.command;
  },
};
let noFfiCommand: string[] | undefined;

function nodeKnows(flag: string): boolean {
  const r = new Deno.Command(NODE.command[0], { args: [flag, "-e", ""], stderr: "null" })
    .outputSync();
  return r.success;
}

/** Deno without FFI: node:fs and Deno's own APIs on host paths (the `paths` resolver). */
export const DENO_NO_FFI: Runtime = {
  name: "deno",
  command: [Deno.execPath(), "run", "--allow-read", "--allow-write", "--allow-env", CLI],
};

/**
 * Node under its permission model with `flags` (`--allow-fs-read=DIR`,
 * `--allow-ffi`, ...); Node's own SecurityWarning about `--allow-ffi` is off.
 */
export function nodePermission(flags: string[]): Runtime {
  return nodeWith(["--permission", ...flags, "--disable-warning=SecurityWarning"]);
}

export interface RunOptions {
  /** Bytes or text for stdin (through a pipe); "null" for /dev/null; a path with `stdinFile`. */
  stdin?: string | Uint8Array | "null";
  /** Redirect stdin from this host file. */
  stdinFile?: string;
  /** Extra environment for the runtime process. */
  env?: Record<string, string>;
  cwd?: string;
}

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
  stdoutBytes: Uint8Array;
}

/**
 * `assert.equal(r.stdout, expected)`, its failure also saying how the run
 * ended (exit code and stderr, cut at 2000 characters): a CI log then shows
 * why a guest printed nothing, not only that it did.
 */
export function assertStdout(
  r: Pick<RunResult, "code" | "stdout" | "stderr">,
  expected: string,
): void {
  try {
    assert.equal(r.stdout, expected);
  } catch (e) {
    const stderr = r.stderr.length > 2000 ? `${r.stderr.slice(0, 2000)}...` : r.stderr;
    if (e instanceof Error) e.message += `\nexit ${r.code}; stderr ${JSON.stringify(stderr)}`;
    throw e;
  }
}

const decoder = new TextDecoder();

/** Runs `wasirun <args>` under `runtime` and collects its output. */
export async function runCli(
  runtime: Runtime,
  args: string[],
  options: RunOptions = {},
): Promise<RunResult> {
  const [cmd, ...pre] = runtime.command;
  if (options.stdinFile) {
    // Deno.Command cannot redirect from a file: let the shell do it.
    const quoted = [cmd, ...pre, ...args].map(shellQuote).join(" ");
    return await collect(
      new Deno.Command("sh", {
        args: ["-c", `exec ${quoted} < ${shellQuote(options.stdinFile)}`],
        cwd: options.cwd ?? ROOT,
        env: options.env,
        stdin: "null",
        stdout: "piped",
        stderr: "piped",
      }).spawn(),
    );
  }
  const child = new Deno.Command(cmd, {
    args: [...pre, ...args],
    cwd: options.cwd ?? ROOT,
    env: options.env,
    stdin: options.stdin === undefined || options.stdin === "null" ? "null" : "piped",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  let feeding = Promise.resolve();
  if (options.stdin !== undefined && options.stdin !== "null") {
    // Feed stdin while collecting output: a guest that echoes would otherwise
    // fill its stdout pipe and stop reading.
    const writer = child.stdin.getWriter();
    const data = typeof options.stdin === "string"
      ? new TextEncoder().encode(options.stdin)
      : options.stdin;
    feeding = writer.write(data).then(() => writer.close()).catch(() => {});
  }
  const [result] = await Promise.all([collect(child), feeding]);
  return result;
}

/**
 * How long a wasirun process may run in a test before it is killed and the
 * test fails: a hang must fail the run, not stall CI (no test guest runs
 * nearly this long).
 */
const HANG_MS = 120_000;

async function collect(child: Deno.ChildProcess): Promise<RunResult> {
  let hang: string | undefined;
  const timer = setTimeout(() => hang = killHung(child), HANG_MS);
  const out = await child.output().finally(() => clearTimeout(timer));
  if (hang !== undefined) {
    throw new Error(`still running after ${HANG_MS / 1000} s: killed (a hang)\n${hang}`);
  }
  return {
    code: out.code,
    stdout: decoder.decode(out.stdout),
    stderr: decoder.decode(out.stderr),
    stdoutBytes: out.stdout,
  };
}

/**
 * Runs `cmd` with `args` from the repository root, stdin /dev/null, and
 * collects its output, killed as a hang after {@linkcode HANG_MS}.
 */
export function runProcess(
  cmd: string,
  args: string[],
  env?: Record<string, string>,
): Promise<RunResult> {
  return collect(
    new Deno.Command(cmd, {
      args,
      cwd: ROOT,
      env,
      stdin: "null",
      stdout: "piped",
      stderr: "piped",
    }).spawn(),
  );
}

/** {@linkcode runProcess} of `bash -c script`, `args` as $1.... */
export function runShell(
  script: string,
  options: { args?: string[]; env?: Record<string, string> } = {},
): Promise<RunResult> {
  return runProcess("bash", ["-c", script, "bash", ...options.args ?? []], options.env);
}

/**
 * Kills `child` and every process under it (a pipeline's members) and says
 * what each was doing: its state, the kernel function it sleeps in and the
 * system call it is in, per thread, so that a hang CI meets says where it is.
 */
function killHung(child: Deno.ChildProcess): string {
  let tree = [child.pid];
  let report: string;
  try {
    tree = processTree(child.pid);
    report = [...tree.map(describeProcess), pipeHolders()].join("\n");
  } catch (e) {
    report = `(no report: ${e})`; // no /proc
  }
  for (const pid of [...tree].reverse()) {
    try {
      Deno.kill(pid, "SIGKILL");
    } catch {
      // already gone
    }
  }
  return report;
}

/** A /proc file's text, trimmed; "?" when it cannot be read (the process is gone). */
function readProc(path: string): string {
  try {
    return Deno.readTextFileSync(path).trim();
  } catch {
    return "?";
  }
}

/** A process's command line, NULs as spaces, cut at `max` characters. */
function commandLine(pid: number | string, max: number): string {
  return readProc(`/proc/${pid}/cmdline`).replaceAll("\0", " ").slice(0, max);
}

/** `root` and its descendants, parents first, from /proc. */
function processTree(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of Deno.readDirSync("/proc")) {
    if (!/^\d+$/.test(entry.name)) continue;
    try {
      const stat = Deno.readTextFileSync(`/proc/${entry.name}/stat`);
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      children.set(ppid, [...children.get(ppid) ?? [], Number(entry.name)]);
    } catch {
      // gone meanwhile
    }
  }
  const tree = [root];
  for (let i = 0; i < tree.length; i++) tree.push(...children.get(tree[i]) ?? []);
  return tree;
}

/**
 * Every other process holding one of the pipes this test process reads (a
 * child's output is collected until no one holds its write end).
 */
function pipeHolders(): string {
  const pipes = new Set<string>();
  const fdsOf = (pid: string) => {
    const out: [string, string][] = [];
    try {
      for (const e of Deno.readDirSync(`/proc/${pid}/fd`)) {
        try {
          const link = Deno.readLinkSync(`/proc/${pid}/fd/${e.name}`);
          if (link.startsWith("pipe:")) out.push([e.name, link]);
        } catch {
          // closed meanwhile
        }
      }
    } catch {
      // gone, or not ours to read
    }
    return out;
  };
  for (const [, link] of fdsOf("self")) pipes.add(link);
  const lines = ["holders of this test process's pipes:"];
  for (const entry of Deno.readDirSync("/proc")) {
    if (!/^\d+$/.test(entry.name) || Number(entry.name) === Deno.pid) continue;
    const held = fdsOf(entry.name).filter(([, link]) => pipes.has(link));
    if (held.length === 0) continue;
    const fds = held.map(([fd, link]) => `fd ${fd} ${link}`).join(", ");
    lines.push(`  pid ${entry.name} (${commandLine(entry.name, 120)}): ${fds}`);
  }
  return lines.join("\n");
}

function describeProcess(pid: number): string {
  const lines = [`pid ${pid}: ${commandLine(pid, 200)}`];
  let tasks: string[] = [];
  try {
    tasks = [...Deno.readDirSync(`/proc/${pid}/task`)].map((e) => e.name).sort((a, b) => +a - +b);
  } catch {
    // gone
  }
  for (const tid of tasks) {
    const stat = readProc(`/proc/${pid}/task/${tid}/stat`);
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    const comm = stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")"));
    // utime and stime (fields 14 and 15): whether it spins or sleeps
    lines.push(
      `  tid ${tid} ${comm} state=${fields[0]} utime=${fields[11]} stime=${fields[12]}` +
        ` wchan=${readProc(`/proc/${pid}/task/${tid}/wchan`)} syscall=${
          readProc(`/proc/${pid}/task/${tid}/syscall`).split(" ").slice(0, 4).join(" ")
        }`,
    );
  }
  return lines.join("\n");
}

/**
 * Reads `reader` until what was read (appended to `seen`) includes `marker`
 * (`null`: until the stream ends), or the stream ends; answers all that was read.
 */
export async function readUntil(
  reader: ReadableStreamDefaultReader<Uint8Array>,
  marker: string | null,
  seen = "",
): Promise<string> {
  const text = new TextDecoder();
  while (marker === null || !seen.includes(marker)) {
    const { value, done } = await reader.read();
    if (done) break;
    seen += text.decode(value, { stream: true });
  }
  return seen;
}

export function shellQuote(s: string): string {
  return `'${s.replaceAll("'", `'\\''`)}'`;
}

/** Path of a fixture relative to the repo root, e.g. `fixture("c/main.wasm")`. */
export function fixture(path: string): string {
  return `testdata/${path}`;
}

/** FNV-1a 64 as the fixtures' `stdin-sum` mode prints it. */
export function fnv1a64(data: Uint8Array): string {
  let h = 0xcbf29ce484222325n;
  for (const b of data) h = BigInt.asUintN(64, (h ^ BigInt(b)) * 0x100000001b3n);
  return h.toString(16).padStart(16, "0");
}

/** Lowercase hex SHA-256 of `data`. */
export async function sha256(data: Uint8Array): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", data as Uint8Array<ArrayBuffer>);
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

/**
 * The one line the CLI prints at start-up when the filesystem sandbox is
 * best effort (the "paths" resolver: no FFI and no usable /proc/self/fd).
 */
export const BEST_EFFORT_WARNING =
  /^wasirun: warning: no FFI \(--allow-ffi: Deno; Node under --permission\) and no usable \/proc\/self\/fd: .*\n$/;

/** What stderr must be for a run that printed nothing but, in the "paths" mode, that warning. */
export function assertQuietStderr(stderr: string, bestEffort: boolean): void {
  if (bestEffort) {
    if (!BEST_EFFORT_WARNING.test(stderr)) throw new Error(`expected the warning, got ${stderr}`);
  } else if (stderr !== "") {
    throw new Error(`expected empty stderr, got ${stderr}`);
  }
}
