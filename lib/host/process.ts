/**
 * The host process: its arguments, environment, signals, exit, and the Node
 * built-in modules wasirun uses, each reached the cheapest way on each
 * runtime.
 *
 * On Deno, the first touch of the `process` global or of any `node:` module
 * starts Deno's Node compatibility layer: ~15 ms for `process`, ~35 ms for
 * `node:fs` (bench/startup_phases.ts). A run that needs neither pays
 * neither: Deno's own APIs serve arguments, environment, signals and exit,
 * and {@linkcode nodeFs} and {@linkcode builtin} load a module only at its
 * first use (lib/host/libc.ts serves the fds the sandbox opens without it).
 *
 * `process` is taken from the global rather than imported: on Node,
 * `import ... from "node:process"` builds `process.stdin`/`stdout`/`stderr`,
 * which switches stdio pipes to O_NONBLOCK, and that flag is shared with
 * every process holding the pipe (RATIONALE.md, "Host fds someone else made
 * non-blocking").
 */
import type nodeProcess from "node:process";
import type * as NodeFs from "node:fs";
import {
  bufferAddress,
  type FfiFunction,
  type FfiParam,
  LIBC,
  openLibrary,
  openWaitingFunction,
} from "./ffi.ts";
import { decodeName, decodeUtf8 } from "./names.ts";
import { isBun, isDeno } from "./runtime.ts";

/** The runtime's `process` object, without Node's stdio side effects (on Deno, its first touch costs ~15 ms). */
export function hostProcess(): typeof nodeProcess {
  return (globalThis as unknown as { process: typeof nodeProcess }).process;
}

/** The operating system, as Node names it ("linux", "darwin", "win32", ...). */
export const platform: string = isDeno
  ? (Deno.build.os === "windows" ? "win32" : Deno.build.os)
  : hostProcess().platform;

/** The arguments after the script (`process.argv.slice(2)`). */
export function programArgs(): string[] {
  return isDeno ? [...Deno.args] : hostProcess().argv.slice(2);
}

/**
 * /proc/self/NAME's bytes, or `undefined` where it cannot be read (no /proc,
 * a Deno not allowed to read it: asked first, so that Deno does not prompt).
 */
function ownProcFile(name: string): Uint8Array | undefined {
  const path = `/proc/self/${name}`;
  try {
    if (isDeno && Deno.permissions.querySync({ name: "read", path }).state !== "granted") {
      return undefined;
    }
    if (isDeno) return Deno.readFileSync(path);
    return (isBun ? procFileByFfi(path) : undefined) ?? nodeFs().readFileSync(path);
  } catch {
    return undefined;
  }
}

/**
 * Bun: `path` (a small /proc file) read through libc, with the calls stdio
 * has bound already (lib/host/ffi.ts shares them), not through `node:fs`,
 * whose load took ~2 ms of a run with an option (its `--` check reads
 * /proc/self/cmdline) or whose guest waits (the signals it started with
 * ignored: /proc/self/status). `undefined` where it cannot.
 */
export function procFileByFfi(path: string): Uint8Array | undefined {
  const lib = openLibrary(LIBC, PROC_CALLS, { cold: ["openat", "close"] });
  if (!lib) return undefined;
  const fd = lib.fn.openat(AT_FDCWD, new TextEncoder().encode(`${path}\0`), O_RDONLY_CLOEXEC, 0);
  if (fd < 0) return undefined;
  try {
    const chunks: Uint8Array[] = [];
    for (;;) {
      const chunk = new Uint8Array(4096);
      const n = lib.fn.read(fd, chunk, chunk.length);
      if (n < 0) return undefined;
      if (n === 0) break;
      chunks.push(chunk.subarray(0, n));
    }
    const all = new Uint8Array(chunks.reduce((sum, c) => sum + c.length, 0));
    let at = 0;
    for (const c of chunks) all.set(c, at), at += c.length;
    return all;
  } finally {
    lib.fn.close(fd);
  }
}

/** As lib/host/libc.ts binds them for stdio (the same signatures: bound once, shared). */
const PROC_CALLS: Record<string, FfiParam[]> = {
  openat: ["i32", "buffer", "i32", "i32"],
  read: ["i32", "buffer", "i64"],
  close: ["i32"],
};
const AT_FDCWD = -100;
const O_RDONLY_CLOEXEC = 0o2000000;

/**
 * Whether the process's arguments as the kernel holds them are all valid
 * UTF-8 (/proc/self/cmdline): the runtimes hand them over as strings with
 * U+FFFD for what is not. `undefined` where it cannot be read.
 */
export function argsAreUtf8(): boolean | undefined {
  const raw = ownProcFile("cmdline");
  return raw && decodeUtf8(raw) !== undefined;
}

/**
 * `args` (the program's, as the runtime decoded them) with every byte that
 * is not UTF-8 as it came: the last `args.length` items of
 * /proc/self/cmdline, decoded as lib/host/names.ts does (such a byte a lone
 * surrogate, which the guest's args_get writes back as the byte). Where
 * that cannot be read or does not line up with `args`, `undefined`.
 */
export function argsAsBytes(args: string[]): string[] | undefined {
  const raw = ownProcFile("cmdline");
  if (!raw || args.length === 0) return undefined;
  const items = splitNul(raw).slice(-args.length);
  const lossy = new TextDecoder("utf-8", { ignoreBOM: true });
  if (items.length !== args.length || items.some((b, i) => lossy.decode(b) !== args[i])) {
    return undefined;
  }
  return items.map(decodeName);
}

/**
 * Bun's `args` with the `--` it took for itself put back: Bun drops a `--`
 * that comes right after the script (`bun cli.ts -- -x.wasm` shows the
 * program `-x.wasm`, where Node, Deno and a standalone binary pass it on),
 * which /proc/self/cmdline still holds just before the last `args.length`
 * items. Unchanged where it does not, or cannot be read.
 */
export function withRestoredDashDash(args: string[]): string[] {
  const raw = ownProcFile("cmdline");
  if (!raw) return args;
  const items = splitNul(raw);
  const at = items.length - args.length - 1;
  if (at < 1 || items[at].length !== 2 || items[at][0] !== 0x2d || items[at][1] !== 0x2d) {
    return args;
  }
  const lossy = new TextDecoder("utf-8", { ignoreBOM: true });
  return items.slice(at + 1).every((b, i) => lossy.decode(b) === args[i]) ? ["--", ...args] : args;
}

/** A host environment variable whose bytes are not UTF-8, as {@linkcode envNotUtf8} finds it. */
export interface RawVariable {
  /** The name as a runtime that keeps the variable shows it (U+FFFD for such bytes). */
  shownName: string;
  /** Name and value, such bytes escaped as in {@linkcode argsAsBytes}. */
  name: string;
  value: string;
}

/**
 * The host environment variables whose bytes are not UTF-8
 * (/proc/self/environ): Bun and Node hand them over with U+FFFD in place of
 * those bytes, Deno leaves them out. Empty where it cannot be read.
 */
