/**
 * The wasirun command line: `wasirun [options] <module.wasm> [args...]`,
 * run by cli.ts, which starts the guest module's compile before it loads this
 * (lib/cli/early.ts).
 *
 * @module
 */
import {
  argsAreUtf8,
  argsAsBytes,
  defaultActionFor,
  denoStackHolds,
  endsBySignal,
  envEntries,
  envNotUtf8,
  envReadable,
  exitCommand,
  type ExitSignal,
  getEnv,
  guestEnv,
  guestStackBytes,
  type IgnorableSignal,
  keepIgnored,
  keepStdioBlocking,
  LARGEST_STACK_BYTES,
  nodeFs,
  offSignal,
  onSignal,
  procFileByFfi,
  programArgs,
  stackHardLimitBelow,
  v8StackFlags,
  withRestoredDashDash,
} from "../host/process.ts";
import { type CliOptions, parseArgs } from "./args.ts";
import {
  GuestTrap,
  InternalError,
  isWasmException,
  UnknownImportError,
  WasiRunError,
} from "../errors.ts";
import type { TcpListener } from "../host/net.ts";
import { readModuleBytes } from "../host/read_file.ts";
import { describeErrno, describeFsError, hostErrno } from "../host/errors.ts";
import { Errno } from "../abi/errno.ts";
import { PREVIEW0 } from "../abi/signatures.ts";
import { Filetype } from "../abi/types.ts";
import * as hostFs from "../host/fs.ts";
import { SIGPIPE_EXIT } from "../fd/stdio.ts";
import {
  endPatience,
  NOTHING,
  pauseSync,
  processExitsExplicitly,
  writeDenoStdoutSync,
  writeSync as stdioWriteSync,
} from "../host/stdio.ts";
import { takeEarly } from "./early.ts";
import { isBun, isDeno } from "../host/runtime.ts";
import { resolverWarning } from "../host/sandbox.ts";
import { ignoredFromStart, ignoredNow, SignalSwitch } from "../host/signals.ts";
import { startWatchdog, type Watchdog, watchdogRefusal } from "../host/watchdog.ts";
import { jspiMissingReason } from "../jspi.ts";
import {
  addUnknownImports,
  compile,
  exportedFuncType,
  instantiate,
  limitMemory,
  referenceFamily,
  type RefFamily,
  type ValType,
} from "../module.ts";
import { ProcExit } from "../context.ts";
import { formatText, type TraceRecord, TraceStats } from "../trace.ts";
import { VERSION } from "../version.ts";
import { checkedImportObject, commandStart, invokeExport, prepareInvoke, WASI } from "../wasi.ts";

/** SIGUSR1's number on Linux (x86_64 and aarch64). */
const SIGUSR1 = 10;
const SIGALRM = 14;

/**
 * `text` with its control characters escaped (`\n`, `\x1b`, ...), so that
 * an error line stays one line whatever names a module or a command line
 * brings into it (an import named "fd_write\n\x1b[31m..." printed a second,
 * coloured line).
 */
function oneLine(text: string): string {
  // deno-lint-ignore no-control-regex
  return text.replace(/[\x00-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029]/g, (c) => {
    const named: Record<string, string> = { "\n": "\\n", "\r": "\\r" };
    const code = c.charCodeAt(0);
    return named[c] ??
      (code < 0x100 ? `\\x${code.toString(16).padStart(2, "0")}` : `\\u${code.toString(16)}`);
  });
}

/** Exit code for a usage error. */
export const EXIT_USAGE = 2;
/** Exit code for a module that cannot be loaded or a runtime that cannot run it. */
export const EXIT_FAILURE = 1;
/** Exit code after an internal error in wasirun itself (EX_SOFTWARE). */
export const EXIT_INTERNAL = 70;
/** Exit code after a trap (wasmtime's: 128 + SIGABRT). */
export const EXIT_TRAP = 134;

