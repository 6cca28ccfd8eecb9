/**
 * The readiness layer: what lets a handle that may wait (pipe, terminal,
 * socket, Web stream) answer EAGAIN to a non-blocking guest and a promise to a
 * blocking one. See RATIONALE.md, "EAGAIN and readiness".
 */
import { Errno } from "../abi/errno.ts";
import { errnoOfHost, hostErrno } from "../host/errors.ts";
import type { ReadState } from "../host/libc.ts";
import type { WriteReadiness } from "../host/stdio.ts";

/**
 * A host call that never waits: it moves what it can now between the host
 * and `buf` and answers the count (0 = EOF for a read), or a negated host
 * errno, EAGAIN when it would have to wait (lib/host/stdio.ts, `nonBlocking`).
 */
export type TryNow = (buf: Uint8Array) => number;

/**
 * What a read of a host stream would get now, seen without reading it
 * (poll(2) and FIONREAD: lib/host/stdio.ts, `nonBlocking`): `bytes` waiting
 * (0 also for an error, which the read then answers), `hangup` when the
 * writer is gone and nothing is left; `undefined` when a read would wait.
 */
export type Peek = () => ReadState | undefined;

/** Copies of the guest buffers `bufs` without their first `n` bytes. */
function past(bufs: Uint8Array[], n: number): Uint8Array[] {
  const rest: Uint8Array[] = [];
  for (const buf of bufs) {
    if (n >= buf.length) n -= buf.length;
    else {
      rest.push(n > 0 ? buf.subarray(n) : buf);
      n = 0;
    }
  }
  return rest;
}

let againReason: string | undefined;

/**
 * `Errno.AGAIN`, noting why for the trace: whoever decides that a call would
 * have to wait says it here, in a few words. One store, on the AGAIN path only.
 */
export function again(reason: string): Errno {
  againReason = reason;
  return Errno.AGAIN;
}

/** Why the last AGAIN was answered (see `again`), and forgets it. */
export function takeAgainReason(): string | undefined {
  const reason = againReason;
  againReason = undefined;
  return reason;
}

/** Copies `src` into the guest buffers in order; returns bytes copied. */
export function scatter(src: Uint8Array, bufs: Uint8Array[]): number {
  let off = 0;
  for (const buf of bufs) {
    if (off >= src.length) break;
    const n = Math.min(buf.length, src.length - off);
    buf.set(src.subarray(off, off + n));
    off += n;
  }
  return off;
}

/** Sum of the lengths of `bufs`. */
export function totalLength(bufs: Uint8Array[]): number {
  let n = 0;
  for (const b of bufs) n += b.length;
  return n;
}

/**
 * How many brief waits on the thread ({@linkcode Readahead}'s `waitBriefly`)
 * a stream's blocking reads make in a row before one waits on the event
 * loop again: each blocks it for a moment, and whatever else waits there
 * (a signal's listener, output queued for another fd) gets its turn at
 * least every so many.
 */
export const BRIEF_WAITS = 64;

/**
 * A lazily started reader of at most one bounded chunk. Nothing is read
 * from the source until the guest asks, and then no more than it asked
 * for; a read in flight is never abandoned, its bytes wait here for the
 * next guest read. Only an embedder's stream (`readsAhead`) is read a
 * chunk ahead of the guest; a host fd's bytes the guest did not ask for
 * stay in the pipe or socket for whoever reads it next.
 *
 * With `tryNow`, a read first takes what the host has now straight into the
 * guest's buffers; the `source` (a wait on the runtime's pool) runs only
 * when nothing is there, and no chunk is read ahead (RATIONALE.md, "Pipes
 * without the pool"). Nor does poll_oneoff take more than a read would: it
 * looks with `peek` and waits with `waitReadable` where the host can
 * (nothing read: Deno with FFI, Bun, Node with `node:ffi`), else reads at most
 * what the last non-blocking read asked for, or 1 byte, which the next read
 * returns with what the host has then: the rest stays in the pipe for
 * whoever reads it next, as natively (`(guest; cat) <pipe`).
 */
