/**
 * Tracing WASI calls: one {@linkcode TraceRecord} per call for `--trace`,
 * `--trace=json`, `--stats` and the library's `trace` option. lib/wasi.ts
 * wraps the imports with {@linkcode Tracer.wrap} only when tracing is on, so
 * tracing off costs nothing. Arguments are decoded as lib/abi/signatures.ts
 * declares them. See RATIONALE.md, "Tracing".
 */
import { errnoName } from "./abi/errno.ts";
import { IOV_MAX } from "./abi/memory.ts";
import {
  EVENT_ERROR,
  EVENT_FLAGS,
  EVENT_NBYTES,
  EVENT_SIZE,
  EVENT_TYPE,
  EVENT_USERDATA,
  IOVEC_SIZE,
  SUBSCRIPTION,
  SUBSCRIPTION_FD,
  SUBSCRIPTION_PREVIEW0,
  SUBSCRIPTION_TAG,
  SUBSCRIPTION_USERDATA,
  type SubscriptionLayout,
} from "./abi/layout.ts";
import {
  type ParamType,
  PREVIEW0,
  PREVIEW1,
  type Signature,
  SIGNATURES,
} from "./abi/signatures.ts";
import {
  Advice,
  ALL_RIGHTS,
  Clockid,
  Eventrwflags,
  Eventtype,
  Fdflags,
  Fstflags,
  Lookupflags,
  Oflags,
  Riflags,
  Rights,
  Sdflags,
  Signal,
  Subclockflags,
  Whence,
  WhencePreview0,
} from "./abi/types.ts";
import { type Context, ProcExit } from "./context.ts";
import { blockedMs } from "./host/stdio.ts";
import { takeAgainReason } from "./fd/readiness.ts";
import { MAX_SUBSCRIPTIONS } from "./syscalls/poll.ts";

/**
 * A decoded argument: a number (64-bit values above 2^53 as decimal
 * strings), a string (guest text; enum names; pointers as `0x…`), flag
 * names, or an iovec array's count and total bytes.
 */
export type TraceValue = number | string | string[] | TraceIovecs;

/** An iovec array, summed up. */
export interface TraceIovecs {
  /** How many buffers. */
  count: number;
  /** Their total length in bytes. */
  bytes: number;
}

/** One poll_oneoff subscription. */
export interface TraceSubscription {
  /** The guest's tag for it, echoed in its event. */
  userdata: number | string;
  /** What it waits for. */
  type: "clock" | "fd_read" | "fd_write" | "unknown";
  /** fd_read / fd_write: the fd. */
  fd?: number;
  /** clock: the timeout in nanoseconds (a deadline when `abstime`). */
  timeout_ns?: number | string;
  /** clock: the clock's name, e.g. `MONOTONIC`. */
  clock?: string;
  /** clock: whether `timeout_ns` is an absolute time. */
  abstime?: boolean;
}

/** One poll_oneoff event: a subscription that fired. */
export interface TraceEvent {
  /** The userdata of the subscription that fired. */
  userdata: number | string;
  /** The subscription's type. */
  type: "clock" | "fd_read" | "fd_write" | "unknown";
  /** The event's errno name (`SUCCESS`, `BADF`, ...). */
  error: string;
  /** fd_read / fd_write: bytes that can move now. */
  nbytes?: number | string;
  /** fd_read / fd_write: `HANGUP` when the peer is gone. */
  flags?: string[];
}

/**
 * One WASI call, as `--trace=json` writes it (one JSON object per line) and
 * as the `trace` option of `WasiOptions` receives it.
 */
