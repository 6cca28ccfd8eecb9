/**
 * One WASI instance: builds the context and the import object, runs the
 * guest under JSPI and turns its end into an exit code.
 */
import { Errno } from "./abi/errno.ts";
import { GuestError } from "./abi/memory.ts";
import {
  isI64,
  PREVIEW0,
  preview0Signatures,
  PREVIEW1,
  type Signature,
  SIGNATURES,
} from "./abi/signatures.ts";
import { Context, isUnwinding, ProcExit, unwoundError } from "./context.ts";
import { asTrap, engineRefusal, ImportTypeError, InternalError, WasiRunError } from "./errors.ts";
import {
  formatType,
  isGoModule,
  mayStartGoSignalLoop,
  signatureType,
  START_EXPORT,
} from "./module.ts";
import { PreopenDir } from "./fd/dir.ts";
import { ListenerFd } from "./fd/socket.ts";
import { race, subscribe } from "./fd/readiness.ts";
import { FdTable } from "./fd/table.ts";
import { OutputFd, type PendingStdio, SIGPIPE_EXIT } from "./fd/stdio.ts";
import { Fd } from "./fd/fd.ts";
import type { TcpListener } from "./host/net.ts";
import { describeErrno } from "./host/errors.ts";
import { mayRead, mayWrite } from "./host/process.ts";
import { isBun, isDeno } from "./host/runtime.ts";
import { denialInside } from "./host/sandbox.ts";
import { jspiMissingReason, promising, suspending } from "./jspi.ts";
import { type MayWait, suspendingWhenWaiting, type WasmParam } from "./trampoline.ts";
import { exitProcess, inputFd, normalizeOptions, outputFd } from "./options.ts";
import * as syscalls from "./syscalls/mod.ts";
import { PREVIEW0_CALLS } from "./syscalls/preview0.ts";
import { describeCall, Tracer, type TraceRecord } from "./trace.ts";

/** A host directory the guest sees under `guest`. */
export interface Preopen {
  /** Host path of the directory. */
  host: string;
  /** Path the guest sees (`fd_prestat_dir_name`). */
  guest: string;
  /** Refuse every write through this preopen. */
  readonly?: boolean;
}

/**
 * How a {@linkcode WASI} instance is set up; every field is optional. The
 * options of node:wasi are accepted with node:wasi's meanings too (`version`,
 * preopens as `{ guest: host }`, stdio as host fd numbers, `returnOnExit`).
 */
export interface WasiOptions {
  /**
   * The WASI version whose functions {@linkcode WASI.wasiImport} and
   * `getImportObject()` give: "preview1", or "unstable" (preview0, the
   * `wasi_unstable` module), as node:wasi (which requires it). Without it,
   * `getImportObject()` gives both.
   */
  version?: "preview1" | "unstable";
  /**
   * argv, including argv[0]; a number, bigint or boolean is written as a
   * string, as node:wasi does.
   */
  args?: readonly (string | number | bigint | boolean)[];
  /**
   * The guest's environment (empty unless given): `process.env` as it is, or
   * entries. As node:wasi, a name whose value is undefined is left out, and a
   * number, bigint or boolean value is written as a string (args' too).
   */
  env?:
    | Readonly<Record<string, string | number | bigint | boolean | undefined>>
    | readonly (readonly [string, string])[];
  /**
   * Preopened directories, fds 3, 4, ... in this order: entries, or
   * node:wasi's object whose keys are guest paths and values host paths
   * (typed as node:wasi's `NodeJS.Dict<string>`; a value that is undefined
   * is refused, as node:wasi refuses it, rather than left out).
   */
  preopens?: readonly Preopen[] | Readonly<Record<string, string | undefined>>;
  /**
   * When the guest calls `proc_exit`, `start()` resolves to its code (true,
   * the default); false ends the host process with that code, as in node:wasi.
   */
  returnOnExit?: boolean;
  /** Listening TCP sockets, preopened after the directories, in this order. */
  listeners?: TcpListener[];
  /**
   * Receives one record per WASI call once it has ended (`--trace`): its
   * time, duration, decoded arguments, errno, results, why it answered AGAIN
   * and what woke it from a wait. Without it, calls are not traced at all.
   * What it throws ends the run with that error (the guest cannot catch it);
   * a promise it returns that rejects, at the next call traced after that, or at the end of
   * the run (or of the `call()`) if it had rejected by then (a rejection still to come, after
   * the run, is not waited for).
   */
  trace?: (record: TraceRecord) => void;
  /**
   * Told when the guest starts (`true`) and stops (`false`) waiting for the
   * host. The CLI listens for SIGINT/SIGTERM only while the guest waits, so
   * a busy guest still dies at once by the default signal action.
   */
  onWait?: (waiting: boolean) => void;
  /** The guest's stdin (default `"inherit"`). */
  stdin?: StdinOption;
  /** The guest's stdout (default `"inherit"`). */
  stdout?: StdoutOption;
  /** The guest's stderr (default `"inherit"`). */
  stderr?: StdoutOption;
  /**
   * A write into a pipe (or FIFO, or output stream) whose reader is gone:
   * `"exit"` (the default) ends the guest with status 141, as SIGPIPE ends a
   * native program; `"ignore"` answers EPIPE, as to a native program that
   * ignores SIGPIPE (Rust's and Python's runtimes do; wasmtime lets the guest
   * go on too, with EIO).
   */
  sigpipe?: "exit" | "ignore";
  /**
   * Aborting stops the guest at its next wait (a guest busy in wasm cannot
   * be stopped before it waits); `start()` then rejects with the reason.
   */
  signal?: AbortSignal;
}

/**
 * Where stdin comes from: the host's own (`"inherit"`), nothing (`"null"`),
 * a host file (any other string is its path), a Web stream, or a host fd
 * number (node:wasi's meaning; it must be open, and at most 2^31-1).
 */
export type StdinOption =
  | "inherit"
  | "null"
  | string
  | ReadableStream<Uint8Array | string>
  | number;
/**
 * Where output goes: the host's own fd (`"inherit"`), nowhere (`"null"`), a
 * host file created or truncated (any other string is its path), a Web
 * stream, or a host fd number (node:wasi's meaning; it must be open, and at
 * most 2^31-1).
 */