export class Readahead {
  #source: (dst: Uint8Array) => Promise<number>;
  #size: number;
  #tryNow: TryNow | undefined;
  #chunk: Uint8Array | undefined;
  #eof = false;
  #errno: Errno = Errno.SUCCESS;
  #pending: Promise<void> | undefined;
  readonly #eofOnce: boolean;
  readonly #readsAhead: boolean;
  readonly #waitBriefly: (() => boolean) | undefined;
  /** Brief waits since the last wait on the event loop (see {@linkcode BRIEF_WAITS}). */
  #briefWaits = 0;
  /**
   * What a poll's look or wait reads at most: the size of the last
   * non-blocking read that found nothing, else 1 byte (with `tryNow`).
   */
  #asked: number;
  readonly #peek: Peek | undefined;
  readonly #waitReadable: ((patientMs: number) => Promise<void>) | undefined;
  /** A poll's wait for readability in flight (`waitReadable`): no bytes of the host's in it. */
  #readable: Promise<void> | undefined;
  /** What the last {@linkcode #peekNow} saw, until the next read. */
  #seen: ReturnType<Peek>;
  /** The chunk filled a read of fewer bytes than a guest read may ask: the host may have more. */
  #short = false;

  /**
   * `eofOnce`: a terminal's, whose end of input (Ctrl-D) is one read's
   * answer, not the stream's end: the next read waits for more, as read(2)
   * does there (a pipe's EOF is for good); so is its error (a hangup's
   * EIO). `readsAhead`: once the guest has taken a chunk, the next one is
   * read while it works (not with `tryNow`). `waitBriefly` (with `tryNow`):
   * blocks the thread for a moment until the host has something to read,
   * and says whether it has; a blocking read tries it before it waits on
   * the event loop. `waitReadable` (with `tryNow` and `peek`): settles once
   * `peek` would see something (or the fd is closed), reading nothing: what
   * a poll waits on, so that a guest that polls and then exits without
   * reading leaves every byte for whoever reads next, as poll(2) does.
   */
  constructor(
    source: (dst: Uint8Array) => Promise<number>,
    {
      size = 64 * 1024,
      tryNow,
      eofOnce = false,
      readsAhead = false,
      waitBriefly,
      peek,
      waitReadable,
    }: {
      size?: number;
      tryNow?: TryNow;
      eofOnce?: boolean;
      readsAhead?: boolean;
      waitBriefly?: () => boolean;
      peek?: Peek;
      waitReadable?: (patientMs: number) => Promise<void>;
    } = {},
  ) {
    this.#source = source;
    this.#size = size;
    this.#asked = tryNow ? 1 : size;
    this.#tryNow = tryNow;
    this.#eofOnce = eofOnce;
    this.#readsAhead = readsAhead && !tryNow;
    this.#waitBriefly = waitBriefly;
    this.#peek = tryNow && peek;
    this.#waitReadable = this.#peek && waitReadable;
  }

  /** Data, EOF or an error is there: a read would not wait. */
  get isReady(): boolean {
    return this.#chunk !== undefined || this.#eof || this.#errno !== Errno.SUCCESS;
  }

  /** What a read would get now, as far as is known: the chunk's bytes, else what the last look saw. */
  get buffered(): number {
    return this.#chunk?.length ?? this.#seen?.bytes ?? 0;
  }

  /** Whether a read tries the host at once (`tryNow`), so "nothing yet" is the host's answer now. */
  get triesNow(): boolean {
    return this.#tryNow !== undefined;
  }

  get eof(): boolean {
    return this.#eof && this.#chunk === undefined;
  }

  /** At EOF for good: a hangup for poll_oneoff (a terminal's Ctrl-D is only readable, as in poll(2)). */
  get hungUp(): boolean {
    return this.eof && !this.#eofOnce || this.#chunk === undefined && !!this.#seen?.hangup;
  }

  /**
   * A read's answer after the host's error: for good, but a terminal's is
   * one read's, as read(2)'s: the read that waits through a hangup fails
   * with EIO, the next ones read 0.
   */
  #failure(): [number, Errno] {
    const errno = this.#errno;
    if (this.#eofOnce) this.#errno = Errno.SUCCESS;
    return [0, errno];
  }

