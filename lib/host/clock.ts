/** Host clocks in nanoseconds. */

const origin = performance.timeOrigin;

/** Nanoseconds since an arbitrary fixed point; never goes backwards. */
export function monotonicNs(): bigint {
  return BigInt(Math.round(performance.now() * 1e6));
}

/** Nanoseconds since the Unix epoch. */
export function realtimeNs(): bigint {
  return BigInt(Math.round((origin + performance.now()) * 1e6));
}

/** Milliseconds on the monotonic clock (for timers). */
export function monotonicMs(): number {
  return performance.now();
}