/** The text of `wasirun --help`. */
export const HELP = `wasirun ${VERSION}: run WASI preview1 programs on Node.js, Deno and Bun

Usage: wasirun [options] <module.wasm> [args...]

Options end at the module path; everything after it goes to the guest
unchanged. "--" also ends options. A first argument "run" (wasmtime's
subcommand) is dropped: "wasirun run app.wasm" runs app.wasm.

Options:
  --dir HOST[::GUEST]   preopen host directory HOST as GUEST (default: HOST);
                        repeatable; append ":ro" to make it read-only
                        (":rw", the default, for a name ending in ":ro")
  --env NAME=VALUE      set a guest environment variable; repeatable
  --env NAME            copy NAME from the host environment
  --inherit-env         give the guest the whole host environment
  --argv0 NAME          the guest's argv[0] (default: the module's file name)
  --listen HOST:PORT    preopen a TCP listener (after the --dir fds, in order);
                        port 0 picks a free port, printed to stderr;
                        repeatable (alias: --tcplisten)
  --invoke NAME         call export NAME instead of _start (after the start
                        section and _initialize, if any) with the guest args
                        as its arguments and print its results; without it,
                        an export named "" runs so, as under wasmtime
  --trace[=json]        print every WASI call to stderr: time since start, the
                        call with decoded arguments, errno, results, why it
                        answered AGAIN, what woke it, duration; =json writes
                        one JSON object per line instead
  --trace-file PATH     write the trace to PATH instead of stderr (--stats too,
                        unless the trace is JSON)
  --stats               print per-call totals at exit (calls, errors, time,
                        bytes, time waiting), like strace -c
  --sigpipe exit|ignore a write to a pipe whose reader is gone: ends the guest
                        with 141, as SIGPIPE a native program (exit, the
                        default), or fails with EPIPE, as for a native
                        program that ignores SIGPIPE (ignore; wasmtime goes
                        on too, with EIO)
  -W max-wasm-stack=N   the guest's stack in bytes (wasmtime's option; at
                        most 1 GiB): Deno starts again with V8's stack flags
                        for it, Bun with JSC's (above its 5 MiB); Node's is
                        wasmtime's 4 MiB (N = 4194304), or N where that is more
  -W max-memory-size=N  the most bytes the guest's memory may grow to
                        (wasmtime's option): memory.grow past it fails
  -W timeout=D          end the run after D (N seconds, or Ns, Nms, Nus,
                        Nns; wasmtime's option): one line, exit 142
  -W unknown-imports-trap[=y|n], -W unknown-imports-default[=y|n]
                        run a module that imports functions wasirun does
                        not provide: a call to one ends the run (exit 1),
                        or returns zeros (wasmtime's options)
  -W PROPOSAL[=y]       wasmtime's switches for WebAssembly proposals
                        (simd, tail-call, exceptions, gc, threads, ...):
                        taken, as the JS engine decides what a module may
                        use; turning one off is a usage error
  -S KEY[=y|n],...      wasmtime's WASI options: inherit-env (as
                        --inherit-env), tcplisten=HOST:PORT (as --listen),
                        preview0=n (refuse wasi_unstable modules); cli,
                        preview0, preview2, inherit-stdin/-stdout/-stderr,
                        inherit-network, allow-ip-name-lookup, tcp and udp
                        are taken as they always hold here
  -O, -C, -D KEY=VALUE  wasmtime's optimisation, code generation and debug
                        options: taken and ignored (the JS engine compiles
                        the module)
  -h, --help            print this help
  -V, --version         print the version

Exit codes: the guest's exit code (its low 8 bits; 1 where those are 0 and
it is not); 134 after a wasm trap; 141 after a write to a pipe whose reader
is gone (--sigpipe exit); 130 / 143 after SIGINT / SIGTERM; 142 after -W
timeout; 1 when the module cannot be loaded or run; 2 for a usage error; 70
for a bug in wasirun.`;

/** Where the CLI itself reports (not the guest's stdio). */
export interface CliIo {
  /** Writes one line (without newline) to the user's stderr. */
  error(line: string): void;
  /**
   * Writes text to stdout (help, version, `--invoke`'s results); throws the
   * host's error where stdout cannot take it (ENOSPC, EPIPE).
   */
  print(text: string): void;
  /** Looks up a host environment variable. */
  getEnv(name: string): string | undefined;
  /** The whole host environment. */
  allEnv(): [string, string][];
}

/**
 * Writes all of `text` to host fd `fd`, synchronously. Node opens a stdio
 * pipe non-blocking, so a slow reader makes `writeSync` throw EAGAIN (seen
 * with --trace into a pipe): then wait a millisecond and go on, rather than
 * lose the line or crash. A reader that is gone (EPIPE) gets nothing more,
 * and with `epipe: "throw"` the caller is told so.
 */
function writeAllSync(fd: number, text: string, epipe: "stop" | "throw" = "stop"): void {
  const bytes = new TextEncoder().encode(text);
  for (let off = 0; off < bytes.length;) {
    try {
      off += writeSome(fd, bytes.subarray(off));
    } catch (e) {
      const code = (e as { code?: string }).code;
      if (code === "EPIPE" || (isDeno && e instanceof Deno.errors.BrokenPipe)) {
        if (epipe === "throw") throw e;
        return;
      }
      const wouldBlock = code === "EAGAIN" || code === "EWOULDBLOCK" ||
        (isDeno && e instanceof Deno.errors.WouldBlock);
      if (!wouldBlock) throw e;
      pauseSync(1);
    }
  }
}

/** {@linkcode writeAllSync} to our own stdout or stderr, which may fail too (ENOSPC, EIO): then there is nowhere left to say it. */
function say(fd: number, text: string): void {
  try {
    writeAllSync(fd, text);
  } catch {
    // nothing to do: the exit code still tells
  }
}

/**
 * Some of `bytes` to `fd`. Stdout and stderr: on Deno through `Deno.stdout`
 * and `Deno.stderr` (`node:fs` would start Deno's Node layer, ~30 ms, for
 * `--version` or an error line), elsewhere through lib/host/stdio.ts (libc's
 * write(2) where FFI is there: loading `node:fs` costs Bun ~2 ms).
 */
function writeSome(fd: number, bytes: Uint8Array): number {
  if (fd === 1 || fd === 2) {
    if (isDeno) {
      return fd === 1
        ? writeDenoStdoutSync(bytes, Deno.stdout.isTerminal())
        : Deno.stderr.writeSync(bytes);
    }
    return stdioWriteSync(fd, bytes);
  }
  return nodeFs().writeSync(fd, bytes);
}

const defaultIo: CliIo = {
  error: (line) => say(2, line + "\n"),
  print: (text) => writeAllSync(1, text, "throw"),
  getEnv: guestEnv,
  allEnv: () => {
    try {
      return envEntries();
    } catch {
      throw new WasiRunError("--inherit-env cannot read the host environment (Deno: --allow-env)");
    }
  },
};