  /** A read's answer at EOF; a terminal reads on after it. */
  #endOfInput(): [number, Errno] {
    if (this.#eofOnce) this.#eof = false;
    return [0, Errno.SUCCESS];
  }

  /**
   * `blocking`: the guest's read waits for data, so when the host has none
   * now it may first wait a moment on this thread (`waitBriefly`): a pipe
   * whose writer keeps up then costs no suspension of the guest and no turn
   * of the event loop per read.
   */
  read(bufs: Uint8Array[], blocking = false): [number, Errno] {
    this.#seen = undefined;
    const chunk = this.#chunk;
    if (chunk !== undefined) {
      let n = scatter(chunk, bufs);
      this.#chunk = n < chunk.length ? chunk.subarray(n) : undefined;
      // A poll's byte (or a short wait's few): with what the host has now, as read(2) would.
      if (this.#chunk === undefined && this.#short && this.#tryNow && n < totalLength(bufs)) {
        n += this.#readNow(past(bufs, n))[0];
      }
      // An embedder's stream: fetch the next chunk while the guest works on
      // this one (one chunk of readahead, as documented). Never a host fd's:
      // what the guest did not ask for stays there for whoever reads next.
      if (this.#chunk === undefined && !this.#eof && this.#readsAhead) this.ready();
      return [n, Errno.SUCCESS];
    }
    if (this.#errno !== Errno.SUCCESS) return this.#failure();
    if (this.#eof) return this.#endOfInput();
    if (totalLength(bufs) === 0) return [0, Errno.SUCCESS];
    const inFlight = this.#pending !== undefined;
    if (!inFlight && this.#tryNow) {
      const read = this.#readNowOrSoon(bufs, blocking);
      if (read[0] === 0 && this.#eof) return this.#endOfInput();
      if (read[1] !== Errno.AGAIN) return read;
      // A non-blocking reader waits in poll_oneoff, which starts the host's wait only if it must,
      // for no more than this read asked (as the wait this read once started).
      if (!blocking) {
        this.#asked = totalLength(bufs);
        return [0, again("no data yet")];
      }
    }
    // No more than the guest asked for: the rest stays in the host pipe, for
    // whoever reads it next (`(guest; cat) <pipe`, a shell loop's next command).
    this.ready(totalLength(bufs));
    return [
      0,
      again(inFlight ? "no data yet, host read in flight" : "no data yet, host read started"),
    ];
  }

  /** {@linkcode #readNow}, once more after a brief wait (`brief`) that found something. */
  #readNowOrSoon(bufs: Uint8Array[], brief: boolean): [number, Errno] {
    const read = this.#readNow(bufs);
    return read[1] === Errno.AGAIN && brief && this.#waitedBriefly() ? this.#readNow(bufs) : read;
  }

  /** Whether a brief wait on this thread found something to read (at most BRIEF_WAITS in a row). */
  #waitedBriefly(): boolean {
    if (this.#waitBriefly === undefined || this.#briefWaits >= BRIEF_WAITS) return false;
    this.#briefWaits++;
    return this.#waitBriefly();
  }

  /** What the host has now, straight into `bufs` in order; AGAIN when nothing. */
  #readNow(bufs: Uint8Array[]): [number, Errno] {
    const tryNow = this.#tryNow!;
    let total = 0;
    for (const buf of bufs) {
      if (buf.length === 0) continue;
      const r = tryNow(buf);
      if (r < 0) {
        const errno = errnoOfHost(-r);
        if (total > 0) break;
        if (errno !== Errno.AGAIN && !this.#eofOnce) this.#errno = errno;
        return [0, errno];
      }
      if (r === 0 && total === 0) this.#eof = true;
      total += r;
      if (r < buf.length) break;
    }
    return [total, Errno.SUCCESS];
  }

  /**
   * Settles when data, EOF or an error is there; starts a read if none runs,
   * of at most `want` bytes (a guest read's size; a poll's, `#asked`).
   * `undefined` when a read would not wait now (with tryNow, what the host
   * has now is taken into the chunk first, or with `peek` only seen). A
   * poll's (no `want`) with `waitReadable` waits reading nothing, first
   * `patientMs` on this thread (see {@linkcode Fd.ready}).
   */
  ready(want?: number, patientMs = 0): Promise<void> | undefined {
    if (this.isReady) return undefined;
    const size = Math.max(1, Math.min(want ?? this.#asked, this.#size));
    if (this.#tryNow && this.#pending === undefined && this.#takeNow(size, false)) return undefined;
    if (want === undefined && this.#pending === undefined && this.#waitReadable) {
      this.#briefWaits = 0; // the event loop turns while this waits
      return this.#readable ??= this.#waitReadable(patientMs).finally(() =>
        this.#readable = undefined
      );
    }
    this.#pending ??= this.#fill(size);
    return this.#pending;
  }

  /**
   * For poll_oneoff, with `tryNow`: whether a read would not wait now (after
   * a moment's wait with `brief`), seen with `peek`, else by taking up to
   * `#asked` bytes of what the host has now into the chunk; starting no
   * wait: the poll asks {@linkcode ready} for one only if the guest is to
   * wait. Without `tryNow`, {@linkcode ready}'s answer.
   */
  readyNow(brief: boolean): boolean {
    if (this.isReady) return true;
    if (!this.#tryNow) return this.ready() === undefined;
    return this.#pending === undefined && this.#takeNow(this.#asked, brief);
  }

  /**
   * What the host has now, into the chunk, or with `peek` only seen; whether
   * a read would not wait.
   */
  #takeNow(size: number, brief: boolean): boolean {
    if (this.#peek) return this.#peekNow() || brief && this.#waitedBriefly() && this.#peekNow();
    const buf = (this.#buffer ??= new Uint8Array(this.#size)).subarray(0, size);
    const read = this.#readNowOrSoon([buf], brief);
    if (read[0] > 0) this.#keep(buf, read[0], size);
    return read[1] !== Errno.AGAIN;
  }

  /** Whether a read would not wait now, by the host's word, remembered for {@linkcode buffered}. */
  #peekNow(): boolean {
    this.#seen = this.#peek!();
    return this.#seen !== undefined;
  }

  /** The first `n` bytes of `buf` as the chunk, read by a read of at most `size`. */
  #keep(buf: Uint8Array, n: number, size: number): void {
    this.#chunk = buf.subarray(0, n);
    this.#short = n === size && size < this.#size;
  }

  /** Reused: a fill starts only once the previous chunk is consumed. */
  #buffer: Uint8Array | undefined;

  async #fill(size: number): Promise<void> {
    this.#briefWaits = 0; // the event loop turns while this waits
    const buf = (this.#buffer ??= new Uint8Array(this.#size)).subarray(0, size);
    try {
      const n = await this.#source(buf);
      if (n === 0) this.#eof = true;
      else this.#keep(buf, n, size);
    } catch (e) {
      this.#errno = hostErrno(e);
      if (this.#errno === Errno.AGAIN) this.#errno = Errno.SUCCESS; // spurious: try again later
    } finally {
      this.#pending = undefined;
    }
  }
}

/**
 * What a blocking write queues beyond the room there is: more waits for room
 * (a single write of all of it held two copies: 256 MiB into a pipe, ~600 MB
 * of memory).
 */
export const BLOCKING_MAX = 1 << 20;

/**
 * A bounded write queue drained in the background. A non-blocking guest
 * gets AGAIN when it is full; a blocking one waits for room. `flush()` is
 * what exit awaits so no output is ever lost.
 *
 * With `tryNow`, a write with nothing queued goes straight from the guest's
 * buffers to the host, as much as it takes now; only the rest is queued for
 * the `sink`, and later writes queue behind it (their order). Nothing the
 * host would take waits in the queue: it drains on the event loop, which a
 * guest computing between its writes does not let run, so its output would
 * show only at its next wait, and a signal meanwhile would lose it
 * (RATIONALE.md, "Pipes without the pool").
 */
export class WriteQueue {
  #sink: (src: Uint8Array) => Promise<number>;
  #highWater: number;
  #tryNow: TryNow | undefined;
  #readiness: (() => WriteReadiness | undefined) | undefined;
  #chunks: Uint8Array[] = [];
  #queued = 0;
  #errno: Errno = Errno.SUCCESS;
  #draining: Promise<void> | undefined;
  #room = new Wakeup();
  /** The host refused a non-blocking write: ready again when its readiness says so. */
  #full: WriteReadiness | undefined;
  #kernelWait: Promise<void> | undefined;

  /**
   * `readiness` (with `tryNow`): the host's own word on when a write would
   * go through. Then a non-blocking write takes only what the host takes
   * now, AGAIN when nothing, and nothing of it is queued: a writer told its
   * bytes were written computes on, and queued bytes would wait for the
   * event loop it does not let run (held from the reader; lost if it is
   * killed meanwhile), where natively they are in the pipe.
   */
  constructor(
    sink: (src: Uint8Array) => Promise<number>,
    highWater = 64 * 1024,
    tryNow?: TryNow,
    readiness?: () => WriteReadiness | undefined,
  ) {
    this.#sink = sink;
    this.#highWater = highWater;
    this.#tryNow = tryNow;
    this.#readiness = readiness;
  }

  /**
   * How many queued chunks this queue has written whole: what tells its
   * stalled flush from a slow one (of its own run: another run's output
   * moving says nothing of this one's). A chunk, not each partial write of
   * it: the rest of a blocking write the guest is still in (never answered)
   * is one chunk, which an interrupted run need not wait for, as a native
   * program killed in write(2) never writes it; counted by its partial
   * writes (Deno's), a 50 MB write into a slow but steady reader held a
   * SIGTERM for 148 s where Bun and Node, whose sink writes a chunk in one
   * call, gave it up after 250 ms (helper-150).
   */
  get drained(): number {
    return this.#drained;
  }
  #drained = 0;

  get hasRoom(): boolean {
    return this.#queued < this.#highWater || this.#errno !== Errno.SUCCESS;
  }

  /**
   * Whether a write now would take something (or fail): room in the queue,
   * and in the host, asked at each look where it can say (`readiness`, with
   * nothing queued ahead), as poll(2) asks the kernel: a pipe's reader may
   * leave, and a FIFO's next one come, with no write of ours to tell (a
   * poll of a pipe whose reader had left said room where natively it is
   * POLLERR, unless a write had found the pipe full first).
   */
  get writable(): boolean {
    if (!this.hasRoom) return false;
    if (this.#errno === Errno.SUCCESS) {
      const host = this.#full ?? (this.#draining === undefined ? this.#readiness?.() : undefined);
      if (host) {
        if (!host.now()) {
          this.#full = host; // what ready() waits on
          return false;
        }
        this.#readerGone = host.failed();
      }
    }
    this.#full = undefined;
    return true;
  }
  #readerGone = false;

  get room(): number {
    return Math.max(0, this.#highWater - this.#queued);
  }

  /**
   * Whether the reader is gone: a write failed, or the host, which refused
   * a write, said one would fail once it was ready again (POLLERR: a pipe's
   * reader left while the writer waited for room).
   */
  get hungUp(): boolean {
    return this.#errno !== Errno.SUCCESS || this.#readerGone;
  }

  get errno(): Errno {
    return this.#errno;
  }

  /**
   * Forgets a broken pipe (EPIPE) the guest was told of: the next write and
   * poll ask the host again, as write(2) and poll(2) ask the kernel each
   * time, and a FIFO whose reader left takes writes again once another has
   * opened it (a guest that opened it by path failed for good). Only one a
   * write straight to the host (`tryNow`) met: the sink's failure may have
   * taken the host's writer with it (Node's libuv stream closes its
   * description when a write fails, and `tryNow` wrote on to the number),
   * and stays. Whether it forgot.
   */
  forgetBrokenPipe(): boolean {
    if (this.#errno !== Errno.PIPE || !this.#tryNow || this.#sinkFailed) return false;
    this.#errno = Errno.SUCCESS;
    return true;
  }
  /** The sink failed: its errno is for good ({@linkcode forgetBrokenPipe}). */
  #sinkFailed = false;

  /**
   * Queues the bytes of `bufs`: when `all` (a blocking write, which then
   * waits for room) up to {@linkcode BLOCKING_MAX} more than fit, the caller
   * writing the rest once there is room (lib/syscalls/_transfer.ts); else as
   * many as fit (AGAIN when none do).
   */
  write(bufs: Uint8Array[], all: boolean): [number, Errno] {
    if (this.#errno !== Errno.SUCCESS) return [0, this.#errno];
    if (this.#tryNow && this.#draining === undefined) return this.#writeNow(bufs, all);
    return this.#enqueue(bufs, all, 0);
  }

  /** Straight to the host what it takes now; the rest as {@linkcode write} queues it. */
  #writeNow(bufs: Uint8Array[], all: boolean): [number, Errno] {
    let n = 0;
    for (let i = 0; i < bufs.length; i++) {
      const buf = bufs[i];
      if (buf.length === 0) continue;
      const r = this.#tryNow!(buf);
      if (r < 0) {
        const errno = errnoOfHost(-r);
        if (errno !== Errno.AGAIN) {
          // After bytes of this write went, what it met is the next write's, as write(2) and
          // send(2) answer; kept, unless the host says it again (EPIPE): a socket's reset is
          // answered once, by the call that takes it, and the next one would find EPIPE.
          if (n > 0) {
            if (errno !== Errno.PIPE) this.#errno = errno;
            return [n, Errno.SUCCESS];
          }
          this.#errno = errno;
          return [0, errno];
        }
      }
      const took = Math.max(r, 0);
      n += took;
      if (took > 0) this.#readerGone = false; // a FIFO's new reader
      if (took < buf.length) {
        const full = all ? undefined : this.#readiness?.();
        if (full) {
          // Non-blocking: what the host refused is refused, as write(2) would.
          if (n > 0) return [n, Errno.SUCCESS];
          this.#full = full;
          return [0, again("the kernel's buffer is full")];
        }
        const rest = [buf.subarray(took), ...bufs.slice(i + 1)];
        const [queued, errno] = this.#enqueue(rest, all, n);
        return [n + queued, errno];
      }
    }
    return [n, Errno.SUCCESS];
  }

  /** Queues `bufs` (all, or what fits); `done` bytes of this write already went out. */
  #enqueue(bufs: Uint8Array[], all: boolean, done: number): [number, Errno] {
    let budget = all ? this.room + BLOCKING_MAX : this.room;
    if (budget === 0) {
      return done > 0
        ? [0, Errno.SUCCESS]
        : [0, again(`write queue full (${this.#queued} bytes draining)`)];
    }
    let n = 0;
    for (const buf of bufs) {
      if (budget === 0) break;
      const take = Math.min(buf.length, budget);
      if (take === 0) continue;
      this.#chunks.push(buf.slice(0, take));
      n += take;
      budget -= take;
    }
    this.#queued += n;
    if (n > 0) this.#draining ??= this.#drain();
    return [n, Errno.SUCCESS];
  }

  /** Settles when there is room again (or the sink failed). */
  ready(): Promise<void> | undefined {
    if (!this.hasRoom) return this.#room.wait();
    if (!this.#full || this.#errno !== Errno.SUCCESS) return undefined;
    // Never rejects (a readiness promise may have no one racing it: poll_oneoff's plain turn);
    // a wait that failed counts as ready, and the next write says why.
    const full = this.#full;
    const ready = () => {
      this.#readerGone = full.failed();
      this.#full = undefined;
      this.#kernelWait = undefined;
    };
    return this.#kernelWait ??= full.wait().then(ready, ready);
  }

  /**
   * After a blocking write: with `tryNow`, settles once nothing is queued
   * (all of it is what the host refused: a write(2) would still be blocked
   * in it; held, a guest that computes next would keep it from the reader,
   * and a kill meanwhile would lose it); without, when there is room again.
   */
  written(): Promise<void> | undefined {
    if (!this.#tryNow) return this.ready();
    return this.#draining === undefined ? undefined : this.flush();
  }

  /**
   * Calls `listener` once queued bytes could not reach the sink (a pipe's
   * reader gone), once per `run` (the run's own function, whatever the
   * number of its fds on this queue: `2>&1`); returns how to stop, which the
   * run's last fd here does. The runs of several WASIs on one shared stdout
   * are each told (one callback, overwritten by each, told only the last).
   */
  whenFailed(run: () => void, listener: () => void): () => void {
    const entry = this.#failed.get(run);
    if (entry) entry.fds++;
    else this.#failed.set(run, { listener, fds: 1 });
    let stopped = false;
    return () => {
      if (stopped) return;
      stopped = true;
      const current = this.#failed.get(run);
      if (current && --current.fds === 0) this.#failed.delete(run);
    };
  }
  readonly #failed = new Map<() => void, { listener: () => void; fds: number }>();

  /** Settles when everything queued has reached the sink (or it failed). */
  async flush(): Promise<void> {
    while (this.#draining) await this.#draining;
  }

  async #drain(): Promise<void> {
    try {
      while (this.#chunks.length > 0 && this.#errno === Errno.SUCCESS) {
        const chunk = this.#chunks.length === 1 ? this.#chunks[0] : concat(this.#chunks);
        this.#chunks = [];
        let off = 0;
        while (off < chunk.length) {
          try {
            off += await this.#sink(chunk.subarray(off));
          } catch (e) {
            this.#errno = hostErrno(e);
            this.#sinkFailed = true;
            for (const { listener } of [...this.#failed.values()]) listener();
            break;
          }
        }
        if (off === chunk.length) this.#drained++;
        this.#queued -= chunk.length;
        if (this.hasRoom) this.#room.wake();
      }
    } finally {
      if (this.#errno !== Errno.SUCCESS) {
        this.#chunks = [];
        this.#queued = 0;
      }
      this.#draining = undefined;
      if (this.hasRoom) this.#room.wake();
    }
  }
}

/** The chunks' bytes in one new buffer. */
export function concat(chunks: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(totalLength(chunks));
  let off = 0;
  for (const c of chunks) {
    out.set(c, off);
    off += c.length;
  }
  return out;
}

/**
 * Readiness for push-based sources (a host socket delivers chunks when it
 * likes). The source is paused above the high-water mark and asked for more
 * (`demand`) only when the guest wants data and the inbox is empty or low.
 */
export class Inbox {
  #chunks: Uint8Array[] = [];
  #size = 0;
  #eof = false;
  #errno: Errno = Errno.SUCCESS;
  #readable = new Wakeup();
  #highWater: number;
  #demand: (more: boolean) => void;

  /** `demand(true)` asks the source to deliver, `demand(false)` to pause. */
  constructor(demand: (more: boolean) => void, highWater = 64 * 1024) {
    this.#demand = demand;
    this.#highWater = highWater;
  }

  get isReady(): boolean {
    return this.#size > 0 || this.#eof || this.#errno !== Errno.SUCCESS;
  }

  get buffered(): number {
    return this.#size;
  }

  get eof(): boolean {
    return this.#eof && this.#size === 0;
  }

  /** The source delivered `chunk`. */
  push(chunk: Uint8Array): void {
    this.#chunks.push(chunk);
    this.#size += chunk.length;
    if (this.#size >= this.#highWater) this.#demand(false);
    this.#readable.wake();
  }

  /** The source ended (EOF). */
  end(): void {
    this.#eof = true;
    this.#readable.wake();
  }

  /** The source failed; reads answer `errno` once the buffered bytes are gone. */
  fail(errno: Errno): void {
    if (this.#errno === Errno.SUCCESS) this.#errno = errno;
    this.#readable.wake();
  }

  /** Copies buffered bytes into `bufs`; AGAIN when there are none yet. */
  read(bufs: Uint8Array[], peek = false): [number, Errno] {
    if (this.#size === 0) {
      if (this.#errno !== Errno.SUCCESS) return [0, this.#errno];
      if (this.#eof || totalLength(bufs) === 0) return [0, Errno.SUCCESS];
      this.#demand(true);
      return [0, again("nothing received yet")];
    }
    let n = 0;
    let i = 0;
    let off = 0;
    for (const buf of bufs) {
      let filled = 0;
      while (filled < buf.length && i < this.#chunks.length) {
        const chunk = this.#chunks[i];
        const take = Math.min(buf.length - filled, chunk.length - off);
        buf.set(chunk.subarray(off, off + take), filled);
        filled += take;
        off += take;
        if (off === chunk.length) {
          i++;
          off = 0;
        }
      }
      n += filled;
      if (i === this.#chunks.length) break;
    }
    if (!peek) {
      this.#chunks.splice(0, i);
      if (off > 0) this.#chunks[0] = this.#chunks[0].subarray(off);
      this.#size -= n;
      if (this.#size < this.#highWater / 2 && !this.#eof) this.#demand(true);
    }
    return [n, Errno.SUCCESS];
  }

  /** Settles when a read would not answer AGAIN. */
  ready(): Promise<void> | undefined {
    if (this.isReady) return undefined;
    this.#demand(true);
    return this.#readable.wait();
  }

  /** Settles at the next chunk, EOF or error; `undefined` after EOF or an error, or when full. */
  arrivals(): Promise<void> | undefined {
    if (this.#eof || this.#errno !== Errno.SUCCESS || this.#size >= this.#highWater) {
      return undefined;
    }
    this.#demand(true);
    return this.#readable.wait();
  }
}

/**
 * One promise for a spell of "not ready", shared by everyone who waits in
 * it: a guest polling an idle fd a million times adds no waiter per call
 * (RATIONALE.md, "poll_oneoff").
 */
export class Wakeup {
  #promise: Promise<void> | undefined;
  #resolve: (() => void) | undefined;

  /** Settles at the next {@linkcode wake}. */
  wait(): Promise<void> {
    return this.#promise ??= new Promise((resolve) => this.#resolve = resolve);
  }

  /** Settles the spell's promise, if anyone waits; the next wait starts another. */
  wake(): void {
    const resolve = this.#resolve;
    this.#promise = this.#resolve = undefined;
    resolve?.();
  }
}

/** How a promise {@linkcode race} subscribed to settled: fulfilled or not, and with what. */
export type Settle = (fulfilled: boolean, value: unknown) => void;

/** Everyone waiting now on each promise {@linkcode race} was given. */
const relays = new WeakMap<Promise<unknown>, Set<Settle>>();

/**
 * Adds `settle` to those waiting on `promise`; returns how to leave again
 * (one reaction on the promise, whatever the number of waiters).
 */
export function subscribe(promise: Promise<unknown>, settle: Settle): () => void {
  let waiting = relays.get(promise);
  if (!waiting) {
    waiting = new Set<Settle>();
    relays.set(promise, waiting);
    relay(promise, waiting);
  }
  const set = waiting;
  set.add(settle);
  return () => set.delete(settle);
}

/**
 * The one reaction on `promise`: settles everyone in `set` then. A function
 * of its own, so that the reaction holds only these two: made inside
 * {@linkcode subscribe} it shared that call's context, and so kept the first
 * waiter's `settle`, its race and every promise that race waited on, for as
 * long as the promise stayed pending (an idle socket's: a Go echo server
 * with 2,000 idle connections held ~4 million such closures, 1.0 GB on Node
 * and 1.5 GB on Bun; 150 MB of heap was not enough for 2,000 on Node).
 */
function relay(promise: Promise<unknown>, set: Set<Settle>): void {
  const fire = (fulfilled: boolean) => (value: unknown) => {
    relays.delete(promise);
    for (const s of set) s(fulfilled, value);
    set.clear();
  };
  promise.then(fire(true), fire(false));
}

/**
 * `Promise.race`, leaving nothing behind on the promises that lost.
 * `Promise.race` adds a reaction to each promise, kept until that promise
 * settles; a readiness promise lives as long as its fd is not ready (a socket
 * idle for hours, a pipe nobody writes, the run's interrupt), while a guest
 * may wait on it a million times: each wait's reaction stayed (a Go server
 * with 20 idle keep-alive connections grew to 746 MB in 12 s on Node). Here
 * each promise gets one reaction, which settles whoever waits on it then,
 * and a race that ends leaves the others.
 */
export function race<T>(promises: Promise<T>[]): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const leave: (() => void)[] = [];
    const settle: Settle = (fulfilled, value) => {
      for (const l of leave) l();
      if (fulfilled) resolve(value as T);
      else reject(value);
    };
    for (const p of promises) leave.push(subscribe(p, settle));
  });
}
