/**
 * One run of the fuzzing guest (testdata/fuzz/fuzz.c) under one runtime, and
 * every way it can go wrong: shared by tests/fuzz_test.ts (a few seeds in CI)
 * and tests/fuzz_many.ts (many seeds by hand).
 */
import * as fs from "node:fs";
import { fixture, ROOT, type Runtime } from "./_helpers.ts";

export const FUZZ = fixture("fuzz/fuzz.wasm");
/** The same guest with every import but sock_accept from `wasi_unstable` (testdata/build.sh). */
export const FUZZ_PREVIEW0 = fixture("fuzz/fuzz_preview0.wasm");

/** What one seed did, and what went wrong (`problems` is empty when nothing did). */
export interface FuzzOutcome {
  seed: number;
  calls: number;
  problems: string[];
  /** The guest's hash of its errnos (equal runs give equal hashes). */
  hash: string | undefined;
  ms: number;
}

interface Entry {
  type: string;
  mode: number;
  size: number;
  mtimeMs: number;
  content: string;
}

/** Everything under `dir` except `skip`: type, mode, size, mtime, and content or link target. */
function snapshot(dir: string, skip: string): Map<string, Entry> {
  const out = new Map<string, Entry>();
  const walk = (path: string) => {
    for (const name of fs.readdirSync(path)) {
      const full = `${path}/${name}`;
      if (full === skip) continue;
      const st = fs.lstatSync(full);
      const type = st.isDirectory() ? "dir" : st.isSymbolicLink() ? "link" : "file";
      const content = type === "file"
        ? fs.readFileSync(full).toString("base64")
        : type === "link"
        ? fs.readlinkSync(full)
        : "";
      out.set(full.slice(dir.length), {
        type,
        mode: st.mode,
        size: st.size,
        mtimeMs: st.mtimeMs,
        content,
      });
      if (type === "dir") walk(full);
    }
  };
  walk(dir);
  return out;
}

function differences(before: Map<string, Entry>, after: Map<string, Entry>): string[] {
  const out: string[] = [];
  for (const [path, entry] of before) {
    const now = after.get(path);
    if (!now) out.push(`${path} disappeared`);
    else if (JSON.stringify(now) !== JSON.stringify(entry)) out.push(`${path} changed`);
  }
  for (const path of after.keys()) if (!before.has(path)) out.push(`${path} appeared`);
  return out;
}

/**
 * top/outside holds files, a directory and a link the guest must never
 * touch; top/scratch is its preopen, with links a hostile host process could
 * have planted there pointing outside.
 */
function makeTree(): { top: string; scratch: string } {
  const top = fs.realpathSync(Deno.makeTempDirSync({ prefix: "wasirun-fuzz-" }));
  const outside = `${top}/outside`;
  fs.mkdirSync(`${outside}/dir`, { recursive: true });
  fs.writeFileSync(`${outside}/secret.txt`, "secret\n", { mode: 0o640 });
  fs.writeFileSync(`${outside}/dir/inner.txt`, "inner\n");
  fs.symlinkSync("secret.txt", `${outside}/link`);
  const old = new Date("2001-02-03T04:05:06Z");
  for (const p of ["secret.txt", "dir/inner.txt", "dir", ""]) {
    fs.utimesSync(`${outside}/${p}`, old, old);
  }
  const scratch = `${top}/scratch`;
  fs.mkdirSync(`${scratch}/a`, { recursive: true });
  fs.writeFileSync(`${scratch}/f.txt`, "in the scratch directory\n");
  fs.symlinkSync("../outside/secret.txt", `${scratch}/link`);
  fs.symlinkSync("../outside", `${scratch}/outside`);
  fs.symlinkSync(`${outside}/dir`, `${scratch}/b`);
  return { top, scratch };
}

