/**
 * Whether an fd has become readable, answered from memory the kernel shares
 * with the process, without a system call: an io_uring (io_uring(7)) with
 * one poll request for the fd. lib/host/dir_ops_ffi.ts asks it before every
 * use of a directory it keeps open, about its inotify queue, instead of a
 * read(2) of that queue each time (~0.45 µs of a ~3.3 µs stat on Bun).
 *
 * Why the answer is as good as the read: the ring is made with
 * IORING_SETUP_TASKRUN_FLAG and DEFER_TASKRUN, so the kernel sets
 * IORING_SQ_TASKRUN in the ring's shared flags word from the waker's own
 * context: a rename that queues an inotify event wakes the queue's waiters,
 * the poll request among them, and the flag is set before that rename
 * returns (io_uring's io_req_local_work_add, called from the poll's wake
 * function, when the ring's own list of pending work was empty). The
 * completion itself is posted only at this thread's next io_uring_enter
 * ({@linkcode PollRing.rearm}), which also clears the flag and empties that
 * list; until then the flag says so. A poll armed on a queue that already
 * holds events completes at once, in the submitting call. So: armed, flag
 * clear, no completion since the last look: nothing was queued since the
 * poll was armed. (COOP_TASKRUN, Linux 5.19, would do without DEFER_TASKRUN
 * but is not used: its list of pending work is the thread's, shared with
 * any other ring the runtime might have, and the flag is set only when that
 * list was empty.)
 *
 * Needs Linux 6.1 (DEFER_TASKRUN), the io_uring system calls (a seccomp
 * filter or `kernel.io_uring_disabled` may refuse them), and the runtime's
 * FFI (Deno, Bun, Node 26's `node:ffi`): elsewhere {@linkcode PollRing.open}
 * answers `undefined` and the caller reads the queue each time, as before.
 */
import { type FfiArg, type FfiLibrary, LIBC, mapShared, openLibrary, unmapShared } from "./ffi.ts";
import { isBun } from "./runtime.ts";

const SYS_IO_URING_SETUP = 425;
const SYS_IO_URING_ENTER = 426;
const IORING_SETUP_TASKRUN_FLAG = 1 << 9;
const IORING_SETUP_SINGLE_ISSUER = 1 << 12;
const IORING_SETUP_DEFER_TASKRUN = 1 << 13;
/**
 * The ring's work waits for this thread's io_uring_enter (DEFER_TASKRUN, which
 * needs SINGLE_ISSUER), in a list of the ring's own, and touches nothing else
 * this thread does; TASKRUN_FLAG marks it in the ring's flags word.
 */
const SETUP_FLAGS = IORING_SETUP_SINGLE_ISSUER | IORING_SETUP_DEFER_TASKRUN |
  IORING_SETUP_TASKRUN_FLAG;
const IORING_FEAT_SINGLE_MMAP = 1;
const IORING_SQ_TASKRUN = 1 << 2;
const IORING_ENTER_GETEVENTS = 1;
const IORING_OFF_SQES = 0x10000000;
const IORING_OP_POLL_ADD = 6;
const POLLIN = 1;
const ENTRIES = 2;
const SQE_BYTES = 64;
const CQE_BYTES = 16;

/** struct io_uring_params's fields used here, by byte offset. */
const P = {
  sqEntries: 0,
  cqEntries: 4,
  flags: 8,
  features: 20,
  sqTail: 44,
  sqMask: 48,
  sqFlags: 56,
  sqArray: 64,
  cqHead: 80,
  cqTail: 84,
  cqes: 100,
} as const;

type Call = (...args: FfiArg[]) => number;

/** A 64-bit argument as the FFI takes it: a BigInt (Node refuses a number), a number on Bun. */
const i64 = (n: number): FfiArg => isBun ? n : BigInt(n);

export class PollRing {
  readonly #enter: Call;
  readonly #ringFd: number;
  readonly #fd: number;
  /** The rings' shared words, and the indices of the ones read or written here. */
  readonly #words: Int32Array;
  readonly #sqes: Int32Array;
  readonly #sqTail: number;
  readonly #sqMask: number;
  readonly #sqFlags: number;
  readonly #sqArray: number;
  readonly #cqHead: number;
  readonly #cqTail: number;
  /** The completions taken so far (the completion queue's head). */
  #head: number;
  /** Whether a poll request is pending in the kernel. */
  #armed = false;
  /** A call into the ring failed: it answers "maybe" for ever (the caller reads the queue). */
  #broken = false;
  /** {@linkcode close}d: its memory is gone (never read again: #broken is set too). */
  #closed = false;

  private constructor(
    enter: Call,
    ringFd: number,
    fd: number,
    words: Int32Array,
    sqes: Int32Array,
    params: Uint32Array,
  ) {
    this.#enter = enter;
    this.#ringFd = ringFd;
    this.#fd = fd;
    this.#words = words;
    this.#sqes = sqes;
    this.#sqTail = params[P.sqTail / 4] / 4;
    this.#sqMask = words[params[P.sqMask / 4] / 4];
    this.#sqFlags = params[P.sqFlags / 4] / 4;
    this.#sqArray = params[P.sqArray / 4] / 4;
    this.#cqHead = params[P.cqHead / 4] / 4;
    this.#cqTail = params[P.cqTail / 4] / 4;
    this.#head = words[this.#cqHead];
  }

