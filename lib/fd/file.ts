/**
 * A file opened by path_open: its own host fd, read and written
 * synchronously straight into guest memory at a position kept here (as
 * wasmtime keeps it), so reads and writes are positional `pread`/`pwrite`;
 * a FIFO or a device, which has no position (pread(2) there is ESPIPE), is
 * read and written at its own offset, as a native program does.
 * A regular file is always ready: NONBLOCK is kept (fd_fdstat_get reports
 * it) and changes nothing, no call ever answers EAGAIN (RATIONALE.md, "EAGAIN and readiness").
 */
import { Errno } from "../abi/errno.ts";
import { Fdflags, Filetype, Rights, Whence } from "../abi/types.ts";
import { ProcExit } from "../context.ts";
import { hostErrno, tryHost } from "../host/errors.ts";
import * as host from "../host/fs.ts";
import {
  allocateRange,
  appendedTogether,
  type Direction,
  Fd,
  type Filestat,
  MAX_I64,
  overflows,
  type PollState,
  sizeErrno,
} from "./fd.ts";
import { SIGPIPE_EXIT } from "./stdio.ts";

const SYNC_FLAGS = Fdflags.DSYNC | Fdflags.RSYNC | Fdflags.SYNC;

/**
 * The rights of an opened file: what a regular file can do (wasi-common's
 * regular-file rights: no `path_*` right and no FD_READDIR, which only a
 * directory can use, as the wasi-testsuite's path_filestat requires even
 * when the guest asks for them; wasmtime 49 reports all), less reading when
 * it was not opened for reading and less writing when not for writing.
 */
export function fileRights(readable: boolean, writable: boolean): bigint {
  return FILE_RIGHTS[(readable ? 2 : 0) + (writable ? 1 : 0)];
}

const REGULAR_FILE_RIGHTS = Rights.FD_DATASYNC | Rights.FD_READ | Rights.FD_SEEK |
  Rights.FD_FDSTAT_SET_FLAGS | Rights.FD_SYNC | Rights.FD_TELL | Rights.FD_WRITE |
  Rights.FD_ADVISE | Rights.FD_ALLOCATE | Rights.FD_FILESTAT_GET | Rights.FD_FILESTAT_SET_SIZE |
  Rights.FD_FILESTAT_SET_TIMES | Rights.POLL_FD_READWRITE;

/** {@linkcode fileRights} for [neither, writable, readable, both], made once (no BigInt per open). */
const FILE_RIGHTS = [0, 1, 2, 3].map((i) => {
  let rights = REGULAR_FILE_RIGHTS;
  if (!(i & 2)) rights &= ~Rights.FD_READ;
  if (!(i & 1)) rights &= ~Rights.FD_WRITE;
  return rights;
});

export interface FileMode {
  readable: boolean;
  writable: boolean;
  /** APPEND and the sync flags it was opened with (the host fd has them too), and NONBLOCK. */
  fdflags: number;
  /**
   * Opened through a directory writes are denied in (its errno, as
   * DirFd.writeDenied; SUCCESS otherwise): its data and metadata cannot change.
   */
  writeDenied: Errno;
  /**
   * A FIFO's writer whose reader is gone ends the guest with 141, as a pipe
   * on stdout does (WasiOptions' `sigpipe`); false or absent: EPIPE.
   */
  sigpipe?: boolean;
}

export class FileFd extends Fd {
  readonly filetype: Filetype;
  #hostFd: number;
  /**
   * The file position: a number up to 2^53 − 1 (host.MAX_OFFSET), so that a
   * read or write allocates no BigInt; `#far` instead beyond that.
   */
  #position = 0;
  #far: bigint | undefined;
  readonly #mode: FileMode;
  /** A FIFO or a character device: read(2) and write(2), no position (a FIFO cannot seek). */
  readonly #stream: boolean;
  /** Whether the host fd has O_APPEND: APPEND set where it could not be switched is done here. */
  #hostAppend: boolean;

  constructor(hostFd: number, filetype: Filetype, mode: FileMode) {
    super();
    host.ignoreFileSizeSignal(); // a write past RLIMIT_FSIZE is EFBIG, not death
    this.#hostFd = hostFd;
    this.filetype = filetype;
    this.#mode = mode;
    this.#stream = filetype === Filetype.UNKNOWN || filetype === Filetype.CHARACTER_DEVICE;
    this.fdflags = mode.fdflags;
    this.#hostAppend = (mode.fdflags & Fdflags.APPEND) !== 0;
    if (this.#stream && mode.fdflags & Fdflags.NONBLOCK) this.#setHostNonBlocking(true);
    this.rightsBase = fileRights(mode.readable, mode.writable);
    this.rightsInheriting = this.rightsBase;
  }

  get #append(): boolean {
    return (this.fdflags & Fdflags.APPEND) !== 0;
  }