export function envNotUtf8(): RawVariable[] {
  const raw = environBytes();
  const found: RawVariable[] = [];
  for (const entry of raw ? splitNul(raw) : []) {
    if (decodeUtf8(entry) !== undefined) continue;
    const text = decodeName(entry);
    const eq = text.indexOf("=");
    if (eq <= 0) continue;
    const shown = new TextDecoder("utf-8", { ignoreBOM: true }).decode(entry);
    found.push({
      shownName: shown.slice(0, shown.indexOf("=")),
      name: text.slice(0, eq),
      value: text.slice(eq + 1),
    });
  }
  return found;
}

/**
 * A host environment variable, or `undefined` (also when Deno is not allowed
 * to read it: asked first, so that Deno does not prompt on a terminal).
 */
export function getEnv(name: string): string | undefined {
  if (!envReadable(name)) return undefined;
  try {
    if (isDeno) return Deno.env.get(name);
    // Node's and Bun's process.env inherits Object.prototype: `toString`, unset, was a function.
    const env = hostProcess().env;
    return Object.hasOwn(env, name) ? env[name] : undefined;
  } catch {
    return undefined;
  }
}

/**
 * {@linkcode getEnv} for what a guest is given (`--env NAME`): on Deno the
 * value the process was started with ({@linkcode startedEnv}). wasirun's own
 * settings (WASIRUN_RESOLVER, ...) stay Deno's view, which an embedder may
 * have set.
 */
export function guestEnv(name: string): string | undefined {
  if (!isDeno || !envReadable(name)) return getEnv(name);
  const started = startedEnv();
  return started ? started.get(name) : getEnv(name);
}

/**
 * On Deno, the environment as the process was started with it
 * (/proc/self/environ): Deno's own view is not it. Deno 2.9.6 adds
 * DENO_NODE_SHIM_ACTIVE and, where PATH has no `node`, puts a folder of its
 * own first in PATH, and lists the variables in a hash's order; a guest
 * given the environment (--inherit-env, `--env NAME`) got all that. The
 * entries in their order, a value that is not UTF-8 with U+FFFD for its
 * bytes, as Node and Bun show it (the CLI puts its bytes back in its place:
 * {@linkcode envNotUtf8}; left out, it went last), without wasirun's
 * re-exec variable; `undefined` where it cannot be read.
 */
function startedEnv(): Map<string, string> | undefined {
  if (started !== null) return started;
  started = undefined;
  const raw = environBytes();
  if (!raw) return undefined;
  const env = new Map<string, string>();
  const lossy = new TextDecoder("utf-8", { ignoreBOM: true });
  for (const entry of splitNul(raw)) {
    const utf8 = decodeUtf8(entry);
    const text = utf8 ?? lossy.decode(entry);
    const eq = text.indexOf("=");
    // A name that is not UTF-8 is left out, as Node and Bun leave it out (the CLI adds it).
    if (eq <= 0 || (utf8 === undefined && text.slice(0, eq).includes("\uFFFD"))) continue;
    const name = text.slice(0, eq);
    // getenv(3) finds the first of two of a name.
    if (name !== RESTACKED && !env.has(name)) env.set(name, text.slice(eq + 1));
  }
  return started = env;
}
/** Not read yet: null. */
let started: Map<string, string> | undefined | null = null;

/** /proc/self/environ, read once (`undefined` where it cannot be). */
function environBytes(): Uint8Array | undefined {
  if (environ === null) environ = ownProcFile("environ");
  return environ;
}
let environ: Uint8Array | undefined | null = null;

/**
 * Whether this process may read the host variable `name`: false only where
 * Deno's permissions deny it (asked, so that Deno does not prompt on a terminal).
 */
export function envReadable(name: string): boolean {
  if (!isDeno) return true;
  try {
    return Deno.permissions.querySync({ name: "env", variable: name }).state === "granted";
  } catch {
    return false;
  }
}

/**
 * Whether Deno lets this process read and write everywhere (`-A`, or
 * `--allow-read --allow-write` unscoped); true on the other runtimes. Asked
 * before a call Deno would otherwise prompt for on a terminal: `Deno.symlink`,
 * and a `/proc/self/fd` path (Deno wants unscoped permissions for both).
 */
export function denoAllowsAllFiles(): boolean {
  if (!isDeno) return true;
  try {
    return Deno.permissions.querySync({ name: "read" }).state === "granted" &&
      Deno.permissions.querySync({ name: "write" }).state === "granted";
  } catch {
    return false;
  }
}

/**
 * Whether the host's permission model lets this process write under `path`:
 * Deno's `--allow-write`, Node's `--permission` with `--allow-fs-write`
 * (asked, never prompted for); true where there is none (Bun, Node without
 * `--permission`).
 */
export function mayWrite(path: string): boolean {
  return allowedBy("write", path);
}

/** {@linkcode mayWrite} for reading: Deno's `--allow-read`, Node's `--allow-fs-read`. */
export function mayRead(path: string): boolean {
  return allowedBy("read", path);
}

function allowedBy(access: "read" | "write", path: string): boolean {
  try {
    if (isDeno) return Deno.permissions.querySync({ name: access, path }).state === "granted";
    const permission = nodePermission();
    return permission ? permission.has(`fs.${access}`, path) : true;
  } catch {
    return true; // no way to ask: each call is checked, or nothing is
  }
}

/** Node's permission model, where it is on (`--permission`); `undefined` elsewhere. */
function nodePermission(): { has(scope: string, ref: string): boolean } | undefined {
  if (isDeno || isBun) return undefined;
  return (hostProcess() as { permission?: { has(scope: string, ref: string): boolean } })
    .permission;
}

/**
 * Whether a permission model may refuse this process some files: Deno's
 * unless every read and write is allowed, Node's under `--permission`.
 */
export function filesPermissioned(): boolean {
  return isDeno ? !denoAllowsAllFiles() : nodePermission() !== undefined;
}

/**
 * The whole host environment (throws when Deno is not allowed to read it:
 * asked first, so that Deno does not prompt on a terminal).
 */
export function envEntries(): [string, string][] {
  if (isDeno && Deno.permissions.querySync({ name: "env" }).state !== "granted") {
    throw new Deno.errors.NotCapable("no env permission");
  }
  const started = isDeno ? startedEnv() : undefined;
  if (started) return [...started];
  const env = isDeno ? Deno.env.toObject() : hostProcess().env;
  return Object.entries(env).filter((e): e is [string, string] => e[1] !== undefined);
}

/** The signals the CLI turns into exit codes while the guest waits. */
export type ExitSignal = "SIGINT" | "SIGTERM" | "SIGALRM" | "SIGUSR1";

/** Calls `listener` on `signal` ("SIGINT", "SIGTERM", ...) until {@linkcode offSignal}. */
export function onSignal(signal: ExitSignal, listener: () => void): void {
  if (isDeno) Deno.addSignalListener(signal, listener);
  else hostProcess().on(signal, listener);
}

/** A signal the CLI keeps ignoring when the process was started with it ignored (nohup, `&` in a script). */
export type IgnorableSignal = "SIGHUP" | "SIGINT" | "SIGTERM";

/**
 * Keeps `signal`, ignored when the process started, ignored on Deno. Deno
 * puts its own handler in place of SIG_IGN (at a listener's first use, and
 * about half a second into any run), and with no listener that handler ends
 * the process (129, 130, 143): `nohup deno run ...` died of the terminal's
 * SIGHUP. A listener that does nothing keeps it running, as SIG_IGN would.
 * Bun keeps the disposition itself; Node resets it to the default before
 * any script runs, so nothing is left to keep there.
 */
