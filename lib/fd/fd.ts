/**
 * The base of every fd kind. Each method answers the errno a file of this
 * kind gets when it cannot do the thing; subclasses override what they
 * support. Methods see bytes and numbers, never guest pointers.
 */
import { Errno } from "../abi/errno.ts";
import { ALL_RIGHTS, type Filetype } from "../abi/types.ts";
import { tryHost } from "../host/errors.ts";
import { farOffsets, growTo, type HostStat, MAX_OFFSET, type TimeSpec } from "../host/fs.ts";
import { concat, totalLength } from "./readiness.ts";

/** What fd_filestat_get and path_filestat_get report (times in nanoseconds). */
export type Filestat = HostStat;

/**
 * What `flush()` answers with nothing pending: one shared settled promise, so
 * that closing a plain file allocates nothing to track (lib/fd/table.ts).
 */
export const FLUSHED: Promise<void> = Promise.resolve();

/** The largest offset or size the host's off_t holds. */
export const MAX_I64 = (1n << 63n) - 1n;

/**
 * Whether a transfer of `bufs` at `offset` would end past 2^63 - 1: Linux
 * answers EINVAL before reading or writing anything (rw_verify_area), and so
 * does wasirun, for an offset high enough to matter (above 2^53).
 */
export function overflows(offset: bigint, bufs: Uint8Array[]): boolean {
  let length = 0;
  for (const buf of bufs) length += buf.length;
  return offset + BigInt(length) > MAX_I64;
}

/** The most bytes of several buffers that {@linkcode appendedTogether} copies into one. */
const APPEND_JOIN_MAX = 1 << 20;

/**
 * An appending write's buffers as one (up to 1 MiB), so that they land at
 * the end together, as writev(2)'s do: buffer by buffer, another process
 * appending to the file could put its bytes between them. (fd_write joins
 * any call's buffers up to 16 KiB: lib/syscalls/_transfer.ts `joined`.)
 */
export function appendedTogether(bufs: Uint8Array[]): Uint8Array[] {
  return bufs.length < 2 || totalLength(bufs) > APPEND_JOIN_MAX ? bufs : [concat(bufs)];
}

/**
 * Whether a host file may take `size` (fd_filestat_set_size): EINVAL past
 * off_t, EFBIG past what the host calls take exactly (MAX_OFFSET, without
 * FFI), else 0 (the host's own limit answers then).
 */
export function sizeErrno(size: bigint): Errno {
  if (size > MAX_I64) return Errno.INVAL;
  return size > MAX_OFFSET && !farOffsets() ? Errno.FBIG : Errno.SUCCESS;
}

/**
 * fd_allocate on the host file `hostFd`: posix_fallocate's contract (the
 * range is readable afterwards) by growing the file to the range's end,
 * blocks not reserved (wasmtime answers ENOTSUP). Through FFI in one call
 * that never shrinks it (host `growTo`); without FFI by a look at its size
 * and `setSize`, so that a writer elsewhere that appends between the two
 * loses what it wrote then (helper-196).
 */
export function allocateRange(
  hostFd: number,
  offset: bigint,
  len: bigint,
  size: () => [bigint, Errno],
  setSize: (size: bigint) => Errno,
): Errno {
  if (len === 0n) return Errno.INVAL;
  const end = offset + len;
  if (end > MAX_I64) return Errno.FBIG;
  const [allocated, errno] = tryHost(() => growTo(hostFd, end));
  if (errno || allocated) return errno;
  const [now, err] = size();
  if (err) return err;
  return end > now ? setSize(end) : Errno.SUCCESS;
}

/** Which way a readiness wait goes. */
export type Direction = "read" | "write";

/** What `poll_oneoff` learns from an fd without waiting. */
export interface PollState {
  /** Bytes that can move now (a lower bound; 0 is allowed at hangup). */
  nbytes: bigint;
  /** The peer is gone: reads see EOF, writes fail. */
  hangup: boolean;
  /** An error to report in the event instead of readiness. */
  errno?: Errno;
}

export abstract class Fd {
  abstract readonly filetype: Filetype;
  /** fdflags as the guest set them (NONBLOCK changes something only where a call may wait). */
  fdflags = 0;
  rightsBase: bigint = ALL_RIGHTS;
  rightsInheriting: bigint = 0n;

  /** Reads what is available now; `Errno.AGAIN` instead of waiting. `[0, SUCCESS]` is EOF. */
  read(_bufs: Uint8Array[]): [number, Errno] {
    return [0, Errno.BADF];
  }

  /** Writes what fits now; `Errno.AGAIN` instead of waiting. */
  write(_bufs: Uint8Array[]): [number, Errno] {
    return [0, Errno.BADF];
  }

  /**
   * The rest of a blocking write some of which this fd took
   * (lib/syscalls/_transfer.ts): as {@linkcode write}, but a failure may be
   * returned untold, the caller then asking {@linkcode lostWhileWaiting}
   * what the guest learns now (write(2) that moved bytes returns their count,
   * and leaves what it met to the next call).
   */
  writeMore(bufs: Uint8Array[]): [number, Errno] {
    return this.write(bufs);
  }

