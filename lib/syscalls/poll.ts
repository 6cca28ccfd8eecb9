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
  EVENT_USERDATA,
  SUBSCRIPTION,
  SUBSCRIPTION_FD,
  SUBSCRIPTION_TAG,
  SUBSCRIPTION_USERDATA,
  type SubscriptionLayout,
} from "../abi/layout.ts";
import { Clockid, Eventrwflags, Eventtype, Subclockflags } from "../abi/types.ts";
import type { GuestMemory } from "../abi/memory.ts";
import type { Context } from "../context.ts";
import { monotonicMs, realtimeToMonotonicMs, waitToward } from "../host/clock.ts";
import { ioTurn, restOfTurn, turn } from "../host/process.ts";
import { PATIENT_MS } from "../host/stdio.ts";
import { race } from "../fd/readiness.ts";
import type { Direction, Fd, PollState } from "../fd/fd.ts";

/**
 * The most subscriptions one call takes. Linux's poll(2) answers EINVAL
 * above RLIMIT_NOFILE; this is a generous fixed bound of the same kind, so
 * that one call's decoding and checking stays bounded (RATIONALE.md,
 * "Bounded work per call").
 */
export const MAX_SUBSCRIPTIONS = 65536;

// userdata is carried as two u32 halves (no BigInt for a zero-timeout poll).
interface Subscription {
  userdataLo: number;
  userdataHi: number;
  type: number;
  /** Clock: the monotonic deadline in ms. */
  deadline: number;
  /** fd_read / fd_write: the guest fd. */
  fd: number;
  /** A decoding error to report in this subscription's event. */
  errno: Errno;
}

interface Event {
  userdataLo: number;
  userdataHi: number;
  errno: Errno;
  type: number;
  nbytes: bigint;
  flags: number;
}

