/** Everything a syscall may touch: the state of one WASI instance. */
import { GuestMemory } from "./abi/memory.ts";
import type { FdTable } from "./fd/table.ts";
import type { Fd } from "./fd/fd.ts";
import { encodeBytes } from "./host/names.ts";

/** The exit code of a process killed by SIGPIPE (128 + 13). */
export const SIGPIPE_EXIT = 141;

export class Context {
  /** Each argument as UTF-8 bytes, without the terminating NUL. */
  readonly args: Uint8Array[];
  /** Each `NAME=VALUE` as UTF-8 bytes, without the terminating NUL. */
  readonly env: Uint8Array[];
  readonly fds: FdTable;
  /** A write into a closed pipe ends the guest (141), or answers EPIPE (false): WasiOptions' `sigpipe`. */
  sigpipe = true;
  /** The guest is a Go program (lib/module.ts `isGoModule`; known where wasirun compiled the module). */
  goGuest = false;
  /**
   * Whether this Go guest may start os/signal's loop (lib/module.ts
   * `mayStartGoSignalLoop`), asked by {@linkcode waitsInPlace} at the first
   * AGAIN, not at start: it reads the module's names.
   */
  goSignalLoop: (() => boolean) | undefined;
  /**
   * How many fd_read, fd_write, sock_recv and sock_send calls moved bytes
   * (fd_read and fd_write: at once): poll_oneoff compares it between its turns to tell a
   * guest spinning on poll (nothing moved since) from one working between
   * its polls (lib/syscalls/poll.ts `afterOneTurn`).
   */
  moves = 0;
  /** {@linkcode moves} at the guest's last such turn of poll_oneoff. */
  movesAtTurn = -1;
  /** How many of those turns in a row found {@linkcode moves} unchanged. */
  idleTurns = 0;

  /**
   * Whether `handle`, a non-blocking fd with nothing to move now, must wait
   * in place rather than answer AGAIN: yes for a guest that can no longer
   * wait for readiness itself ({@linkcode cannotAwaitReadiness}), but for
   * wasirun's own sockets ({@linkcode Fd.keepsAgain}; a host socket given as
   * stdio waits, as a pipe does: a Go guest's hung), as wasmtime's stdio
   * always does.
   */
  waitsInPlace(handle: Fd): boolean {
    const ask = this.goSignalLoop;
    if (ask) {
      this.goSignalLoop = undefined;
      if (ask()) this.cannotAwaitReadiness();
    }
    return this.#cannotAwait && !handle.keepsAgain;
  }

  /**
   * From now on the guest cannot wait for readiness itself: its stdio, and
   * the FIFOs and devices it opens, wait in place where they would answer
   * AGAIN. A Go guest whose os/signal loop runs spins in
   * runtime.notetsleepg (sched_yield, Gosched), so its scheduler is never
   * idle, never polls, and a goroutine parked on an AGAIN would wait for ever
   * (RATIONALE.md, "A Go guest whose signal loop runs"). A socket keeps its
   * AGAIN: a server that waited in accept would never run the handler of the
   * connection it got.
   */
  cannotAwaitReadiness(): void {
    this.#cannotAwait = true;
  }
  #cannotAwait = false;

