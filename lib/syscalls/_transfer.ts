/**
 * The one place that decides how a read or write on an fd that may wait
 * behaves: a non-blocking fd answers AGAIN; a blocking one suspends the
 * guest until the handle is ready and tries again (RATIONALE.md, "EAGAIN
 * and readiness"). Used by fd_read/fd_write and sock_*.
 */
import { Errno } from "../abi/errno.ts";
import { Fdflags } from "../abi/types.ts";
import type { GuestMemory } from "../abi/memory.ts";
import type { Context } from "../context.ts";
import type { Direction, Fd } from "../fd/fd.ts";
import { BLOCKING_MAX, race, totalLength } from "../fd/readiness.ts";
import { ioTurn } from "../host/process.ts";

export function isBlocking(handle: Fd): boolean {
  return (handle.fdflags & Fdflags.NONBLOCK) === 0;
}

/**
 * Runs `attempt` now; on AGAIN from a blocking fd, waits for readiness and
 * tries again. `attempt` re-decodes guest memory each time (a view taken
 * before the wait is not trusted after it).
 */
export function untilReady<T>(
  handle: Fd,
  direction: Direction,
  attempt: () => [T, Errno],
  done: (value: T) => Errno | Promise<Errno>,
): Errno | Promise<Errno> {
  const [value, errno] = attempt();
  if (errno === Errno.AGAIN) {
    if (isBlocking(handle)) return afterReady(handle, direction, attempt, done);
    if (handle.lagBeforeAgain(direction)) return afterTurn(handle, direction, attempt, done);
  }
  return errno || done(value);
}

/**
 * A non-blocking call that spins on AGAIN (Fd.lagBeforeAgain): tried once
 * more after the event loop turned once (or the handle became ready), so
 * that each try lets the host bring what the guest waits for.
 */
async function afterTurn<T>(
  handle: Fd,
  direction: Direction,
  attempt: () => [T, Errno],
  done: (value: T) => Errno | Promise<Errno>,
): Promise<Errno> {
  const ready = handle.ready(direction);
  await (ready ? race([ready, ioTurn()]) : ioTurn());
  const [value, errno] = attempt();
  return errno || done(value);
}

/** Waits until the handle is ready, then runs `attempt` again, until it is not AGAIN. */
async function afterReady<T>(
  handle: Fd,
  direction: Direction,
  attempt: () => [T, Errno],
  done: (value: T) => Errno | Promise<Errno>,
): Promise<Errno> {
  for (;;) {
    await handle.ready(direction);
    const [value, errno] = attempt();
    if (errno === Errno.AGAIN) continue;
    return errno || done(value);
  }
}

/** Reads into the guest's iovecs and stores the count at `countPtr`. */
export function readInto(
  ctx: Context,
  handle: Fd,
  iovs: number,
  iovsLen: number,
  countPtr: number,
): Errno | Promise<Errno> {
  const memory = ctx.memory;
  memory.check(countPtr, 4);
  // The common case without closures: the read could be done now (its tuple
  // indexed, not destructured: see path_open).
  const bufs = memory.iovecs(iovs, iovsLen);
  const into = readTarget(bufs);
  const read = handle.read(into);
  const errno = read[1];
  if (errno === Errno.SUCCESS) {
    spread(into, bufs, read[0]);
    ctx.moves++;
    memory.setU32(countPtr, read[0]);
    return Errno.SUCCESS;
  }
  if (errno !== Errno.AGAIN) return errno;
  const again = (): [number, Errno] => {
    const bufs = memory.iovecs(iovs, iovsLen), into = readTarget(bufs);
    const read = handle.read(into);
    if (read[1] === Errno.SUCCESS) spread(into, bufs, read[0]);
    return read;
  };
  const got = (n: number) => {
    memory.setU32(countPtr, n);
    return Errno.SUCCESS;
  };
  if (isBlocking(handle) || ctx.waitsInPlace(handle)) return afterReady(handle, "read", again, got);
  return handle.lagBeforeAgain("read") ? afterTurn(handle, "read", again, got) : errno;
}