export interface TraceRecord {
  /** When the call began, in ms since the instance was created. */
  t_ms: number;
  /** How long the call took, in µs, waiting included. */
  dur_us: number;
  /** The import's name, e.g. `fd_read`. */
  call: string;
  /** The import's module where it is not `wasi_snapshot_preview1`: a preview0 module's `wasi_unstable`. */
  module?: string;
  /** The arguments by name, decoded (see {@linkcode TraceValue}); out-pointers are left out. */
  args: Record<string, TraceValue>;
  /** The errno's name; absent when the call did not return (`exit`, `error`). */
  errno?: string;
  /** After a successful call: the values it wrote back (its out-pointers), e.g. `nread`. */
  result?: Record<string, number | string>;
  /** For an AGAIN: why the call would have had to wait. */
  reason?: string;
  /**
   * For a call that waited (suspended the guest, or blocked wasirun's thread
   * a moment for input): what ended the wait (`data`, `eof`, `room`,
   * `timer`, `connection`, `error`, `hangup`, `interrupt`, `turn`, `ready`:
   * a FIFO's other end came).
   */
  woke?: string;
  /** For a call that waited: how long it waited, in µs. */
  wait_us?: number;
  /** poll_oneoff: what it waits for. */
  subscriptions?: TraceSubscription[];
  /** poll_oneoff, after success: which subscriptions fired. */
  events?: TraceEvent[];
  /** The call ended the guest with this exit code (proc_exit, a signal, a broken pipe). */
  exit?: number;
  /** The call threw something other than an exit: a bug in wasirun. */
  error?: string;
}

// deno-lint-ignore no-explicit-any
type Syscall = (...args: any[]) => number | Promise<number>;

/** Wraps imports so that each call yields a {@linkcode TraceRecord}. */
export class Tracer {
  readonly #emit: (record: TraceRecord) => void;
  readonly #ctx: Context;
  readonly #origin = performance.now();
  /** The ProcExit the instance was interrupted with, once it was. */
  #interrupt: unknown;

