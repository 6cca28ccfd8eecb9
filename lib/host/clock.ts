/**
 * Host clocks in nanoseconds. `process.hrtime.bigint()` is the cheapest
 * nanosecond source on both runtimes (bench/RESULTS.md: ~20 ns a call less
 * than deriving it from performance.now()); timers use the same clock.
 */
import { process } from "./process.ts";

const hrtime = process.hrtime.bigint;
/** Realtime = monotonic + this offset (ns), fixed at start like a process's wall clock. */
const REALTIME_OFFSET = BigInt(Math.round((performance.timeOrigin + performance.now()) * 1e6)) -
  hrtime();

/** Nanoseconds since an arbitrary fixed point; never goes backwards. */
export function monotonicNs(): bigint {
  return hrtime();
}

/** Nanoseconds since the Unix epoch. */
export function realtimeNs(): bigint {
  return hrtime() + REALTIME_OFFSET;
}

/** The monotonic clock in milliseconds (for timers and deadlines). */
export function monotonicMs(): number {
  return Number(hrtime()) / 1e6;
}