/** Runs the CLI and resolves to the process exit code. */
export async function main(args: string[], io: CliIo = defaultIo): Promise<number> {
  const parsed = parseArgs(args, io.getEnv);
  switch (parsed.kind) {
    case "help":
      printQuietly(io, HELP + "\n");
      return 0;
    case "version":
      printQuietly(io, `wasirun ${VERSION}\n`);
      return 0;
    case "usage-error":
      io.error(oneLine(`error: ${parsed.message}`));
      io.error("hint: usage is 'wasirun [options] <module.wasm> [args...]'; see 'wasirun --help'");
      return EXIT_USAGE;
  }
  const missing = jspiMissingReason();
  if (missing) {
    io.error(`error: ${missing}`);
    return EXIT_FAILURE;
  }
  const options = parsed.options;
  try {
    return await run(options, io);
  } catch (e) {
    if (e instanceof WasiRunError) {
      // wasmtime's switches for such imports, named where they could do.
      const standIn = e instanceof UnknownImportError && e.standsIn
        ? " (-W unknown-imports-default or -W unknown-imports-trap stands in for it)"
        : "";
      io.error(oneLine(`error: ${options.module}: ${e.message}${standIn}`));
      return EXIT_FAILURE;
    }
    // wasmtime ends with 1, not a trap's 134, when a wasm exception escapes (as Kotlin's and
    // Python's uncaught exceptions end a native run).
    if (e instanceof GuestTrap && isWasmException(e.cause)) {
      io.error(oneLine(`error: ${options.module}: ${e.reason}`));
      if (io.getEnv("WASIRUN_DEBUG")) io.error(wasmBacktrace(e));
      return EXIT_FAILURE;
    }
    if (e instanceof GuestTrap) {
      io.error(oneLine(`error: ${options.module}: wasm trap: ${e.reason}`));
      if (e.stackOverflow) io.error(stackHint(guestStackBytes(options.maxWasmStack)));
      if (io.getEnv("WASIRUN_DEBUG")) io.error(wasmBacktrace(e));
      return EXIT_TRAP;
    }
    if (e instanceof InternalError) {
      io.error(oneLine(`error: ${e.message}`));
      io.error(INTERNAL_HINT);
      if (io.getEnv("WASIRUN_DEBUG")) io.error(`${(e.cause as Error)?.stack ?? e.cause}`);
      return EXIT_INTERNAL;
    }
    throw e;
  }
}

/** `io.print(text)`, and nothing more where stdout cannot take it: the help and the version. */
function printQuietly(io: CliIo, text: string): void {
  try {
    io.print(text);
  } catch {
    // as before: nowhere left to say it
  }
}

/**
 * The guest's frames where the trap happened, innermost first, as wasmtime
 * prints them (`0:  0x162b - main`), from the engine's stack: V8 names each
 * frame and its code offset (from the module's name section); JavaScriptCore
 * says "unknown".
 */
function wasmBacktrace(trap: GuestTrap): string {
  const stack = String((trap.cause as Error | undefined)?.stack ?? "");
  const frames = [...stack.matchAll(
    /^\s*at (?:(.+?) \()?wasm:\/\/wasm\/[^\s:]*:wasm-function\[(\d+)\]:(0x[0-9a-f]+)\)?$/gm,
  )].map(([, name, index, offset], i) =>
    `    ${i}: ${offset.padStart(7)} - ${name ?? `<wasm function ${index}>`}`
  );
  return frames.length > 0
    ? `wasm backtrace:\n${frames.join("\n")}`
    : "wasm backtrace: not given by this engine";
}

const INTERNAL_HINT = "hint: this is a bug in wasirun, not in the module; please report it with " +
  "this message (WASIRUN_DEBUG=1 adds the stack)";

/**
 * What to do about a stack overflow, given the `-W max-wasm-stack` (wasmtime's bytes, which
 * lib/host/process.ts scales per engine) this run had, if any.
 */
function stackHint(given: number | undefined): string {
  const start = "hint: the guest recursed deeper than the JS engine's stack allows";
  // Bun's guest runs on the main thread's stack, which the hard `ulimit -s` caps.
  const hard = given === undefined ? undefined : stackHardLimitBelow(given);
  if (hard !== undefined) {
    return `${start}; the hard stack limit (ulimit -H -s: ${hard >> 10} KiB) holds less than ` +
      `-W max-wasm-stack=${given} asks for on Bun: raise it`;
  }
  if (given !== undefined && given >= LARGEST_STACK_BYTES) {
    return `${start}, even at wasirun's largest stack (-W max-wasm-stack=${LARGEST_STACK_BYTES})`;
  }
  // Deno's own is worth ~256 KiB of wasmtime's, Bun's about as much, Node's 4 MiB (wasirun's):
  // four times the one in use, and at least 1 MiB (a tiny `-W max-wasm-stack=1` made the V8
  // flags below negative).
  const fourTimes = given ? Math.max(1 << 20, given * 4) : isDeno || isBun ? 1 << 22 : 1 << 24;
  const next = Math.min(LARGEST_STACK_BYTES, fourTimes);
  if (given !== undefined && denoStackHolds() === false) {
    // Deno could not start again for it: the flags to start Deno with, and more if it was.
    return `${start}; Deno could not start again with V8's stack flags for -W ` +
      `max-wasm-stack=${given} (only -A lets it): start it so, 'deno run ` +
      `--v8-flags=${v8StackFlags(given)} ...'` +
      (next > given ? `, or, if it was, with more: '--v8-flags=${v8StackFlags(next)}'` : "");
  }
  const now = given ? ` (this run had ${given})` : "";
  return `${start}; raise it with wasmtime's '-W max-wasm-stack=${next}' (bytes)${now}` +
    (isDeno
      ? ", or where Deno may not start again (without -A), " +
        `'deno run --v8-flags=${v8StackFlags(next)} ...' (KiB)`
      : isBun
      ? "; Bun's depth also depends on its JIT's timing"
      : "");
}