  /** Traces the calls of the instance `ctx`; `emit` receives each record once the call has ended. */
  constructor(emit: (record: TraceRecord) => void, ctx: Context) {
    this.#emit = emit;
    this.#ctx = ctx;
    // Registered first, so it runs before the waits that race `interrupted` see the rejection.
    ctx.interrupted.catch((e) => this.#interrupt = e);
  }

  /** `fn` (the import for `sig`), tracing every call. */
  wrap(sig: Signature, fn: Syscall): Syscall {
    const emit = this.#emit;
    const ctx = this.#ctx;
    const origin = this.#origin;
    // deno-lint-ignore no-explicit-any
    return (...args: any[]) => {
      // The call's own time only: decoding its arguments and results is the tracer's (a
      // clock_time_get takes ~0.1 us; its decoding, several). `t_ms` is set with `start`.
      const record: TraceRecord = {
        t_ms: 0,
        dur_us: 0,
        call: sig.name,
        args: decodeArgs(sig, args, ctx),
      };
      if (sig.module !== PREVIEW1) record.module = sig.module;
      if (sig.name === "poll_oneoff") {
        const layout = sig.module === PREVIEW0 ? SUBSCRIPTION_PREVIEW0 : SUBSCRIPTION;
        record.subscriptions = decodeSubscriptions(ctx, layout, args);
      }
      takeAgainReason(); // forget a reason no traced call claimed
      const fail = (e: unknown, end: number) => {
        record.dur_us = round((end - start) * 1000, 10);
        if (e instanceof ProcExit) record.exit = e.code;
        else record.error = String(e);
        emit(record);
      };
      const blockedBefore = blockedMs();
      const start = performance.now();
      record.t_ms = round(start - origin, 1000);
      let result: number | Promise<number>;
      try {
        result = fn(...args);
      } catch (e) {
        fail(e, performance.now());
        throw e;
      }
      const returned = performance.now();
      // A wait on this thread before the call returned (a brief or patient wait for input).
      const blocked = blockedMs() - blockedBefore;
      if (typeof result === "number") {
        finish(record, sig, args, ctx, result);
        record.dur_us = round((returned - start) * 1000, 10);
        if (blocked > 0) {
          record.woke = woke(record, result, ctx);
          record.wait_us = round(blocked * 1000, 10);
        }
        emit(record);
        return result;
      }
      return result.then((errno) => {
        const end = performance.now();
        finish(record, sig, args, ctx, errno);
        record.dur_us = round((end - start) * 1000, 10);
        record.woke = woke(record, errno, ctx);
        record.wait_us = round((end - returned + blocked) * 1000, 10);
        emit(record);
        return errno;
      }, (e) => {
        const end = performance.now();
        record.wait_us = round((end - returned + blocked) * 1000, 10);
        // An interrupt for output lost (its reader gone: exit 141) is a hangup.
        record.woke = e !== this.#interrupt
          ? "error"
          : ctx.lostBeforeInterrupt
          ? "hangup"
          : "interrupt";
        fail(e, end);
        throw e;
      });
    };
  }
}

function round(value: number, scale: number): number {
  return Math.round(value * scale) / scale;
}

/** Fills in errno, results, the AGAIN reason and poll's events. */
// deno-lint-ignore no-explicit-any
function finish(record: TraceRecord, sig: Signature, args: any[], ctx: Context, errno: number) {
  record.errno = errnoName(errno);
  if (errno === 0) {
    const result = decodeResults(sig, args, ctx);
    if (result) record.result = result;
    if (sig.name === "poll_oneoff") {
      record.events = decodeEvents(ctx, args[1], Number(record.result?.nevents ?? 0));
    }
  } else if (record.errno === "AGAIN") {
    const reason = takeAgainReason();
    if (reason !== undefined) record.reason = reason;
  }
}

/** What ended the wait of a call that suspended, judged by what it returned. */
function woke(record: TraceRecord, errno: number, ctx: Context): string {
  if (errno !== 0) return "error";
  const call = record.call;
  if (call === "poll_oneoff") {
    const fd = record.events?.find((e) => e.type !== "clock");
    if (!fd) return "timer";
    if (fd.error !== "SUCCESS") return "error";
    if (fd.flags?.includes("HANGUP")) return fd.type === "fd_read" ? "eof" : "hangup";
    if (fd.type !== "fd_read") return "room";
    const polled = record.subscriptions?.find((s) => s.userdata === fd.userdata)?.fd;
    return polled !== undefined && ctx.fds.get(polled)[0]?.listens ? "connection" : "data";
  }
  if (call === "fd_read" || call === "sock_recv") {
    const n = record.result?.nread ?? record.result?.ro_datalen;
    return n === 0 ? "eof" : "data";
  }
  if (call === "fd_write" || call === "sock_send") return "room";
  if (call === "sock_accept") return "connection";
  if (call === "sched_yield") return "turn";
  return "ready";
}

/** A u64 as a number when exact, else as a decimal string. */
function u64(value: bigint): number | string {
  return value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : value.toString();
}

type Names = Record<string, number>;

const FLAG_NAMES: Partial<Record<ParamType, Names>> = {
  fdflags: Fdflags,
  oflags: Oflags,
  lookupflags: Lookupflags,
  fstflags: Fstflags,
  riflags: Riflags,
  sdflags: Sdflags,
};

const ENUM_NAMES: Partial<Record<ParamType, Names>> = {
  whence: Whence,
  whence0: WhencePreview0,
  clockid: Clockid,
  advice: Advice,
  signal: Signal,
};

/** The names of the bits set in `value`; unknown bits as one hex number. */
function flagNames(names: Names, value: number): string[] {
  const out: string[] = [];
  let rest = value >>> 0;
  for (const [name, bit] of Object.entries(names)) {
    if (rest & bit) {
      out.push(name);
      rest &= ~bit;
    }
  }
  if (rest) out.push(`0x${(rest >>> 0).toString(16)}`);
  return out;
}

function rightsNames(value: bigint): string[] {
  const v = BigInt.asUintN(64, value);
  if ((v & ALL_RIGHTS) === ALL_RIGHTS) {
    return v === ALL_RIGHTS ? ["ALL"] : ["ALL", hex(v & ~ALL_RIGHTS)];
  }
  const out = Object.entries(Rights).filter(([, bit]) => v & bit).map(([name]) => name);
  const rest = v & ~ALL_RIGHTS;
  if (rest) out.push(hex(rest));
  return out;
}

function hex(value: bigint | number): string {
  return `0x${value.toString(16)}`;
}

function enumName(names: Names, value: number): string | number {
  const v = value >>> 0;
  for (const [name, n] of Object.entries(names)) if (n === v) return name;
  return v;
}

// deno-lint-ignore no-explicit-any
function decodeArgs(sig: Signature, args: any[], ctx: Context): Record<string, TraceValue> {
  const out: Record<string, TraceValue> = {};
  const params = sig.params;
  for (let i = 0; i < params.length; i++) {
    const { name, type } = params[i];
    const v = args[i];
    switch (type) {
      case "out16":
      case "out32":
      case "out64":
        break;
      case "str":
        out[name] = guestString(ctx, v, args[i + 1]);
        i++; // the length is part of the string
        break;
      case "iovs":
        out[name] = iovecTotals(ctx, v, args[i + 1]);
        i++; // the count is part of the totals
        break;
      case "ptr":
        out[name] = hex(v >>> 0);
        break;
      case "u64":
        out[name] = u64(BigInt.asUintN(64, v));
        break;
      case "i64": {
        const n = BigInt.asIntN(64, v);
        out[name] = n >= -BigInt(Number.MAX_SAFE_INTEGER) && n <= BigInt(Number.MAX_SAFE_INTEGER)
          ? Number(n)
          : n.toString();
        break;
      }
      case "rights":
        out[name] = rightsNames(v);
        break;
      case "fd":
      case "u32":
        out[name] = v >>> 0;
        break;
      default: {
        const flags = FLAG_NAMES[type];
        out[name] = flags ? flagNames(flags, v) : enumName(ENUM_NAMES[type]!, v);
      }
    }
  }
  return out;
}

/**
 * The most bytes of a guest string a trace shows: a longer one is cut there
 * (at a character's start) and followed by `…(N bytes)`, its whole length.
 * Nothing past the cut is read: a path of 1 GiB made Deno decode it for
 * 7 s and Bun write a trace line of 1 GiB.
 */
export const TRACE_STRING_MAX = 1024;

/**
 * Guest text as the trace shows it: at most {@linkcode TRACE_STRING_MAX}
 * bytes of it, `<out of bounds>` when the call would fault on it, `<invalid
 * utf-8>` when what is shown is not UTF-8.
 */
function guestString(ctx: Context, ptr: number, len: number): string {
  const m = ctx.memory;
  const n = len >>> 0;
  let p: number;
  try {
    p = m.check(ptr, n); // arithmetic only: no guest byte is read
  } catch {
    return "<out of bounds>";
  }
  if (n <= TRACE_STRING_MAX) return m.string(p, n) ?? "<invalid utf-8>";
  // Cut before a continuation byte (10xxxxxx) at most 3 times: no character is split.
  let cut = TRACE_STRING_MAX;
  while (cut > TRACE_STRING_MAX - 3 && (m.getU8(p + cut) & 0xc0) === 0x80) cut--;
  const shown = m.string(p, cut);
  return shown === undefined ? "<invalid utf-8>" : `${shown}…(${n} bytes)`;
}

function iovecTotals(ctx: Context, ptr: number, count: number): TraceIovecs | string {
  try {
    const m = ctx.memory;
    const n = count >>> 0;
    // The call answers INVAL without reading them: so does the trace (a count of 2^28 was
    // 2^28 reads here).
    if (n > IOV_MAX) return `<${n} iovecs, more than IOV_MAX>`;
    const base = m.check(ptr, n * IOVEC_SIZE);
    let bytes = 0;
    for (let i = 0; i < n; i++) bytes += m.getU32(base + i * IOVEC_SIZE + 4);
    return { count: n, bytes };
  } catch {
    return "<out of bounds>";
  }
}

// deno-lint-ignore no-explicit-any
function decodeResults(sig: Signature, args: any[], ctx: Context) {
  let result: Record<string, number | string> | undefined;
  sig.params.forEach((p, i) => {
    try {
      if (p.type === "out16") (result ??= {})[p.name] = ctx.memory.getU16(args[i]);
      else if (p.type === "out32") (result ??= {})[p.name] = ctx.memory.getU32(args[i]);
      else if (p.type === "out64") (result ??= {})[p.name] = u64(ctx.memory.getU64(args[i]));
    } catch {
      // the call succeeded, so the pointer was valid; nothing to add otherwise
    }
  });
  return result;
}

const EVENT_TYPES = ["clock", "fd_read", "fd_write"] as const;

function eventType(tag: number): TraceSubscription["type"] {
  return EVENT_TYPES[tag] ?? "unknown";
}

function decodeSubscriptions(
  ctx: Context,
  layout: SubscriptionLayout,
  // deno-lint-ignore no-explicit-any
  args: any[],
): TraceSubscription[] {
  const [inPtr, , n] = args as number[];
  const subs: TraceSubscription[] = [];
  try {
    const m = ctx.memory;
    // More than poll_oneoff takes: the call answers INVAL, reading none of them.
    if (n >>> 0 > MAX_SUBSCRIPTIONS) return subs;
    for (let i = 0; i < n >>> 0; i++) {
      const p = (inPtr >>> 0) + i * layout.size;
      const tag = m.getU8(p + SUBSCRIPTION_TAG);
      const sub: TraceSubscription = {
        userdata: u64(m.getU64(p + SUBSCRIPTION_USERDATA)),
        type: eventType(tag),
      };
      if (tag === Eventtype.CLOCK) {
        sub.clock = String(enumName(Clockid, m.getU32(p + layout.clockId)));
        sub.timeout_ns = u64(m.getU64(p + layout.clockTimeout));
        sub.abstime = (m.getU16(p + layout.clockFlags) & Subclockflags.ABSTIME) !== 0;
      } else if (tag === Eventtype.FD_READ || tag === Eventtype.FD_WRITE) {
        sub.fd = m.getU32(p + SUBSCRIPTION_FD);
      }
      subs.push(sub);
    }
  } catch {
    // out of bounds: the call answers FAULT; show what could be read
  }
  return subs;
}

function decodeEvents(ctx: Context, outPtr: number, n: number): TraceEvent[] {
  const events: TraceEvent[] = [];
  const m = ctx.memory;
  for (let i = 0; i < n; i++) {
    const p = (outPtr >>> 0) + i * EVENT_SIZE;
    const tag = m.getU8(p + EVENT_TYPE);
    const event: TraceEvent = {
      userdata: u64(m.getU64(p + EVENT_USERDATA)),
      type: eventType(tag),
      error: errnoName(m.getU16(p + EVENT_ERROR)),
    };
    if (tag !== Eventtype.CLOCK) {
      event.nbytes = u64(m.getU64(p + EVENT_NBYTES));
      event.flags = flagNames(Eventrwflags, m.getU16(p + EVENT_FLAGS));
    }
    events.push(event);
  }
  return events;
}

/**
 * The one-line text form of a record (`--trace`): time since start, the
 * call with its arguments, the errno and results, and the duration, e.g.
 * `12.345ms fd_read(fd=0, iovs={1 iovec, 4096 bytes}) = AGAIN (no data yet, host read started) <0.010ms>`.
 */
export function formatText(r: TraceRecord): string {
  let line = `${r.t_ms.toFixed(3)}ms ${callName(r)}(${textArgs(r.call, r.args)})`;
  if (r.subscriptions) line += ` subscriptions=[${r.subscriptions.map(textSub).join(", ")}]`;
  if (r.exit !== undefined) line += ` -> exit ${r.exit}`;
  else if (r.error !== undefined) line += ` -> threw ${r.error}`;
  else line += ` = ${r.errno}`;
  for (const [k, v] of Object.entries(r.result ?? {})) line += ` ${k}=${v}`;
  if (r.events) line += ` events=[${r.events.map(textEvent).join(", ")}]`;
  if (r.reason) line += ` (${r.reason})`;
  if (r.woke) line += ` [woke: ${r.woke} after ${(r.wait_us! / 1000).toFixed(3)}ms]`;
  return `${line} <${(r.dur_us / 1000).toFixed(3)}ms>`;
}

/** The call as the text trace and `--stats` name it: `wasi_unstable.NAME` for a preview0 import. */
function callName(r: TraceRecord): string {
  return r.module ? `${r.module}.${r.call}` : r.call;
}

/**
 * A call with its decoded arguments as the text trace prints it, e.g.
 * `fd_write(fd=1, iovs={2 iovecs, 30 bytes})`: how an internal error names
 * the call that raised it.
 */
// deno-lint-ignore no-explicit-any
export function describeCall(sig: Signature, args: any[], ctx: Context): string {
  return `${sig.name}(${textArgs(sig.name, decodeArgs(sig, args, ctx))})`;
}

function textArgs(call: string, args: Record<string, TraceValue>): string {
  stringParams ??= new Map(
    SIGNATURES.map((
      s,
    ) => [s.name, new Set(s.params.filter((p) => p.type === "str").map((p) => p.name))]),
  );
  const strings = stringParams.get(call);
  return Object.entries(args)
    .map(([k, v]) => `${k}=${strings?.has(k) ? JSON.stringify(v) : textValue(v)}`)
    .join(", ");
}

/** For each call, its parameters that are guest strings (quoted in text); made at the first trace line, not at every start. */
let stringParams: Map<string, Set<string>> | undefined;

function textValue(v: TraceValue): string {
  if (typeof v === "string" || typeof v === "number") return String(v);
  if (Array.isArray(v)) return v.length ? v.join("|") : "0";
  return `{${v.count} iovec${v.count === 1 ? "" : "s"}, ${v.bytes} bytes}`;
}

function textSub(s: TraceSubscription): string {
  if (s.type === "clock") {
    return `${s.userdata}:clock ${s.clock} ${s.abstime ? "at" : "in"} ${s.timeout_ns}ns`;
  }
  return s.fd === undefined ? `${s.userdata}:${s.type}` : `${s.userdata}:${s.type} fd=${s.fd}`;
}

function textEvent(e: TraceEvent): string {
  let s = `${e.userdata}:${e.type}`;
  if (e.error !== "SUCCESS") s += ` ${e.error}`;
  if (e.nbytes !== undefined) s += ` nbytes=${e.nbytes}`;
  if (e.flags?.length) s += ` ${e.flags.join("|")}`;
  return s;
}

/** The results that count bytes moved, for `--stats`. */
const BYTE_COUNTS = ["nread", "nwritten", "ro_datalen", "so_datalen"];

interface CallStats {
  calls: number;
  errors: number;
  totalUs: number;
  bytes: number;
  waitUs: number;
}

/**
 * Per-call totals in the spirit of `strace -c` (`--stats`): calls, errors,
 * total and mean time, bytes moved, time suspended waiting.
 */
export class TraceStats {
  readonly #calls = new Map<string, CallStats>();