export function keepIgnored(signal: IgnorableSignal): void {
  if (isDeno) Deno.addSignalListener(signal, () => {});
}

/**
 * Gives `signal` its default action back (sigaction(2) through FFI; Deno,
 * and Node with `node:ffi`), after a listener of {@linkcode onSignal} made
 * the runtime take it: the runtime's own use of it is gone then. For
 * SIGUSR1, which Deno (since 2.9.2, ~0.5 s into a run, beside any listener)
 * and Node (without one) answer by opening their JS inspector on
 * 127.0.0.1:9229, where any local user may connect and run code in the
 * process: with the default action it ends the process, as a native
 * program's. Deno puts its handler in once per signal, at the first of its
 * uses, so a later use does not undo this. `false` where it cannot.
 */
export function defaultActionFor(signal: ExitSignal): boolean {
  try {
    const sigaction = sigactionCall({ node: true, cold: true });
    return sigaction !== undefined && sigaction(SIGNAL_NUMBERS[signal], DEFAULT_ACTION, null) === 0;
  } catch {
    return false; // no FFI call here
  }
}

/** sigaction(2): `act` (or null) installed, the previous one into `old` (or null). */
export type Sigaction = (signum: number, act: Uint8Array | null, old: Uint8Array | null) => number;

/**
 * sigaction(2) through FFI (on Node only where `node` asks for `node:ffi`);
 * `undefined` where FFI is not there. `cold` for a call made once or twice
 * a run (lib/host/ffi.ts); not for one made at every wait.
 */
export function sigactionCall(
  { node, cold }: { node: boolean; cold: boolean },
): Sigaction | undefined {
  return openLibrary(LIBC, { sigaction: ["i32", "buffer", "buffer"] }, { node, cold })?.fn
    .sigaction;
}

/** Stops a listener {@linkcode onSignal} added. */
export function offSignal(signal: ExitSignal, listener: () => void): void {
  if (isDeno) Deno.removeSignalListener(signal, listener);
  else hostProcess().off(signal, listener);
}

/**
 * The guest's stack on Node without `-W max-wasm-stack`, in wasmtime's bytes
 * (V8 gets {@linkcode V8_STACK_SCALE} times that, 16 MiB): 4 MiB.
 */
const NODE_GUEST_STACK_BYTES = 4 << 20;

/**
 * Node only, for the `wasirun` command: V8 flags Node lets a program set
 * once it runs (Deno's V8 freezes them; Bun's JSC needs neither). Not done
 * for the library: they would change the embedding program's V8.
 *
 * - `--no-concurrent-sparkplug`: Node's `process.exit` shuts V8's worker
 *   threads down without letting the main thread collect garbage, and a
 *   concurrent Sparkplug job that needs a collection then waits for it
 *   forever: the process hangs at exit (caught with gdb in a test run: the
 *   main thread in `NodePlatform::Shutdown` joining a worker parked in
 *   `CollectionBarrier::AwaitCollectionBackground` under
 *   `ConcurrentBaselineCompiler`). Sparkplug then compiles on the main thread.
 * - The guest's stack: it runs on a stack of JSPI's own, ~1 MiB by default,
 *   where Go's encoding/asn1 and encoding/xml tests (5,000-deep recursion)
 *   ran out; wasmtime passes them with the 8 MiB Go's test runner gives it.
 *   Raised to what wasmtime's 4 MiB is worth, 16 MiB (the limit V8 checks
 *   on the switched stack, the lower of the two flags; the main thread's
 *   limit, set at start, stays), or to what `-W max-wasm-stack`'s
 *   `stackBytes` is worth ({@linkcode v8StackKib}) where that is more,
 *   unless the user set either flag.
 * - `--wasm-num-compilation-tasks`: one core fewer than the machine has
 *   ({@linkcode v8CompilationTasks}), unless the user set it.
 */
export function setNodeFlags(stackBytes?: number): void {
  if (isDeno || isBun) return;
  try {
    const node = hostProcess();
    const v8 = node.getBuiltinModule("node:v8") as typeof import("node:v8");
    v8.setFlagsFromString("--no-concurrent-sparkplug");
    if (!nodeFlagSet(COMPILATION_TASKS)) {
      v8.setFlagsFromString(`--${COMPILATION_TASKS}=${v8CompilationTasks()}`);
    }
    const bytes = nodeGuestStackBytes(stackBytes);
    if (bytes !== undefined) {
      const { limit, stack } = v8StackKib(bytes);
      v8.setFlagsFromString(`--wasm-stack-switching-stack-size=${stack}`);
      v8.setFlagsFromString(`--stack-size=${limit}`);
    }
  } catch {
    // an older Node without getBuiltinModule: run as before
  }
}

/** V8's flag for the WebAssembly compilation hints proposal. */
const COMPILATION_HINTS = "experimental-wasm-compilation-hints";

let compilationHintsOn: boolean | undefined;

/**
 * Whether this process's V8 reads compilation hints (lib/host/read_file.ts,
 * `withTierUpHint`): where Node was started with the flag (`node
 * --experimental-wasm-compilation-hints`, or in `NODE_OPTIONS`); wasirun
 * never sets it (a short run pays for it on two cores). Not on Deno,
 * whose TurboFan takes 230–430 ms over CPython's interpreter loop without
 * the trap handler, against 85–110 on Node: the hint came too late there
 * (RATIONALE.md, "Compilation hints"); nor on Bun.
 */
export function v8CompilationHints(): boolean {
  compilationHintsOn ??= !isDeno && !isBun && nodeFlagGiven(COMPILATION_HINTS) === true;
  return compilationHintsOn;
}

/**
 * Whether Node was started with V8's flag `--NAME` (true) or `--no-NAME`
 * (false), on its command line or in `NODE_OPTIONS`; `undefined` if with
 * neither.
 */
/** V8's flag for how many worker threads compile wasm at once. */
const COMPILATION_TASKS = "wasm-num-compilation-tasks";

/**
 * Wasm compile jobs V8 may run at once: one core fewer than the machine has
 * (at least one), so that the main thread, running the guest, keeps a core.
 * V8 otherwise runs as many as its platform has workers (Node's: 4, whatever
 * the cores), and on two cores a short run of a big module, whose hot
 * functions V8 optimises on those workers as it runs, was starved: Go's 49
 * MB `compile` of a small package 3.6 → 2.0 s (RATIONALE.md, "Performance:
 * what we tried").
 */
function v8CompilationTasks(): number {
  const cores = (globalThis as { navigator?: { hardwareConcurrency?: number } }).navigator
    ?.hardwareConcurrency ?? 1;
  return Math.max(1, cores - 1);
}

/** Whether Node was started with the V8 flag `name` given a value (`--name=N`; NODE_OPTIONS refuses it). */
function nodeFlagSet(name: string): boolean {
  return hostProcess().execArgv.some((flag) => flag.replaceAll("_", "-").startsWith(`--${name}=`));
}

function nodeFlagGiven(name: string): boolean | undefined {
  const node = hostProcess();
  let given: boolean | undefined;
  for (const text of [...node.execArgv, node.env.NODE_OPTIONS ?? ""]) {
    for (const flag of text.split(/\s+/)) {
      const plain = flag.replaceAll("_", "-");
      if (plain === `--${name}`) given = true;
      else if (plain === `--no-${name}`) given = false;
    }
  }
  return given;
}