async function run(options: CliOptions, io: CliIo): Promise<number> {
  const early = takeEarly(options.module);
  const read = await readModule(options.module, early?.bytes);
  // Before the compile, which a big module makes long (99 MB on Bun: 2.5 s to learn of a typo).
  for (const dir of options.dirs) checkDir(dir.host);
  // As --inherit-env: a variable Deno does not let us read is said, not silently left out.
  const denied = options.envUnset.find((name) => !envReadable(name));
  if (denied !== undefined) {
    throw new WasiRunError(`--env ${denied} cannot read the host variable (Deno: --allow-env)`);
  }
  // A lowered memory maximum is a module of its own: what started early is not it (none is).
  const bytes = options.maxMemorySize === undefined
    ? read
    : limitMemory(read, options.maxMemorySize);
  // The export that runs: --invoke's, else (as wasmtime) one named "" (the old command default,
  // a module of itk-wasm's has it and no _start), else _start.
  const module = await compile(bytes, early?.module, options.unknownImports, options.invoke ?? "");
  if (options.noPreview0) refusePreview0(module);
  const entry = options.invoke ?? (exportsCommandDefault(module) ? "" : undefined);
  const env = new Map<string, string>(options.inheritEnv ? io.allEnv() : []);
  for (const [k, v] of options.env) env.set(k, v);
  keepEnvBytes(env, options);
  const refusal = options.timeout && watchdogRefusal();
  if (refusal) throw new WasiRunError(refusal);
  const weakSandbox = options.dirs.length > 0 ? resolverWarning() : undefined;
  if (weakSandbox) io.error(weakSandbox);
  const listeners = await Promise.all(options.listen.map(listen));
  listeners.forEach((l, i) =>
    io.error(
      `wasirun: listening on ${formatAddress(l.host, l.port)} (fd ${3 + options.dirs.length + i})`,
    )
  );
  const report = openReport(options, io);
  const stats = options.stats ? new TraceStats() : undefined;
  const format = options.trace === "json"
    ? JSON.stringify
    : options.trace === "text"
    ? (r: TraceRecord) => report.prefix + formatText(r)
    : undefined;
  const trace = format || stats
    ? (record: TraceRecord) => {
      stats?.add(record);
      if (format) report.write(format(record));
    }
    : undefined;
  let watchdog: Watchdog | undefined;
  const signals = new SignalExits(options.timeout ? () => watchdog?.taken() : undefined);
  const wasi = new WASI({
    args: [options.argv0 ?? baseName(options.module), ...options.guestArgs],
    env: [...env],
    preopens: options.dirs,
    listeners,
    trace,
    onWait: (waiting) => signals.listen(waiting),
    sigpipe: options.sigpipe,
  });
  let signalled: number | undefined;
  signals.onSignal = (code, signal) => {
    if (signal !== "SIGALRM") endsBySignal(signal, code); // -W timeout's watchdog: its code only
    signalled ??= code;
    endPatience();
    wasi.interrupt(code);
  };
  // Deno and Node open their JS inspector on SIGUSR1 (on 127.0.0.1:9229, and the guest goes on);
  // a native program dies of it (138), as on Bun. With FFI the signal's default action comes back
  // after a listener made the runtime take it; without, the listener ends the guest at its next
  // wait, its output flushed (a guest that computes without waiting takes no notice: README).
  const debuggerSignal = () => {
    endsBySignal("SIGUSR1", 128 + SIGUSR1);
    endPatience();
    wasi.interrupt(128 + SIGUSR1);
  };
  if (!isBun) {
    onSignal("SIGUSR1", debuggerSignal);
    defaultActionFor("SIGUSR1");
  }
  try {
    if (options.timeout && options.timeout.ms > 0) {
      watchdog = await startWatchdog(
        options.timeout.ms,
        oneLine(`error: ${options.module}: the guest ran past -W timeout=${options.timeout.text}`),
      );
    }
    const imports = checkedImportObject(wasi, module);
    if (options.unknownImports) addUnknownImports(imports, module, bytes, options.unknownImports);
    const instance = await instantiate(module, imports);
    const call = entry !== undefined ? invocation(bytes, entry, options) : undefined;
    checkInitialize(bytes);
    if (options.timeout?.ms === 0) {
      // "0 is at once" (wasmtime's traps before the first instruction): nothing runs, once
      // what would run is known to be runnable (a missing export, a bad argument: their errors).
      if (call === undefined) commandStart(instance);
      io.error(
        oneLine(`error: ${options.module}: the guest ran past -W timeout=${options.timeout.text}`),
      );
      return 128 + SIGALRM;
    }
    const code = call !== undefined
      ? await invoke(wasi, instance, call, io)
      : await wasi.start(instance);
    if (signalled === undefined) await signals.settle();
    // The watchdog fired as the run ended: its line is written, so it ends as a timeout.
    return watchdog?.stop() ? 128 + SIGALRM : signalled ?? code;
  } finally {
    watchdog?.stop();
    if (!isBun) offSignal("SIGUSR1", debuggerSignal);
    // A JSON trace file holds JSON Lines only: the table then goes to stderr.
    if (stats && options.trace === "json") io.error(stats.format());
    else if (stats) report.write(stats.format());
    report.close();
  }
}

/**
 * Host variables whose bytes are not UTF-8 go to the guest as they came, as
 * natively and under wazero (wasmtime 49 refuses to run): in an inherited
 * environment, and named by `--env NAME`, also where the runtime left the
 * variable out itself (Deno: `unset`, the names it did not have). The
 * runtimes show such bytes as U+FFFD, or leave the variable out (Deno; Node
 * and Bun one whose name is not UTF-8); /proc/self/environ has them. Looked
 * up when the environment is inherited, some name or value holds U+FFFD, or
 * a named variable was not there. Matched by name as the command line gave
 * it (its bytes escaped, as the variable's).
 */
