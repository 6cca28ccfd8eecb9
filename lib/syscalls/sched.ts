/** sched_yield lets the host's event loop run (timers, I/O) before the guest goes on. */
import { Errno } from "../abi/errno.ts";
import type { Context } from "../context.ts";
import { setImmediate } from "../host/process.ts";

export function sched_yield(_ctx: Context): Promise<Errno> {
  return new Promise((resolve) => setImmediate(() => resolve(Errno.SUCCESS)));
}
