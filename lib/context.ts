/** Everything a syscall may touch: the state of one WASI instance. */
import { GuestMemory } from "./abi/memory.ts";
import type { FdTable } from "./fd/table.ts";

export class Context {
  /** Each argument as UTF-8 bytes, without the terminating NUL. */
  readonly args: Uint8Array[];
  /** Each `NAME=VALUE` as UTF-8 bytes, without the terminating NUL. */
  readonly env: Uint8Array[];
  readonly fds: FdTable;
  /** A write into a closed pipe ends the guest (141), or answers EPIPE (false): WasiOptions' `sigpipe`. */
  sigpipe = true;
  /**
   * Whether fd_read / fd_write are bound as suspending imports, i.e. may
   * wait: true when some fd could wait that way when the import object was
   * built (lib/wasi.ts reads this then, so it is fixed from then on). A FIFO
   * opened later may only become a waiting stream when both are.
   */
  get mayWait(): { read: boolean; write: boolean } {
    this.#mayWait ??= {
      read: this.fds.handles().some((h) => h.waitsFor("read")),
      write: this.fds.handles().some((h) => h.waitsFor("write")),
    };
    return this.#mayWait;
  }
  #mayWait: { read: boolean; write: boolean } | undefined;
  #memory: GuestMemory | undefined;
  #interrupt: (exit: ProcExit) => void = () => {};
  /**
   * Rejects with a ProcExit once `interrupt()` is called; every wait races
   * it, so a signal or an abort ends a suspended guest at once.
   */
  readonly interrupted: Promise<never>;

  constructor(args: string[], env: [string, string][], fds: FdTable) {
    const utf8 = new TextEncoder();
    this.args = args.map((a) => utf8.encode(a));
    this.env = env.map(([k, v]) => utf8.encode(`${k}=${v}`));
    this.fds = fds;
    this.interrupted = new Promise<never>((_, reject) => this.#interrupt = reject);
    this.interrupted.catch(() => {}); // observed by the waits that race it
  }

  /** Ends the guest with `code` at its next (or current) wait. */
  interrupt(code: number): void {
    this.#interrupt(new ProcExit(code));
  }

  /** Guest memory; set once the instance exists. */
  get memory(): GuestMemory {
    if (!this.#memory) throw new Error("guest memory is not bound yet");
    return this.#memory;
  }

  get hasMemory(): boolean {
    return this.#memory !== undefined;
  }

  bindMemory(memory: WebAssembly.Memory): void {
    this.#memory = new GuestMemory(memory);
  }
}

/**
 * Thrown to unwind the guest with an exit code: by proc_exit, by a write to a
 * closed stdout pipe (141, as SIGPIPE would end a native program) and by an
 * interrupt. The only exception a syscall raises on purpose.
 */
export class ProcExit extends Error {
  /** The exit code. */
  readonly code: number;
  /** Unwinds with exit code `code`. */
  constructor(code: number) {
    super(`proc_exit(${code})`);
    this.name = "ProcExit";
    this.code = code;
  }
}