/**
 * The guest's stack on Node in wasmtime's bytes, as {@linkcode setNodeFlags}
 * sets it: `-W max-wasm-stack` where that is above 4 MiB
 * ({@linkcode NODE_GUEST_STACK_BYTES}); `undefined` where the user gave V8's
 * stack flags themselves.
 */
function nodeGuestStackBytes(stackBytes?: number): number | undefined {
  const node = hostProcess();
  const given = [...node.execArgv, node.env.NODE_OPTIONS ?? ""].join(" ");
  if (/--(wasm[-_]stack[-_]switching[-_])?stack[-_]size/.test(given)) return undefined;
  return Math.max(NODE_GUEST_STACK_BYTES, stackBytes ?? 0);
}

/**
 * The stack in wasmtime's bytes the guest had, given `-W
 * max-wasm-stack=stackBytes` (or not): on Node at least the 4 MiB wasirun
 * sets; elsewhere what was given (undefined: the engine's own).
 */
export function guestStackBytes(stackBytes?: number): number | undefined {
  if (isDeno || isBun) return stackBytes;
  try {
    return nodeGuestStackBytes(stackBytes) ?? stackBytes;
  } catch {
    return stackBytes;
  }
}

/**
 * How many times wasmtime's `-W max-wasm-stack=N` V8 and JSC get: their wasm
 * frames are bigger than Cranelift's, so the same bytes held fewer levels.
 * Measured (wasmtime 49, the deepest recursion that passes, RATIONALE.md
 * "Traps"): with N = 16 MiB a C function (testdata/c/main.wasm depth)
 * 520,000 levels under wasmtime, 253,000 on Deno (V8 at N); a WAT function
 * with no locals 1,040,000 against 290,000 (3.6 times, V8's frame ~57 bytes
 * to Cranelift's 16, the most a frame can differ); Go 2.1 times. A frame
 * with many locals is smaller under V8 (GCC's cc1plus: 0.7). Four covers
 * all, on V8 at every N measured (1–64 MiB).
 */
const V8_STACK_SCALE = 4;
/**
 * JSC: 18 times, and 16 MiB more. A deep recursion starts in JSC's wasm
 * interpreter, goes on in its baseline JIT's code (BBQ) once that is ready,
 * and in its optimising JIT's (OMG) once that is, each compiled on another
 * thread, so the depth a run reaches depends on when they arrive (under load
 * OMG came too late for a C recursion of 60,000 levels at N = 2 MiB, which
 * 4N and 16 MiB held when it came in time). BBQ's frames are the largest,
 * ~540 bytes for testdata/c/main.wasm's `depth`, 17 times wasmtime's: with
 * OMG turned off (`BUN_JSC_useOMGJIT=0`), 24 MiB of stack held 46,000 levels
 * (wasmtime 65,000 at 2 MiB), 16N and 16 MiB 518,000 at 16 MiB (wasmtime
 * 520,000), 18N covers it with 10 % to spare. A frame of wasmtime's smallest
 * (16 bytes: a WAT function of one parameter, 130,000 levels at 2 MiB) is 32
 * times smaller than BBQ's, so such a function holds wasmtime's depth once OMG
 * runs it, not all in BBQ. More would cost a guest that recurses for ever
 * what it touches before it traps (at N = 16 MiB: 18N, ~3 s and 0.3 GB; 32N,
 * 5.4 s and 0.6 GB; wasmtime 0.04 s).
 */
const JSC_STACK_SCALE = 18;
const JSC_STACK_EXTRA = 16 << 20;

/**
 * What `-W max-wasm-stack=N` (wasmtime's bytes) asks the engine for: at least
 * the depth wasmtime gives with N ({@linkcode V8_STACK_SCALE},
 * {@linkcode JSC_STACK_SCALE}), at most {@linkcode MAX_STACK_BYTES}.
 */
function engineStackBytes(stackBytes: number): number {
  const scaled = isBun
    ? stackBytes * JSC_STACK_SCALE + JSC_STACK_EXTRA
    : stackBytes * V8_STACK_SCALE;
  return Math.min(scaled, MAX_STACK_BYTES);
}

/**
 * V8's two stack flags (KiB) for `-W max-wasm-stack=stackBytes`: the guest
 * may use the lower of them (measured on Deno: `--stack-size=1664` with a
 * switched stack of 2048 stopped the WAT function at 29,375 levels, 4000
 * with 2048 at 36,875), so `--stack-size` ({@linkcode engineStackBytes}) is
 * the guest's, and the switched stack is {@linkcode STACK_HEADROOM_KIB}
 * more.
 */
export function v8StackKib(stackBytes: number): { limit: number; stack: number } {
  const limit = Math.ceil(engineStackBytes(stackBytes) / 1024);
  return { limit, stack: limit + STACK_HEADROOM_KIB };
}

/** V8's two stack flags for `stackBytes` ({@linkcode v8StackKib}), as `--v8-flags` takes them. */
export function v8StackFlags(stackBytes: number): string {
  const { limit, stack } = v8StackKib(stackBytes);
  return `--stack-size=${limit},--wasm-stack-switching-stack-size=${stack}`;
}

/**
 * JSC's cost limit for compiling a wasm function with its optimising tier
 * (OMG; JSC's default 100000): bigger functions stay in its baseline tier.
 * Bun 1.4.4's OMG code for the large functions of some big programs ran
 * them slower than baseline code, or not faster (whole processes, against
 * JSC's default): CRuby 3.4's ruby.wasm on a compute-bound script 20.2 →
 * 5.1 s at 5000, esbuild bundling 500 modules 1.3–1.5 → 1.0–1.1 s at 5000
 * and at 10000, clang -O2 of a 600-line file ~3.0 → 2.4–2.9 s. Too low a
 * limit keeps mid-sized hot functions out of OMG: Zig 0.17's standard
 * library tests (1,914, a 37 MB module) took 18–20 s at 5000 against 11–12
 * at JSC's default and 12–13 at 10000 (wasmtime 11–13). 10000 keeps most of
 * both: CRuby's script 3.5 s at the default, 0.27–0.31 at 5000, 0.45–0.49 at
 * 10000 (Deno 0.56; RATIONALE.md, "Twenty-fourth round").
 */
const BUN_OMG_COST = "10000";

/**
 * JSC compiles wasm on one thread fewer than the cores (at most 7): one
 * thread on two cores, while the main thread, which awaits the compile,
 * idles. All cores (at most 8, JSC's own cap on worker threads), measured
 * on two (`bench/compare.ts --runs=9`, both with the OMG limit given):
 * esbuild (Go, 20 MB) `--version` 604 → 417 ms, gojq (8 MB) 274 → 217,
 * CPython `-c 'print(sys.version)'` 456 → 403 (`--runs=11`), and the
 * compute-bound bench/guests/compute.py 2.43 → 2.34 s (`--runs=5`).
 */
function bunWasmCompilerThreads(): string {
  const cores = (globalThis as { navigator?: { hardwareConcurrency?: number } }).navigator
    ?.hardwareConcurrency ?? 1;
  return String(Math.max(1, Math.min(8, cores)));
}