  /**
   * Settles when `read`/`write` would not answer AGAIN (data, room, EOF or an
   * error). `undefined` means "ready now": always-ready kinds never allocate.
   * Never rejects (an error is the next call's answer): poll_oneoff may ask
   * for it without awaiting it. `patientMs`: the caller waits for this fd
   * alone and for no timer sooner, so the host may first wait for it that
   * long on this thread (a poll_oneoff of one fd: lib/host/stdio.ts
   * `patiently`).
   */
  ready(_direction: Direction, _patientMs = 0): Promise<void> | undefined {
    return undefined;
  }

  /**
   * After a blocking write: settles when what it left queued has reached the
   * host, as write(2) returns once the kernel has the bytes (by default,
   * when there is room again). `undefined`: nothing to wait for.
   */
  written(): Promise<void> | undefined {
    return this.ready("write");
  }

  /**
   * Settles when more than is buffered now has arrived (or EOF, or an
   * error); `undefined` when nothing more can come in (sock_recv's
   * PEEK|WAITALL, which waits for all it asked for without taking any).
   */
  arrivals(): Promise<void> | undefined {
    return undefined;
  }

  /**
   * Readiness for poll_oneoff, `undefined` when not ready yet. `brief`: the
   * guest will wait if this is not ready, so a handle may first wait a
   * moment on the thread (a stdin pipe's, lib/fd/readiness.ts `Readahead`).
   */
  poll(_direction: Direction, _brief = false): PollState | undefined {
    return { nbytes: 0n, hangup: false, errno: Errno.BADF };
  }

  /**
   * Whether a "not ready" from {@linkcode poll} may be stale: the readiness
   * arrives through the event loop (a socket, a stream, a pipe read by the
   * runtime), not from a check of the host made now. poll_oneoff lets the
   * loop turn once before it answers without such an fd (lib/syscalls/poll.ts).
   */
  readinessLags(_direction: Direction): boolean {
    return false;
  }