function keepEnvBytes(env: Map<string, string>, options: CliOptions): void {
  const { inheritEnv, envCopied, envUnset } = options;
  const suspect = [...env].some(([k, v]) => k.includes("\uFFFD") || v.includes("\uFFFD"));
  if (!suspect && envUnset.length === 0 && !inheritEnv) return;
  const named = new Set(options.env.map(([name]) => name));
  const given = new Set([...named].filter((n) => !envCopied.includes(n)));
  for (const { shownName, name, value } of envNotUtf8()) {
    if (given.has(name)) continue; // `--env NAME=VALUE` wins, as over any inherited one
    if (!inheritEnv && !envCopied.includes(name) && !envUnset.includes(name)) continue;
    // The runtime's U+FFFD copy of the name is not the variable's (it may be another's).
    if (shownName !== name && !named.has(shownName)) env.delete(shownName);
    env.set(name, value);
  }
}

/** Where the trace and the stats go: stderr, or the --trace-file. */
interface Report {
  /** Put before each text trace line (`[trace] ` on stderr, to tell it from the guest's). */
  prefix: string;
  write(text: string): void;
  close(): void;
}

/**
 * Opens the --trace-file once, before the guest runs. Each line is written
 * synchronously, so nothing is lost however the guest ends (proc_exit, a
 * trap, a signal, a broken stdout pipe).
 */
function openReport(options: CliOptions, io: CliIo): Report {
  const path = options.traceFile;
  if (path === undefined) {
    return {
      prefix: "[trace] ",
      write: (text) => io.error(text),
      close: () => {},
    };
  }
  let fd: number;
  try {
    fd = nodeFs().openSync(path, "w");
  } catch (e) {
    throw new WasiRunError(describeFsError(e, `cannot open trace file '${path}'`));
  }
  let failed = false;
  return {
    prefix: "",
    write: (text) => {
      if (failed) return;
      try {
        writeAllSync(fd, text + "\n", "throw"); // a FIFO's reader gone too
      } catch (e) {
        failed = true; // say it once; the guest runs on untraced
        io.error(`wasirun: ${describeFsError(e, `cannot write trace file '${path}'`)}`);
      }
    },
    close: () => nodeFs().closeSync(fd),
  };
}

/** Whether `module` exports a function named "", which wasmtime runs instead of `_start`. */
function exportsCommandDefault(module: WebAssembly.Module): boolean {
  return WebAssembly.Module.exports(module).some((e) => e.name === "" && e.kind === "function");
}

/** --invoke's export: its type and its arguments, read from the command line (or the error). */
interface Invocation {
  name: string;
  type: NonNullable<ReturnType<typeof exportedFuncType>>;
  args: (number | bigint)[];
  /** Each result's reference family, printed for it (`undefined`: a number). */
  families: (RefFamily | undefined)[];
}

function invocation(bytes: Uint8Array, name: string, options: CliOptions): Invocation {
  const type = exportedFuncType(bytes, name);
  if (!type) throw new WasiRunError(`module has no exported function '${name}'`);
  // As wasmtime: too few is an error; more are the guest's argv only (it always gets them all).
  if (options.guestArgs.length < type.params.length) {
    throw new WasiRunError(
      `'${name}' takes ${type.params.length} argument(s) (${type.params.join(", ") || "none"}), ` +
        `got ${options.guestArgs.length}`,
    );
  }
  return {
    name,
    type,
    args: type.params.map((t, i) => parseValue(t, options.guestArgs[i])),
    families: type.results.map((t) => referenceFamily(bytes, t)),
  };
}

/**
 * An `_initialize` export that takes or returns anything is refused before
 * anything runs, as wasmtime refuses it (exit 1), with or without `--invoke`
 * and `-W timeout=0` (start() checks its parameters too, for the library).
 */
function checkInitialize(bytes: Uint8Array): void {
  const type = exportedFuncType(bytes, "_initialize");
  if (type?.params.length) {
    throw new WasiRunError(
      `module's '_initialize' takes ${type.params.length} parameter(s); it takes none`,
    );
  }
  if (type?.results.length) {
    throw new WasiRunError(
      `module's '_initialize' returns ${type.results.length} result(s); it returns none`,
    );
  }
}

/**
 * `--invoke NAME [args...]` (and a module's "" export): calls an export and
 * prints its results, one per line. As wasmtime's: the start section and
 * `_initialize` run first, if the module has them, and `_start` never does
 * (a command's exports too).
 */
async function invoke(
  wasi: WASI,
  instance: WebAssembly.Instance,
  { name, type, args, families }: Invocation,
  io: CliIo,
): Promise<number> {
  try {
    await prepareInvoke(wasi, instance);
    // 141 for output lost after it returned under --sigpipe ignore, as start() gives for a 0 exit.
    const [status, result] = await invokeExport(wasi, instance, name, args);
    // A signal (or the timeout) while its output drained: the run ended before the results.
    if (status !== 0 && status !== SIGPIPE_EXIT) return status;
    const results = type.results.length > 1
      ? result as unknown[]
      : type.results.length
      ? [result]
      : [];
    const text = results.map((value, i) => formatValue(type.results[i], value, families[i]) + "\n")
      .join("");
    let printed = 0;
    if (status !== 0) printQuietly(io, text); // after lost output: its 141 stands
    else if (text) printed = printResults(io, name, text);
    await wasi.close();
    return status || printed;
  } catch (e) {
    if (e instanceof ProcExit) return e.code;
    throw e;
  }
}

/**
 * Prints `--invoke`'s results: 0, or SIGPIPE's status, quietly, where
 * stdout's reader is gone (lost output, as the guest's own); any other
 * failure (ENOSPC on /dev/full, EIO) is one line and exit 1, where wasmtime
 * panics (134): RATIONALE.md, "Exiting like a native program".
 */
function printResults(io: CliIo, name: string, text: string): number {
  try {
    io.print(text);
    return 0;
  } catch (e) {
    const errno = hostErrno(e); // what it cannot map is a bug: rethrown
    if (errno === Errno.PIPE) return SIGPIPE_EXIT;
    throw new WasiRunError(describeErrno(errno, `cannot write the result of '${name}'`));
  }
}