/** Modules at least this big get them: for a smaller one's start the second start would cost more. */
const BIG_MODULE = 4 << 20;
/** Set in the environment of the process {@linkcode tuneBunEngine} starts again: the names it added. */
const TUNED = "WASIRUN_TUNED_JSC";
/** On the global object (each bundle has its own copy of this module): asked already. */
const TUNE_ASKED = Symbol.for("wasirun.tuneBunEngine");

/**
 * Bun only, for the `wasirun` command: a run of a big module (a file of
 * {@linkcode BIG_MODULE} bytes or more, not a pipe) starts again at once with
 * JSC's {@linkcode BUN_OMG_COST} and as many wasm compiler threads as cores
 * ({@linkcode bunWasmCompilerThreads}), which JSC reads only when the
 * process starts: {@linkcode execve} (the same pid, fds, and arguments and
 * environment as bytes; nothing was read or written yet). Each only where the environment does not set it
 * already (the user's choice; when it sets both, no second start), and not
 * for the library (the embedding process's JSC). The started process drops
 * what it was given from its environment, so that `--inherit-env` does not
 * hand it to the guest. `-W max-wasm-stack=N` (`stackBytes`) starts it again
 * too, with `BUN_JSC_maxPerThreadStackUsage` what N is worth on JSC
 * ({@linkcode engineStackBytes}: 18N and 16 MiB).
 */
export function tuneBunEngine(
  modulePath: string,
  stackBytes?: number,
): void {
  const global = globalThis as { [TUNE_ASKED]?: true };
  if (!isBun || global[TUNE_ASKED]) return; // once a process: it drops what tells it from its env
  global[TUNE_ASKED] = true;
  const proc = hostProcess();
  const added = proc.env[TUNED];
  if (added !== undefined) {
    delete proc.env[TUNED];
    for (const name of added.split(",")) if (name.startsWith("BUN_JSC_")) delete proc.env[name];
    return;
  }
  const options: Record<string, string> = {};
  try {
    // `-W max-wasm-stack`: JSC's limit for the stack its code may use, where it is above JSC's.
    const jscStack = stackBytes === undefined ? 0 : engineStackBytes(stackBytes);
    if (jscStack > JSC_STACK_BYTES && proc.env.BUN_JSC_maxPerThreadStackUsage === undefined) {
      options.BUN_JSC_maxPerThreadStackUsage = String(jscStack);
    }
    if (isBigModule(modulePath)) {
      if (proc.env.BUN_JSC_maximumOMGCandidateCost === undefined) {
        options.BUN_JSC_maximumOMGCandidateCost = BUN_OMG_COST;
      }
      if (proc.env.BUN_JSC_numberOfWasmCompilerThreads === undefined) {
        options.BUN_JSC_numberOfWasmCompilerThreads = bunWasmCompilerThreads();
      }
    }
    const names = Object.keys(options);
    if (names.length === 0) return;
    // Arguments and environment as the kernel holds them: Bun hands over what is not UTF-8 with
    // U+FFFD in its place, and parses its command line again as it did this time (a standalone
    // binary's, `bun SCRIPT`'s, `bun run SCRIPT --`'s alike).
    const cmdline = ownProcFile("cmdline");
    const environ = ownProcFile("environ");
    if (!cmdline || !environ) return;
    const stack = options.BUN_JSC_maxPerThreadStackUsage;
    if (stack !== undefined) raiseStackLimit(Number(stack));
    const added = Object.entries(options).map(([name, value]) => `${name}=${value}`);
    execve(proc.execPath, splitNul(cmdline), [
      ...splitNul(environ),
      ...added,
      `${TUNED}=${names.join(",")}`,
    ]);
  } catch {
    // no execve here: run as we are
  }
}

/**
 * Bun: raises the soft RLIMIT_STACK, before the process starts again, to
 * hold `bytes` of guest stack: the guest runs on the main thread's stack,
 * which cannot grow past the limit the process started with (`ulimit -s`,
 * 8 MiB by default), whatever JSC's `maxPerThreadStackUsage` allows (-W
 * max-wasm-stack=1 GiB still trapped at a depth 8 MiB holds). A limit of
 * "unlimited" becomes that much too (JSC's stack check failed under it as
 * well); the hard limit stays the user's.
 */
function raiseStackLimit(bytes: number): void {
  const stack = rlimit(RLIMIT_STACK);
  if (!stack) return;
  const { limit } = stack;
  const want = BigInt(bytes + STACK_LIMIT_HEADROOM);
  if (limit[0] !== RLIM_INFINITY && limit[0] >= want) return;
  limit[0] = limit[1] === RLIM_INFINITY || limit[1] >= want ? want : limit[1];
  stack.set();
}

/**
 * Bun: the hard RLIMIT_STACK in bytes where it is below what `-W
 * max-wasm-stack=stackBytes` needs ({@linkcode raiseStackLimit} stops
 * there, so the guest gets less than asked for); `undefined` elsewhere.
 */
export function stackHardLimitBelow(stackBytes: number): number | undefined {
  const limit = isBun ? rlimit(RLIMIT_STACK)?.limit : undefined;
  if (!limit) return undefined;
  const want = BigInt(engineStackBytes(stackBytes) + STACK_LIMIT_HEADROOM);
  return limit[1] !== RLIM_INFINITY && limit[1] < want ? Number(limit[1]) : undefined;
}

/**
 * `resource`'s limit through libc: its `struct rlimit { rlim_cur; rlim_max; }`
 * and a call that sets it to what that holds then; `undefined` without FFI.
 */
function rlimit(resource: number): { limit: BigUint64Array; set: () => void } | undefined {
  const libc = openLibrary(LIBC, {
    getrlimit: ["i32", "buffer"],
    setrlimit: ["i32", "buffer"],
  });
  if (!libc) return undefined;
  const limit = new BigUint64Array(2);
  const raw = new Uint8Array(limit.buffer);
  if (libc.fn.getrlimit(resource, raw) !== 0) return undefined;
  return { limit, set: () => void libc.fn.setrlimit(resource, raw) };
}

/**
 * The process's soft limit on open fds (RLIMIT_NOFILE), once; `undefined`
 * without FFI, or unlimited.
 */
export function openFilesLimit(): number | undefined {
  if (fileLimit === null) {
    const soft = rlimit(RLIMIT_NOFILE)?.limit[0];
    fileLimit = soft !== undefined && soft < 2n ** 31n ? Number(soft) : undefined;
  }
  return fileLimit;
}
let fileLimit: number | undefined | null = null;

const RLIMIT_NOFILE = 7;
const RLIMIT_STACK = 3;
const RLIM_INFINITY = 2n ** 64n - 1n;
/** What the main thread's own frames take beside the guest's stack. */
const STACK_LIMIT_HEADROOM = 8 << 20;

/** JSC's own `maxPerThreadStackUsage` (`BUN_JSC_dumpOptions=2`): 5 MiB. */
const JSC_STACK_BYTES = 5 << 20;
/**
 * The most `-W max-wasm-stack` asks the engine for: 1 GiB (both ran to 2 GiB
 * here, trapping cleanly where the thread's real stack ends; at 4 GiB Bun's
 * own JS overflowed at start and Deno panicked). Scaled, N = 256 MiB reaches
 * it on V8, 56 MiB on JSC ({@linkcode LARGEST_STACK_BYTES}).
 */