  /**
   * A non-blocking read or write (or accept) found nothing to move: whether
   * to let the event loop move a moment before answering AGAIN
   * (lib/syscalls/_transfer.ts). Yes where readiness comes through the event
   * loop ({@linkcode readinessLags}) and the guest asks again without having
   * polled this fd since its last AGAIN here: it spins on the call, and the
   * loop, which alone brings what it waits for (a socket's bytes, room in a
   * queue), would never run; natively the kernel brings it meanwhile.
   */
  lagBeforeAgain(direction: Direction): boolean {
    if (!this.readinessLags(direction)) return false;
    const bit = direction === "read" ? 1 : 2;
    const unheeded = (this.#againUnpolled & bit) !== 0;
    this.#againUnpolled |= bit;
    return unheeded;
  }

  /** poll_oneoff looked at `direction` of this fd: an AGAIN before was heeded. */
  polled(direction: Direction): void {
    this.#againUnpolled &= direction === "read" ? ~1 : ~2;
  }
  #againUnpolled = 0;

  /**
   * Whether `direction` on this fd may ever have to wait. When no fd of an
   * instance may wait on reads (or writes), fd_read (fd_write) is bound as a
   * plain import, which skips JSPI's per-call cost (bench/RESULTS.md).
   */
  waitsFor(_direction: Direction): boolean {
    return false;
  }

  /**
   * A network socket of wasirun's own (a preopened listener, a connection it
   * accepted): its AGAIN stays where the guest's stdio waits in place
   * (lib/context.ts `waitsInPlace`). A host socket the guest got as stdio is
   * a stream like a pipe, and waits as one.
   */
  get keepsAgain(): boolean {
    return false;
  }

  /** A listening socket: readable means a connection waits (what --trace says woke a poll). */
  get listens(): boolean {
    return false;
  }

  /** fd_fdstat_set_flags. NONBLOCK is kept as set; it changes only what may wait. */
  setFdflags(flags: number): Errno {
    this.fdflags = flags;
    return Errno.SUCCESS;
  }

  seek(_offset: bigint, _whence: number): [bigint, Errno] {
    return [0n, Errno.SPIPE];
  }

  /** fd_pread: reads at `offset` without moving the position. Streams cannot. */
  pread(_bufs: Uint8Array[], _offset: bigint): [number, Errno] {
    return [0, Errno.SPIPE];
  }

  /** fd_pwrite: writes at `offset` without moving the position. Streams cannot. */
  pwrite(_bufs: Uint8Array[], _offset: bigint): [number, Errno] {
    return [0, Errno.SPIPE];
  }

  /**
   * fd_filestat_get's fast path: the guest's filestat written straight into
   * `out` from one host call, where this kind can (a file through FFI);
   * `false` (nothing written): {@linkcode filestat} answers.
   */
  filestatInto(_out: Uint8Array): boolean {
    return false;
  }

  /**
   * fd_filestat_get. A kind with no host file behind it answers what
   * wasmtime answers for stdio: its filetype and zeros.
   */
  filestat(): [Filestat, Errno] {
    const zero = { dev: 0n, ino: 0n, nlink: 0n, size: 0n, atim: 0n, mtim: 0n, ctim: 0n };
    return [{ ...zero, filetype: this.filetype }, Errno.SUCCESS];
  }

  /**
   * Whether output the guest handed over could not be delivered after it was
   * accepted (its consumer failed once the guest's write had returned).
   */
  get outputLost(): boolean {
    return false;
  }

  /**
   * How many writes of output this fd queued have reached their consumer so
   * far (0 where nothing is queued): a flush whose count stops changing has
   * stalled.
   */
  get drained(): number {
    return 0;
  }

  /**
   * `lost` is called when output this fd accepted could not be delivered
   * after all (as {@linkcode outputLost} turns true): never, but where
   * output waits in a queue (a pipe, a socket, a FIFO).
   */
  onLost(_lost: () => void): void {}

  /**
   * After a blocking write waited for room: SUCCESS, or what a native
   * write(2) would have met had it waited for its bytes to go out
   * (CONNRESET: a socket's reset, which that write(2) would have left to the
   * next call, returning what it had sent).
   */
  lostWhileWaiting(): Errno {
    return Errno.SUCCESS;
  }

  /** fd_filestat_set_size. */
  setSize(_size: bigint): Errno {
    return Errno.BADF;
  }

  /** fd_filestat_set_times. */
  setTimes(_atim: TimeSpec, _mtim: TimeSpec): Errno {
    return Errno.BADF;
  }

  /** fd_sync (or fd_datasync when `dataOnly`). */
  sync(_dataOnly: boolean): Errno {
    return Errno.BADF;
  }

  /** fd_advise (`advice` already validated). */
  advise(_offset: bigint, _len: bigint, _advice: number): Errno {
    return Errno.BADF;
  }

  /** fd_allocate. */
  allocate(_offset: bigint, _len: bigint): Errno {
    return Errno.BADF;
  }

  /** Rights the guest gave up with fd_fdstat_set_rights. */
  #dropped = 0n;
  /** Inheriting rights the guest gave up with fd_fdstat_set_rights. */
  #droppedInheriting = 0n;

  /**
   * fd_fdstat_set_rights: rights only ever narrow; asking for one not held
   * is ENOTCAPABLE. Using a right given up here is ENOTCAPABLE too.
   */
  setRights(base: bigint, inheriting: bigint): Errno {
    if ((base & ~this.rightsBase) !== 0n || (inheriting & ~this.rightsInheriting) !== 0n) {
      return Errno.NOTCAPABLE;
    }
    this.#dropped |= this.rightsBase & ~base;
    this.#droppedInheriting |= this.rightsInheriting & ~inheriting;
    this.rightsBase = base;
    this.rightsInheriting = inheriting;
    return Errno.SUCCESS;
  }

  /**
   * Whether the guest kept every right in `rights`. Rights an fd never had
   * are not checked here: the handle answers for what its kind cannot do
   * (EBADF, ESPIPE, ...), as wasmtime does.
   */
  allows(rights: bigint): boolean {
    return (this.#dropped & rights) === 0n;
  }

  /** Whether the guest kept every right in `rights` among those fds opened through this one get. */
  passesOn(rights: bigint): boolean {
    return (this.#droppedInheriting & rights) === 0n;
  }

  /**
   * For a directory opened through `parent`: passes on what `parent` passes
   * on, no more (the inheriting rights it reports, and those given up).
   */
  inheritFrom(parent: Fd): void {
    this.rightsInheriting = parent.rightsInheriting;
    this.#droppedInheriting = parent.#droppedInheriting;
  }

  /** sock_accept: a new connection, AGAIN when none is pending. */
  accept(): [Fd, 0] | [undefined, Errno] {
    return [undefined, Errno.NOTSOCK];
  }

  /** sock_recv: like `read`, optionally leaving the bytes in place (RECV_PEEK). */
  recv(_bufs: Uint8Array[], _peek: boolean): [number, Errno] {
    return [0, Errno.NOTSOCK];
  }

  /** sock_shutdown with SDFLAGS `how`. */
  shutdown(_how: number): Errno {
    return Errno.NOTSOCK;
  }

  /** The guest-visible name when this fd is a preopened directory. */
  prestatName(): Uint8Array | undefined {
    return undefined;
  }

  /** Completes pending writes (exit, close); {@linkcode FLUSHED} when there are none. */
  flush(): Promise<void> {
    return FLUSHED;
  }

  close(): Errno {
    return Errno.SUCCESS;
  }

  /**
   * What closing this fd still waits on after `close()` (a Web stream's own
   * close, which writes its last bytes), if anything.
   */
  get closing(): Promise<void> | undefined {
    return undefined;
  }
}