/**
 * Writes the guest's ciovecs and stores the count at `countPtr`. A blocking
 * writer whose bytes filled the handle's queue then waits for room
 * (backpressure), so a fast guest cannot outrun a slow consumer.
 */
export function writeFrom(
  ctx: Context,
  handle: Fd,
  iovs: number,
  iovsLen: number,
  countPtr: number,
): Errno | Promise<Errno> {
  const memory = ctx.memory;
  memory.check(countPtr, 4);
  // The common case without closures: the write could be done now.
  const bufs = joined(memory.iovecs(iovs, iovsLen));
  const written = handle.write(bufs);
  const n = written[0], errno = written[1]; // indexed: see path_open
  if (errno === Errno.SUCCESS) {
    ctx.moves++;
    // A blocking write that a queue took in part (what one queues is bounded) goes on;
    // only one that took BLOCKING_MAX or more can have been cut.
    if (n >= BLOCKING_MAX && isBlocking(handle) && handle.waitsFor("write")) {
      const total = totalLength(bufs);
      if (n < total) return writeRest(memory, handle, iovs, iovsLen, countPtr, n, total);
    }
    return wrote(memory, handle, countPtr, n);
  }
  if (errno !== Errno.AGAIN) return errno;
  if (!isBlocking(handle) && !ctx.waitsInPlace(handle)) {
    // A queue that drains in the background (a pipe's) is full while the event loop has not
    // run: a guest that never waits (Go's runtime printing its crash dump) would get AGAIN for
    // ever though the pipe has room, and that printer drops what AGAIN refuses. So once an
    // AGAIN went unheeded (no poll of the fd since), the write waits a moment for the queue to
    // move, and is AGAIN only if it does not.
    return handle.lagBeforeAgain("write")
      ? writeAfterLag(memory, handle, iovs, iovsLen, countPtr)
      : errno;
  }
  return afterReady(
    handle,
    "write",
    () => handle.write(joined(memory.iovecs(iovs, iovsLen))),
    (n) => wrote(memory, handle, countPtr, n),
  );
}

/** How long a non-blocking write into a full background queue waits for it to move. */
const LAG_MS = 5;

/** A non-blocking write once its handle's queue had {@linkcode LAG_MS} to make room: AGAIN if it did not. */
async function writeAfterLag(
  memory: GuestMemory,
  handle: Fd,
  iovs: number,
  iovsLen: number,
  countPtr: number,
): Promise<Errno> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  await Promise.race([
    handle.ready("write"),
    new Promise<void>((resolve) => timer = setTimeout(resolve, LAG_MS)),
  ]);
  clearTimeout(timer);
  const [n, errno] = handle.write(joined(memory.iovecs(iovs, iovsLen)));
  return errno || wrote(memory, handle, countPtr, n);
}

/**
 * The rest of a blocking write, from byte `done`, as the handle makes room:
 * the guest sees one write of all `total` bytes, as natively, while what is
 * queued at a time stays bounded (a 256 MiB write held two copies of it).
 */
async function writeRest(
  memory: GuestMemory,
  handle: Fd,
  iovs: number,
  iovsLen: number,
  countPtr: number,
  done: number,
  total: number,
): Promise<Errno> {
  while (done < total) {
    await handle.ready("write");
    const lost = handle.lostWhileWaiting();
    if (lost === Errno.CONNRESET) return wrote(memory, handle, countPtr, done); // see afterWait
    if (lost) return lost;
    const [n, errno] = handle.writeMore(skip(memory.iovecs(iovs, iovsLen), done));
    if (errno === Errno.AGAIN) continue;
    if (errno) {
      // A socket's reset met here is the next write's, as after a wait (a TCP peer's reset was
      // this write's ECONNRESET, the next one's EPIPE: SIGPIPE's 141, where natively this write
      // returns what it sent and the next one answers ECONNRESET).
      const met = handle.lostWhileWaiting();
      return met === Errno.CONNRESET ? wrote(memory, handle, countPtr, done) : met || errno;
    }
    done += n;
  }
  return wrote(memory, handle, countPtr, total);
}