/** How to run the guest besides its seed. */
export interface FuzzOptions {
  /** Preopen the scratch directory read-only: then nothing in it may change either. */
  readonly?: boolean;
  /** Run with --trace: stderr may then hold only trace lines. */
  trace?: boolean;
  /**
   * Give the guest a --listen socket with two connected clients, each
   * sending a little, half-closing and reading everything until the end.
   * Network timing then changes errnos, so such runs have no comparable hash.
   */
  sockets?: boolean;
  /** Stdin is a pipe closed at once (EOF through the readiness layer) instead of /dev/null. */
  stdinPipe?: boolean;
  /**
   * Stdin is a regular file instead of /dev/null (the guest may seek, pread,
   * sync and re-time it: the file calls reach it), outside the checked tree.
   */
  stdinFile?: boolean;
  /** WASIRUN_RESOLVER for the run ("paths" may warn once on stderr). */
  resolver?: "openat2" | "fd-walk" | "procfs" | "paths";
  /**
   * Run {@linkcode FUZZ_PREVIEW0}: the same calls through preview0's imports,
   * whose fd_seek, filestat and poll_oneoff read the same bytes otherwise.
   */
  preview0?: boolean;
  /** A run longer than this is a hang (default 60 s). */
  timeoutMs?: number;
}

const BEST_EFFORT_LINE = /^wasirun: warning: no FFI .*\n/;
const LISTENING = /^wasirun: listening on 127\.0\.0\.1:(\d+) \(fd 4\)\n/;

/** A client of the guest's listener: sends 64 bytes, half-closes, reads until EOF. */
async function client(port: number): Promise<void> {
  const conn = await Deno.connect({ hostname: "127.0.0.1", port });
  try {
    await conn.write(new Uint8Array(64).fill(0x61));
    await conn.closeWrite();
    const buf = new Uint8Array(65536);
    while ((await conn.read(buf)) !== null) { /* drain what the guest sends */ }
  } catch {
    // the guest may close or reset its end at any time
  } finally {
    try {
      conn.close();
    } catch { /* already closed */ }
  }
}

async function readAll(stream: ReadableStream<Uint8Array>, onChunk?: (text: string) => void) {
  const decoder = new TextDecoder();
  let text = "";
  for await (const chunk of stream) {
    text += decoder.decode(chunk, { stream: true });
    onChunk?.(text);
  }
  return text + decoder.decode();
}