const MAX_STACK_BYTES = 1 << 30;
/** The largest `-W max-wasm-stack` that gives the guest more: 256 MiB (V8), 56 MiB (JSC). */
export const LARGEST_STACK_BYTES = isBun
  ? (MAX_STACK_BYTES - JSC_STACK_EXTRA) / JSC_STACK_SCALE
  : MAX_STACK_BYTES / V8_STACK_SCALE;

/** The file a module path names: `-` is stdin, as for wasmtime's `run -`. */
export function moduleFile<P extends string | URL>(path: P): P | "/dev/stdin" {
  return path === "-" ? "/dev/stdin" : path;
}

/**
 * Whether `path` is a file of {@linkcode BIG_MODULE} bytes or more, by
 * Bun.file's size, not node:fs (whose first load costs Bun ~6 ms a run that
 * needs it not): a FIFO or device is Infinity, a missing file 0 (the CLI
 * reports it).
 */
function isBigModule(path: string): boolean {
  const bun = (globalThis as unknown as { Bun: { file(path: string): { size: number } } }).Bun;
  try {
    const size = bun.file(moduleFile(path)).size;
    return Number.isFinite(size) && size >= BIG_MODULE;
  } catch {
    return false; // e.g. a path too long: the read reports it
  }
}

/** Set in the environment of the Deno process {@linkcode tuneDenoStack} starts: its V8 flags. */
const RESTACKED = "WASIRUN_DENO_STACK";
/** V8's default stack limit for the guest (`--stack-size`), KiB: 984 on 64-bit hosts. */
const V8_DEFAULT_STACK_KIB = 984;
/** What the switched stack holds beyond V8's stack limit, KiB (as setNodeFlags does). */
const STACK_HEADROOM_KIB = 384;

/**
 * Deno only, for the `wasirun` command: `-W max-wasm-stack=BYTES`
 * (wasmtime's option; Go's `go_wasip1_wasm_exec` passes 8 MiB) gives the
 * guest what that is worth on V8 ({@linkcode v8StackKib}). V8 reads its
 * stack flags only at start and Deno lets no program set them, so the
 * command starts again at once with
 * `--v8-flags=--stack-size=K,--wasm-stack-switching-stack-size=K` after
 * `deno run`: execve(2) through FFI (the same pid, fds and arguments;
 * nothing was read or written yet), the arguments from /proc/self/cmdline.
 * (`--stack-size` is the main thread's limit too, where no guest code runs:
 * a start section runs on the guest's stack, lib/module.ts.) Nothing
 * happens for a stack within V8's default, a command line whose
 * `--v8-flags` set a stack size (the user's own; other V8 flags are kept and
 * ours added), or without FFI, /proc or `deno run` (the guest then runs on
 * Deno's default stack, as before).
 */
export function tuneDenoStack(stackBytes: number | undefined): void {
  if (!isDeno || stackBytes === undefined) return;
  const state = globalThis as { [DENO_STACK]?: boolean };
  // Within V8's default nothing is to be done; else false until it is known to hold.
  state[DENO_STACK] = v8StackKib(stackBytes).limit <= V8_DEFAULT_STACK_KIB;
  if (state[DENO_STACK]) return;
  try {
    // Asked first: a Deno without them would prompt on a terminal.
    const granted = (p: Deno.PermissionDescriptor) =>
      Deno.permissions.querySync(p).state === "granted";
    if (!granted({ name: "env" }) || !granted({ name: "ffi" })) return;
    if (!granted({ name: "read", path: "/proc/self" })) return;
    if (Deno.env.get(RESTACKED) !== undefined) {
      Deno.env.delete(RESTACKED); // not the guest's, with --inherit-env
      state[DENO_STACK] = true;
      return;
    }
    // deno [run] [Deno's flags] SCRIPT [Deno.args] (Deno 2 runs a script without `run` too), as
    // bytes: an argument that is not UTF-8 goes to the new process as it came, for the command to
    // refuse (decoded, it would be U+FFFD: UTF-8).
    const raw = splitNul(Deno.readFileSync("/proc/self/cmdline"));
    const argv = raw.map((bytes) => new TextDecoder().decode(bytes));
    const script = argv.length - Deno.args.length - 1;
    const first = argv[1] === "run" ? 2 : 1; // Deno's first flag
    if (script < first || (first === 1 && script > 1 && !argv[1].startsWith("-"))) return;
    const denoFlags: (string | Uint8Array)[] = raw.slice(first, script);
    const v8 = argv.slice(first, script).findIndex((a) => a.startsWith("--v8-flags="));
    if (v8 !== -1 && /stack[-_]size/.test(argv[first + v8])) {
      return void (state[DENO_STACK] = true); // the user's own
    }
    const stack = v8StackFlags(stackBytes);
    if (v8 === -1) denoFlags.unshift(`--v8-flags=${stack}`);
    else denoFlags[v8] = `${argv[first + v8]},${stack}`;
    // The environment as bytes too: Deno leaves a variable that is not UTF-8 out of its own.
    const env = [...splitNul(Deno.readFileSync("/proc/self/environ")), `${RESTACKED}=${stack}`];
    execve(Deno.execPath(), [raw[0], "run", ...denoFlags, ...raw.slice(script)], env);
  } catch {
    // no permission (env, /proc, FFI) or no execve here: run on the default stack
  }
}

/**
 * Deno: whether `-W max-wasm-stack` holds in this run, as {@linkcode
 * tuneDenoStack} found (restarted with V8's stack flags, or the user's own,
 * or within the default); `false` where it could not start again (without
 * FFI, or /proc/self/cmdline, which Deno lets only `-A` read: the user's own
 * flags, if any, are then unknown); `undefined` elsewhere. Kept on the
 * global object: the early bundle tunes, the main one asks.
 */
export function denoStackHolds(): boolean | undefined {
  return (globalThis as { [DENO_STACK]?: boolean })[DENO_STACK];
}
const DENO_STACK = Symbol.for("wasirun.denoStack");

/** The NUL-terminated items of a /proc file (cmdline, environ), as bytes. */
function splitNul(raw: Uint8Array): Uint8Array[] {
  const items: Uint8Array[] = [];
  for (let start = 0, i = 0; i < raw.length; i++) {
    if (raw[i] === 0) items.push(raw.subarray(start, i)), start = i + 1;
  }
  return items;
}

/**
 * Replaces this process with `path` (execve(2) through FFI: Deno, Bun);
 * returns only if it cannot. `args` and `env` (`NAME=VALUE` items) go as
 * they are, an item given as bytes byte for byte. The fds the process was
 * started with stay open in the new one, as for any execve, Bun's too
 * ({@linkcode openInheritedOnExec}).
 */
