/**
 * Host clocks in nanoseconds. `process.hrtime.bigint()` is the cheapest
 * portable nanosecond source (bench/RESULTS.md: ~20 ns a call less than
 * deriving it from performance.now()); timers use the same clock.
 *
 * On Deno with FFI allowed, clock_time_get switches after
 * {@linkcode FFI_AFTER} reads to {@linkcode fastClock}: libc's
 * `clock_gettime` through FFI (lib/host/ffi.ts), ~30 ns a read instead of ~140 ns
 * for `hrtime.bigint()`, handed out as two u32 halves instead of a BigInt
 * (Bun's and Node's `hrtime.bigint()` are as fast as that; RATIONALE.md,
 * "Performance: what we tried"). Its readings are moved onto
 * `hrtime.bigint()`'s scale, so a guest never sees the switch and poll_oneoff
 * deadlines keep one clock.
 */
import { clearImmediate, hostProcess, platform, setImmediate } from "./process.ts";
import { LIBC, openLibrary, openWaitingFunction } from "./ffi.ts";
import { isDeno } from "./runtime.ts";

/**
 * The monotonic clock in ns. On Deno, performance.now() (sub-microsecond
 * there): `process.hrtime` would start Deno's Node layer (~15 ms) for the
 * first guest clock read; Deno with FFI moves to {@linkcode fastClock} soon anyway.
 */
const hrtime: () => bigint = isDeno
  ? () => BigInt(Math.round(performance.now() * 1e6))
  : hostProcess().hrtime.bigint;
let offset: bigint | undefined;
/**
 * Realtime = monotonic + this offset (ns): set at its first use (not at
 * load: on Node `performance` loads perf_hooks, ~1–4 ms of a start that may
 * never read the realtime clock), and set again when the wall clock steps
 * ({@linkcode STEP_MS} or more: a suspend and resume, the clock set by
 * hand or by NTP), as CLOCK_REALTIME follows it natively and in wasmtime.
 * The wall clock is looked at once a millisecond at most (`Date.now()` each
 * read cost Bun and Node ~50 ns, half again a read; this look ~2 ns).
 */
function realtimeOffset(now: bigint): bigint {
  if (offset === undefined) {
    offset = BigInt(Math.round((performance.timeOrigin + performance.now()) * 1e6)) - hrtime();
    nextLook = now + 1_000_000n;
  } else if (now >= nextLook) {
    nextLook = now + 1_000_000n; // a comparison allocates no BigInt, a subtraction did (Bun)
    const wall = Date.now();
    if (Math.abs(Number(now + offset) / 1e6 - wall) >= STEP_MS) {
      offset = BigInt(wall) * 1_000_000n - now;
      if (monoOffset !== undefined) [realS, realNs] = secondsAndNanos(monoOffset + offset);
    }
  }
  return offset;
}
/** The monotonic reading at which to look at the wall clock again. */
let nextLook = 0n;
/**
 * A step of the wall clock this large (ms) is followed. Not less: the clock
 * the offset was first taken from (`performance.timeOrigin`) may not be
 * `Date.now()`'s to the millisecond, and JS timers' clocks round.
 */
const STEP_MS = 10;

/** Nanoseconds since an arbitrary fixed point; never goes backwards. */
export function monotonicNs(): bigint {
  return hrtime();
}

/** Nanoseconds since the Unix epoch. */
export function realtimeNs(): bigint {
  const now = hrtime();
  return now + realtimeOffset(now);
}

/**
 * When the realtime clock reads `ns`, in {@linkcode monotonicMs}'s terms: the
 * two clocks differ by a fixed offset, so an absolute realtime deadline maps
 * onto the monotonic clock without reading either (two reads, preempted in
 * between, would move the deadline earlier by the gap).
 */
export function realtimeToMonotonicMs(ns: bigint): number {
  return Number(ns - realtimeOffset(hrtime())) / 1e6;
}

/** The monotonic clock in milliseconds (for timers and deadlines). */
export function monotonicMs(): number {
  return Number(hrtime()) / 1e6;
}

/** Reads of {@linkcode fastClock} before it tries FFI (a few calls never pay for a dlopen). */
export const FFI_AFTER = 1000;
const CLOCK_MONOTONIC = 1;
/** A `struct timespec` that `clock_gettime` fills: tv_sec (i64), tv_nsec (i64). */
const timespec = new Int32Array(4);
let reads = 0;
/** `clock_gettime(CLOCK_MONOTONIC, &timespec)`, once loaded; `null` when there is no FFI. */
let gettime: (() => void) | null | undefined;
/**
 * What to add to `clock_gettime`'s reading, as [seconds, nanoseconds in
 * 0..1e9), to get `hrtime.bigint()`'s (Deno counts from the process start,
 * CLOCK_MONOTONIC from boot) and the realtime clock's.
 */
