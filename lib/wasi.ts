/**
 * One WASI instance: builds the context and the import object, runs the
 * guest under JSPI and turns its end into an exit code.
 */
import { Errno, errnoName } from "./abi/errno.ts";
import { GuestFault } from "./abi/memory.ts";
import { isI64, type Signature, SIGNATURES } from "./abi/signatures.ts";
import { Context, ProcExit } from "./context.ts";
import { asTrap, WasiRunError } from "./errors.ts";
import { PreopenDir } from "./fd/dir.ts";
import { ListenerFd } from "./fd/socket.ts";
import { StdinFd, StdoutFd } from "./fd/stdio.ts";
import { FdTable } from "./fd/table.ts";
import type { TcpListener } from "./host/net.ts";
import { promising, suspending } from "./jspi.ts";
import * as syscalls from "./syscalls/mod.ts";

/** A host directory the guest sees under `guest`. */
export interface Preopen {
  /** Host path of the directory. */
  host: string;
  /** Path the guest sees (`fd_prestat_dir_name`). */
  guest: string;
  /** Refuse every write through this preopen. */
  readonly?: boolean;
}

export interface WasiOptions {
  /** argv, including argv[0]. */
  args?: string[];
  /** The guest's environment (empty unless given). */
  env?: Record<string, string> | [string, string][];
  /** Preopened directories, fds 3, 4, ... in this order. */
  preopens?: Preopen[];
  /** Listening TCP sockets, preopened after the directories, in this order. */
  listeners?: TcpListener[];
  /** Receives one line per WASI call (`--trace`). */
  trace?: (line: string) => void;
  /**
   * Told when the guest starts (`true`) and stops (`false`) waiting for the
   * host. The CLI listens for SIGINT/SIGTERM only while the guest waits, so
   * a busy guest still dies at once by the default signal action.
   */
  onWait?: (waiting: boolean) => void;
}

// deno-lint-ignore no-explicit-any
type Syscall = (ctx: Context, ...args: any[]) => Errno | Promise<Errno> | never;
const IMPLEMENTED = syscalls as unknown as Record<string, Syscall | undefined>;

/** The names of the syscalls that do more than answer NOSYS. */
export const implementedSyscalls: readonly string[] = SIGNATURES.map((s) => s.name).filter((n) =>
  IMPLEMENTED[n] !== undefined
);

function notImplemented(): Errno {
  return Errno.NOSYS;
}

function faultToErrno(error: unknown): Errno {
  if (error instanceof GuestFault) return Errno.FAULT;
  throw error;
}

export class WASI {
  readonly context: Context;
  readonly #trace: ((line: string) => void) | undefined;
  readonly #onWait: ((waiting: boolean) => void) | undefined;
  #imports: Record<string, unknown> | undefined;

  constructor(options: WasiOptions = {}) {
    const env = options.env === undefined
      ? []
      : Array.isArray(options.env)
      ? options.env
      : Object.entries(options.env);
    const fds = new FdTable();
    fds.set(0, new StdinFd(0));
    fds.set(1, new StdoutFd(1));
    fds.set(2, new StdoutFd(2));
    for (const p of options.preopens ?? []) fds.insert(new PreopenDir(p.host, p.guest, p.readonly));
    for (const listener of options.listeners ?? []) fds.insert(new ListenerFd(listener));
    this.context = new Context(options.args ?? [], env, fds);
    this.#trace = options.trace;
    this.#onWait = options.onWait;
  }

  /**
   * Ends the guest with exit `code` (e.g. 130 after SIGINT) as soon as it
   * waits; `start()` then flushes output and resolves to `code`.
   */
  interrupt(code: number): void {
    this.context.interrupt(code);
  }

  /** The `wasi_snapshot_preview1` functions, for an import object. */
  get wasiImport(): Record<string, unknown> {
    if (!this.#imports) {
      this.#imports = {};
      for (const sig of SIGNATURES) this.#imports[sig.name] = this.#bind(sig);
    }
    return this.#imports;
  }

  getImportObject(): WebAssembly.Imports {
    return { wasi_snapshot_preview1: this.wasiImport as WebAssembly.ModuleImports };
  }

