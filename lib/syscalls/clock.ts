/**
 * clock_*: REALTIME and MONOTONIC as wasmtime answers them; the CPU-time
 * clocks answer BADF (wasmtime's choice: they are not supported), any other
 * id INVAL.
 */
import { Errno } from "../abi/errno.ts";
import { Clockid } from "../abi/types.ts";
import type { Context } from "../context.ts";
import { fastClock, monotonicNs, realtimeNs } from "../host/clock.ts";

/**
 * 1 ns, as wasmtime and Linux's clock_getres answer: both clocks count in
 * nanoseconds (hrtime, or clock_gettime through FFI; successive reads differ
 * by 75–320 ns on Node, Bun and Deno).
 */
const RESOLUTION_NS = 1n;

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

/** The time as u32 halves (low, high), from fastClock (lib/host/clock.ts). */
const time = new Uint32Array(2);

export function clock_time_get(
  ctx: Context,
  id: number,
  _precision: bigint,
  timePtr: number,
): Errno {
  if (id !== Clockid.MONOTONIC && id !== Clockid.REALTIME) return clockErrno(id);
  const memory = ctx.memory;
  const realtime = id === Clockid.REALTIME;
  if (fastClock(realtime, time)) {
    memory.check(timePtr, 8); // all 8 bytes or none
    memory.setU32(timePtr, time[0]);
    memory.setU32(timePtr + 4, time[1]);
  } else {
    memory.setU64(timePtr, realtime ? realtimeNs() : monotonicNs());
  }
  return Errno.SUCCESS;
}