/** The range of each integer type, as wasmtime takes them: signed. */
const INT_RANGE = {
  i32: [-(2n ** 31n), 2n ** 31n - 1n],
  i64: [-(2n ** 63n), 2n ** 63n - 1n],
} as const;

/**
 * A command-line argument as a parameter of type `type`, as wasmtime reads
 * them: integers in decimal or `0x` hex (its sign after the `0x`: `0x-1`),
 * in the type's signed range; floats in decimal, `inf`, `infinity`
 * or `nan` in any case, with an optional sign.
 */
function parseValue(type: ValType, text: string): number | bigint {
  const bad = () => new WasiRunError(`invalid ${type} argument '${text}'`);
  if (type === "i32" || type === "i64") {
    // Rust's parse, as wasmtime calls it: `0x` or `0X` then hex digits with their own
    // optional sign, else decimal with one.
    const match = /^(?:([-+]?)(\d+)|0[xX]([-+]?)([0-9a-fA-F]+))$/.exec(text);
    if (!match) throw bad();
    const [, decSign, dec, hexSign, hex] = match;
    const magnitude = dec !== undefined ? BigInt(dec) : BigInt(`0x${hex}`);
    const value = (decSign ?? hexSign) === "-" ? -magnitude : magnitude;
    const [min, max] = INT_RANGE[type];
    if (value < min || value > max) {
      throw new WasiRunError(`${type} argument '${text}' is out of range (${min} to ${max})`);
    }
    return type === "i32" ? Number(value) : value;
  }
  if (type === "f32" || type === "f64") {
    const match = /^([-+]?)(?:(inf|infinity)|(nan)|(\d+\.?\d*(?:e[-+]?\d+)?|\.\d+(?:e[-+]?\d+)?))$/i
      .exec(text);
    if (!match) throw bad();
    const [, sign, inf, nan] = match;
    if (nan) return NaN;
    const value = inf ? Infinity : Number(text.slice(sign.length));
    return sign === "-" ? -value : value;
  }
  throw new WasiRunError(
    `cannot pass ${/^[aeiou]/.test(type) ? "an" : "a"} ${type} argument from the command line`,
  );
}

/**
 * A result as wasmtime prints it: integers in decimal; floats as the fewest
 * digits that read back as the same f32 or f64, without an exponent, and
 * `inf`, `-inf`, `NaN`, `-0`; a reference by its family (`<funcref>`,
 * `<anyref>` for a struct, an array or an i31, `<null externref>`).
 */
function formatValue(type: ValType, value: unknown, family: RefFamily | undefined): string {
  // Not the value itself: a struct has no string (an internal error, exit 70), a function's is JS.
  if (family) return value === null ? `<null ${family}ref>` : `<${family}ref>`;
  if ((type !== "f32" && type !== "f64") || typeof value !== "number") return `${value}`;
  if (Number.isNaN(value)) return "NaN";
  if (value === Infinity) return "inf";
  if (value === -Infinity) return "-inf";
  if (Object.is(value, -0)) return "-0";
  let shortest = String(value);
  if (type === "f32") {
    for (let digits = 1; digits <= 9; digits++) {
      const candidate = Number(value.toPrecision(digits));
      if (Math.fround(candidate) === value) {
        shortest = String(candidate);
        break;
      }
    }
  }
  return withoutExponent(shortest);
}

/** `1.5e+21` as `1500000000000000000000`, `2e-7` as `0.0000002`; other numbers as they are. */
function withoutExponent(text: string): string {
  const match = /^(-?)(\d)(?:\.(\d+))?e([-+]\d+)$/.exec(text);
  if (!match) return text;
  const [, sign, lead, rest = "", exp] = match;
  const digits = lead + rest;
  const point = 1 + Number(exp); // where the decimal point goes in `digits`
  if (point <= 0) return `${sign}0.${"0".repeat(-point)}${digits}`;
  if (point >= digits.length) return sign + digits + "0".repeat(point - digits.length);
  return `${sign}${digits.slice(0, point)}.${digits.slice(point)}`;
}

/**
 * SIGINT and SIGTERM end the guest with 130/143 after its queued output is
 * flushed (SIGALRM, -W timeout's, with 142). We listen only while the guest
 * waits for the host: a guest busy in wasm never yields to the event loop,
 * so it is left to the default action (immediate exit), and Ctrl-C always
 * works.
 */