  /** Counts one record. */
  add(r: TraceRecord): void {
    const name = callName(r);
    let s = this.#calls.get(name);
    if (!s) this.#calls.set(name, s = { calls: 0, errors: 0, totalUs: 0, bytes: 0, waitUs: 0 });
    s.calls++;
    if (r.errno !== undefined && r.errno !== "SUCCESS") s.errors++;
    s.totalUs += r.dur_us;
    s.waitUs += r.wait_us ?? 0;
    for (const key of BYTE_COUNTS) {
      const n = r.result?.[key];
      if (typeof n === "number") s.bytes += n;
    }
  }

  /** The table: a header row, one row per call name (most total time first), a total row. */
  format(): string {
    const rows = [...this.#calls].sort((a, b) => b[1].totalUs - a[1].totalUs);
    const total: CallStats = { calls: 0, errors: 0, totalUs: 0, bytes: 0, waitUs: 0 };
    for (const [, s] of rows) {
      total.calls += s.calls;
      total.errors += s.errors;
      total.totalUs += s.totalUs;
      total.bytes += s.bytes;
      total.waitUs += s.waitUs;
    }
    const cells = (name: string, s: CallStats) => [
      name,
      String(s.calls),
      String(s.errors),
      (s.totalUs / 1000).toFixed(3),
      s.calls ? (s.totalUs / s.calls).toFixed(1) : "0.0",
      String(s.bytes),
      (s.waitUs / 1000).toFixed(3),
    ];
    const table = [
      ["call", "calls", "errors", "total_ms", "mean_us", "bytes", "waited_ms"],
      ...rows.map(([name, s]) => cells(name, s)),
      cells("total", total),
    ];
    const widths = table[0].map((_, i) => Math.max(...table.map((row) => row[i].length)));
    const line = (row: string[]) =>
      row.map((cell, i) => i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i])).join("  ");
    const rule = widths.map((w) => "-".repeat(w)).join("  ");
    return [line(table[0]), rule, ...table.slice(1, -1).map(line), rule, line(table.at(-1)!)]
      .join("\n");
  }
}
