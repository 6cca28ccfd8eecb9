/**
 * Turning the CLI's signal listeners off and on (lib/cli/main.ts
 * `SignalExits`) without losing a signal on Node and Deno. Node drops a signal its
 * handler caught but had not yet delivered when the last listener goes:
 * libuv closes the signal handle and discards what it had queued for it. A
 * guest that waits very briefly and very often toggles the listeners all the
 * time, and lost about one Ctrl-C in two (a helper's runs, 1 µs sleeps).
 * Deno drops one its driver caught for a listener removed before the event
 * loop delivered it: a SIGTERM sent as the guest's last write wait ended
 * was lost about once in 40 runs, and the guest ran on (exit 141 there,
 * the reader leaving after it).
 *
 * So on Node and Deno (with FFI) the listeners are added once and stay; what goes off and on is
 * the signal's disposition, by sigaction(2) through FFI: the default
 * action while the guest computes (it dies at once, as before), the runtime's
 * own handler (libuv's, Deno's), saved when the listener was added, while it
 * waits. The runtime's handle stays open, so whatever it caught is delivered, at the latest at the
 * guest's next wait. Where FFI is not there (Node before 26.1, Node's
 * `--permission` or Deno without `--allow-ffi`), the listeners still come and go,
 * and a signal can still be lost: a helper saw the race inside libuv's
 * uv_signal_stop itself (a signal caught on another thread while the
 * handle is being stopped finds no handle), which no delay on our side
 * closes (two more loop turns before each removal changed nothing and cost
 * ~6 µs a wait).
 */
import {
  DEFAULT_ACTION,
  type ExitSignal,
  offSignal,
  onSignal,
  type Sigaction,
  SIGACTION_BYTES,
  sigactionCall,
  SIGNAL_NUMBERS,
} from "./process.ts";
import { isBun } from "./runtime.ts";

/** A set of signals whose listeners go on while the guest waits and off while it runs. */
export class SignalSwitch {
  readonly #handlers: [ExitSignal, () => void][];
  #on = false;
  /** With FFI (Node, Deno): the runtime's sigaction per signal, saved once its listener is added. */
  #saved: Map<ExitSignal, Uint8Array> | undefined;
  #sigaction: Sigaction | undefined;

  constructor(handlers: [ExitSignal, () => void][]) {
    this.#handlers = handlers;
    // Two calls a signal at every wait: bound hot.
    if (!isBun) this.#sigaction = sigactionCall({ node: true, cold: false });
  }

  /** On or off. */
  set(on: boolean): void {
    if (on === this.#on) return;
    this.#on = on;
    if (this.#sigaction) this.#swap(this.#sigaction, on);
    else this.#toggle(on);
  }

  #toggle(on: boolean): void {
    for (const [name, handler] of this.#handlers) {
      if (on) onSignal(name, handler);
      else offSignal(name, handler);
    }
  }

  #swap(sigaction: Sigaction, on: boolean): void {
    if (this.#saved === undefined) {
      this.#saved = new Map();
      for (const [name, handler] of this.#handlers) {
        onSignal(name, handler);
        const saved = new Uint8Array(SIGACTION_BYTES);
        sigaction(SIGNAL_NUMBERS[name], null, saved);
        this.#saved.set(name, saved);
      }
    }
    for (const [name] of this.#handlers) {
      sigaction(SIGNAL_NUMBERS[name], on ? this.#saved.get(name)! : DEFAULT_ACTION, null);
    }
  }
}

/**
 * `call()` with SIGINT and SIGTERM at their default action, whatever
 * handles them now (the runtime's handler while the guest waits, and on
 * Deno from its start), restored after: for a read(2) of a terminal, which
 * from a background process group stops the process (SIGTTIN) and is
 * restarted once it is continued. Natively a SIGTERM sent with the SIGCONT
 * (`timeout` without `--foreground`) ends it; caught by the runtime's
 * handler instead, it let the read restart and stop the process again, for
 * good (helper-194). A signal the process was started with ignored stays
 * ignored ({@linkcode ignoredFromStart}; Deno's handler stands in for
 * SIG_IGN, lib/cli/main.ts `keepIgnored`). Where sigaction(2) cannot be
 * called (no FFI), `call()` alone.
 */
export function withDefaultActions<T>(call: () => T): T {
  rawSigaction ??= sigactionCall({ node: true, cold: false }) ?? null;
  const sigaction = rawSigaction;
  if (!sigaction) return call();
  ignored ??= startIgnored?.() ?? new Set();
  const action = (name: "SIGINT" | "SIGTERM") => ignored!.has(name) ? IGNORE : DEFAULT_ACTION;
  sigaction(SIGNAL_NUMBERS.SIGINT, action("SIGINT"), savedInt);
  sigaction(SIGNAL_NUMBERS.SIGTERM, action("SIGTERM"), savedTerm);
  try {
    return call();
  } finally {
    sigaction(SIGNAL_NUMBERS.SIGINT, savedInt, null);
    sigaction(SIGNAL_NUMBERS.SIGTERM, savedTerm, null);
  }
}

/** The signals ignored when the process started, by name: the CLI says which, asked at first use. */
export function ignoredFromStart(signals: () => Set<string>): void {
  startIgnored = signals;
}

let startIgnored: (() => Set<string>) | undefined;
let ignored: Set<string> | undefined;
let rawSigaction: Sigaction | null | undefined;
/** SIG_IGN (1), no mask, no flags. */
const IGNORE = new Uint8Array(SIGACTION_BYTES);
IGNORE[0] = 1;
const savedInt = new Uint8Array(SIGACTION_BYTES);
const savedTerm = new Uint8Array(SIGACTION_BYTES);

/**
 * Which of `signals` (numbers) are ignored now (SIG_IGN), asked of
 * sigaction(2) through FFI; `undefined` where FFI is not there. For Deno
 * under scoped permissions, which may not read /proc/self/status.
 */
export function ignoredNow(signals: number[]): Set<number> | undefined {
  const sigaction = sigactionCall({ node: false, cold: true });
  if (!sigaction) return undefined;
  const old = new Uint8Array(SIGACTION_BYTES);
  const view = new DataView(old.buffer);
  const ignored = new Set<number>();
  for (const signal of signals) {
    // struct sigaction starts with the handler: SIG_IGN is 1.
    if (sigaction(signal, null, old) === 0 && view.getBigUint64(0, true) === 1n) {
      ignored.add(signal);
    }
  }
  return ignored;
}