export type StdoutOption = "inherit" | "null" | string | WritableStream<Uint8Array> | number;

// deno-lint-ignore no-explicit-any
type Syscall = (ctx: Context, ...args: any[]) => Errno | Promise<Errno> | never;
const IMPLEMENTED = syscalls as unknown as Record<string, Syscall | undefined>;
const IMPLEMENTED_PREVIEW0 = PREVIEW0_CALLS as unknown as Record<string, Syscall | undefined>;

/** The function behind `sig`: preview0's own where it differs, else the preview1 one. */
function implementation(sig: Signature): Syscall | undefined {
  return (sig.module === PREVIEW0 ? IMPLEMENTED_PREVIEW0[sig.name] : undefined) ??
    IMPLEMENTED[sig.name];
}

/** The names of the syscalls that do more than answer NOSYS (asked, not made at every start). */
export function implementedSyscalls(): string[] {
  return SIGNATURES.map((s) => s.name).filter((n) => IMPLEMENTED[n] !== undefined);
}

/** The most parameters a preview1 import takes (path_open); #bind's wrapper names that many. */
const MAX_ARITY = 9;

/** A host function of {@linkcode MAX_ARITY} parameters, however many its import passes. */
type Host9 = (
  a?: unknown,
  b?: unknown,
  c?: unknown,
  d?: unknown,
  e?: unknown,
  f?: unknown,
  g?: unknown,
  h?: unknown,
  i?: unknown,
) => Errno | Promise<Errno>;

/**
 * `run` behind a function of exactly `arity` parameters, which passes it all
 * {@linkcode MAX_ARITY}: JSC pads every call that passes fewer arguments
 * than the callee names (an arity fixup), and the guest's calls come with
 * exactly the import's. Bun: 1M clock_time_get 184 -> 174 ms
 * (`bench/compare.ts --runs=25`). Bun only: V8 pads for free, and the
 * extra frame cost Deno ~1-2 % on the metadata rows, while it warms up.
 */
function exactArity(arity: number, run: Host9): MayWait {
  const u = undefined;
  switch (arity) {
    case 0:
      return () => run(u, u, u, u, u, u, u, u, u);
    case 1:
      return (a) => run(a, u, u, u, u, u, u, u, u);
    case 2:
      return (a, b) => run(a, b, u, u, u, u, u, u, u);
    case 3:
      return (a, b, c) => run(a, b, c, u, u, u, u, u, u);
    case 4:
      return (a, b, c, d) => run(a, b, c, d, u, u, u, u, u);
    case 5:
      return (a, b, c, d, e) => run(a, b, c, d, e, u, u, u, u);
    case 6:
      return (a, b, c, d, e, f) => run(a, b, c, d, e, f, u, u, u);
    case 7:
      return (a, b, c, d, e, f, g) => run(a, b, c, d, e, f, g, u, u);
    case 8:
      return (a, b, c, d, e, f, g, h) => run(a, b, c, d, e, f, g, h, u);
    default:
      return run;
  }
}

function notImplemented(): Errno {
  return Errno.NOSYS;
}

/**
 * What an exception raised while serving `sig` becomes: undecodable guest
 * input its errno (EFAULT, EINVAL); the proc_exit unwind, a JS stack
 * overflow (reported as a trap) and wasirun's own typed errors pass through;
 * anything else is a bug, reported with the call that raised it
 * (RATIONALE.md, "Internal errors").
 */
// deno-lint-ignore no-explicit-any
function answer(error: unknown, sig: Signature, args: any[], ctx: Context): Errno {
  if (error instanceof GuestError) return error.errno;
  if (error instanceof ProcExit) ctx.exit(error);
  if (error instanceof RangeError && /call stack/i.test(error.message)) throw error;
  // Each ends the call, uncatchable by the guest (Context.unwind).
  throw ctx.unwind(failure(error, sig, args, ctx));
}

/**
 * An embedder's callback (`trace`, `onWait`), called inside a WASI call: what
 * it throws ends the run with it, uncatchable by the guest (a guest that
 * catches every exception swallowed it and went on, and the run succeeded).
 */
function embedders<A extends unknown[]>(
  name: string,
  callback: (...args: A) => void,
  ctx: Context,
  rejection: { error?: Error },
): (...args: A) => void {
  const failure = (e: unknown) =>
    e instanceof Error ? e : new WasiRunError(`options.${name} threw ${String(e)}`);
  // An async callback's rejection (no one else awaits it: unhandled, it ended Deno's process):
  // the run ends with it at the next call that reaches the callback, or at its end (#call).
  return (...args) => {
    if (rejection.error) throw ctx.unwind(takeRejection(rejection));
    try {
      const result: unknown = callback(...args);
      if (typeof (result as PromiseLike<unknown> | undefined)?.then === "function") {
        (result as PromiseLike<unknown>).then(undefined, (e) => rejection.error ??= failure(e));
      }
    } catch (e) {
      // A trap already on its way out (the callback called into the guest, which ended so).
      if (isUnwinding(e)) throw e;
      throw ctx.unwind(failure(e));
    }
  };
}

/** The rejection held, once: it ends one call, as a callback's throw does, not every later one. */
function takeRejection(rejection: { error?: Error }): Error {
  const error = rejection.error!;
  rejection.error = undefined;
  return error;
}

/** The error an exception out of a WASI call stands for: wasirun's own, or an InternalError. */
// deno-lint-ignore no-explicit-any
function failure(error: unknown, sig: Signature, args: any[], ctx: Context): Error {
  if (error instanceof WasiRunError) return error;
  const mismatch = typeMismatch(sig, args);
  if (mismatch) return mismatch;
  if (!ctx.hasMemory) {
    return new WasiRunError(
      `'${sig.name}' was called before the module's memory was known: while it was being ` +
        "instantiated (a start section; run it with wasirun's run() or CLI), or it does not " +
        "export its memory as 'memory'" +
        (ctx.started
          ? ""
          : ", or it was instantiated with the imports of a WASI object it was not started with"),
    );
  }
  return new InternalError(describeCall(sig, args, ctx), error);
}

