/**
 * poll_oneoff in four phases: decode and validate every subscription; check
 * each for "ready now"; if none is, await the race of the readiness promises
 * and the earliest clock; write events for the ready ones only. Level-
 * triggered, no busy wait. See RATIONALE.md, "poll_oneoff".
 */
import { Errno } from "../abi/errno.ts";
import {
  EVENT_ERROR,
  EVENT_FLAGS,
  EVENT_NBYTES,
  EVENT_SIZE,
  EVENT_TYPE,
  EVENT_USERDATA,
  SUBSCRIPTION_CLOCK_FLAGS,
  SUBSCRIPTION_CLOCK_ID,
  SUBSCRIPTION_CLOCK_TIMEOUT,
  SUBSCRIPTION_FD,
  SUBSCRIPTION_SIZE,
  SUBSCRIPTION_TAG,
  SUBSCRIPTION_USERDATA,
} from "../abi/layout.ts";
import { Clockid, Eventrwflags, Eventtype, Subclockflags } from "../abi/types.ts";
import type { Context } from "../context.ts";
import { monotonicMs, realtimeNs } from "../host/clock.ts";
import { clearImmediate, setImmediate } from "../host/process.ts";

/**
 * The most subscriptions one call takes. Linux's poll(2) answers EINVAL
 * above RLIMIT_NOFILE; this is a generous fixed bound of the same kind, so
 * that one call's decoding and checking stays bounded (RATIONALE.md,
 * "Bounded work per call").
 */
export const MAX_SUBSCRIPTIONS = 65536;

/** How much of a clock wait is left to event-loop turns instead of a timer. */
const TIMER_SLACK_MS = 1.5;

interface Subscription {
  userdata: bigint;
  type: number;
  /** Clock: the monotonic deadline in ms. */
  deadline: number;
  /** fd_read / fd_write: the guest fd. */
  fd: number;
  /** A decoding error to report in this subscription's event. */
  errno: Errno;
}

interface Event {
  userdata: bigint;
  errno: Errno;
  type: number;
  nbytes: bigint;
  flags: number;
}

function decode(ctx: Context, inPtr: number, n: number): Subscription[] {
  const m = ctx.memory;
  m.check(inPtr, n * SUBSCRIPTION_SIZE);
  // The clock is read only for a timeout that is not 0 (a zero-timeout poll
  // is the common "is anything ready?" call: bench/guests/wait.c poll0).
  let now = NaN;
  const subs: Subscription[] = [];
  for (let i = 0; i < n; i++) {
    const p = (inPtr >>> 0) + i * SUBSCRIPTION_SIZE;
    const sub: Subscription = {
      userdata: m.getU64(p + SUBSCRIPTION_USERDATA),
      type: m.getU8(p + SUBSCRIPTION_TAG),
      deadline: Infinity,
      fd: -1,
      errno: Errno.SUCCESS,
    };
    if (sub.type === Eventtype.CLOCK) {
      const id = m.getU32(p + SUBSCRIPTION_CLOCK_ID);
      const timeoutNs = m.getU64(p + SUBSCRIPTION_CLOCK_TIMEOUT);
      const absolute = (m.getU16(p + SUBSCRIPTION_CLOCK_FLAGS) & Subclockflags.ABSTIME) !== 0;
      if (id !== Clockid.MONOTONIC && id !== Clockid.REALTIME) {
        sub.errno = Errno.INVAL;
      } else if (!absolute && timeoutNs === 0n) {
        sub.deadline = -Infinity; // ready at once
      } else if (id === Clockid.MONOTONIC && absolute) {
        sub.deadline = Number(timeoutNs) / 1e6;
      } else {
        if (Number.isNaN(now)) now = monotonicMs();
        sub.deadline = absolute
          ? now + Number(timeoutNs - realtimeNs()) / 1e6
          : now + Number(timeoutNs) / 1e6;
      }
    } else if (sub.type === Eventtype.FD_READ || sub.type === Eventtype.FD_WRITE) {
      sub.fd = m.getU32(p + SUBSCRIPTION_FD);
    } else {
      sub.errno = Errno.INVAL;
    }
    subs.push(sub);
  }
  return subs;
}