/** Runs `seed` for `calls` calls under `runtime` and says what went wrong. */
export async function fuzzOnce(
  runtime: Runtime,
  seed: number,
  calls: number,
  options: FuzzOptions = {},
): Promise<FuzzOutcome> {
  const timeoutMs = options.timeoutMs ?? 60_000;
  const { top, scratch } = makeTree();
  const stdinFile = options.stdinFile ? Deno.makeTempFileSync({ prefix: "wasirun-fuzz-in-" }) : "";
  if (stdinFile) Deno.writeTextFileSync(stdinFile, "0123456789".repeat(1000));
  // Handed over for reading: its bytes and times (but the atime reads move) must stay as they were.
  const stdinState = () => {
    const { size, mtimeNs, ctimeNs } = fs.statSync(stdinFile, { bigint: true });
    return `${size} ${mtimeNs} ${ctimeNs} ${fs.readFileSync(stdinFile, "latin1")}`;
  };
  const stdinBefore = stdinFile ? stdinState() : "";
  // Read-only: the whole tree must stay as it was, the scratch directory included.
  const skip = options.readonly ? "" : scratch;
  const before = snapshot(top, skip);
  const [cmd, ...pre] = runtime.command;
  const started = performance.now();
  const problems: string[] = [];
  let hash: string | undefined;
  try {
    const signal = AbortSignal.timeout(timeoutMs);
    // A file on stdin is the shell's redirection (Deno.Command cannot hand over an fd).
    const viaShell = stdinFile ? ["-c", 'exec "$0" "$@" < "$WASIRUN_FUZZ_STDIN"', cmd] : [];
    const child = new Deno.Command(stdinFile ? "sh" : cmd, {
      args: [
        ...viaShell,
        ...pre,
        ...(options.trace ? ["--trace"] : []),
        ...(options.sockets ? ["--listen", "127.0.0.1:0"] : []),
        "--dir",
        `${scratch}::/scratch${options.readonly ? ":ro" : ""}`,
        options.preview0 ? FUZZ_PREVIEW0 : FUZZ,
        String(seed),
        String(calls),
        ...(options.sockets ? ["4"] : []),
      ],
      cwd: ROOT,
      env: {
        ...stdinFile ? { WASIRUN_FUZZ_STDIN: stdinFile } : {},
        ...options.resolver ? { WASIRUN_RESOLVER: options.resolver } : {},
      },
      stdin: options.stdinPipe ? "piped" : "null",
      stdout: "piped",
      stderr: "piped",
      signal,
    }).spawn();
    if (options.stdinPipe) await child.stdin.close();
    const clients: Promise<void>[] = [];
    const [stdout, stderrAll, out] = await Promise.all([
      readAll(child.stdout),
      readAll(child.stderr, (text) => {
        const port = LISTENING.exec(text)?.[1];
        if (port && clients.length === 0) clients.push(client(+port), client(+port));
      }),
      child.status,
    ]);
    await Promise.all(clients);
    const stderr = stderrAll.replace(LISTENING, "").replace(BEST_EFFORT_LINE, "");
    if (signal.aborted) problems.push(`hang: still running after ${timeoutMs} ms`);
    else if (out.signal) problems.push(`died of ${out.signal}`);
    else if (out.code !== 0) problems.push(`exit ${out.code}`);
    const unexpected = options.trace
      ? stderr.split("\n").filter((l) => l !== "" && !l.startsWith("[trace] ")).join("\n")
      : stderr;
    if (unexpected !== "") problems.push(`stderr: ${unexpected.trimEnd()}`);
    const m = new RegExp(`^fuzz seed=${seed} calls=${calls} ok=\\d+ hash=([0-9a-f]{16})\\n$`)
      .exec(stdout);
    if (m) hash = options.sockets ? undefined : m[1];
    else if (!signal.aborted) {
      problems.push(`stdout is not one result line: ${JSON.stringify(stdout)}`);
    }
    if (stdinFile && stdinState() !== stdinBefore) {
      problems.push("changed the file on its stdin");
    }
    const changed = differences(before, snapshot(top, skip));
    if (changed.length) {
      const where = options.readonly ? "in the read-only tree" : "outside the scratch directory";
      problems.push(`changed ${where}: ${changed.join(", ")}`);
    }
  } finally {
    fs.rmSync(top, { recursive: true, force: true });
    if (stdinFile) fs.rmSync(stdinFile, { force: true });
  }
  return { seed, calls, problems, hash, ms: performance.now() - started };
}

/** Calls whose answer depends on timing or randomness: left out of comparisons. */
const TIMING = /^(clock_|poll_oneoff|sched_yield|random_get)/;

/**
 * Runs `seed` under `runtime` with --trace=json in a fresh tree and returns
 * each call with its arguments and errno (timing-dependent calls left out),
 * one string per call: what two runtimes are compared by.
 */
export async function traceErrnos(
  runtime: Runtime,
  seed: number,
  calls: number,
): Promise<string[]> {
  const { top, scratch } = makeTree();
  try {
    const [cmd, ...pre] = runtime.command;
    const out = await new Deno.Command(cmd, {
      args: [
        ...pre,
        "--trace=json",
        "--dir",
        `${scratch}::/scratch`,
        FUZZ,
        String(seed),
        String(calls),
      ],
      cwd: ROOT,
      stdin: "null",
      stdout: "null",
      stderr: "piped",
    }).output();
    return new TextDecoder().decode(out.stderr).split("\n").flatMap((line) => {
      if (!line.startsWith("{")) return [];
      const r = JSON.parse(line);
      if (TIMING.test(r.call)) return [];
      // An iovec array's byte total may include bytes a host call wrote: only its count.
      const args = JSON.stringify(r.args, (_, v) => v?.bytes !== undefined ? v.count : v);
      return [`${r.call}(${args}) = ${r.errno ?? r.exit ?? r.error}`];
    });
  } finally {
    fs.rmSync(top, { recursive: true, force: true });
  }
}