/**
 * A module instantiated without wasirun's link-time check (lib/module.ts)
 * may call an import with other types than the spec's: say so, with the
 * types the call arrived with (i64 arrives as a BigInt, i32 as a number).
 */
// deno-lint-ignore no-explicit-any
function typeMismatch(sig: Signature, args: any[]): ImportTypeError | undefined {
  const expected = signatureType(sig);
  const found = args.map((a) =>
    typeof a === "bigint" ? "i64" : Number.isInteger(a) ? "i32" : "f64"
  );
  if (found.join() === expected.params.join()) return undefined;
  return new ImportTypeError(
    `import '${sig.module}.${sig.name}' was called with (${found.join(", ")}), ` +
      `expected ${formatType(expected)}`,
  );
}

let checkedImports: (wasi: WASI, module: WebAssembly.Module) => WebAssembly.Imports;
let prepare: (wasi: WASI, instance: WebAssembly.Instance) => Promise<void>;
let callWithStatus: (
  wasi: WASI,
  instance: WebAssembly.Instance,
  name: string,
  args: unknown[],
) => Promise<[number, unknown]>;

/** A command's `_start`, or the WasiRunError that says why it cannot run. */
export function commandStart(instance: WebAssembly.Instance): () => unknown {
  const { _start } = instance.exports;
  if (typeof _start !== "function") {
    throw new WasiRunError("module has no '_start' function to run (is it a reactor?)");
  }
  // A wasm export's `length` is its parameter count: a command's `_start` has none (the
  // call would pass zeros; wasmtime refuses it too).
  if (_start.length !== 0) {
    throw new WasiRunError(
      `module's '_start' takes ${_start.length} parameter(s); a command's takes none`,
    );
  }
  return _start as () => unknown;
}

/**
 * For the CLI's `--invoke`: readies `instance`, a command or a reactor, for
 * `call()` as wasmtime does: its start section, then `_initialize` if it
 * has one, never `_start` (`initialize()` refuses commands, as node:wasi's
 * does). A `proc_exit` in either rejects with a ProcExit.
 */
export function prepareInvoke(wasi: WASI, instance: WebAssembly.Instance): Promise<void> {
  return prepare(wasi, instance);
}

/**
 * For the CLI's `--invoke`: `call()`, resolving to the status the run ends
 * with as well as the result: 0, 141 for output lost after the export
 * returned under `sigpipe: "ignore"` (where `call()` resolves, as `start()`
 * turns a 0 exit into 141), or an interrupt's code that came while its
 * output drained. A `proc_exit` (and a loss under `"exit"`) rejects with a
 * ProcExit, as `call()` does.
 */
export function invokeExport(
  wasi: WASI,
  instance: WebAssembly.Instance,
  name: string,
  args: unknown[],
): Promise<[number, unknown]> {
  return callWithStatus(wasi, instance, name, args);
}

/**
 * `wasi`'s import object for a module whose preview1 import types were
 * checked before it was instantiated (lib/module.ts `compile()`, used by the
 * CLI and `run()`). Its suspending imports are wasm functions of exactly
 * those types, so a module that imports one with another type fails to link
 * with the engine's LinkError instead of wasirun's ImportTypeError: hence
 * not for modules users compile themselves (`getImportObject()`). Only the
 * functions `module` imports are made.
 */
export function checkedImportObject(wasi: WASI, module: WebAssembly.Module): WebAssembly.Imports {
  return checkedImports(wasi, module);
}

/**
 * One WASI preview1 instance: give `getImportObject()` to
 * `WebAssembly.instantiate`, then `start()` a command or `initialize()` a
 * reactor and `call()` its exports.
 *
 * A module's start section runs inside `WebAssembly.instantiate`, before
 * its memory is known and outside JSPI: there, `proc_exit` rejects the
 * instantiation with a {@linkcode ProcExit}, other WASI calls with a
 * `WasiRunError` (or the engine's `SuspendError` for a call that may wait).
 * {@linkcode run} and the CLI move the start section after instantiation,
 * where it behaves as `_start` does (RATIONALE.md, "Start sections").
 *
 * @example Run a command with its output in a stream
 * ```ts
 * import { readFile } from "node:fs/promises";
 * import { WASI } from "../mod.ts";
 * const chunks: Uint8Array[] = [];
 * const wasi = new WASI({
 *   args: ["main", "hello"],
 *   stdout: new WritableStream({ write: (c) => void chunks.push(c.slice()) }),
 * });
 * const bytes = new Uint8Array(await readFile("testdata/c/main.wasm"));
 * const module = await WebAssembly.compile(bytes);
 * const code = await wasi.start(await WebAssembly.instantiate(module, wasi.getImportObject()));
 * if (code !== 0 || chunks.length === 0) throw new Error("unexpected result");
 * ```
 */
export class WASI {
  /** The instance's state: arguments, environment, fd table, memory. */
  readonly #context: Context;
  readonly #tracer: Tracer | undefined;
  /** The first rejection of a promise an embedder's `trace` or `onWait` returned. */
  readonly #rejection: { error?: Error } = {};
  readonly #onWait: ((waiting: boolean) => void) | undefined;
  readonly #signal: AbortSignal | undefined;
  /** The stdio FIFOs still waiting for their other end (options.stdin/stdout/stderr paths). */
  #stdioOpening: { opened(): Promise<void>; giveUp(): void }[] | undefined;
  readonly #returnOnExit: boolean;
  readonly #version: "preview1" | "unstable" | undefined;
  /** The import functions, by module name (made at their first use). */
  readonly #imports = new Map<string, WebAssembly.ModuleImports>();
  readonly #startSectionsRun = new WeakSet<WebAssembly.Instance>();

