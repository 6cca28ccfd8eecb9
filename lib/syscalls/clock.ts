/**
 * clock_*: REALTIME and MONOTONIC as wasmtime answers them; the CPU-time
 * clocks answer BADF (wasmtime's choice: they are not supported), any other
 * id INVAL.
 */
import { Errno } from "../abi/errno.ts";
import { Clockid } from "../abi/types.ts";
import type { Context } from "../context.ts";
import { monotonicNs, realtimeNs } from "../host/clock.ts";

/** What our clocks can resolve: performance.now() gives microseconds at best. */
const RESOLUTION_NS = 1000n;

function clockErrno(id: number): Errno {
  if (id === Clockid.REALTIME || id === Clockid.MONOTONIC) return Errno.SUCCESS;
  if (id === Clockid.PROCESS_CPUTIME_ID || id === Clockid.THREAD_CPUTIME_ID) return Errno.BADF;
  return Errno.INVAL;
}

export function clock_res_get(ctx: Context, id: number, resolutionPtr: number): Errno {
  const errno = clockErrno(id);
  if (errno) return errno;
  ctx.memory.setU64(resolutionPtr, RESOLUTION_NS);
  return Errno.SUCCESS;
}

export function clock_time_get(
  ctx: Context,
  id: number,
  _precision: bigint,
  timePtr: number,
): Errno {
  if (id === Clockid.MONOTONIC) ctx.memory.setU64(timePtr, monotonicNs());
  else if (id === Clockid.REALTIME) ctx.memory.setU64(timePtr, realtimeNs());
  else return clockErrno(id);
  return Errno.SUCCESS;
}