  override read(bufs: Uint8Array[]): [number, Errno] {
    if (!this.#mode.readable) return [0, Errno.BADF];
    if (!this.allows(Rights.FD_READ)) return [0, Errno.NOTCAPABLE];
    if (this.#stream) return this.#transfer(bufs, host.read);
    if (this.#far !== undefined) {
      const [n, err] = this.#preadv(bufs, this.#far);
      this.#far += BigInt(n);
      return [n, err];
    }
    const read = this.#preadFrom(bufs, this.#position);
    this.#advance(read[0]);
    return read;
  }

  override write(bufs: Uint8Array[]): [number, Errno] {
    if (!this.#mode.writable) return [0, Errno.BADF];
    if (!this.allows(Rights.FD_WRITE)) return [0, Errno.NOTCAPABLE];
    if (this.#stream) {
      const wrote = this.#transfer(bufs, host.write);
      if (wrote[1] === Errno.PIPE && this.#mode.sigpipe) throw new ProcExit(SIGPIPE_EXIT);
      return wrote;
    }
    let far = this.#far, position = this.#position;
    if (this.#append) {
      bufs = appendedTogether(bufs);
      [position, far] = this.#appendAt(far, position);
    }
    const wrote = far === undefined // indexed, not destructured: see path_open
      ? this.#pwriteFrom(bufs, position)
      : this.#pwritev(bufs, far);
    const n = wrote[0];
    if (n === 0) return [0, wrote[1]];
    // An appending write lands at the end, and the position follows it.
    if (this.#append) this.#moveTo(this.#size()[0]);
    else if (far === undefined) this.#advance(n);
    else this.#far = far + BigInt(n);
    return [n, Errno.SUCCESS];
  }

  // An offset past off_t is EINVAL before all else, as Linux checks it before the fd.

  override pread(bufs: Uint8Array[], offset: bigint): [number, Errno] {
    if (offset > MAX_I64) return [0, Errno.INVAL];
    if (!this.#mode.readable) return [0, Errno.BADF];
    if (!this.allows(Rights.FD_READ | Rights.FD_SEEK)) return [0, Errno.NOTCAPABLE];
    return this.#preadv(bufs, offset);
  }

  /** With APPEND the offset is ignored and the bytes go to the end (Linux, and wasmtime). */
  override pwrite(bufs: Uint8Array[], offset: bigint): [number, Errno] {
    if (offset > MAX_I64) return [0, Errno.INVAL];
    if (!this.#mode.writable) return [0, Errno.BADF];
    if (!this.allows(Rights.FD_WRITE | Rights.FD_SEEK)) return [0, Errno.NOTCAPABLE];
    if (this.#append && offset <= MAX_I64 && !overflows(offset, bufs)) {
      bufs = appendedTogether(bufs);
      const [position, far] = this.#appendAt(undefined, 0);
      offset = far ?? BigInt(position);
    }
    return this.#pwritev(bufs, offset);
  }

  /**
   * Where an APPEND write is given to the host, as [position, far]: a host
   * fd with O_APPEND puts the bytes at the end whatever the offset (Linux's
   * pwrite), so 0 (the position, which may be past what node:fs addresses,
   * does not matter); one without (where APPEND could not be set on it) at
   * the size the file has now, not atomic against another writer. The fd's
   * position moves only once something was written.
   */
  #appendAt(far: bigint | undefined, position: number): [number, bigint | undefined] {
    if (this.#hostAppend) return [0, undefined];
    const [size, err] = this.#size();
    if (err) return [position, far];
    return size <= host.MAX_OFFSET ? [Number(size), undefined] : [0, size];
  }

  /** A read or write at the fd's own offset, buffer by buffer until one is short. */
  #transfer(bufs: Uint8Array[], call: (fd: number, buf: Uint8Array) => number): [number, Errno] {
    let total = 0;
    for (const buf of bufs) {
      if (buf.length === 0) continue;
      let n: number;
      try {
        n = call(this.#hostFd, buf);
      } catch (e) {
        return total > 0 ? [total, Errno.SUCCESS] : [0, hostErrno(e)];
      }
      total += n;
      if (n < buf.length) break;
    }
    return [total, Errno.SUCCESS];
  }

  // Offsets up to 2^53 - 1 (host.MAX_OFFSET) go down as numbers: no BigInt,
  // closure or tuple per host call on the common path (a short run spends
  // most of its calls before the JIT has optimised them).

  /** The position as a BigInt. */
  get #offset(): bigint {
    return this.#far ?? BigInt(this.#position);
  }

  #moveTo(position: bigint): void {
    if (position <= host.MAX_OFFSET) {
      this.#position = Number(position);
      this.#far = undefined;
    } else this.#far = position;
  }

  #advance(n: number): void {
    const next = this.#position + n;
    if (next <= Number.MAX_SAFE_INTEGER) this.#position = next;
    else this.#far = BigInt(this.#position) + BigInt(n);
  }

  #preadv(bufs: Uint8Array[], offset: bigint): [number, Errno] {
    if (offset > MAX_I64) return [0, Errno.INVAL];
    if (offset <= host.MAX_OFFSET) return this.#preadFrom(bufs, Number(offset));
    if (overflows(offset, bufs)) return [0, Errno.INVAL];
    return bufs.some((b) => b.length > 0) ? this.#readBeyond(bufs, offset) : [0, Errno.SUCCESS];
  }

  /** Reads from `base`, at most 2^53 − 1. */
  #preadFrom(bufs: Uint8Array[], base: number): [number, Errno] {
    let total = 0;
    for (let i = 0; i < bufs.length; i++) { // no iterator, as path_open's tuples
      const buf = bufs[i];
      if (buf.length === 0) continue;
      if (base + total > Number.MAX_SAFE_INTEGER) {
        if (total > 0) return [total, Errno.SUCCESS];
        return this.#readBeyond(bufs.slice(i), BigInt(base) + BigInt(total));
      }
      const n = this.#preadAt(buf, base + total);
      if (n < 0) return total > 0 ? [total, Errno.SUCCESS] : [0, -n];
      total += n;
      if (n < buf.length) break;
    }
    return [total, Errno.SUCCESS];
  }

  /** pread(2) at `at`: bytes read, or -errno. */
  #preadAt(dst: Uint8Array, at: number): number {
    try {
      return host.pread(this.#hostFd, dst, at);
    } catch (e) {
      return -hostErrno(e);
    }
  }

  /** pwrite(2) at `at`: bytes written, or -errno. */
  #pwriteAt(src: Uint8Array, at: number): number {
    try {
      return host.pwrite(this.#hostFd, src, at);
    } catch (e) {
      return -hostErrno(e);
    }
  }

  /**
   * A read past MAX_OFFSET: through FFI, which takes such an offset exactly;
   * without it (node:fs cannot address it) EOF unless the file is that large.
   */
  #readBeyond(bufs: Uint8Array[], at: bigint): [number, Errno] {
    if (!host.farOffsets()) return this.#size()[0] <= at ? [0, Errno.SUCCESS] : [0, Errno.OVERFLOW];
    let total = 0;
    for (const buf of bufs) {
      if (buf.length === 0) continue;
      let n: number;
      try {
        n = host.preadFar(this.#hostFd, buf, at + BigInt(total));
      } catch (e) {
        return total > 0 ? [total, Errno.SUCCESS] : [0, hostErrno(e)];
      }
      total += n;
      if (n < buf.length) break;
    }
    return [total, Errno.SUCCESS];
  }

  /** A write past MAX_OFFSET: through FFI (see {@linkcode #readBeyond}); without it EFBIG. */
  #writeBeyond(bufs: Uint8Array[], at: bigint): [number, Errno] {
    if (!host.farOffsets()) return [0, bufs.some((b) => b.length > 0) ? Errno.FBIG : Errno.SUCCESS];
    let total = 0;
    for (const buf of bufs) {
      let done = 0;
      while (done < buf.length) {
        let n: number;
        try {
          const src = done === 0 ? buf : buf.subarray(done);
          n = host.pwriteFar(this.#hostFd, src, at + BigInt(total + done));
        } catch (e) {
          return total + done > 0 ? [total + done, Errno.SUCCESS] : [0, hostErrno(e)];
        }
        done += n;
      }
      total += done;
    }
    return [total, Errno.SUCCESS];
  }

  #pwritev(bufs: Uint8Array[], offset: bigint): [number, Errno] {
    if (offset > MAX_I64) return [0, Errno.INVAL];
    if (offset <= host.MAX_OFFSET) return this.#pwriteFrom(bufs, Number(offset));
    if (overflows(offset, bufs)) return [0, Errno.INVAL];
    return this.#writeBeyond(bufs, offset);
  }

  /** Writes from `base`, at most 2^53 − 1. */
  #pwriteFrom(bufs: Uint8Array[], base: number): [number, Errno] {
    let total = 0;
    for (const buf of bufs) {
      let done = 0;
      while (done < buf.length) {
        const at = base + total + done;
        if (at > Number.MAX_SAFE_INTEGER) {
          if (total + done > 0) return [total + done, 0];
          return this.#writeBeyond(bufs.slice(bufs.indexOf(buf)), BigInt(at));
        }
        const n = this.#pwriteAt(done === 0 ? buf : buf.subarray(done), at);
        if (n < 0) return total + done > 0 ? [total + done, 0] : [0, -n];
        done += n;
      }
      total += done;
    }
    return [total, Errno.SUCCESS];
  }

