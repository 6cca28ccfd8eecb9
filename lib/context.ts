/** Everything a syscall may touch: the state of one WASI instance. */
import { GuestMemory } from "./abi/memory.ts";
import type { FdTable } from "./fd/table.ts";

export class Context {
  /** Each argument as UTF-8 bytes, without the terminating NUL. */
  readonly args: Uint8Array[];
  /** Each `NAME=VALUE` as UTF-8 bytes, without the terminating NUL. */
  readonly env: Uint8Array[];
  readonly fds: FdTable;
  #memory: GuestMemory | undefined;

  constructor(args: string[], env: [string, string][], fds: FdTable) {
    const utf8 = new TextEncoder();
    this.args = args.map((a) => utf8.encode(a));
    this.env = env.map(([k, v]) => utf8.encode(`${k}=${v}`));
    this.fds = fds;
  }

  /** Guest memory; set once the instance exists. */
  get memory(): GuestMemory {
    if (!this.#memory) throw new Error("guest memory is not bound yet");
    return this.#memory;
  }

  bindMemory(memory: WebAssembly.Memory): void {
    this.#memory = new GuestMemory(memory);
  }
}

/** Thrown by proc_exit to unwind the guest; the only exception a syscall raises on purpose. */
export class ProcExit extends Error {
  readonly code: number;
  constructor(code: number) {
    super(`proc_exit(${code})`);
    this.name = "ProcExit";
    this.code = code;
  }
}
