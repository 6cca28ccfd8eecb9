/**
 * sched_yield gives the host's event loop a turn (timers, I/O, an
 * embedder's callbacks) before the guest goes on. A turn costs a JSPI
 * suspension and an event-loop round trip (10-20 µs; a native sched_yield
 * with nothing else to run returns in under 1 µs), so a guest that yields
 * again within {@linkcode TURN_EVERY_MS} of the last turn goes on at once:
 * one spinning on sched_yield (100,000 calls) took 1.1-2.2 s against
 * wasmtime's 29 ms, and still lets the loop run every 50 µs.
 */
import { Errno } from "../abi/errno.ts";
import type { Context } from "../context.ts";
import { setImmediate } from "../host/process.ts";

/** The longest a guest that keeps yielding runs between two turns of the event loop. */
export const TURN_EVERY_MS = 0.05;

/** When the last turn ended (one event loop, whichever instance yielded). */
let lastTurn = -Infinity;

export function sched_yield(ctx: Context): Errno | Promise<Errno> {
  // In a Go guest only os/signal's loop yields (runtime.notetsleepg): from now on it cannot wait.
  if (ctx.goGuest) ctx.cannotAwaitReadiness();
  if (performance.now() - lastTurn < TURN_EVERY_MS) return Errno.SUCCESS;
  return new Promise((resolve) =>
    setImmediate(() => {
      lastTurn = performance.now();
      resolve(Errno.SUCCESS);
    })
  );
}