  #bind(sig: Signature): unknown {
    const ctx = this.context;
    const impl = IMPLEMENTED[sig.name] ?? notImplemented;
    const onWait = this.#onWait;
    const wait = async (result: Promise<Errno>): Promise<Errno> => {
      onWait?.(true);
      try {
        return await Promise.race([result, ctx.interrupted]);
      } catch (e) {
        return faultToErrno(e);
      } finally {
        onWait?.(false);
      }
    };
    // deno-lint-ignore no-explicit-any
    let fn = (...args: any[]): Errno | Promise<Errno> => {
      try {
        const result = impl(ctx, ...args);
        return typeof result === "number" ? result : wait(result);
      } catch (e) {
        return faultToErrno(e);
      }
    };
    if (this.#trace) fn = traced(sig, fn, ctx, this.#trace);
    return sig.suspends ? suspending(fn) : fn;
  }

  /**
   * Runs a command's `_start` and resolves to its exit code once every
   * pending write is flushed. A trap rejects with a GuestTrap.
   */
  async start(instance: WebAssembly.Instance): Promise<number> {
    const { _start, memory } = instance.exports;
    if (typeof _start !== "function") {
      throw new WasiRunError("module has no '_start' function to run (is it a reactor?)");
    }
    if (!(memory instanceof WebAssembly.Memory)) {
      throw new WasiRunError("module does not export its memory as 'memory'");
    }
    this.context.bindMemory(memory);
    let code = 0;
    try {
      await promising(_start as () => void)();
    } catch (e) {
      if (e instanceof ProcExit) {
        code = e.code;
      } else {
        await this.context.fds.flushAll();
        throw asTrap(e) ?? e;
      }
    }
    await this.context.fds.flushAll();
    return code;
  }
}

function traced(
  sig: Signature,
  // deno-lint-ignore no-explicit-any
  fn: (...args: any[]) => Errno | Promise<Errno>,
  ctx: Context,
  trace: (line: string) => void,
  // deno-lint-ignore no-explicit-any
): (...args: any[]) => Errno | Promise<Errno> {
  // deno-lint-ignore no-explicit-any
  return (...args: any[]) => {
    const call = `${sig.name}(${describeArgs(sig, args, ctx)})`;
    let result: Errno | Promise<Errno>;
    try {
      result = fn(...args);
    } catch (e) {
      trace(e instanceof ProcExit ? `${call} -> exit ${e.code}` : `${call} -> threw ${e}`);
      throw e;
    }
    const done = (errno: Errno) => {
      trace(`${call} = ${errnoName(errno)}${errno === 0 ? describeOuts(sig, args, ctx) : ""}`);
      return errno;
    };
    return typeof result === "number" ? done(result) : result.then(done);
  };
}

// deno-lint-ignore no-explicit-any
function describeArgs(sig: Signature, args: any[], ctx: Context): string {
  const parts: string[] = [];
  sig.params.forEach((p, i) => {
    if (p.type.startsWith("out")) return;
    const v = args[i];
    if (p.type === "str") {
      let s: string;
      try {
        s = JSON.stringify(ctx.memory.string(v, args[i + 1]) ?? "<invalid utf-8>");
      } catch {
        s = "<out of bounds>";
      }
      parts.push(`${p.name}=${s}`);
    } else if (p.type === "ptr") {
      parts.push(`${p.name}=0x${(v >>> 0).toString(16)}`);
    } else if (isI64(p.type)) {
      parts.push(`${p.name}=${p.type === "u64" ? BigInt.asUintN(64, v) : v}`);
    } else {
      parts.push(`${p.name}=${v >>> 0}`);
    }
  });
  return parts.join(", ");
}

// deno-lint-ignore no-explicit-any
function describeOuts(sig: Signature, args: any[], ctx: Context): string {
  let s = "";
  sig.params.forEach((p, i) => {
    try {
      if (p.type === "out32") s += ` ${p.name}=${ctx.memory.getU32(args[i])}`;
      else if (p.type === "out64") s += ` ${p.name}=${ctx.memory.getU64(args[i])}`;
    } catch {
      // the call succeeded, so the pointer was valid; nothing to add otherwise
    }
  });
  return s;
}