  /** Whether start() or initialize() took this instance's WASI object. */
  started = false;
  /**
   * Whether fd_read / fd_write are bound as suspending imports, i.e. may
   * wait: true when some fd could wait that way when the import object was
   * built (lib/wasi.ts reads this then, so it is fixed from then on). A FIFO
   * opened later may only become a waiting stream when both are.
   */
  get mayWait(): { read: boolean; write: boolean } {
    this.#mayWait ??= {
      read: this.#opening.read || this.fds.handles().some((h) => h.waitsFor("read")),
      write: this.#opening.write || this.fds.handles().some((h) => h.waitsFor("write")),
    };
    return this.#mayWait;
  }

  /** A stdio FIFO still opening (lib/wasi.ts) that will wait in `direction` once it is there. */
  opening(direction: "read" | "write"): void {
    this.#opening[direction] = true;
  }
  readonly #opening = { read: false, write: false };
  #mayWait: { read: boolean; write: boolean } | undefined;
  #memory: GuestMemory | undefined;
  #interrupt: (exit: ProcExit) => void = () => {};
  #interruptedWith: number | undefined;
  #abandon: () => void = () => {};
  /**
   * Rejects with a ProcExit once `interrupt()` is called; every wait races
   * it, so a signal or an abort ends a suspended guest at once.
   */
  readonly interrupted: Promise<never>;
  /**
   * Resolves when output that has not drained may be given up: at a second
   * `interrupt()`, or by `abandonOutput()` (an abort). The flush at the
   * guest's end races it, so an output stream that never takes a write
   * cannot hold `start()` for ever.
   */
  readonly outputAbandoned: Promise<void>;

  constructor(args: string[], env: [string, string][], fds: FdTable) {
    // A lone surrogate U+DC80..U+DCFF stands for a byte that is not UTF-8 (lib/host/names.ts):
    // the command's arguments and variables that came so from the host go to the guest as they came.
    this.args = args.map(encodeBytes);
    this.env = env.map(([k, v]) => encodeBytes(`${k}=${v}`));
    this.fds = fds;
    this.interrupted = new Promise<never>((_, reject) => this.#interrupt = reject);
    this.interrupted.catch(() => {}); // observed by the waits that race it
    this.outputAbandoned = new Promise<void>((resolve) => this.#abandon = resolve);
  }

  /** The code `interrupt()` was first called with, if it was (a signal's, a timeout's). */
  get interruptedWith(): number | undefined {
    return this.#interruptedWith;
  }

  /** Whether output had been lost (a reader gone) when `interrupt()` was first called. */
  lostBeforeInterrupt = false;

  /** One function for every handle (path_open makes no closure per open). */
  readonly #outputLost = () => this.interrupt(SIGPIPE_EXIT);

  /**
   * Output `handle` accepted, lost later (its reader gone), ends the guest
   * at its next wait with 141, as a native program dies of SIGPIPE in that
   * write; unless SIGPIPE is ignored (`sigpipe`, set before).
   */
  endOnLostOutput(handle: Fd): void {
    if (this.sigpipe) handle.onLost(this.#outputLost);
  }

  /**
   * Ends the guest with `code` at its next (or current) wait; a second call
   * gives up output that has not drained.
   */
  interrupt(code: number): void {
    if (this.#interruptedWith !== undefined) return this.abandonOutput();
    this.#interruptedWith = code;
    this.lostBeforeInterrupt = this.fds.outputLost();
    this.#interrupt(new ProcExit(code));
  }

  /**
   * The exit the guest was told to leave with during its current call
   * (proc_exit, an interrupt, a broken pipe: a ProcExit thrown into it), if
   * any. The exit is final, as a native exit is: wasm exception handling can
   * catch that exception (`catch_all` catches JS ones), and a guest that
   * does and calls the host again is not let go on ({@linkcode reentered}).
   */
  exitCode: number | undefined;
  #caught: (exit: ProcExit) => void = () => {};

  /**
   * A guest call begins: no exit told yet. Resolves with the exit if the
   * guest catches it and comes back (the call is then over, whatever the
   * guest does).
   */
  beginCall(): Promise<ProcExit> {
    this.exitCode = undefined;
    this.#inCall = true;
    return new Promise<ProcExit>((resolve) => this.#caught = resolve);
  }

  /**
   * The call has ended (its exit, if any, taken): exports the embedder calls
   * itself afterwards (node:wasi's way, outside start() and call()) run as
   * before it, their own ProcExit thrown to that caller.
   */
  endCall(): void {
    this.exitCode = undefined;
    this.#inCall = false;
  }
  #inCall = false;

  /** A ProcExit is on its way into the guest: remembered during a call, then thrown. */
  exit(e: ProcExit): never {
    if (this.#inCall) this.exitCode ??= e.code;
    throw e;
  }

  /**
   * The guest called the host after it was told to exit: it caught the exit.
   * The call ends with that exit, and the guest is unwound by a trap, the one
   * exception wasm cannot catch (it could otherwise catch the exit again and
   * loop on it for ever, the event loop starved and its queued output never
   * written): thrown, or, from an import that may wait, the rejection of the
   * promise JSPI suspended it on. (Parked on a promise that never settled,
   * the guest's stack was never freed: V8 died of it after ~12,000 such runs
   * in one process.)
   */
  reentered(suspends: boolean): Promise<never> {
    this.#caught(new ProcExit(this.exitCode!));
    if (suspends) return Promise.reject(unwinding(undefined));
    throw unwinding(undefined);
  }

  /**
   * `error`, made ready to be thrown into the guest: during a call (start(),
   * initialize(), call()), a trap that carries it ({@linkcode unwinding}),
   * which no `catch_all` of the guest catches, so the call ends with it
   * (a guest with wasm exceptions caught wasirun's own errors and went on:
   * RATIONALE.md, "Internal errors"); outside one (a start section inside
   * `WebAssembly.instantiate`, an export the embedder calls itself), `error`
   * itself, for that caller.
   */
  unwind(error: Error): unknown {
    return this.#inCall ? unwinding(error) : error;
  }

  /** Lets the end of the run go without waiting for output to drain. */
  abandonOutput(): void {
    this.#abandon();
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

/** A function that traps, made at the first need (a module of 27 bytes). */
let trapper: (() => void) | undefined;

/** Where a trap made by {@linkcode unwinding} keeps the error it stands for. */
const STANDS_FOR = Symbol("wasirun.standsFor");

/**
 * A wasm trap (a WebAssembly.RuntimeError the engine made for one), which no
 * `catch_all` of the guest catches, on V8 and JavaScriptCore alike, even
 * when JS throws it again; once out, it is `error` again, if given
 * ({@linkcode unwoundError}): for an error the guest must not catch (a
 * `-W unknown-imports-trap` stand-in's).
 */
export function unwinding(error: Error | undefined): unknown {
  trapper ??= new WebAssembly.Instance(
    new WebAssembly.Module(
      new Uint8Array([
        ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00],
        ...[0x01, 0x04, 0x01, 0x60, 0x00, 0x00], // type 0: () -> ()
        ...[0x03, 0x02, 0x01, 0x00], // one function of type 0
        ...[0x07, 0x05, 0x01, 0x01, 0x74, 0x00, 0x00], // exported as "t"
        ...[0x0a, 0x05, 0x01, 0x03, 0x00, 0x00, 0x0b], // its body: unreachable
      ]),
    ),
  ).exports.t as () => void;
  try {
    trapper();
  } catch (e) {
    Object.defineProperty(e, STANDS_FOR, { value: error });
    return e;
  }
  throw new Error("a function made to trap returned");
}

/**
 * Whether `e` is a trap from {@linkcode unwinding} (it has the property,
 * `undefined` where it stands for no error): an embedder's callback that
 * called into the guest lets it pass as it is (its error, or the exit it
 * stands for, is the run's).
 */
export function isUnwinding(e: unknown): boolean {
  return typeof e === "object" && e !== null && Object.hasOwn(e, STANDS_FOR);
}

/** The error a trap from {@linkcode unwinding} stands for, if `e` is one. */
export function unwoundError(e: unknown): Error | undefined {
  return (e as { [STANDS_FOR]?: Error } | null)?.[STANDS_FOR];
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