  /** The file's size, or 0 and the host's errno where fstat(2) fails. */
  #size(): [bigint, Errno] {
    const [stat, err] = tryHost(() => host.fstat(this.#hostFd));
    return stat ? [stat.size, Errno.SUCCESS] : [0n, err];
  }

  /**
   * A regular file is always ready (poll_oneoff answers at once). As in
   * wasmtime, a read at the end of the file reports HANGUP; `nbytes` is what
   * is left to read, and 0 (unknown) for writes.
   */
  override poll(direction: Direction): PollState | undefined {
    if (this.#stream) {
      // A FIFO or device: the kernel's word (a FIFO whose writer has not come yet is not ready).
      const seen = host.streamReadiness(this.#hostFd, direction);
      if (seen === undefined) return undefined;
      if (seen !== null) return { nbytes: BigInt(seen.bytes), hangup: seen.hangup };
    }
    if (direction === "write") return { nbytes: 0n, hangup: false };
    const left = this.#size()[0] - this.#offset;
    return { nbytes: left > 0n ? left : 0n, hangup: left <= 0n };
  }

  override seek(offset: bigint, whence: number): [bigint, Errno] {
    const right = offset === 0n && whence === Whence.CUR ? Rights.FD_TELL : Rights.FD_SEEK;
    if (!this.allows(right)) return [0n, Errno.NOTCAPABLE];
    if (this.filetype === Filetype.UNKNOWN) return [0n, Errno.SPIPE];
    let from: bigint;
    if (whence === Whence.SET) from = 0n;
    else if (whence === Whence.CUR) from = this.#offset;
    else if (whence === Whence.END) {
      const [size, err] = this.#size();
      if (err) return [0n, err];
      from = size;
    } else return [0n, Errno.INVAL];
    const position = from + offset;
    if (position < 0n || position > MAX_I64) return [0n, Errno.INVAL];
    this.#moveTo(position);
    return [position, Errno.SUCCESS];
  }

  override filestatInto(out: Uint8Array): boolean {
    return host.fstatInto(this.#hostFd, out);
  }

  override filestat(): [Filestat, Errno] {
    const [stat, err] = tryHost(() => host.fstat(this.#hostFd));
    return stat ? [stat, Errno.SUCCESS] : [super.filestat()[0], err];
  }

  override setSize(size: bigint): Errno {
    if (this.#mode.writeDenied) return this.#mode.writeDenied;
    return sizeErrno(size) || tryHost(() => host.truncate(this.#hostFd, size))[1];
  }

  override setTimes(atim: host.TimeSpec, mtim: host.TimeSpec): Errno {
    if (this.#mode.writeDenied) return this.#mode.writeDenied;
    return tryHost(() => host.setFdTimes(this.#hostFd, atim, mtim))[1];
  }

  override sync(dataOnly: boolean): Errno {
    const fd = this.#hostFd;
    return tryHost(() => dataOnly ? host.fdatasync(fd) : host.fsync(fd))[1];
  }

  /** Advice is only advice: node:fs has no posix_fadvise, so it is accepted and ignored. */
  override advise(_offset: bigint, _len: bigint, _advice: number): Errno {
    return Errno.SUCCESS;
  }

  override allocate(offset: bigint, len: bigint): Errno {
    if (len !== 0n && !this.#mode.writable) return Errno.BADF;
    const size = () => this.#size();
    return allocateRange(this.#hostFd, offset, len, size, (end) => this.setSize(end));
  }

  /**
   * APPEND can be switched (fcntl through FFI, else by reopening the host
   * file through /proc/self/fd, where there is one); the sync flags are fixed at open
   * (INVAL, as wasmtime). NONBLOCK changes nothing on a regular file (it
   * never answers AGAIN) but fd_fdstat_get reports it, as wasmtime and
   * F_GETFL do; on a FIFO or device it is the host fd's own, so that a read
   * or write with nothing to move answers AGAIN, as natively (Go sets it on
   * every file it opens, and waits in poll_oneoff only after an AGAIN: a
   * read of an empty FIFO opened O_RDWR held the whole process).
   */
  override setFdflags(flags: number): Errno {
    if ((flags & SYNC_FLAGS) !== (this.fdflags & SYNC_FLAGS)) return Errno.INVAL;
    const append = (flags & Fdflags.APPEND) !== 0;
    if (append !== this.#hostAppend) {
      const err = this.#reopen(append);
      if (err) return err;
    }
    const nonBlocking = (flags & Fdflags.NONBLOCK) !== 0;
    if (this.#stream && nonBlocking !== ((this.fdflags & Fdflags.NONBLOCK) !== 0)) {
      const err = this.#setHostNonBlocking(nonBlocking);
      if (err) return err;
    }
    this.fdflags = flags;
    return Errno.SUCCESS;
  }

  /**
   * O_NONBLOCK on a FIFO's or device's host fd, this file's own open (not
   * shared with another process). Without FFI (no fcntl) it stays as it
   * was: a read with nothing there then waits, holding the process.
   */
  #setHostNonBlocking(on: boolean): Errno {
    const [, err] = tryHost(() => host.setNonBlocking(this.#hostFd, on));
    return err;
  }

  #reopen(append: boolean): Errno {
    const { readable, writable } = this.#mode;
    let flags = readable && writable ? host.O.RDWR : writable ? host.O.WRONLY : host.O.RDONLY;
    if (this.fdflags & Fdflags.DSYNC) flags |= host.O.DSYNC;
    if (this.fdflags & (Fdflags.SYNC | Fdflags.RSYNC)) flags |= host.O.SYNC;
    const [fd, err] = tryHost(() => host.setAppend(this.#hostFd, append, flags));
    if (fd === undefined) {
      // No fcntl (no FFI) and no reopen (Deno, or Node's --permission, refuses /proc/self/fd):
      // APPEND is then kept here; only a host fd opened with it cannot be made to stop.
      if (err !== Errno.ACCES && err !== Errno.NOENT) return err;
      return append ? Errno.SUCCESS : Errno.NOTSUP;
    }
    this.#hostFd = fd;
    this.#hostAppend = append;
    return Errno.SUCCESS;
  }

  /**
   * A FIFO or device that is not ready: settles once it is (or the fd is
   * closed). One wait a direction, whatever number of polls ask (a guest
   * whose poll_oneoff keeps timing out would otherwise pile them up).
   */
  override ready(direction: Direction): Promise<void> | undefined {
    if (!this.#stream || this.#closed) return undefined;
    const pending = this.#waits[direction];
    if (pending) return pending;
    if (host.streamReadiness(this.#hostFd, direction) !== undefined) return undefined;
    if (this.#waker === undefined) this.#waker = host.waitWaker();
    const wait = host.streamReady(this.#hostFd, direction, () => !this.#closed, this.#waker)
      .finally(() => this.#waits[direction] = undefined);
    return this.#waits[direction] = wait;
  }
  #waits: { read?: Promise<void>; write?: Promise<void> } = {};
  #closed = false;
  /** Deno: what close() wakes the waits with (an eventfd, closed once they are over). */
  #waker: number | undefined;

  override close(): Errno {
    this.#closed = true;
    const waker = this.#waker;
    if (waker !== undefined && waker >= 0) {
      host.wakeWaits(waker);
      const pending = [this.#waits.read, this.#waits.write].filter((w) => w !== undefined);
      Promise.allSettled(pending).then(() => tryHost(() => host.close(waker)));
    }
    try {
      host.close(this.#hostFd);
      return Errno.SUCCESS;
    } catch (e) {
      return hostErrno(e);
    }
  }
}