/**
 * The most bytes of two or more iovecs that one call copies into one buffer
 * ({@linkcode joined}, {@linkcode readTarget}), so that one host call moves
 * them, as readv(2) and writev(2) do: wasi-libc's stdio gives every flush
 * and every fread two iovecs (its buffer and the caller's bytes), which were
 * two host calls, and two writes of a line into a pipe could interleave with
 * another writer's (writev's is one write, atomic up to PIPE_BUF). Copying
 * this much costs less than a host call; more is moved buffer by buffer.
 */
export const JOIN_MAX = 16 << 10;
const joinBuffer = new Uint8Array(JOIN_MAX);

/**
 * `bufs` as one buffer holding their bytes when two or more hold any and
 * they add up to at most {@linkcode JOIN_MAX}; `bufs` otherwise. The buffer
 * is this module's, valid until the next call: the handle copies what it
 * keeps, as it must from guest memory.
 */
export function joined(bufs: Uint8Array[]): Uint8Array[] {
  const total = joinedLength(bufs);
  if (total < 0) return bufs;
  let off = 0;
  for (let i = 0; i < bufs.length; i++) {
    joinBuffer.set(bufs[i], off);
    off += bufs[i].length;
  }
  return [joinBuffer.subarray(0, total)];
}

/**
 * Where a read into `bufs` goes: into one buffer when {@linkcode joined}
 * would join them ({@linkcode spread} then gives its bytes to `bufs`),
 * else into `bufs`.
 */
export function readTarget(bufs: Uint8Array[]): Uint8Array[] {
  const total = joinedLength(bufs);
  return total < 0 ? bufs : [joinBuffer.subarray(0, total)];
}

/** After `n` bytes were read into `into` ({@linkcode readTarget}): to `bufs` in order, as readv(2) fills them. */
export function spread(into: Uint8Array[], bufs: Uint8Array[], n: number): void {
  if (into === bufs) return;
  const src = into[0];
  for (let i = 0, off = 0; off < n && i < bufs.length; i++) {
    const buf = bufs[i];
    const take = n - off < buf.length ? n - off : buf.length;
    if (take > 0) buf.set(src.subarray(off, off + take));
    off += take;
  }
}

/** The bytes `bufs` hold when {@linkcode joined} joins them; -1 when it does not. */
function joinedLength(bufs: Uint8Array[]): number {
  if (bufs.length < 2) return -1;
  let total = 0, parts = 0;
  for (let i = 0; i < bufs.length; i++) {
    const n = bufs[i].length;
    if (n === 0) continue;
    parts++;
    total += n;
  }
  return parts >= 2 && total <= JOIN_MAX ? total : -1;
}

/** The buffers after the first `n` bytes. */
export function skip(bufs: Uint8Array[], n: number): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (const buf of bufs) {
    if (n >= buf.length) {
      n -= buf.length;
      continue;
    }
    out.push(n > 0 ? buf.subarray(n) : buf);
    n = 0;
  }
  return out;
}

/** Stores the count; a blocking writer then waits for room if the handle has none. */
function wrote(
  memory: GuestMemory,
  handle: Fd,
  countPtr: number,
  n: number,
): Errno | Promise<Errno> {
  memory.setU32(countPtr, n);
  const written = isBlocking(handle) ? handle.written() : undefined;
  return written ? written.then(() => afterWait(handle.lostWhileWaiting())) : Errno.SUCCESS;
}

/**
 * A socket's reset met while a blocking write waited is the next write's to
 * answer: send(2) returns what it had sent, and the next call ECONNRESET.
 */
function afterWait(lost: Errno): Errno {
  return lost === Errno.CONNRESET ? Errno.SUCCESS : lost;
}