function decode(
  ctx: Context,
  layout: SubscriptionLayout,
  inPtr: number,
  n: number,
): Subscription[] {
  const m = ctx.memory;
  m.check(inPtr, n * layout.size);
  // The clock is read only for a timeout that is not 0 (a zero-timeout poll
  // is the common "is anything ready?" call: bench/guests/wait.c poll0).
  let now = NaN;
  const subs: Subscription[] = [];
  for (let i = 0; i < n; i++) {
    const p = (inPtr >>> 0) + i * layout.size;
    const sub: Subscription = {
      userdataLo: m.getU32(p + SUBSCRIPTION_USERDATA),
      userdataHi: m.getU32(p + SUBSCRIPTION_USERDATA + 4),
      type: m.getU8(p + SUBSCRIPTION_TAG),
      deadline: Infinity,
      fd: -1,
      errno: Errno.SUCCESS,
    };
    if (sub.type === Eventtype.CLOCK) {
      const id = m.getU32(p + layout.clockId);
      const lo = m.getU32(p + layout.clockTimeout);
      const hi = m.getU32(p + layout.clockTimeout + 4);
      const timeoutMs = (hi * 0x100000000 + lo) / 1e6; // as exact as a deadline needs
      const flags = m.getU16(p + layout.clockFlags);
      const absolute = (flags & Subclockflags.ABSTIME) !== 0;
      // A CPU-time clock's relative timeout waits as the monotonic clock's, as wasmtime and
      // wazero wait it (an absolute one has no instant to wait for here: EINVAL).
      const cpuTime = id === Clockid.PROCESS_CPUTIME_ID || id === Clockid.THREAD_CPUTIME_ID;
      const known = id === Clockid.MONOTONIC || id === Clockid.REALTIME || (cpuTime && !absolute);
      // An unknown clock or flag bit (ABSTIME is the only one) is this subscription's EINVAL.
      if (!known || (flags & ~Subclockflags.ABSTIME)) {
        sub.errno = Errno.INVAL;
      } else if (!absolute && lo === 0 && hi === 0) {
        sub.deadline = -Infinity; // ready at once
      } else if (absolute) {
        sub.deadline = id === Clockid.MONOTONIC
          ? timeoutMs
          : realtimeToMonotonicMs(m.getU64(p + layout.clockTimeout));
      } else {
        if (Number.isNaN(now)) now = monotonicMs();
        sub.deadline = now + timeoutMs;
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

/** The fds not ready whose readiness lags (Fd.readinessLags): their waits, and whether one is a read. */
interface Lagging {
  ready: Promise<void>[];
  read: boolean;
}

/**
 * Phase 2: the events ready now. With `waits`, each fd not ready adds its
 * wait; with `lagging`, each fd not ready whose readiness lags does.
 */
function check(
  ctx: Context,
  subs: Subscription[],
  waits: Promise<void>[] | undefined,
  lagging?: Lagging,
  brief = false,
  patientMs = 0,
): Event[] {
  let now = NaN; // read once, and only for a deadline that is not -Infinity
  const events: Event[] = [];
  // A guest may subscribe to one fd many times: each fd is asked once a call for each direction
  // (a look at Node's stdin is a read(2) whose EAGAIN costs ~5 us: 10,000 subscriptions took 47 ms).
  const asked = subs.length > 2 ? { read: new Map(), write: new Map() } as Asked : undefined;
  for (const sub of subs) {
    const event = {
      userdataLo: sub.userdataLo,
      userdataHi: sub.userdataHi,
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
      const seen = asked?.[direction];
      let state: PollState | undefined;
      if (seen?.has(handle)) state = seen.get(handle);
      else {
        state = ask(handle, direction, brief, waits, lagging, patientMs);
        seen?.set(handle, state);
      }
      if (state) {
        event.errno = state.errno ?? Errno.SUCCESS;
        event.nbytes = state.nbytes;
        event.flags = state.hangup ? Eventrwflags.HANGUP : 0;
        events.push(event);
      }
    }
  }
  return events;
}

/** What {@linkcode check} learnt of each fd it asked, for each direction. */
type Asked = Record<Direction, Map<Fd, PollState | undefined>>;

/**
 * Whether `handle` is ready for `direction` now; if not, what readiness to
 * wait for goes into `waits` (when the call will wait) or `lagging`.
 */
function ask(
  handle: Fd,
  direction: Direction,
  brief: boolean,
  waits: Promise<void>[] | undefined,
  lagging: Lagging | undefined,
  patientMs: number,
): PollState | undefined {
  handle.polled(direction);
  const state = handle.poll(direction, brief);
  if (state) return state;
  if (waits) {
    const ready = handle.ready(direction, patientMs);
    if (ready) waits.push(ready);
    else return handle.poll(direction); // ready since: a stdin pipe's data came in between
  } else if (lagging && handle.readinessLags(direction)) {
    const ready = handle.ready(direction);
    if (ready) lagging.ready.push(ready);
    if (ready && direction === "read") lagging.read = true;
  }
  return undefined;
}

function write(ctx: Context, outPtr: number, neventsPtr: number, events: Event[]): Errno {
  const m = ctx.memory;
  for (let i = 0; i < events.length; i++) {
    const e = events[i];
    const p = (outPtr >>> 0) + i * EVENT_SIZE;
    writeEvent(m, p, e.userdataLo, e.userdataHi, e.errno, e.type);
    if (e.type !== Eventtype.CLOCK) {
      m.setU64(p + EVENT_NBYTES, e.nbytes);
      m.setU32(p + EVENT_FLAGS, e.flags);
    }
  }
  m.setU32(neventsPtr, events.length);
  return Errno.SUCCESS;
}

/** Writes a whole event at `p`, padding as zeros, nbytes and flags 0; without a view or a BigInt. */
function writeEvent(
  m: GuestMemory,
  p: number,
  userdataLo: number,
  userdataHi: number,
  errno: Errno,
  type: number,
): void {
  m.setU32(p + EVENT_USERDATA, userdataLo);
  m.setU32(p + EVENT_USERDATA + 4, userdataHi);
  m.setU32(p + EVENT_ERROR, errno | (type << 16)); // errno u16, type u8, a pad byte
  m.setU32(p + 12, 0);
  m.setU32(p + EVENT_NBYTES, 0);
  m.setU32(p + EVENT_NBYTES + 4, 0);
  m.setU32(p + EVENT_FLAGS, 0);
  m.setU32(p + EVENT_FLAGS + 4, 0);
}

/**
 * The commonest call, answered without decoding it into objects: one
 * relative clock subscription of timeout 0 ("is anything ready?" with
 * nothing but the clock to ask about). A short run spends most of its time
 * in code the JIT has not optimised yet, where every object costs: this
 * takes a 100,000-call run from ~650 to ~350 ns a call (bench/guests/wait.c).
 * False: not such a call, decode it.
 */
function zeroTimeoutClock(
  m: GuestMemory,
  layout: SubscriptionLayout,
  inPtr: number,
  outPtr: number,
  neventsPtr: number,
): boolean {
  const p = m.check(inPtr, layout.size);
  if (m.getU8(p + SUBSCRIPTION_TAG) !== Eventtype.CLOCK) return false;
  // ABSTIME, or an unknown flag bit (the decoder answers it in the event): not this call.
  if (m.getU16(p + layout.clockFlags) !== 0) return false;
  const timeout = p + layout.clockTimeout;
  if (m.getU32(timeout) !== 0 || m.getU32(timeout + 4) !== 0) return false;
  const id = m.getU32(p + layout.clockId);
  if (id !== Clockid.MONOTONIC && id !== Clockid.REALTIME) return false;
  const out = m.check(outPtr, EVENT_SIZE);
  m.check(neventsPtr, 4);
  const userdata = p + SUBSCRIPTION_USERDATA;
  writeEvent(m, out, m.getU32(userdata), m.getU32(userdata + 4), Errno.SUCCESS, Eventtype.CLOCK);
  m.setU32(neventsPtr, 1);
  return true;
}

export function poll_oneoff(
  ctx: Context,
  inPtr: number,
  outPtr: number,
  nsubscriptions: number,
  neventsPtr: number,
): Errno | Promise<Errno> {
  return pollOneoff(ctx, SUBSCRIPTION, inPtr, outPtr, nsubscriptions, neventsPtr);
}

/** poll_oneoff of subscriptions laid out as `layout` says: preview1's, or preview0's. */
export function pollOneoff(
  ctx: Context,
  layout: SubscriptionLayout,
  inPtr: number,
  outPtr: number,
  nsubscriptions: number,
  neventsPtr: number,
): Errno | Promise<Errno> {
  const n = nsubscriptions >>> 0;
  if (n === 0 || n > MAX_SUBSCRIPTIONS) return Errno.INVAL;
  if (n === 1 && zeroTimeoutClock(ctx.memory, layout, inPtr, outPtr, neventsPtr)) {
    return Errno.SUCCESS;
  }
  const subs = decode(ctx, layout, inPtr, n);
  ctx.memory.check(outPtr, n * EVENT_SIZE);
  ctx.memory.check(neventsPtr, 4);
  const lagging: Lagging = { ready: [], read: false };
  const events = check(ctx, subs, undefined, lagging, waitsForOneFd(subs));
  if (events.length === 0) return wait(ctx, subs, outPtr, neventsPtr);
  if (lagging.ready.length === 0) return write(ctx, outPtr, neventsPtr, events);
  return afterOneTurn(ctx, subs, outPtr, neventsPtr, lagging);
}

/**
 * Whether the call watches a single fd and will wait for it: then its
 * handle may wait a moment on the thread before the guest is suspended (a
 * Go program's stdin, as the CLI's blocking reads: RATIONALE.md, "Pipes
 * without the pool"). Not with two fds or more (the wait on one would hold
 * up another one's answer), nor with a clock due within that moment.
 */
function waitsForOneFd(subs: Subscription[]): boolean {
  let fds = 0;
  let soonest = Infinity;
  for (const sub of subs) {
    if (sub.errno) return false;
    if (sub.type === Eventtype.CLOCK) soonest = Math.min(soonest, sub.deadline);
    else if (++fds > 1) return false;
  }
  // A clock due now (-Infinity: a zero timeout, Go's look before it waits) needs no clock read.
  if (fds === 0 || soonest === -Infinity) return false;
  return soonest === Infinity || soonest - monotonicMs() > BRIEF_MS;
}

/** At least the longest brief wait (lib/host/stdio.ts BRIEF_WAIT_MS) plus poll(2)'s rounding. */
const BRIEF_MS = 2;

/**
 * Something is ready, but another fd learns of its readiness through the
 * event loop (Fd.readinessLags: Node's stdin, a socket): the loop turns once
 * (or until that fd is ready) before the answer, so that what the host has
 * already is seen. Answered at once, a guest polling stdin with an
 * always-ready fd never suspended, and on Node never saw stdin readable
 * (CPython's select.poll on stdin and stdout: 20,000 calls, data in the pipe
 * for seconds).
 */
async function afterOneTurn(
  ctx: Context,
  subs: Subscription[],
  outPtr: number,
  neventsPtr: number,
  lagging: Lagging,
): Promise<Errno> {
  // A guest that waits to read and moved no bytes over its last IDLE_TURNS polls is spinning on
  // poll until bytes come: give it a turn in which the host also reads its I/O events (on Deno a
  // costlier turn; lib/host/process.ts `ioTurn`). Room to write comes without them (Deno's write
  // ops complete in any turn): a guest waiting for room keeps the cheap turn.
  ctx.idleTurns = ctx.moves === ctx.movesAtTurn ? ctx.idleTurns + 1 : 0;
  ctx.movesAtTurn = ctx.moves;
  const spinning = lagging.read && ctx.idleTurns >= IDLE_TURNS;
  // A plain turn takes in what the host's I/O brought before it ends (libuv's poll phase comes
  // before setImmediate's), so it races nothing: a race over every lagging fd cost a Go server
  // with N idle connections N subscriptions a poll. Deno's I/O turn is a thread round trip that
  // readiness may cut short. (The ready() calls in check() have started the host's reads.)
  await (spinning ? race([...lagging.ready, ioTurn()]) : turn());
  return write(ctx, outPtr, neventsPtr, check(ctx, subs, undefined));
}

/**
 * Polls in a row without a byte moved before a guest waiting to read counts
 * as spinning. At once (0), a tokio echo server streaming 200 MB took each
 * burst in smaller reads, and 20-40 % longer on Deno; 2 kept its pace and
 * most of the gain in latency (RATIONALE.md, "Sockets").
 */
const IDLE_TURNS = 2;

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
  // One fd and no timer sooner: its host may wait for it a while on this thread first.
  const alone = waitsForOneFd(subs);
  for (;;) {
    const waits: Promise<void>[] = [];
    const patience = !alone
      ? 0
      : deadline === Infinity
      ? PATIENT_MS
      : Math.min(PATIENT_MS, deadline - monotonicMs() - BRIEF_MS);
    let cancel: (() => void) | undefined;
    // JS timers wait in whole milliseconds and some fire late: the host's
    // waitToward gets within ~0.1 ms without spinning where it can. Made
    // before an fd's wait that may hold this thread a while (`patience`):
    // Deno's first timer takes ~5 ms to make. Else after the look, which
    // may find the clock due: Deno's shortest waits cannot be cancelled.
    const timer = () => {
      if (deadline === Infinity || cancel) return;
      const ms = deadline - monotonicMs();
      waits.push(new Promise((resolve) => cancel = waitToward(ms, resolve)));
    };
    if (patience > 0) timer();
    const events = check(ctx, subs, waits, undefined, false, patience);
    if (events.length > 0) {
      cancel?.();
      return write(ctx, outPtr, neventsPtr, events);
    }
    timer();
    if (waits.length === 0) {
      // Nothing can ever become ready: a guest waiting on nothing would hang.
      return Errno.INVAL;
    }
    try {
      // An interrupted guest leaves at once (wasi.ts), and its timer with it.
      await race([...waits, ctx.interrupted]);
    } finally {
      cancel?.();
    }
    // What woke it may be the first of several events the host delivers in this turn (or, Node's
    // accepting, over a few): the guest sees them together, as the kernel would show them.
    const rest = restOfTurn();
    if (rest) await rest;
  }
}