  /** A ring polling `fd` for input, armed; `undefined` where none can be had (see above). */
  static open(fd: number): PollRing | undefined {
    try {
      return PollRing.#open(fd);
    } catch {
      return undefined; // an FFI that refuses the calls: the caller reads the queue instead
    }
  }

  static #open(fd: number): PollRing | undefined {
    const { setup, enter } = ringCalls() ?? {};
    if (!setup || !enter) return undefined;
    const params = new Uint32Array(30); // struct io_uring_params: 120 bytes
    const bytes = new Uint8Array(params.buffer);
    params[P.flags / 4] = SETUP_FLAGS;
    const ringFd = setup.fn.syscall(i64(SYS_IO_URING_SETUP), i64(ENTRIES), bytes);
    if (ringFd < 0) return undefined;
    if (!(params[P.features / 4] & IORING_FEAT_SINGLE_MMAP)) return closeFd(ringFd);
    const sqEntries = params[P.sqEntries / 4], cqEntries = params[P.cqEntries / 4];
    const ringBytes = Math.max(
      params[P.sqArray / 4] + sqEntries * 4,
      params[P.cqes / 4] + cqEntries * CQE_BYTES,
    );
    const rings = mapShared(ringFd, ringBytes, 0);
    const sqes = rings && mapShared(ringFd, sqEntries * SQE_BYTES, IORING_OFF_SQES);
    if (!rings || !sqes) {
      if (rings) unmapShared(rings);
      return closeFd(ringFd);
    }
    const ring = new PollRing(
      enter.fn.syscall as Call,
      ringFd,
      fd,
      new Int32Array(rings),
      new Int32Array(sqes),
      params,
    );
    ring.rearm();
    if (!ring.#broken) return ring;
    ring.close();
    return undefined;
  }

  /**
   * Unmaps the ring and closes it (its poll request, and its hold on the
   * polled file, go with it); {@linkcode fired} is `true` from then on. For
   * an owner done with the polled fd: a ring is an fd and kernel memory,
   * which a thread that ends (a Worker) would otherwise leave behind.
   */
  close(): void {
    if (this.#closed) return;
    this.#closed = this.#broken = true;
    unmapShared(this.#words.buffer as ArrayBuffer);
    unmapShared(this.#sqes.buffer as ArrayBuffer);
    closeFd(this.#ringFd);
  }

  /**
   * Whether `fd` may have become readable since the last {@linkcode rearm}:
   * two loads from shared memory. `false` is certain; `true` asks the caller
   * to look (read the queue), then {@linkcode rearm}.
   */
  fired(): boolean {
    const w = this.#words;
    return this.#broken || (w[this.#sqFlags] & IORING_SQ_TASKRUN) !== 0 ||
      w[this.#cqTail] !== this.#head;
  }

  /**
   * Takes what completed and polls `fd` again, from now on: the caller reads
   * the queue after this (an event queued in between completes the new poll
   * at once, so {@linkcode fired} tells of it).
   */
  rearm(): void {
    if (this.#broken) return;
    const w = this.#words;
    // Runs the ring's pending work on this thread (posting a completion, clearing the flag).
    if (this.#call(0, IORING_ENTER_GETEVENTS) < 0) return;
    const tail = w[this.#cqTail];
    if (tail !== this.#head) {
      this.#armed = false; // the one request, completed
      this.#head = tail;
      w[this.#cqHead] = tail;
    }
    if (this.#armed) return;
    const at = w[this.#sqTail];
    const slot = at & this.#sqMask;
    const sqe = this.#sqes, base = slot * (SQE_BYTES / 4);
    sqe.fill(0, base, base + SQE_BYTES / 4);
    sqe[base] = IORING_OP_POLL_ADD; // opcode, flags 0, ioprio 0
    sqe[base + 1] = this.#fd;
    sqe[base + 7] = POLLIN; // poll32_events
    w[this.#sqArray + slot] = slot;
    w[this.#sqTail] = (at + 1) | 0; // io_uring_enter, a system call, orders the stores
    if (this.#call(1, 0) === 1) this.#armed = true;
    else this.#broken = true;
  }

  /** io_uring_enter(2): its result, or -1 (the ring is broken from then on). */
  #call(submit: number, flags: number): number {
    let r = -1;
    try {
      r = this.#enter(
        i64(SYS_IO_URING_ENTER),
        i64(this.#ringFd),
        i64(submit),
        i64(0),
        i64(flags),
        null,
        i64(0),
      );
    } catch {
      // an FFI that refuses the call: broken, as a failed call
    }
    if (r < 0) this.#broken = true;
    return r;
  }
}

/** io_uring_setup (and close) and io_uring_enter: `syscall` with two signatures, loaded once. */
let calls: { setup: FfiLibrary; enter: FfiLibrary } | null | undefined;

function ringCalls(): { setup: FfiLibrary; enter: FfiLibrary } | undefined {
  if (calls === undefined) {
    const setup = openLibrary(LIBC, {
      syscall: ["i64", "i64", "buffer"],
      close: ["i32"],
    }, { node: true });
    const enter = openLibrary(LIBC, {
      syscall: ["i64", "i64", "i64", "i64", "i64", "buffer", "i64"],
    }, { node: true });
    calls = setup && enter ? { setup, enter } : null;
  }
  return calls ?? undefined;
}

function closeFd(fd: number): undefined {
  ringCalls()?.setup.fn.close(fd);
  return undefined;
}