class SignalExits {
  onSignal: (code: number, signal: ExitSignal) => void = () => {};
  readonly #handlers: [ExitSignal, () => void][] = [
    ["SIGINT", () => this.onSignal(130, "SIGINT")],
    ["SIGTERM", () => this.onSignal(143, "SIGTERM")],
  ];
  #int = this.#handlers[0][1];

  /**
   * `alarm`: SIGALRM too, from -W timeout's watchdog (lib/host/watchdog.ts),
   * told at once that the run has it (it sends it again until then).
   */
  constructor(alarm?: () => void) {
    ignoredFromStart(ignoredAtStart);
    if (alarm) {
      let once = false; // a second one, sent before the flag was seen, must not give up the flush
      this.#handlers.push(["SIGALRM", () => {
        alarm();
        if (!once) this.onSignal(142, "SIGALRM");
        once = true;
      }]);
    }
    // Deno makes its signal driver (an fd) at the first listener, and panics
    // if it cannot: a guest that used up every fd, then waited, crashed
    // Deno. Made now, while there are fds; the default action comes back
    // when the listener goes (~0.8 ms, Deno only). A signal ignored at
    // start keeps a listener that does nothing (keepIgnored).
    if (isDeno) {
      const ignored = ignoredAtStart();
      for (const name of ignored) keepIgnored(name);
      if (!ignored.has("SIGINT")) {
        onSignal("SIGINT", this.#int);
        offSignal("SIGINT", this.#int);
      }
    }
  }

  /** On while the guest waits, off while it runs (lib/host/signals.ts: without losing one). */
  listen(on: boolean): void {
    this.#switch ??= new SignalSwitch(
      this.#handlers.filter(([name]) => !ignoredAtStart().has(name as IgnorableSignal)),
    );
    return this.#switch.set(on);
  }

  #switch: SignalSwitch | undefined;

  /**
   * At the guest's end, a moment with the listeners on, if it ever waited: a
   * signal the runtime caught in its last wait, whose listener had not run
   * when the wait ended, is the run's end. Ctrl-C on `producer | app` sends
   * SIGINT and ends the producer, and on Deno and Node the pipe's EOF ended
   * the read first: the guest went on to exit 0 (helper-191), where a native
   * program dies of the signal in its read. The runtime delivers it within
   * ~1 ms of the wait's end (Node ~0.5, Deno ~1.1, measured), at a turn of
   * its loop that polls for events ({@linkcode loopTurn}). Bun delivered it
   * before a read's EOF, but not before a write's EPIPE (141: helper-192).
   */
  async settle(): Promise<void> {
    if (this.#switch === undefined) return;
    const until = performance.now() + SETTLE_MS;
    this.listen(true);
    const onSignal = this.onSignal;
    let came = false;
    this.onSignal = (code, signal) => {
      came = true;
      onSignal(code, signal);
    };
    // Turns too, not only time: on a loaded machine a turn, and the runtime's signal thread, come
    // late, and 2 ms may pass in a turn or two (a quiet Deno makes 14-40 in 2 ms, Bun and Node
    // hundreds).
    for (let turns = 0; !came && (turns < SETTLE_TURNS || performance.now() < until); turns++) {
      await loopTurn();
    }
    this.onSignal = onSignal;
    this.listen(false);
  }
}

/** How long {@linkcode SignalExits.settle} gives a signal caught in the guest's last wait. */
const SETTLE_MS = 2;
/** And how many loop turns at the least. */
const SETTLE_TURNS = 8;

/**
 * A turn of the event loop that polls for events (a caught signal among
 * them). Node's immediates do; Deno's do not deliver a signal for ~25
 * turns, and its first timer costs ~5 ms to create (Deno 2.9.6), so there
 * an empty write to stdout, a trip through its pool (~10 µs).
 */
function loopTurn(): Promise<unknown> {
  if (isDeno) return Deno.stdout.write(NOTHING).catch(() => 0);
  return new Promise((resolve) => setImmediate(resolve));
}

/**
 * The signals the process ignores, as it was started: a shell starts a
 * background job of a script with SIGINT ignored, so that Ctrl-C ends the
 * script but not the job, `nohup` starts its command with SIGHUP ignored,
 * and a native program keeps ignoring them. Bun keeps that disposition,
 * which our listener would replace; Deno keeps it until it puts its own
 * handler in place ({@linkcode keepIgnored}), so it is read at start; Node
 * resets it before any script runs (nothing to keep there). From
 * /proc/self/status, once.
 */
function ignoredAtStart(): Set<IgnorableSignal> {
  if (startIgnored) return startIgnored;
  startIgnored = new Set();
  if (!isBun && !isDeno) return startIgnored;
  const path = "/proc/self/status";
  try {
    // Asked first, so that Deno with scoped permissions does not prompt on a terminal; there,
    // and where Deno refuses /proc/self all the same (all but -A: helper-189), sigaction(2)
    // says, where FFI is allowed (README's least-privilege command).
    let ignored: ((signal: number) => boolean) | undefined;
    if (!isDeno || Deno.permissions.querySync({ name: "read", path }).state === "granted") {
      try {
        // Bun: through libc, not node:fs (its load took ~2 ms of a waiting guest's run).
        const status = isDeno
          ? Deno.readTextFileSync(path)
          : new TextDecoder().decode(procFileByFfi(path) ?? nodeFs().readFileSync(path));
        // "SigIgn:\t" and 16 hex digits, signal n at bit n - 1: the low 32 bits are the last 8.
        const at = status.indexOf("SigIgn:");
        if (at < 0) return startIgnored;
        const low = parseInt(status.slice(at + 7, at + 24).trim().slice(-8), 16);
        ignored = (signal) => (low & (1 << (signal - 1))) !== 0;
      } catch {
        // refused: sigaction below
      }
    }
    if (!ignored) {
      const now = ignoredNow(Object.values(IGNORABLE));
      if (!now) return startIgnored;
      ignored = (signal) => now.has(signal);
    }
    for (const [name, signal] of Object.entries(IGNORABLE) as [IgnorableSignal, number][]) {
      if (ignored(signal)) startIgnored.add(name);
    }
  } catch {
    // no /proc: listen as before
  }
  return startIgnored;
}

let startIgnored: Set<IgnorableSignal> | undefined;

/** The signals a process started with ignored keeps ignoring here, by number. */
const IGNORABLE: Record<IgnorableSignal, number> = { SIGHUP: 1, SIGINT: 2, SIGTERM: 15 };