function execve(path: string, args: (string | Uint8Array)[], env: (string | Uint8Array)[]): void {
  const utf8 = new TextEncoder();
  const items = [path, ...args, ...env];
  const encoded = items.map((item) => {
    if (typeof item === "string") return utf8.encode(item + "\0");
    const bytes = new Uint8Array(item.length + 1); // and its NUL
    bytes.set(item);
    return bytes;
  });
  // All strings in one buffer, at least 4 KiB: V8 keeps a typed array that big off its heap, where
  // a GC cannot move it while the pointer arrays below point into it.
  const total = encoded.reduce((n, bytes) => n + bytes.length, 0);
  const strings = new Uint8Array(Math.max(total, 4096));
  const base = bufferAddress(strings);
  const libc = openLibrary(LIBC, {
    execve: ["buffer", "buffer", "buffer"],
    fcntl: ["i32", "i32", "i32"],
  }, { eager: true });
  if (base === undefined || !libc) return;
  const at: bigint[] = [];
  let offset = 0;
  for (const bytes of encoded) {
    strings.set(bytes, offset);
    at.push(base + BigInt(offset));
    offset += bytes.length;
  }
  const argv = new BigUint64Array([...at.slice(1, 1 + args.length), 0n]);
  const envp = new BigUint64Array([...at.slice(1 + args.length), 0n]);
  const fcntl = libc.fn.fcntl as (fd: number, cmd: number, arg: number) => number;
  const reopened = isBun ? openInheritedOnExec(fcntl) : [];
  const bytes = (array: BigUint64Array) => new Uint8Array(array.buffer);
  libc.fn.execve(strings, bytes(argv), bytes(envp)); // the path is the first string
  for (const fd of reopened) fcntl(fd, F_SETFD, FD_CLOEXEC); // it failed: as they were
}

/**
 * Bun marks every fd from 4 up close-on-exec as it starts (close_range(2)
 * with CLOSE_RANGE_CLOEXEC), those it inherited included, and its own
 * `process.execve` closes fd 3 as well: a restart through either lost them
 * (`bun cli.ts -W max-wasm-stack=N <(cat app.wasm)` could not read
 * /dev/fd/63, nor could `--dir /dev/fd/3` or `--trace-file /dev/fd/3` open
 * theirs). An fd this process was started with had no such mark (it came
 * through an execve), so every fd from 3 up is opened on exec again, but
 * Bun's own event loop's (anon_inode: epoll, eventfd), which the new
 * process makes afresh; answers the fds it changed.
 */
function openInheritedOnExec(fcntl: (fd: number, cmd: number, arg: number) => number): number[] {
  const fs = nodeFs();
  const changed: number[] = [];
  for (const name of fs.readdirSync("/proc/self/fd")) {
    const fd = Number(name);
    if (!(fd >= 3)) continue;
    try {
      if (fs.readlinkSync(`/proc/self/fd/${name}`).startsWith("anon_inode:")) continue;
    } catch {
      continue; // the listing's own fd, closed by now
    }
    const flags = fcntl(fd, F_GETFD, 0);
    if (flags < 0 || (flags & FD_CLOEXEC) === 0) continue;
    if (fcntl(fd, F_SETFD, flags & ~FD_CLOEXEC) === 0) changed.push(fd);
  }
  return changed;
}

const F_GETFD = 1;
const F_SETFD = 2;
const FD_CLOEXEC = 1;

/** Ends the host process with `code` (an embedder's: its exit handlers run). */
export function exitHost(code: number): never {
  dieOfEndingSignal(code);
  return isDeno ? Deno.exit(code) : hostProcess().exit(code);
}

/**
 * The signal that ended the command's run (lib/cli/main.ts), and the code
 * it ended the guest with: once the output is out, the process dies of that
 * signal, as a native program does, rather than exiting with 128 + its
 * number, so that a shell's `for` loop stops at a Ctrl-C (bash goes on after
 * a child that only exited 130). Where the signal's default action cannot be
 * set back (no FFI: Deno without --allow-ffi, Node without node:ffi), the
 * process exits with the code.
 */
let endingSignal: { signal: ExitSignal; code: number } | undefined;

export function endsBySignal(signal: ExitSignal, code: number): void {
  endingSignal ??= { signal, code };
}

/** Linux's numbers of the signals wasirun ends a run on (x86_64 and aarch64 agree). */
export const SIGNAL_NUMBERS: Record<ExitSignal, number> = {
  SIGINT: 2,
  SIGTERM: 15,
  SIGALRM: 14,
  SIGUSR1: 10,
};

/** glibc's `struct sigaction` is 152 bytes on x86-64 and aarch64: room to spare. */
export const SIGACTION_BYTES = 256;

/** The default action: SIG_DFL (0), no mask, no flags. */
export const DEFAULT_ACTION = new Uint8Array(SIGACTION_BYTES);

/**
 * Dies of the ending signal if the process is exiting with its code; returns
 * where it cannot. Tried once (exitCommand may end in exitHost).
 */
function dieOfEndingSignal(code: number): void {
  const ending = endingSignal;
  if (ending === undefined || ending.code !== code) return;
  endingSignal = undefined;
  try {
    const libc = openLibrary(LIBC, { raise: ["i32"], fcntl: EXIT_CALLS.fcntl }, {
      node: true,
      cold: true,
    });
    if (!libc) return;
    if (!isDeno && !isBun) {
      flushCompileCache();
      restoreStdioBlocking(libc.fn.fcntl);
    }
    if (!defaultActionFor(ending.signal)) return;
    libc.fn.raise(SIGNAL_NUMBERS[ending.signal]);
  } catch {
    // no FFI call here: the exit code says it
  }
}

/**
 * Ends the CLI's process with `code`, everything it wrote already written.
 * On Node, by _exit(2) through `node:ffi` where it can: `process.exit`
 * tears V8's platform down first and joins its worker threads, and a
 * concurrent compile job parked waiting for a garbage collection by the main
 * thread, which no longer comes, holds that join for ever (nodejs/node#54918,
 * open: 1 run in ~500 of a Go guest writing 100 MB into a slow pipe hung
 * there, and a CI run with it). Not when Node is asked to write a profile
 * or coverage at exit, which _exit would skip.
 */
export function exitCommand(code: number): never {
  dieOfEndingSignal(code);
  if (!isDeno && !isBun && !writesAtExit()) {
    try {
      const libc = openLibrary(LIBC, EXIT_CALLS, { node: true });
      if (libc) {
        // Node writes the code it compiled for the bundles (the compile cache) at its own exit,
        // which _exit skips: written here, or every start compiles them again.
        flushCompileCache();
        restoreStdioBlocking(libc.fn.fcntl);
        libc.fn._exit(code);
      }
    } catch {
      // node:ffi refused the call: Node's own exit, below
    }
  }
  return exitHost(code);
}

/** What the command's own exit calls on Node (through `node:ffi`). */
const EXIT_CALLS = { _exit: ["i32"], fcntl: ["i32", "i32", "i64"] } as const satisfies Record<
  string,
  FfiParam[]
>;

/**
 * Node: whether each of fds 0–2 was O_NONBLOCK when the command started
 * (`undefined`: unknown). Node switches a pipe to O_NONBLOCK when it builds
 * `process.stdout` or `process.stderr` (libuv; even a socket's `destroy()`
 * asks for `process.stderr`), and switches it back at its own exit, which
 * the command's _exit(2) skips: the open file description is the shell's,
 * and its next command writing to that pipe got EAGAIN.
 */
let stdioWasNonBlocking: (boolean | undefined)[] = [];

/** Node: notes fds 0–2's O_NONBLOCK as they are now, for the command's exit to put back. */
export function keepStdioBlocking(): void {
  if (isDeno || isBun) return;
  stdioWasNonBlocking = [0, 1, 2].map((fd) => {
    const flags = procStatusFlags(fd);
    return flags === undefined ? undefined : (flags & O_NONBLOCK) !== 0;
  });
}