let monoS = 0, monoNs = 0, realS = 0, realNs = 0;
/** hrtime's reading less clock_gettime's, once {@linkcode fastClock} has loaded. */
let monoOffset: bigint | undefined;
/** {@linkcode fastClock}'s monotonic reading (ms) at its last look at the wall clock. */
let fastLookedAt = 0;

/**
 * The current time in nanoseconds of the monotonic clock or, with
 * `realtime`, of the realtime clock, as u32 halves (`out[0]` the low,
 * `out[1]` the high; exact until 2106) read through FFI; `false` when there
 * is no FFI (or not yet): then {@linkcode monotonicNs} and
 * {@linkcode realtimeNs} are the cheapest (splitting their BigInt costs Bun
 * and Node more than it saves).
 */
export function fastClock(realtime: boolean, out: Uint32Array): boolean {
  if (!gettime) {
    if (gettime === undefined && ++reads > FFI_AFTER) gettime = loadGettime();
    return false;
  }
  gettime();
  if (realtime) {
    // A look at the wall clock once a millisecond (realtimeOffset), in numbers.
    const t = timespec[0] * 1000 + timespec[2] / 1e6;
    if (t - fastLookedAt >= 1) {
      fastLookedAt = t;
      realtimeOffset(hrtime());
    }
  }
  let s = timespec[0] + (realtime ? realS : monoS);
  let ns = timespec[2] + (realtime ? realNs : monoNs);
  if (ns >= 1_000_000_000) {
    ns -= 1_000_000_000;
    s++;
  }
  // s * 1e9 + ns without losing bits: s * 1e9 = (s * 1953125) * 2^9, and
  // s * 1953125 < 2^53; its low 23 bits times 2^9 are the low word's share.
  const x = s * 1953125;
  const low = (x % 8388608) * 512 + ns;
  out[0] = low >>> 0;
  out[1] = Math.floor(x / 8388608) + (low >= 4294967296 ? 1 : 0);
  return true;
}

/** A nanosecond count as [seconds, nanoseconds in 0..1e9), for any sign. */
function secondsAndNanos(ns: bigint): [number, number] {
  let s = ns / 1_000_000_000n, rest = ns % 1_000_000_000n;
  if (rest < 0n) {
    rest += 1_000_000_000n;
    s--;
  }
  return [Number(s), Number(rest)];
}

function loadGettime(): (() => void) | null {
  // Only Deno gains: Bun's and Node's hrtime.bigint() is as fast (see above).
  if (!isDeno || platform !== "linux") return null;
  const lib = openLibrary(LIBC, { clock_gettime: ["i32", "buffer"] });
  if (!lib) return null;
  const bytes = new Uint8Array(timespec.buffer);
  // Through the record each time: its first call binds the symbol (lib/host/ffi.ts).
  const read = () => void lib.fn.clock_gettime(CLOCK_MONOTONIC, bytes);
  read();
  // hrtime read after clock_gettime: the offset errs ahead (by well under
  // a microsecond), so the switch never steps back.
  const now = hrtime();
  monoOffset = now - (BigInt(timespec[0]) * 1_000_000_000n + BigInt(timespec[2]));
  [monoS, monoNs] = secondsAndNanos(monoOffset);
  [realS, realNs] = secondsAndNanos(monoOffset + realtimeOffset(now));
  return read;
}

/**
 * Starts a wait of about `ms` (> 0) toward a deadline and returns what
 * cancels it; `wake` runs when it ends: on time or a little early (the
 * caller looks at the clock and waits again), never more than ~0.1 ms late
 * where the host allows, and without keeping a core busy:
 * - Deno: its timers fire ~1.1 ms late (`setTimeout(1)` takes ~2.1 ms), so
 *   a timer sleeps until the last {@linkcode DENO_SLACK_MS} and
 *   `clock_nanosleep` on Deno's FFI thread waits out the rest;
 * - Bun and Node: `setTimeout(n)` fires ~0.1 ms after n ms, so a timer of
 *   the wait rounded to whole milliseconds;
 * - whatever is left below that (Deno without FFI: the last
 *   {@linkcode DENO_SLACK_MS}; elsewhere under 0.5 ms) in event-loop
 *   turns, which run I/O and timers; on Bun and Node each after a
 *   `clock_nanosleep` of at most {@linkcode SLEEP_SLICE_MS} on this thread
 *   where FFI allows, which turns alone keep a core busy: 200 µs sleeps
 *   for 20 s took 19.9 s of CPU on Bun and 20.1 on Node against wasmtime's
 *   2.0 (helper-206).
 * (Bun's `Atomics.waitAsync` with a timeout is precise but spins too.)
 */