/** Phase 2: the events that are ready now; collects what to wait on otherwise. */
function check(ctx: Context, subs: Subscription[], waits: Promise<void>[] | undefined): Event[] {
  let now = NaN; // read once, and only for a deadline that is not -Infinity
  const events: Event[] = [];
  for (const sub of subs) {
    const event = {
      userdata: sub.userdata,
      errno: sub.errno,
      type: sub.type,
      nbytes: 0n,
      flags: 0,
    };
    if (sub.errno) {
      events.push(event);
    } else if (sub.type === Eventtype.CLOCK) {
      if (sub.deadline !== -Infinity && Number.isNaN(now)) now = monotonicMs();
      if (sub.deadline <= now || sub.deadline === -Infinity) events.push(event);
    } else {
      const [handle, errno] = ctx.fds.get(sub.fd);
      const direction = sub.type === Eventtype.FD_READ ? "read" : "write";
      if (!handle) {
        event.errno = errno;
        events.push(event);
        continue;
      }
      const state = handle.poll(direction);
      if (state) {
        event.errno = state.errno ?? Errno.SUCCESS;
        event.nbytes = state.nbytes;
        event.flags = state.hangup ? Eventrwflags.HANGUP : 0;
        events.push(event);
      } else if (waits) {
        const ready = handle.ready(direction);
        if (ready) waits.push(ready);
      }
    }
  }
  return events;
}

function write(ctx: Context, outPtr: number, neventsPtr: number, events: Event[]): Errno {
  const m = ctx.memory;
  for (let i = 0; i < events.length; i++) {
    const e = events[i];
    const p = (outPtr >>> 0) + i * EVENT_SIZE;
    m.bytes(p, EVENT_SIZE).fill(0);
    m.setU64(p + EVENT_USERDATA, e.userdata);
    m.setU16(p + EVENT_ERROR, e.errno);
    m.setU8(p + EVENT_TYPE, e.type);
    if (e.type !== Eventtype.CLOCK) {
      m.setU64(p + EVENT_NBYTES, e.nbytes);
      m.setU16(p + EVENT_FLAGS, e.flags);
    }
  }
  m.setU32(neventsPtr, events.length);
  return Errno.SUCCESS;
}

export function poll_oneoff(
  ctx: Context,
  inPtr: number,
  outPtr: number,
  nsubscriptions: number,
  neventsPtr: number,
): Errno | Promise<Errno> {
  const n = nsubscriptions >>> 0;
  if (n === 0 || n > MAX_SUBSCRIPTIONS) return Errno.INVAL;
  const subs = decode(ctx, inPtr, n);
  ctx.memory.check(outPtr, n * EVENT_SIZE);
  ctx.memory.check(neventsPtr, 4);
  const events = check(ctx, subs, undefined);
  if (events.length > 0) return write(ctx, outPtr, neventsPtr, events);
  return wait(ctx, subs, outPtr, neventsPtr);
}

async function wait(
  ctx: Context,
  subs: Subscription[],
  outPtr: number,
  neventsPtr: number,
): Promise<Errno> {
  let deadline = Infinity;
  for (const sub of subs) {
    if (sub.type === Eventtype.CLOCK) deadline = Math.min(deadline, sub.deadline);
  }
  for (;;) {
    const waits: Promise<void>[] = [];
    const events = check(ctx, subs, waits);
    if (events.length > 0) return write(ctx, outPtr, neventsPtr, events);
    let timer: ReturnType<typeof setTimeout> | undefined;
    let turn: unknown;
    if (deadline !== Infinity) {
      // JS timers have millisecond granularity and fire late (Deno's 1 ms
      // sleep took 2.1 ms: bench/RESULTS.md). Sleep by timer until the last
      // TIMER_SLACK_MS, then wait out the rest in event-loop turns, which
      // still run I/O and other timers.
      const ms = deadline - monotonicMs();
      waits.push(
        new Promise((resolve) => {
          if (ms > TIMER_SLACK_MS) timer = setTimeout(resolve, Math.floor(ms - TIMER_SLACK_MS));
          else turn = setImmediate(resolve);
        }),
      );
    }
    if (waits.length === 0) {
      // Nothing can ever become ready: a guest waiting on nothing would hang.
      return Errno.INVAL;
    }
    try {
      await Promise.race(waits);
    } finally {
      clearTimeout(timer);
      if (turn !== undefined) clearImmediate(turn);
    }
  }
}