async function listen(address: { host: string; port: number }): Promise<TcpListener> {
  // Imported only here: node:net costs Bun ~5 ms of start-up that most runs never use.
  const { TcpListener } = await import("../host/net.ts");
  try {
    return await TcpListener.listen(address.host, address.port);
  } catch (e) {
    const code = (e as { code?: string }).code;
    // Bun says only "Failed to listen at HOST" where the name does not resolve (no code).
    const unresolved = code === "ENOTFOUND" || code === "EAI_AGAIN" || code === "EAI_NONAME" ||
      (code === undefined && /^Failed to listen at /.test((e as Error).message) &&
        !isIpLiteral(address.host));
    const reason = code === "EADDRINUSE"
      ? "address already in use"
      : code === "EACCES" || code === "EPERM" || code === "ERR_ACCESS_DENIED" ||
          (e as Error).name === "NotCapable"
      ? "permission denied"
      : unresolved
      ? "no such host"
      : code === "EADDRNOTAVAIL" || code === "EINVAL" // Deno's, for an address not on this host
      ? "address not available"
      : (e as Error).message;
    throw new WasiRunError(
      `cannot listen on ${formatAddress(address.host, address.port)}: ${reason}`,
    );
  }
}

/** Whether `host` is an IPv4 address in dotted decimal or an IPv6 address, not a name. */
function isIpLiteral(host: string): boolean {
  if (host.includes(":")) return true;
  const parts = host.split(".");
  return parts.length === 4 && parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) <= 255);
}

function formatAddress(host: string, port: number): string {
  return host.includes(":") ? `[${host}]:${port}` : `${host}:${port}`;
}

/** The module's bytes: what the early read got (lib/cli/early.ts), else read now. */
async function readModule(
  path: string,
  early?: Promise<Uint8Array<ArrayBuffer>>,
): Promise<Uint8Array<ArrayBuffer>> {
  try {
    return await (early ?? readModuleBytes(path));
  } catch (e) {
    throw new WasiRunError(describeFsError(e, "cannot read module"));
  }
}

/** `-S preview0=n`: a module importing `wasi_unstable` refused, as wasmtime refuses it then. */
function refusePreview0(module: WebAssembly.Module): void {
  const imp = WebAssembly.Module.imports(module).find((i) => i.module === PREVIEW0);
  if (imp) {
    throw new WasiRunError(
      `module imports '${imp.module}.${imp.name}', which wasirun does not provide with -S preview0=n`,
    );
  }
}

function checkDir(host: string): void {
  let isDirectory: boolean;
  try {
    // Deno's and Node's own stat, where their permissions have their say; Bun has none, and
    // its node:fs costs ~2.7 ms to load: libc's statx.
    isDirectory = isDeno
      ? Deno.statSync(host).isDirectory
      : isBun
      ? hostFs.pathType(host) === Filetype.DIRECTORY
      : nodeFs().statSync(host).isDirectory();
  } catch (e) {
    throw new WasiRunError(describeFsError(e, `cannot preopen '${host}'`));
  }
  if (!isDirectory) throw new WasiRunError(`cannot preopen '${host}': not a directory`);
}

/** The warning for U+FFFD in the arguments where /proc/self/cmdline cannot say what it stands for. */
const CMDLINE_UNREAD = "wasirun: warning: an argument holds U+FFFD, and /proc/self/cmdline " +
  "cannot be read (Deno: -A; Node: --allow-fs-read=/proc/self/cmdline) to tell bytes that are " +
  "not UTF-8 from that character: they are taken as U+FFFD\n";

/**
 * The `wasirun` command: runs {@linkcode main} on the process's arguments and
 * exits with its code. An error that escapes is a bug in wasirun: one line
 * for the user, the stack only with `WASIRUN_DEBUG=1`.
 */
export async function runCommand(): Promise<never> {
  processExitsExplicitly(); // below: a read left waiting cannot hold the process
  keepStdioBlocking(); // Node: what its own exit would put back, and _exit does not
  let code: number;
  let args = programArgs();
  if (isBun && args[0]?.startsWith("-")) args = withRestoredDashDash(args);
  // U+FFFD stands for bytes that were not UTF-8, or is itself an argument's (rarely). The guest
  // gets such bytes as they came, as natively (parseArgs refuses them in wasirun's own options).
  if (args.some((a) => a.includes("\uFFFD"))) {
    const bytes = argsAsBytes(args);
    const utf8 = bytes ? true : argsAreUtf8();
    if (bytes) args = bytes;
    else if (utf8 === false) {
      say(2, "error: the command line has an argument that is not valid UTF-8\n");
      exitCommand(EXIT_USAGE);
    } else if (utf8 === undefined) {
      // Deno refuses /proc/self/cmdline but to -A: bytes that are not UTF-8 would pass as U+FFFD
      // unsaid (a --dir naming another directory, a guest argument changed: helper-188).
      say(2, CMDLINE_UNREAD);
    }
  }
  try {
    code = await main(args);
  } catch (e) {
    // A bug in wasirun: one line for the user, the stack only on request.
    say(
      2,
      oneLine(`error: internal error in wasirun: ${e instanceof Error ? e.message : e}`) + "\n",
    );
    say(2, INTERNAL_HINT + "\n");
    if (getEnv("WASIRUN_DEBUG")) say(2, `${e instanceof Error ? e.stack : e}\n`);
    code = EXIT_INTERNAL;
  }
  exitCommand(processExitCode(code));
}

/**
 * The process's exit status for a guest's exit code: its low 8 bits, as a
 * native exit() gives the shell (-1 is 255), except that a nonzero code
 * whose low 8 bits are 0 (256, 512, ...) is 1: a failure never turns into
 * success (wasmtime exits 1 for any code from 126 up).
 */
export function processExitCode(code: number): number {
  const low = code & 0xff;
  return low === 0 && code !== 0 ? 1 : low;
}

/**
 * The module's file name, the guest's default argv[0]: what wasmtime and
 * wazero pass, so a program's messages read the same, and no host path
 * reaches the guest unasked.
 */
function baseName(path: string): string {
  // Not a split by a RegExp: on Bun that path costs ~0.15 ms of every start (RATIONALE.md).
  return path.slice(Math.max(path.lastIndexOf("/"), path.lastIndexOf("\\")) + 1) || path;
}