  /**
   * Sets up stdio, preopens and listeners; nothing runs until `start()`.
   * Throws a {@linkcode WasiRunError} on a runtime without JSPI (Node 20).
   */
  constructor(options: WasiOptions = {}) {
    const missing = jspiMissingReason();
    if (missing) throw new WasiRunError(missing);
    const { version, args, env, preopens, listeners, returnOnExit } = normalizeOptions(options);
    this.#version = version;
    const fds = new FdTable();
    const sigpipe = options.sigpipe !== "ignore";
    // A stdio FIFO whose other end has not come yet: its slot is set once it has (#call waits).
    const pending: [number, PendingStdio<Fd>][] = [];
    const setStdio = (fd: number, handle: Fd) => {
      if (handle instanceof OutputFd) handle.sigpipe = sigpipe;
      fds.set(fd, handle);
    };
    try {
      // Each in the table as soon as it is open: a later one that fails closes it (closeAll).
      const stdio = [
        () => inputFd(options.stdin),
        () => outputFd(options.stdout, 1),
        () => outputFd(options.stderr, 2),
      ];
      stdio.forEach((open, fd) => {
        const handle = open();
        if (handle instanceof Fd) setStdio(fd, handle);
        else pending.push([fd, handle]);
      });
      // A preopen the host's permission model does not let us read is refused, and one it does
      // not let us write is read-only, with EACCES (that model's denial): with FFI, the
      // sandbox's calls are ones it does not see (and the path opened is the one it read:
      // PreopenDir, preopenTarget).
      for (const p of preopens) {
        const denial = denialInside(p.host);
        if (denial !== undefined) {
          throw new WasiRunError(
            `cannot preopen '${p.host}': Deno's ${denial} names it or a path inside it, which ` +
              "Deno cannot check there with --allow-ffi (wasirun resolves guest paths through " +
              "FFI); preopen a directory holding nothing denied, or run without --allow-ffi",
          );
        }
        if (!mayRead(p.host)) {
          throw new WasiRunError(
            `cannot preopen '${p.host}': permission denied by ` +
              (isDeno ? "Deno (--allow-read)" : "Node (--allow-fs-read)"),
          );
        }
        const writeDenied = p.readonly
          ? Errno.PERM
          : mayWrite(p.host)
          ? Errno.SUCCESS
          : Errno.ACCES;
        const dir = new PreopenDir(p.host, p.guest, writeDenied);
        const errno = dir.openErrno; // read before close(), which makes it BADF
        if (errno !== Errno.SUCCESS) {
          dir.close();
          // The CLI's words (lib/cli/main.ts checkDir), from the errno.
          throw new WasiRunError(describeErrno(errno, `cannot preopen '${p.host}'`));
        }
        fds.insert(dir);
      }
      // Last: taking a listener cannot fail (normalizeOptions checked them), and closes it with the fd.
      for (const listener of listeners) fds.insert(new ListenerFd(listener));
    } catch (e) {
      fds.closeAll(); // what was opened before the failure: the caller has no object to close
      for (const [, opening] of pending) opening.giveUp();
      throw e;
    }
    this.#context = new Context(args, env, fds);
    this.#context.sigpipe = sigpipe;
    if (pending.length > 0) {
      const ctx = this.#context;
      for (const [fd] of pending) ctx.opening(fd === 0 ? "read" : "write");
      this.#stdioOpening = pending.map(([fd, opening]) => ({
        opened: () =>
          opening.wait().then((handle) => {
            if (this.#stdioOpening === undefined) return void handle.close(); // given up meanwhile
            setStdio(fd, handle);
            if (fd > 0) ctx.endOnLostOutput(handle);
          }),
        giveUp: opening.giveUp,
      }));
    }
    // Output the guest was told went out, lost while it waits or computes: a native program
    // would have died of SIGPIPE in that write; the guest ends at its next wait (141). (A FIFO
    // the guest opens: path_open.)
    for (const output of [fds.at(1), fds.at(2)]) if (output) this.#context.endOnLostOutput(output);
    this.#returnOnExit = returnOnExit;
    this.#tracer = options.trace &&
      new Tracer(
        embedders("trace", options.trace, this.#context, this.#rejection),
        this.#context,
      );
    this.#onWait = options.onWait &&
      embedders("onWait", options.onWait, this.#context, this.#rejection);
    this.#signal = options.signal;
  }

  /**
   * Ends the guest with exit `code` (e.g. 130 after SIGINT) as soon as it
   * waits; `start()` then flushes output and resolves to `code`. Output that
   * stops draining (a reader that stopped reading: no write completes for
   * 250 ms) is given up, and any at a second `interrupt()`.
   */
  interrupt(code: number): void {
    if (!(Number.isInteger(code) && code >= 0 && code <= 0xffffffff)) {
      throw new WasiRunError(`interrupt() takes an exit code (0 to 4294967295), not ${code}`);
    }
    this.#context.interrupt(code);
  }

  /**
   * The `wasi_snapshot_preview1` functions, for an import object (the
   * `wasi_unstable` ones with `version: "unstable"`). Those that
   * may wait (`poll_oneoff`, `sched_yield`, `sock_*`, and `fd_read`,
   * `fd_write` and `path_open` while some fd may wait) are, on Deno and
   * Node, `WebAssembly.Suspending` objects, which only an instance can call, not
   * JavaScript: an import wrapped in a function of one's own cannot call them.
   */
  get wasiImport(): WebAssembly.ModuleImports {
    return this.#importsOf(this.#version === "unstable" ? PREVIEW0 : PREVIEW1);
  }

  /**
   * The import object to instantiate a module with: its `wasi_snapshot_preview1`
   * functions and (made only if the module imports them) its `wasi_unstable`
   * ones; with a `version`, that version's alone.
   */
  getImportObject(): WebAssembly.Imports {
    if (this.#version === "unstable") return { [PREVIEW0]: this.wasiImport };
    if (this.#version === "preview1") return { [PREVIEW1]: this.wasiImport };
    const importsOf = (name: string) => this.#importsOf(name);
    return {
      [PREVIEW1]: this.wasiImport,
      get [PREVIEW0]() {
        return importsOf(PREVIEW0);
      },
    };
  }

  /** Every function of the import module `name` (preview1 or preview0), made once. */
  #importsOf(name: string): WebAssembly.ModuleImports {
    let imports = this.#imports.get(name);
    if (!imports) {
      imports = {};
      for (const sig of name === PREVIEW0 ? preview0Signatures() : SIGNATURES) {
        imports[sig.name] = this.#asImport(sig, this.#hostFunction(sig)) as WebAssembly.ImportValue;
      }
      this.#imports.set(name, imports);
    }
    return imports;
  }

  static {
    checkedImports = (wasi, module) => wasi.#bindTyped(module);
    prepare = async (wasi, instance) => {
      const [code, exited] = await wasi.#prepare("invoke", instance);
      if (exited || code !== 0) throw new ProcExit(code);
    };
    callWithStatus = (wasi, instance, name, args) => wasi.#callExport(instance, name, args);
  }

  /**
   * The imports `module` names, its import types checked: every suspending
   * one is a wasm function that calls it as a plain import and pays JSPI's
   * Suspending call only when it must wait (lib/trampoline.ts), all of them
   * from one small module.
   */
  #bindTyped(module: WebAssembly.Module): WebAssembly.Imports {
    if (isGoModule(module)) {
      this.#context.goGuest = true;
      this.#context.goSignalLoop = () => mayStartGoSignalLoop(module);
    }
    // A loop: JSC compiles `filter` at its first use, and no other start uses it (RATIONALE.md).
    const wanted = new Set<string>(); // "module.name"
    let preview0 = false;
    for (const i of WebAssembly.Module.imports(module)) {
      wanted.add(i.module + "." + i.name);
      if (i.module === PREVIEW0) preview0 = true;
    }
    const imports: Record<string, Record<string, unknown>> = {};
    const waiting: { sig: Signature; params: WasmParam[]; fn: MayWait }[] = [];
    const bind = (sigs: readonly Signature[]) => {
      for (const sig of sigs) {
        if (!wanted.has(sig.module + "." + sig.name)) continue;
        const fn = this.#hostFunction(sig, true);
        if (this.#suspends(sig)) {
          waiting.push({ sig, params: sig.params.map((p) => isI64(p.type) ? "i64" : "i32"), fn });
        } else {
          (imports[sig.module] ??= {})[sig.name] = this.#asImport(sig, fn, true);
        }
      }
    };
    bind(SIGNATURES);
    if (preview0) bind(preview0Signatures());
    const functions = suspendingWhenWaiting(waiting);
    waiting.forEach(({ sig }, i) => (imports[sig.module] ??= {})[sig.name] = functions[i]);
    return imports as WebAssembly.Imports;
  }

  /**
   * Whether the import must be a JSPI Suspending one. fd_read and fd_write
   * only are when some fd of this instance may wait in that direction; the
   * set of such fds is fixed at construction (a directory counts: a FIFO
   * opened through it waits both ways). path_open itself waits only to open
   * a FIFO as a stream, which it does only when both may wait; otherwise it
   * is a plain import (the JSPI call costs Bun ~15 % of the create row).
   */
  #suspends(sig: Signature): boolean {
    if (!sig.suspends) return false;
    if (sig.name === "path_open") return this.#context.mayWait.read && this.#context.mayWait.write;
    const direction = sig.name === "fd_read"
      ? "read"
      : sig.name === "fd_write"
      ? "write"
      : undefined;
    if (!direction) return true;
    return this.#context.mayWait[direction];
  }

  /**
   * The host function behind one import: its result, or a promise of it
   * when the call waits (traced when tracing is on). `typed`: the module's
   * import types were checked, so the engine passes exactly the signature's
   * arguments.
   */
  #hostFunction(sig: Signature, typed = false): MayWait {
    const ctx = this.#context;
    const impl = implementation(sig) ?? notImplemented;
    const onWait = this.#onWait;
    const arity = sig.params.length;
    if (arity > MAX_ARITY) throw new Error(`${sig.name} takes more than ${MAX_ARITY} arguments`);
    // deno-lint-ignore no-explicit-any
    const wait = async (result: Promise<Errno>, args: any[]): Promise<Errno> => {
      onWait?.(true);
      try {
        return await race([result, ctx.interrupted]);
      } catch (e) {
        return answer(e, sig, args, ctx);
      } finally {
        onWait?.(false);
      }
    };
    // Fixed parameters, not `...args`, and no `arguments` (each allocates on
    // every call until the JIT optimises it away, which a short run never
    // waits for; a rest array and a spread cost Bun 8-17% on the metadata
    // rows: RATIONALE.md, "Performance: what we tried"). The arguments are
    // collected into an array only for the slow paths (a wait, an error).
    // MAX_ARITY covers every signature.
    const suspends = this.#suspends(sig);
    const run: Host9 = function (a, b, c, d, e, f, g, h, i) {
      if (ctx.exitCode !== undefined) return ctx.reentered(suspends);
      try {
        const result = impl(ctx, a, b, c, d, e, f, g, h, i);
        return typeof result === "number"
          ? result
          : wait(result, [a, b, c, d, e, f, g, h, i].slice(0, arity));
      } catch (err) {
        return answer(err, sig, [a, b, c, d, e, f, g, h, i].slice(0, arity), ctx);
      }
    };
    // Wrong arity would run on garbage without an exception (a module not
    // checked at link time); the types are checked in answer().
    const unchecked: Host9 = function (a, b, c, d, e, f, g, h, i) {
      if (arguments.length !== arity) {
        return answer(typeMismatch(sig, Array.from(arguments)), sig, Array.from(arguments), ctx);
      }
      return run(a, b, c, d, e, f, g, h, i);
    };
    let fn: MayWait = typed ? (isBun ? exactArity(arity, run) : run) : unchecked;
    if (this.#tracer) fn = this.#tracer.wrap(sig, fn);
    return fn;
  }

  /**
   * `fn` as an import a JS function serves: JSPI Suspending when it may wait.
   * `typed`: the engine passes exactly the signature's arguments (see
   * {@linkcode #hostFunction}).
   */
  #asImport(sig: Signature, fn: MayWait, typed = false): unknown {
    const ctx = this.#context;
    if (this.#suspends(sig)) return suspending(fn);
    // A plain import cannot wait: a promise here would reach the guest as a
    // number. #suspends() guarantees it cannot happen; if it did, it is a bug.
    if (!sig.suspends) return fn;
    const cannotWait = (result: Promise<Errno>, args: unknown[]): never => {
      result.catch(() => {}); // the guest goes on without it
      throw new InternalError(
        describeCall(sig, args, ctx),
        new Error("it tried to wait although it was bound as a plain import"),
      );
    };
    // An unchecked import's arguments pass as they came: `unchecked` counts them.
    if (!typed) {
      // deno-lint-ignore no-explicit-any
      return (...args: any[]) => {
        const result = fn(...args);
        return typeof result === "number" ? result : cannotWait(result, args);
      };
    }
    // Fixed parameters, as #hostFunction's `run`: a rest array and its spread were garbage on
    // every fd_write and fd_read of a run whose fds never wait.
    const arity = sig.params.length;
    const plain: Host9 = function (a, b, c, d, e, f, g, h, i) {
      const result = fn(a, b, c, d, e, f, g, h, i);
      return typeof result === "number"
        ? result
        : cannotWait(result, [a, b, c, d, e, f, g, h, i].slice(0, arity));
    };
    return isBun ? exactArity(arity, plain) : plain;
  }

  /**
   * Runs a command's `_start` and resolves to its exit code once every
   * pending write is flushed and the output streams are closed (with
   * `returnOnExit: false`, a `proc_exit` ends the host process instead).
   * Output lost on the way (a stream whose write or close failed) makes the
   * code 141, as SIGPIPE ends a native program. A trap rejects with a
   * GuestTrap; an abort rejects with the signal's reason.
   */
  async start(instance: WebAssembly.Instance): Promise<number> {
    this.#claim("start", instance);
    this.#busy++;
    let code: number;
    try {
      code = await this.#run(instance);
    } finally {
      this.#busy--;
      this.#giveUpStdio(); // a run that ended before its first call (no _start)
      this.#context.fds.closeAll();
      await this.#flush(); // the output streams' own closes (an abort still gives them up)
      this.#stopListening();
    }
    // An output stream whose own close failed lost what the guest was told went out: SIGPIPE's
    // status, by #call's rule (over a nonzero exit code only where SIGPIPE ends the guest).
    const lost = this.#context.sigpipe || code === 0 ? this.#lostOutputCode() : 0;
    return lost || code;
  }

  /** start()'s run: the start section, `_initialize` and `_start`; resolves to the exit code. */
  async #run(instance: WebAssembly.Instance): Promise<number> {
    // The start section runs first, as during instantiation: a module may
    // end there (proc_exit) before anyone looks for _start or its memory.
    const section = this.#runStartSection(instance);
    const exit = section && await section;
    if (exit !== undefined) {
      if (!this.#returnOnExit) exitProcess(exit);
      return exit;
    }
    const _start = commandStart(instance);
    this.#bindMemory(instance);
    // A module that exports `_initialize` too gets it first, as under wasmtime.
    const { _initialize } = instance.exports;
    if (typeof _initialize === "function") {
      if (_initialize.length !== 0) {
        throw new WasiRunError(
          `module's '_initialize' takes ${_initialize.length} parameter(s); it takes none`,
        );
      }
      const [code, , exited] = await this.#call(_initialize as () => unknown, []);
      if (exited) {
        if (!this.#returnOnExit) exitProcess(code);
        return code;
      }
    }
    const [code, , exited] = await this.#call(_start as () => unknown, []);
    if (exited && !this.#returnOnExit) exitProcess(code);
    return code;
  }

  /**
   * Prepares a reactor: binds its memory and runs `_initialize` once, if it
   * has one. Call its exports afterwards with `call()`.
   */
  async initialize(instance: WebAssembly.Instance): Promise<void> {
    if (typeof (instance as WebAssembly.Instance)?.exports?._start === "function") {
      // node:wasi's rule too: a command's state is set up by its own _start.
      throw new WasiRunError("initialize() is for reactors; this module is a command: start() it");
    }
    const [code, exited] = await this.#prepare("initialize", instance);
    if (exited) throw new WasiRunError(`_initialize exited with code ${code}`);
  }

  /**
   * node:wasi's `finalizeBindings()`: binds `instance` (and `memory`, by
   * default its exported one: give it for a module that imports its memory)
   * without running `_initialize` or `_start`. Call its exports afterwards
   * with `call()`.
   */
  finalizeBindings(
    instance: WebAssembly.Instance,
    { memory }: { memory?: WebAssembly.Memory } = {},
  ): void {
    const bound = memory ?? (instance as WebAssembly.Instance | undefined)?.exports?.memory;
    if (!(bound instanceof WebAssembly.Memory)) {
      throw new WasiRunError(
        "finalizeBindings(): the instance exports no memory; give it as { memory }",
      );
    }
    this.#claim("finalizeBindings", instance);
    this.#context.bindMemory(bound);
  }

  /**
   * Claims this WASI for `instance`, runs its start section (a `proc_exit`
   * there rejects with a ProcExit), binds its memory and runs `_initialize`
   * if it has one, never `_start`; resolves to `_initialize`'s exit code (0
   * when it returned or is absent) and whether it called `proc_exit`.
   */
  async #prepare(what: string, instance: WebAssembly.Instance): Promise<[number, boolean]> {
    this.#claim(what, instance);
    this.#busy++;
    try {
      const section = this.#runStartSection(instance);
      const exit = section && await section;
      if (exit !== undefined) throw new ProcExit(exit);
      this.#bindMemory(instance);
      const { _initialize } = instance.exports;
      if (typeof _initialize !== "function") return [0, false];
      const [code, , exited] = await this.#call(_initialize as () => unknown, []);
      return [code, exited];
    } finally {
      this.#busy--;
    }
  }

  /**
   * Calls export `name` of an instance `initialize()`d or bound with
   * `finalizeBindings()`; it may wait for the host. Resolves to what it
   * returned; rejects with a ProcExit if it called proc_exit. After `start()`
   * has ended, the run's fds are closed, as a process's at its exit: an export
   * called then gets BADF for them. A command whose exports are called after
   * its `_start` is bound with `finalizeBindings()` and its `_start` run by
   * `call(instance, "_start")`, which closes nothing (`close()` does).
   */
  async call(instance: WebAssembly.Instance, name: string, ...args: unknown[]): Promise<unknown> {
    return (await this.#callExport(instance, name, args))[1];
  }

  /** `call()`, resolving to the status its run ends with too (see {@linkcode invokeExport}). */
  async #callExport(
    instance: WebAssembly.Instance,
    name: string,
    args: unknown[],
  ): Promise<[number, unknown]> {
    if (!(instance instanceof WebAssembly.Instance)) {
      throw new WasiRunError("call() takes a WebAssembly.Instance");
    }
    const fn = instance.exports[name];
    if (typeof fn !== "function") {
      throw new WasiRunError(`module has no exported function '${name}'`);
    }
    if (this.#closed) throw new WasiRunError("call(): this WASI object is closed");
    if (this.#instance !== undefined && instance !== this.#instance) {
      // Its WASI calls would read and write the other instance's memory.
      throw new WasiRunError(
        "call(): this WASI object serves another instance (the one it was started, initialized " +
          "or bound with, or first called); make a WASI for each instance",
      );
    }
    this.#instance = instance;
    this.#busy++;
    try {
      const section = this.#runStartSection(instance);
      const exit = section && await section;
      if (exit !== undefined) throw new ProcExit(exit);
      if (!this.#context.hasMemory) this.#bindMemory(instance);
      const [code, result, exited] = await this.#call(fn as (...a: unknown[]) => unknown, args);
      if (exited) throw new ProcExit(code);
      return [code, result];
    } finally {
      this.#busy--;
    }
  }

  /**
   * Completes pending output and closes every fd (sockets, files, streams);
   * the object runs nothing afterwards. Rejects with a WasiRunError, and
   * closes nothing, while a `start()`, `initialize()` or `call()` runs (to
   * end a guest sooner, `interrupt()` it or abort its signal).
   */
  async close(): Promise<void> {
    if (this.#busy > 0) {
      throw new WasiRunError("the guest is running: await start()/call() before close()");
    }
    this.#closed = true;
    this.#giveUpStdio();
    this.#listenForAbort(); // a WASI never started: its streams' closes too
    if (this.#signal?.aborted) this.#onAbort?.();
    await this.#flush();
    this.#context.fds.closeAll();
    await this.#flush(); // the output streams' own closes (an abort still gives them up)
    this.#stopListening();
  }

  #used = false;
  #closed = false;
  /** How many start(), initialize() and call() are under way (close() waits for none of them). */
  #busy = 0;
  /** The listener of `signal`'s abort while a run may use it (removed after: a signal may outlive many runs). */
  #onAbort: (() => void) | undefined;

  /**
   * start() and initialize() take an instance and run once per WASI object
   * (its stdio is closed after start()).
   */
  #claim(what: string, instance: unknown): void {
    if (!(instance instanceof WebAssembly.Instance)) {
      throw new WasiRunError(`${what}() takes a WebAssembly.Instance`);
    }
    if (this.#closed) throw new WasiRunError(`${what}(): this WASI object is closed`);
    if (this.#used) {
      throw new WasiRunError(
        `${what}(): this WASI object has already been started or initialized; make a new WASI for each run`,
      );
    }
    this.#used = true;
    this.#instance = instance;
    this.#context.started = true;
    this.#listenForAbort();
  }

  /**
   * The instance this object serves: the one started, initialized or bound
   * (or first called); its memory is the one every call reads and writes.
   */
  #instance: WebAssembly.Instance | undefined;

  /** From now until {@linkcode #stopListening}, an abort of `signal` ends the run and its flush. */
  #listenForAbort(): void {
    if (this.#onAbort) return;
    const ctx = this.#context;
    this.#onAbort = () => {
      ctx.interrupt(ABORTED);
      ctx.abandonOutput(); // a cancelled run does not wait for its output to drain
    };
    this.#signal?.addEventListener("abort", this.#onAbort, { once: true });
  }

  #stopListening(): void {
    if (this.#onAbort) this.#signal?.removeEventListener("abort", this.#onAbort);
    this.#onAbort = undefined;
  }

  /**
   * Binds the exported memory. A module without one still runs, as under
   * wasmtime: its calls that need none (proc_exit, sched_yield) work, and one
   * that does is a WasiRunError saying so (see `answer`).
   */
  #bindMemory(instance: WebAssembly.Instance): void {
    const { memory } = instance.exports;
    if (memory instanceof WebAssembly.Memory) this.#context.bindMemory(memory);
  }

  /**
   * Runs the module's start function, once, if lib/module.ts moved it out of
   * instantiation (RATIONALE.md, "Start sections"); resolves to the exit
   * code if it called proc_exit. `undefined` at once, not a promise, when
   * there is none to run: the call after it then starts before `start()`,
   * `initialize()` or `call()` returns, as node:wasi's (an export called
   * right after an `initialize()` not awaited sees what `_initialize` did
   * before its first WASI call that suspends: README, RATIONALE.md).
   */
  #runStartSection(instance: WebAssembly.Instance): Promise<number | undefined> | undefined {
    const start = instance.exports[START_EXPORT];
    if (typeof start !== "function" || this.#startSectionsRun.has(instance)) return undefined;
    this.#startSectionsRun.add(instance);
    const { memory } = instance.exports;
    if (memory instanceof WebAssembly.Memory) this.#context.bindMemory(memory);
    return this.#call(start as () => unknown, []).then(([code, , exited]) =>
      exited ? code : undefined
    );
  }

  /** Runs `fn` under JSPI; resolves to [exit code, result, whether it exited]. */
  async #call(
    fn: (...args: unknown[]) => unknown,
    args: unknown[],
  ): Promise<[number, unknown, boolean]> {
    this.#signal?.throwIfAborted();
    if (this.#running) {
      throw new WasiRunError(
        "the guest is running: one call at a time (await the start() or call() before)",
      );
    }
    this.#running = true;
    const ctx = this.#context;
    let outcome: [number, unknown, boolean];
    try {
      // A stdio FIFO's other end first, as a shell's `<` and `>` open before the program runs.
      if (this.#stdioOpening) await this.#openStdio();
      // A guest that catches its exit and calls the host again ends the call there.
      const caught = ctx.beginCall().then((exit) => Promise.reject(exit));
      outcome = [0, await Promise.race([promising(fn)(...args), caught]), false];
      // One that catches it and returns: it still exited.
      if (ctx.exitCode !== undefined) throw new ProcExit(ctx.exitCode);
    } catch (e) {
      // Once told to exit, the guest exited, however it unwound after (a guest that caught its
      // exit and called the host again gets a trap: Context.reentered).
      const exit = ctx.exitCode === undefined ? e : new ProcExit(ctx.exitCode);
      ctx.endCall();
      await this.#flush();
      this.#throwRejection();
      // Output the guest was told went out, lost since: a native program would have died of
      // SIGPIPE in that write (or blocked in it until its reader left), whatever came after;
      // with SIGPIPE ignored, not over an exit code or trap of the guest's own (a native
      // program would have gone on to them).
      const lost = ctx.sigpipe || (exit instanceof ProcExit && exit.code === 0)
        ? this.#lostOutputCode()
        : 0;
      if (!(exit instanceof ProcExit)) {
        const unwound = unwoundError(e);
        const trap = unwound ? undefined : asTrap(e);
        if (trap === undefined || !lost) {
          throw unwound ?? trap ?? engineRefusal(e) ?? this.#resultMismatch(e, args) ?? e;
        }
      }
      this.#signal?.throwIfAborted();
      return [lost || (exit as ProcExit).code, undefined, true];
    } finally {
      ctx.endCall();
      this.#running = false;
    }
    await this.#flush();
    this.#throwRejection();
    this.#signal?.throwIfAborted(); // aborted while its output drained
    // Interrupted while its output drained: the interrupt's status, unless output was lost first.
    const lost = this.#lostOutputCode();
    outcome[0] = lost || (ctx.interruptedWith ?? 0);
    // Lost output ends the guest as a write into the closed pipe would have (a reactor's call
    // too: --invoke, call()), unless SIGPIPE is ignored.
    if (lost && ctx.sigpipe) outcome[2] = true;
    return outcome;
  }

  /**
   * Ends the call with what an embedder's async `trace` or `onWait` rejected
   * with, if it did and no call after it was traced (a guest that never
   * waited again finished first: the error was lost, the run a success).
   */
  #throwRejection(): void {
    if (this.#rejection.error) throw takeRejection(this.#rejection);
  }

  /**
   * A TypeError the engine threw converting a preview1 function's result to
   * the type the module imports it with: only a module instantiated with
   * `getImportObject()` can have another type (the checked one fails to link).
   * Every error inside the import itself becomes an InternalError or an
   * ImportTypeError before it reaches the guest, so a bare TypeError out of
   * the guest is the boundary's.
   */
  #resultMismatch(e: unknown, args: unknown[]): ImportTypeError | undefined {
    // Not for call()'s arguments, which the engine converts before the guest runs, nor for a
    // TypeError an embedder's own import threw (its message is not the engine's conversion's).
    if (e?.constructor !== TypeError || this.#imports.size === 0 || args.length > 0) {
      return undefined;
    }
    const { message } = e as TypeError;
    if (!CONVERSION_FAILED.some((engine) => engine.test(message))) return undefined;
    return new ImportTypeError(
      `a WASI function's result does not convert to the type the module imports it with ` +
        `(${message}); run() given the module's bytes checks its import types`,
      { cause: e },
    );
  }

  /**
   * Waits for the stdio FIFOs' other ends; an interrupt or an abort gives
   * the waits up (freeing their opens) and ends the call as for a guest
   * waiting; a FIFO that cannot be opened rejects with its WasiRunError.
   */
  async #openStdio(): Promise<void> {
    const opening = this.#stdioOpening!;
    try {
      await race([Promise.all(opening.map((o) => o.opened())), this.#context.interrupted]);
    } catch (e) {
      this.#giveUpStdio();
      throw e;
    }
    this.#stdioOpening = undefined;
  }

  /** Stops every stdio FIFO's wait for its other end. */
  #giveUpStdio(): void {
    const opening = this.#stdioOpening;
    this.#stdioOpening = undefined;
    for (const o of opening ?? []) o.giveUp();
  }

  /** Whether a guest call is under way: a second one would run on its stack and memory. */
  #running = false;

  /**
   * Waits for pending output, unless the run is given up (an abort, a second
   * interrupt) or, once interrupted, the output stops moving: no write of
   * it completes for {@linkcode STALL_MS} (a reader that stopped reading: a
   * SIGTERM must end the run as it ends a native program).
   */
  #flush(): Promise<void> {
    const ctx = this.#context;
    let stop = () => {};
    const stalled = new Promise<void>((resolve) => {
      // Left when the flush ends: a reactor flushes after every call, and a reaction added to
      // the interrupt (pending for the WASI's life) each time kept ~2 KB a call.
      stop = subscribe(ctx.interrupted, () => {
        let seen = ctx.fds.drained();
        const timer = setInterval(() => {
          // Given up for good: the flushes after this one (the streams' closes) wait no more.
          if (ctx.fds.drained() === seen) ctx.abandonOutput(), resolve();
          seen = ctx.fds.drained();
        }, STALL_MS);
        stop = () => clearInterval(timer);
      });
    });
    return race([ctx.fds.flushAll(), ctx.outputAbandoned, stalled]).finally(() => stop());
  }

  /**
   * 0, or SIGPIPE's status when output the guest wrote was lost after its
   * write returned (a pipe reader gone, an output stream that failed while
   * the queue drained at exit): what a native program's final flush into a
   * closed pipe ends with, rather than a silent success. 0 when the run was
   * interrupted (a signal, the timeout) before the loss: its status stands.
   */
  #lostOutputCode(): number {
    const ctx = this.#context;
    // A native program dies of whichever came first: a signal (or the timeout) before the loss
    // keeps its own status.
    if (ctx.interruptedWith !== undefined && !ctx.lostBeforeInterrupt) return 0;
    return ctx.fds.outputLost() ? SIGPIPE_EXIT : 0;
  }
}

/** How long an interrupted run's output may go without any write completing before it is given up. */
const STALL_MS = 250;

/** The exit code an abort unwinds the guest with (never seen: start() rejects). */
const ABORTED = 134;

/**
 * What V8 and JSC say when a host function's result does not convert to the
 * type the module imports it with (a WASI function's errno, a number, where
 * the module declares an i64 or a reference).
 */
const CONVERSION_FAILED = [
  /^Cannot convert .* to a BigInt$/, // V8: i64
  /^type incompatibility when transforming from\/to JS$/, // V8: references, v128
  /ToBigInt operation$/, // JSC: i64
  /did not match the reference type$/, // JSC: references
];