/** Puts fds 0–2's O_NONBLOCK back as {@linkcode keepStdioBlocking} found it. */
function restoreStdioBlocking(fcntl: FfiFunction | undefined): void {
  if (!fcntl) return;
  stdioWasNonBlocking.forEach((was, fd) => {
    const flags = was === undefined ? undefined : procStatusFlags(fd);
    if (flags === undefined || ((flags & O_NONBLOCK) !== 0) === was) return;
    fcntl(fd, F_SETFL, BigInt(was ? flags | O_NONBLOCK : flags & ~O_NONBLOCK));
  });
}

const O_NONBLOCK = 0o4000;
const F_SETFL = 4;

/**
 * A file of /proc/self as text, read without FFI: Node's node:fs, or Deno's
 * own read where Deno grants it (asked first: reading could prompt on a
 * terminal); `undefined` where it cannot be read, and on Bun (whose node:fs
 * costs ~2.7 ms to load, and whose FFI calls are cheap to bind).
 */
export function procSelfText(name: string): string | undefined {
  const path = `/proc/self/${name}`;
  try {
    if (isDeno) {
      const granted = Deno.permissions.querySync({ name: "read", path }).state === "granted";
      return granted ? Deno.readTextFileSync(path) : undefined;
    }
    return isBun ? undefined : nodeFs().readFileSync(path, "latin1");
  } catch {
    return undefined;
  }
}

/**
 * `fd`'s file status flags from /proc/self/fdinfo (Node: no FFI for this;
 * Deno: ~0.5 ms less than binding fcntl), or `undefined`.
 */
export function procStatusFlags(fd: number): number | undefined {
  const info = procSelfText(`fdinfo/${fd}`);
  const flags = info === undefined ? null : /^flags:\s*([0-7]+)$/m.exec(info);
  return flags === null ? undefined : parseInt(flags[1], 8);
}

/** Node's compile cache written out now (only what changed since it was read). */
function flushCompileCache(): void {
  try {
    builtin("node:module").flushCompileCache?.();
  } catch {
    // no cache to write: the next start compiles again
  }
}

/** Whether this Node writes something of its own at exit (--cpu-prof, NODE_V8_COVERAGE, ...). */
function writesAtExit(): boolean {
  const process = hostProcess();
  return process.env.NODE_V8_COVERAGE !== undefined ||
    process.execArgv.some((a) => /^--(cpu-prof|heap-prof|prof)\b/.test(a)) ||
    /(^|\s)--(cpu-prof|heap-prof|prof)\b/.test(process.env.NODE_OPTIONS ?? "");
}

interface Builtins {
  "node:fs": typeof NodeFs;
  "node:os": typeof import("node:os");
  "node:timers": typeof import("node:timers");
  "node:tty": typeof import("node:tty");
  "node:net": typeof import("node:net");
  "node:dns": typeof import("node:dns");
  "node:path": typeof import("node:path");
  "node:module": typeof import("node:module");
}

const loaded: Partial<Builtins> = {};

/** A Node built-in module, loaded at its first use. */
export function builtin<K extends keyof Builtins>(name: K): Builtins[K] {
  return (loaded[name] ??= hostProcess().getBuiltinModule(name) as Builtins[K]) as Builtins[K];
}

/** `node:fs`, loaded at its first use (on Deno that costs ~35 ms of start-up). */
export function nodeFs(): typeof NodeFs {
  return builtin("node:fs");
}

interface Immediates {
  setImmediate(callback: () => void): unknown;
  clearImmediate(handle: unknown): void;
}

/**
 * Runs `callback` in the next event-loop turn, after pending I/O (the global
 * every runtime has; on Deno its first use loads its Node timers, so
 * a run that never yields never pays for them).
 */
export function setImmediate(callback: () => void): unknown {
  return (globalThis as unknown as Immediates).setImmediate(callback);
}

/** Cancels a {@linkcode setImmediate}. */
export function clearImmediate(handle: unknown): void {
  (globalThis as unknown as Immediates).clearImmediate(handle);
}

/**
 * One event-loop turn in which the host also takes in what its I/O brought
 * (a socket's bytes, a connection), for a guest that polls again and again
 * while something is always ready. Bun and Node (libuv) look for I/O in
 * every turn. Deno runs its event loop as a task on tokio's current-thread
 * scheduler, which reads the kernel's I/O events only when no task is ready
 * or every 61 ticks (its `event_interval`); a {@linkcode setImmediate} turn
 * makes the task ready again at once, so a guest polling an always-writable
 * socket, as mio does for every connection, saw a request's bytes ~35 polls
 * after they came (testdata/net/c `busypoll`: 0.55 ms a round trip, Bun
 * 0.22). A no-op C call on Deno's blocking pool (`nonblocking: true`) leaves
 * the task waiting, so tokio parks and reads its events, at the cost of a
 * thread round trip (50-150 µs here): ~3 polls, 0.26-0.38 ms.
 */
export function ioTurn(): Promise<void> {
  if (isDeno) {
    if (getpid === undefined) getpid = openWaitingFunction(LIBC, "getpid", []) ?? null;
    if (getpid) return getpid().then(() => {});
  }
  return turn();
}

/**
 * One event-loop turn ({@linkcode setImmediate}); longer while the host is
 * taking in something over several turns ({@linkcode finishFirst}).
 */
export function turn(): Promise<void> {
  const once = new Promise<void>((resolve) => setImmediate(resolve));
  return unfinished.size === 0 ? once : once.then(hostWork);
}

/** Settles once the host's work in progress ({@linkcode finishFirst}) is done. */
function hostWork(): Promise<void> {
  return Promise.all(unfinished).then(() => {});
}

/**
 * For a guest woken by an event: the rest of the event-loop turn that
 * brought it, so that it sees every event of that turn at once, as a
 * kernel's poll shows all that is ready. Node and Bun run the microtasks,
 * and so the woken guest, after each I/O callback: resumed at once, a guest
 * saw one of 40 connections the host accepted in one turn per poll (Bun),
 * and took ~15,800 HTTP requests/s from 200 keep-alive connections where it
 * takes ~18,500 one turn later. Deno resolves its I/O in batches before the
 * microtasks run, and its {@linkcode setImmediate} costs a round trip
 * ~10-18 µs more: `undefined` there, unless the host's work is in
 * progress ({@linkcode finishFirst}).
 */
export function restOfTurn(): Promise<void> | undefined {
  if (unfinished.size > 0) return hostWork();
  return isDeno ? undefined : turn();
}

/** The host's work in progress that a guest's {@linkcode turn} waits for. */
const unfinished = new Set<Promise<void>>();

/**
 * Makes every {@linkcode turn} and {@linkcode restOfTurn} until `work`
 * settles wait for it: work the host does over several event-loop turns
 * that a guest running in between would stretch over its own slices (Node's
 * accepting, lib/host/net.ts). `work` must settle within a bounded number of
 * turns, and never reject.
 */
export function finishFirst(work: Promise<void>): void {
  unfinished.add(work);
  work.then(() => unfinished.delete(work));
}

/** Deno: libc's getpid on the blocking pool; `null` without FFI. */
let getpid: (() => Promise<number>) | null | undefined;