export function waitToward(ms: number, wake: () => void): () => void {
  if (isDeno) {
    // Deno's shortest timer, setTimeout(0), takes ~2.1 ms: nanosleep below 2.5.
    if (ms > DENO_SLACK_MS + 1) return timerFromNow(wake, Math.floor(ms - DENO_SLACK_MS));
    if (nanosleep === undefined) nanosleep = loadNanosleep();
    if (nanosleep) {
      // Cannot be cancelled: a late `wake` finds its wait over and does nothing.
      nanosleep(ms).then(wake);
      return () => {};
    }
  } else if (ms >= 0.5) {
    return timerFromNow(wake, Math.round(ms));
  } else {
    if (shortSleep === undefined) shortSleep = loadShortSleep();
    // The kernel's timer slack (50 µs) comes on top, the least a sleep takes.
    shortSleep?.(Math.min(ms - TIMER_SLACK_MS, SLEEP_SLICE_MS));
  }
  const turn = setImmediate(wake);
  return () => clearImmediate(turn);
}

/**
 * A timer of `ms` counted from before it was made: Deno's first
 * `setTimeout` takes ~5.5 ms itself (its timers' set-up), which a timer made
 * of `ms` then added: a guest's first 20 ms sleep took 25-28 ms (helper-200).
 * Made again, shorter, when making it took a millisecond or more.
 */
function timerFromNow(wake: () => void, ms: number): () => void {
  const made = performance.now();
  let timer = setTimeout(wake, Math.min(ms, MAX_TIMER_MS));
  const spent = performance.now() - made;
  if (spent >= 1) {
    clearTimeout(timer);
    timer = setTimeout(wake, Math.min(Math.max(0, Math.floor(ms - spent)), MAX_TIMER_MS));
  }
  return () => clearTimeout(timer);
}

/**
 * The longest timer made: a longer wait takes several (its caller waits
 * again when one ends early). The runtimes keep no longer one (2^31 - 1 ms
 * fires after ~1 ms), and Deno keeps a list for each timer's duration until
 * it would have fired, cleared or not: a guest polling stdin with a timeout
 * counting down from an hour, each poll's timer cleared when data came
 * first, grew Deno's heap ~125 bytes a poll (helper-206). Capped, the
 * durations are at most a thousand, and their lists last a second.
 */
const MAX_TIMER_MS = 1000;

/** What of a clock wait Deno leaves to `clock_nanosleep` (or to event-loop turns). */
const DENO_SLACK_MS = 1.5;

/**
 * The longest sleep Bun and Node take on their main thread between two
 * event-loop turns: I/O that comes meanwhile is seen at most this late.
 */
const SLEEP_SLICE_MS = 0.25;
/** How much later than asked a thread's sleep ends: Linux's default timer slack, 50 µs. */
const TIMER_SLACK_MS = 0.06;

/** Bun and Node: `clock_nanosleep` for `ms` on this thread; `null` without FFI. */
let shortSleep: ((ms: number) => void) | null | undefined;

function loadShortSleep(): ((ms: number) => void) | null {
  if (platform !== "linux") return null;
  const lib = openLibrary(LIBC, { clock_nanosleep: ["i32", "i32", "buffer", "buffer"] }, {
    node: true,
  });
  if (!lib) return null;
  const request = new BigInt64Array(2);
  const bytes = new Uint8Array(request.buffer);
  return (ms) => {
    request[1] = BigInt(Math.max(1, Math.round(ms * 1e6))); // under a second
    lib.fn.clock_nanosleep(CLOCK_MONOTONIC, 0, bytes, null);
  };
}

/** Deno: `clock_nanosleep` for `ms` on its FFI thread; `null` without FFI. */
let nanosleep: ((ms: number) => Promise<number>) | null | undefined;

function loadNanosleep(): ((ms: number) => Promise<number>) | null {
  if (platform !== "linux") return null;
  const sleep = openWaitingFunction(LIBC, "clock_nanosleep", [
    "i32",
    "i32",
    "buffer",
    "buffer",
  ]);
  if (!sleep) return null;
  return (ms) => {
    // A timespec of its own each time: an earlier sleep may still be reading its own.
    const ns = Math.max(0, Math.round(ms * 1e6));
    const request = new BigInt64Array([BigInt(Math.floor(ns / 1e9)), BigInt(ns % 1e9)]);
    return sleep(CLOCK_MONOTONIC, 0, new Uint8Array(request.buffer), null);
  };
}
