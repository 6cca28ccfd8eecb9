/**
 * The guest's stdin, stdout and stderr: an input and an output stream kind.
 * Each runs either synchronously (regular files, /dev/null: always ready) or
 * through the readiness layer (terminals, pipes, sockets, Web streams).
 */
import { Errno } from "../abi/errno.ts";
import { Fdflags, Filetype, Rights, Whence } from "../abi/types.ts";
import { ProcExit, SIGPIPE_EXIT } from "../context.ts";
import { hostErrno, tryHost } from "../host/errors.ts";
import * as host from "../host/stdio.ts";
import * as hostFs from "../host/fs.ts";
import { ignoreFileSizeSignal } from "../host/fs.ts";
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
import { openFifo } from "./fifo.ts";
import { Readahead, WriteQueue } from "./readiness.ts";

export { SIGPIPE_EXIT };

const FILETYPE: Record<host.StdioKind, Filetype> = {
  file: Filetype.REGULAR_FILE,
  directory: Filetype.DIRECTORY,
  block: Filetype.BLOCK_DEVICE,
  device: Filetype.CHARACTER_DEVICE,
  tty: Filetype.CHARACTER_DEVICE,
  pipe: Filetype.UNKNOWN,
  socket: Filetype.SOCKET_STREAM,
  closed: Filetype.UNKNOWN,
};

const READ_RIGHTS = Rights.FD_READ | Rights.POLL_FD_READWRITE | Rights.FD_FDSTAT_SET_FLAGS |
  Rights.FD_FILESTAT_GET;
const WRITE_RIGHTS = Rights.FD_WRITE | Rights.POLL_FD_READWRITE | Rights.FD_FDSTAT_SET_FLAGS |
  Rights.FD_FILESTAT_GET;

/** Reads that never wait: `read` fills `dst` now and returns the count (0 = EOF). */
type SyncSource = (dst: Uint8Array) => number;
/** Writes that never wait: `write` takes some of `src` now and returns the count. */
type SyncSink = (src: Uint8Array) => number;

/**
 * fd_filestat_get of a stream over a host fd: the host's own answer for a
 * file (its size, times, link count and inode), under the stream's file type.
 * A pipe, socket or character device keeps its device, inode and link count,
 * but its size and times read 0, as wasmtime answers for stdio (and the
 * official wasi-testsuite asks): they say nothing about a stream.
 */
function hostFilestat(fd: number | undefined, filetype: Filetype): Filestat | undefined {
  if (fd === undefined) return undefined;
  let stat: Filestat;
  try {
    stat = hostFs.fstat(fd);
  } catch {
    return undefined;
  }
  const onDisk = stat.filetype === Filetype.REGULAR_FILE ||
    stat.filetype === Filetype.DIRECTORY || stat.filetype === Filetype.BLOCK_DEVICE;
  return onDisk
    ? { ...stat, filetype }
    : { ...stat, filetype, size: 0n, atim: 0n, mtim: 0n, ctim: 0n };
}

/**
 * How a stream fd seeks: not at all (a pipe, a terminal, a socket: ESPIPE),
 * always to 0 (a character device that is no terminal, /dev/null: what
 * lseek(2) answers there), or as the host file it is on does (stdin or
 * stdout on a regular file: the host fd's own offset, which the shell that
 * opened it shares, as for a native program; wasmtime refuses, wazero and
 * node:wasi seek). FD_SEEK and FD_TELL come with the last two, and are also
 * what tells wasi-libc's isatty() a device is no terminal.
 */
export type Seeking = "none" | "device" | "file";

const SEEK_RIGHTS = Rights.FD_SEEK | Rights.FD_TELL;

const seekingOf = (kind: host.StdioKind): Seeking =>
  kind === "device"
    ? "device"
    : kind === "file" || kind === "directory" || kind === "block"
    ? "file"
    : "none";

/**
 * What a stream fd on a regular file can do besides: sync and advise, and
 * for output set its times and grow or cut it, on the host fd (a native
 * program's stdout on a file fsyncs; Go's `os.Stdout.Sync()` there answered
 * EBADF).
 */
const FILE_RIGHTS = SEEK_RIGHTS | Rights.FD_SYNC | Rights.FD_DATASYNC | Rights.FD_ADVISE;
/**
 * Output only: a file handed over for reading (`< in`) stays as it was, its
 * times included, as a read-only preopen's files do (natively its owner
 * could re-time it through the fd; wasmtime refuses all of these).
 */
const FILE_OUTPUT_RIGHTS = Rights.FD_ALLOCATE | Rights.FD_FILESTAT_SET_SIZE |
  Rights.FD_FILESTAT_SET_TIMES;

/** What the guest's stdin and its stdout and stderr share: the host fd behind them, and how they seek. */
export abstract class StreamFd extends Fd {
  readonly filetype: Filetype;
  /** The host fd behind it, when there is one (fd_filestat_get asks it). */
  hostFd: number | undefined;
  readonly #seeking: Seeking;

  constructor(filetype: Filetype, rights: bigint, seeking: Seeking) {
    super();
    this.filetype = filetype;
    this.#seeking = seeking;
    this.rightsBase = seeking === "none"
      ? rights
      : seeking === "device"
      ? rights | SEEK_RIGHTS
      : rights | FILE_RIGHTS | (rights & Rights.FD_WRITE ? FILE_OUTPUT_RIGHTS : 0n);
  }

  /**
   * On a file, APPEND is the host fd's O_APPEND (`>>`), switched on the
   * description the shell shares, as a native program's fcntl would; on a
   * pipe, terminal or socket it means nothing and is only kept.
   */
  override setFdflags(flags: number): Errno {
    const fd = this.onFile;
    const append = (flags & Fdflags.APPEND) !== 0;
    if (fd !== undefined && append !== ((this.fdflags & Fdflags.APPEND) !== 0)) {
      const errno = tryHost(() => hostFs.setSharedAppend(fd, append))[1];
      if (errno) return errno;
    }
    this.fdflags = flags;
    return Errno.SUCCESS;
  }

  /** The host fd when it is on a regular file (stdin or stdout on a file). */
  get onFile(): number | undefined {
    return this.#seeking === "file" ? this.hostFd : undefined;
  }

  override seek(offset: bigint, whence: number): [bigint, Errno] {
    const seeking = this.#seeking;
    if (seeking === "none" || (seeking === "file" && this.hostFd === undefined)) {
      return [0n, Errno.SPIPE];
    }
    const right = offset === 0n && whence === Whence.CUR ? Rights.FD_TELL : Rights.FD_SEEK;
    if (!this.allows(right)) return [0n, Errno.NOTCAPABLE];
    if (whence > Whence.END) return [0n, Errno.INVAL];
    if (seeking === "device") return [0n, Errno.SUCCESS];
    const [position, errno] = tryHost(() => hostFs.seekShared(this.hostFd!, offset, whence));
    return [position ?? 0n, errno];
  }

  /**
   * fd_pread and fd_pwrite on a file or a device (`</dev/null`: pread(2)
   * reads 0 there, /dev/zero zeros): at `offset`, the fd's own offset
   * unmoved; every other stream answers ESPIPE (an offset past off_t
   * EINVAL first, as Linux checks it before the fd).
   */
  protected at(
    bufs: Uint8Array[],
    offset: bigint,
    right: bigint,
    call: (fd: number, buf: Uint8Array, pos: number) => number,
  ): [number, Errno] {
    if (offset > MAX_I64) return [0, Errno.INVAL];
    const fd = this.#seeking === "device" ? this.hostFd : this.onFile;
    if (fd === undefined) return [0, Errno.SPIPE];
    if (!this.allows(right | Rights.FD_SEEK)) return [0, Errno.NOTCAPABLE];
    // Past off_t, or ending there: EINVAL before anything moves, as Linux answers (with FFI the
    // kernel says so; without, the checks below would say EOF or EFBIG), and as FileFd does.
    if (offset > MAX_I64 || (offset > hostFs.MAX_OFFSET && overflows(offset, bufs))) {
      return [0, Errno.INVAL];
    }
    let total = 0;
    for (const buf of bufs) {
      if (buf.length === 0) continue;
      const pos = offset + BigInt(total);
      const far = pos > hostFs.MAX_OFFSET;
      // Past what a number holds, without FFI: nothing to read there; a write would make the file too big.
      if (far && !hostFs.farOffsets()) {
        return [total, total > 0 || right === Rights.FD_READ ? Errno.SUCCESS : Errno.FBIG];
      }
      const farCall = right === Rights.FD_READ ? hostFs.preadFar : hostFs.pwriteFar;
      const [n, errno] = tryHost(() => far ? farCall(fd, buf, pos) : call(fd, buf, Number(pos)));
      if (n === undefined) return total > 0 ? [total, Errno.SUCCESS] : [0, errno];
      total += n;
      if (n < buf.length) break;
    }
    return [total, Errno.SUCCESS];
  }

  override filestat(): [Filestat, Errno] {
    const stat = hostFilestat(this.hostFd, this.filetype);
    return stat ? [stat, Errno.SUCCESS] : super.filestat();
  }

  override sync(dataOnly: boolean): Errno {
    const fd = this.onFile;
    if (fd === undefined) return Errno.BADF;
    return tryHost(() => dataOnly ? hostFs.fdatasync(fd) : hostFs.fsync(fd))[1];
  }

  /** Advice is only advice (as for a file path_open opened). */
  override advise(_offset: bigint, _len: bigint, _advice: number): Errno {
    return this.onFile === undefined ? Errno.BADF : Errno.SUCCESS;
  }
}

/** A read-only stream fd (the guest's stdin). */
export class InputFd extends StreamFd {
  readonly #sync: SyncSource | undefined;
  readonly #readahead: Readahead | undefined;
  readonly #onClose: (() => void) | undefined;

  constructor(
    filetype: Filetype,
    source: SyncSource | Readahead,
    onClose?: () => void,
    seeking: Seeking = "none",
  ) {
    super(filetype, READ_RIGHTS, seeking);
    if (source instanceof Readahead) this.#readahead = source;
    else this.#sync = source;
    this.#onClose = onClose;
  }

  override waitsFor(direction: Direction): boolean {
    return direction === "read" && this.#readahead !== undefined;
  }

  override read(bufs: Uint8Array[]): [number, Errno] {
    const blocking = (this.fdflags & Fdflags.NONBLOCK) === 0;
    if (this.#readahead) return this.#readahead.read(bufs, blocking);
    const sync = this.#sync!;
    let total = 0;
    try {
      for (let i = 0; i < bufs.length; i++) { // no iterator, no closure: see OutputFd.#writeNow
        const buf = bufs[i];
        if (buf.length === 0) continue;
        const n = total === 0 ? untilTaken(sync, buf, blocking, READ_PAUSE_MS) : sync(buf);
        total += n;
        if (n < buf.length) break;
      }
    } catch (e) {
      if (total > 0) return [total, Errno.SUCCESS];
      return [0, hostErrno(e)];
    }
    return [total, Errno.SUCCESS];
  }

  override ready(direction: Direction, patientMs = 0): Promise<void> | undefined {
    return direction === "read" ? this.#readahead?.ready(undefined, patientMs) : undefined;
  }

  /** Reads that are not tried on the host at once (no FFI: Node; a stream) learn of data late. */
  override readinessLags(direction: Direction): boolean {
    return direction === "read" && this.#readahead !== undefined && !this.#readahead.triesNow;
  }

  override poll(direction: Direction, brief = false): PollState | undefined {
    if (direction === "write") return { nbytes: 0n, hangup: false, errno: Errno.BADF };
    const ra = this.#readahead;
    if (!ra) return { nbytes: 0n, hangup: false };
    if (!ra.readyNow(brief)) return undefined;
    return { nbytes: BigInt(ra.buffered), hangup: ra.hungUp };
  }

  override pread(bufs: Uint8Array[], offset: bigint): [number, Errno] {
    return this.at(bufs, offset, Rights.FD_READ, hostFs.pread);
  }

  override close(): Errno {
    this.#onClose?.();
    return Errno.SUCCESS;
  }
}

/**
 * Queues whose EPIPE (`sigpipe` false) or a socket's ECONNRESET reached the
 * guest: output lost since is no news to it. By queue, not by fd: the fds on
 * one pipe (`2>&1`) share a queue, and an EPIPE told through fd 1 is news of
 * fd 2's pipe too.
 */
const toldOfLoss = new WeakSet<WriteQueue>();

/**
 * A broken pipe the guest was told of is the host's to answer again at the
 * next write or poll (WriteQueue.forgetBrokenPipe: a FIFO's next reader);
 * forgotten, it is no longer told, and output lost after it is news again.
 */
function askAgainIfTold(queue: WriteQueue): void {
  // The errno first: every write comes here, and nearly every one finds SUCCESS.
  if (queue.errno === Errno.PIPE && toldOfLoss.has(queue) && queue.forgetBrokenPipe()) {
    toldOfLoss.delete(queue);
  }
}

/**
 * `op(buf)`, a synchronous read or write; a blocking guest's waits out EAGAIN
 * on this thread (host.retryAgainSync), as read(2) and write(2) on a
 * blocking description would wait: a terminal or device whose description
 * someone else made O_NONBLOCK (a crashed Node program leaves a terminal
 * so; a parent, /dev/kmsg) answered EAGAIN to a guest that never asked for
 * it, an internal error (helper-193). A non-blocking guest gets the EAGAIN.
 */
function untilTaken(
  op: (buf: Uint8Array) => number,
  buf: Uint8Array,
  blocking: boolean,
  maxPauseMs: number,
): number {
  return blocking ? host.retryAgainSync(op, buf, maxPauseMs) : op(buf);
}

/** A terminal drains in moments: its writes look again every ms. */
const WRITE_PAUSE_MS = 1;
/** A device may have nothing for long: its reads back off to Bun's polled waits' pace. */
const READ_PAUSE_MS = host.MAX_POLLED_WAIT_MS;

/** A write-only stream fd (the guest's stdout or stderr). */
export class OutputFd extends StreamFd {
  readonly #sync: SyncSink | undefined;
  readonly #queue: WriteQueue | undefined;
  /** Run at close, once its output is out; resolves to `false` when that close lost output. */
  readonly #onClose: (() => void | Promise<void | boolean>) | undefined;
  /**
   * A write into a pipe whose reader is gone ends the guest with status 141,
   * as SIGPIPE ends a native program; false (WasiOptions' `sigpipe:
   * "ignore"`): it answers EPIPE, as to a native program that ignores SIGPIPE.
   */
  sigpipe = true;

  constructor(
    filetype: Filetype,
    sink: SyncSink | WriteQueue,
    onClose?: () => void | Promise<void | boolean>,
    seeking: Seeking = "none",
  ) {
    super(filetype, WRITE_RIGHTS, seeking);
    if (sink instanceof WriteQueue) this.#queue = sink;
    else this.#sync = sink;
    this.#onClose = onClose;
  }

  override waitsFor(direction: Direction): boolean {
    return direction === "write" && this.#queue !== undefined;
  }

  override write(bufs: Uint8Array[]): [number, Errno] {
    return this.#queue ? this.#writeQueued(this.#queue, bufs) : this.#writeNow(bufs);
  }

  #writeQueued(queue: WriteQueue, bufs: Uint8Array[]): [number, Errno] {
    askAgainIfTold(queue);
    const written = queue.write(bufs, (this.fdflags & Fdflags.NONBLOCK) === 0);
    const errno = this.#failure(written[1]);
    if (errno === Errno.SUCCESS) return written; // the queue's answer as it is: no second tuple
    const n = written[0];
    if (errno === Errno.CONNRESET) {
      // A socket whose peer reset it: send(2) answers the reset once, then EPIPE (and
      // SIGPIPE). Told, the guest knows its output is lost: its own exit status stands.
      if (toldOfLoss.has(queue)) return [n, this.#brokenPipe()];
      toldOfLoss.add(queue);
      return [n, errno];
    }
    return [n, errno === Errno.PIPE ? this.#brokenPipe() : errno];
  }

  /**
   * A write to a file, a terminal or a device, made now. No iterator, no
   * closure, and one answer made in one place (V8 then makes none where it
   * inlines this into the caller): each was garbage on every call, and a
   * guest deep in its recursion pays for each scavenge in proportion to its
   * stack, which V8 scans whole (16 MiB of stack: 4.6 s, 0.25 s without).
   */
  #writeNow(bufs: Uint8Array[]): [number, Errno] {
    if (this.fdflags & Fdflags.APPEND) bufs = appendedTogether(bufs);
    const blocking = (this.fdflags & Fdflags.NONBLOCK) === 0;
    const sync = this.#sync!;
    let total = 0;
    let errno: Errno = Errno.SUCCESS;
    try {
      for (let i = 0; i < bufs.length; i++) {
        const buf = bufs[i];
        if (buf.length === 0) continue;
        // Most writes take all at once: no view made then. What a write took counts at once:
        // one that fails after a short one (a disk now full) tells the guest of those bytes.
        let off = untilTaken(sync, buf, blocking, WRITE_PAUSE_MS);
        total += off;
        while (off < buf.length) {
          const n = untilTaken(sync, buf.subarray(off), blocking, WRITE_PAUSE_MS);
          off += n;
          total += n;
        }
      }
    } catch (e) {
      if (total === 0) errno = hostErrno(e); // else the bytes taken: the next write meets it
    }
    return [total, errno];
  }

  /** What fails now stays the queue's, for {@linkcode lostWhileWaiting} to answer: not told here. */
  override writeMore(bufs: Uint8Array[]): [number, Errno] {
    const queue = this.#queue;
    if (!queue || queue.errno !== Errno.SUCCESS) return this.write(bufs);
    return queue.write(bufs, (this.fdflags & Fdflags.NONBLOCK) === 0);
  }

  override ready(direction: Direction): Promise<void> | undefined {
    return direction === "write" ? this.#queue?.ready() : undefined;
  }

  override written(): Promise<void> | undefined {
    return this.#queue?.written();
  }

  /** A full queue drains in the background: room shows up through the event loop. */
  override readinessLags(direction: Direction): boolean {
    return direction === "write" && this.#queue !== undefined;
  }

  /**
   * The host's stderr: where a runtime's crash dump goes, written without
   * waiting and lost at its first AGAIN (Go's). Its full queue always gets
   * its moment ({@linkcode lagBeforeAgain}); stdout's only after an AGAIN the
   * guest did not wait on, which keeps a fast non-blocking writer's pace.
   */
  diagnostics = false;

  /**
   * AGAIN the first time, so that a guest that waits for room (Go's os
   * package: a poll_oneoff) keeps its pace; a moment's wait the next time
   * if it did not poll this fd since (Go's runtime printing a crash dump,
   * which drops what AGAIN refuses, and never waits). The host's stderr
   * waits every time.
   */
  override lagBeforeAgain(direction: Direction): boolean {
    if (this.diagnostics && direction === "write" && this.#queue) return true;
    return super.lagBeforeAgain(direction);
  }

  override poll(direction: Direction): PollState | undefined {
    if (direction === "read") return { nbytes: 0n, hangup: false, errno: Errno.BADF };
    const q = this.#queue;
    if (!q) return { nbytes: 0n, hangup: false };
    askAgainIfTold(q);
    if (!q.writable) return undefined;
    if (q.hungUp) return { nbytes: 0n, hangup: true };
    return { nbytes: BigInt(q.room), hangup: false };
  }

  override pwrite(bufs: Uint8Array[], offset: bigint): [number, Errno] {
    return this.at(bufs, offset, Rights.FD_WRITE, hostFs.pwrite);
  }

  override setTimes(atim: hostFs.TimeSpec, mtim: hostFs.TimeSpec): Errno {
    const fd = this.onFile;
    if (fd === undefined) return Errno.BADF;
    return tryHost(() => hostFs.setFdTimes(fd, atim, mtim))[1];
  }

  override setSize(size: bigint): Errno {
    const fd = this.onFile;
    if (fd === undefined) return Errno.BADF;
    return sizeErrno(size) || tryHost(() => hostFs.truncate(fd, size))[1];
  }

  override allocate(offset: bigint, len: bigint): Errno {
    const fd = this.onFile;
    if (fd === undefined) return Errno.BADF;
    const size = (): [bigint, Errno] => {
      const [stat, err] = tryHost(() => hostFs.fstat(fd));
      return stat ? [stat.size, Errno.SUCCESS] : [0n, err];
    };
    return allocateRange(fd, offset, len, size, (end) => this.setSize(end));
  }

  override flush(): Promise<void> {
    return this.#queue?.flush() ?? Promise.resolve();
  }

  /**
   * What met a blocking write's queued rest. CONNRESET (not yet told) says
   * the caller returns what was written (lib/syscalls/_transfer.ts,
   * afterWait), as send(2) returns what it had sent: the next write answers
   * TCP's reset, or a Unix socket's EPIPE. A pipe's write is signalled at once.
   */
  override lostWhileWaiting(): Errno {
    const queue = this.#queue;
    if (!queue) return Errno.SUCCESS;
    const errno = this.#failure(queue.errno);
    if (errno === Errno.PIPE) {
      if (this.filetype !== Filetype.SOCKET_STREAM || toldOfLoss.has(queue)) {
        return this.#brokenPipe();
      }
      toldOfLoss.add(queue); // the next write's EPIPE tells it
      return Errno.CONNRESET;
    }
    return errno === Errno.CONNRESET && !toldOfLoss.has(queue) ? Errno.CONNRESET : Errno.SUCCESS;
  }

  /**
   * A Unix-domain stream socket? Set for a stdout or stderr socket (queuedOutput),
   * asked once its peer has gone: Linux answers a writer there with EPIPE,
   * never with the ECONNRESET it leaves for poll(2) and SO_ERROR when the
   * reader closed with bytes unread (a native build of testdata/c/reset.c on
   * a socketpair: SIGPIPE at the first write after), where TCP's send(2)
   * answers the reset once.
   */
  unixSocket: (() => boolean) | undefined;

  #failure(errno: Errno): Errno {
    return errno === Errno.CONNRESET && this.unixSocket?.() ? Errno.PIPE : errno;
  }

  /**
   * EPIPE: a native program writing to a pipe nobody reads dies of SIGPIPE,
   * quietly (`prog | head -1`); so does the guest, unless it ignores it.
   */
  #brokenPipe(): Errno {
    if (this.sigpipe) throw new ProcExit(SIGPIPE_EXIT);
    toldOfLoss.add(this.#queue!);
    return Errno.PIPE;
  }

  /** Unless the output's EPIPE reached the guest (then it knew). */
  override onLost(lost: () => void): void {
    const queue = this.#queue;
    if (!queue || this.#stopListening) return;
    this.#stopListening = queue.whenFailed(lost, () => {
      if (!toldOfLoss.has(queue) && !this.#failsQuietly) lost();
    });
  }

  /**
   * Stops {@linkcode onLost}'s listening, once this fd's bytes are out or
   * lost (at close: a loss of what it had queued still ends the run).
   */
  #stopListening: (() => void) | undefined;

  override get drained(): number {
    return this.#queue?.drained ?? 0;
  }

  override get outputLost(): boolean {
    if (this.#lostAtClose) return true;
    const queue = this.#queue;
    return queue !== undefined && queue.errno !== Errno.SUCCESS && !toldOfLoss.has(queue) &&
      !this.#failsQuietly;
  }

  /** A Web stream whose own close failed: what it had taken may never have reached its end. */
  #lostAtClose = false;

  /**
   * A socket whose peer went while queued bytes waited (a blocking write's
   * rest): natively that write returned what it had sent, no signal, and the
   * next one answers ECONNRESET or EPIPE ({@linkcode write}); a guest that
   * writes no more exits with its own status, not SIGPIPE's (a native build
   * of testdata/c/reset.c `big`: 3). A pipe's write is signalled at once.
   */
  get #failsQuietly(): boolean {
    return this.filetype === Filetype.SOCKET_STREAM;
  }

  override close(): Errno {
    const onClose = this.#onClose;
    const stop = this.#stopListening;
    if (onClose || stop) {
      const flushed = this.flush();
      if (stop) flushed.then(stop);
      if (onClose) {
        this.#closing = flushed.then(onClose).then((closed) => {
          if (closed === false) this.#lostAtClose = true;
        });
      }
    }
    return Errno.SUCCESS;
  }

  override get closing(): Promise<void> | undefined {
    return this.#closing;
  }
  #closing: Promise<void> | undefined;
}

/** Input from a host fd (0, or a file the embedder opened). */
export function hostInput(fd: number, onClose?: () => void): InputFd {
  const kind = host.stdioKind(fd);
  const waits = kind === "tty" || kind === "pipe" || kind === "socket";
  const input = waits
    ? streamingInput(fd, kind, onClose)
    : new InputFd(FILETYPE[kind], (dst) => host.readSync(fd, dst), onClose, seekingOf(kind));
  input.hostFd = fd;
  return input;
}

function streamingInput(fd: number, kind: host.StdioKind, onClose?: () => void): InputFd {
  // Sockets cannot be reopened privately: they keep the pool alone.
  const now = kind === "socket" ? undefined : host.nonBlocking(fd, "read", kind);
  // Node (no `nonBlocking`): every read takes what the pipe or terminal has
  // now (data or EOF) straight into the guest's buffer, as read(2) would;
  // only "nothing now" waits on libuv's readiness (RATIONALE.md, "Reading
  // stdin on Node"). A terminal's too: a read ahead of the guest took the
  // lines typed for the shell (lost once the guest ended), and the read(2)
  // of a background job is what stops it (SIGTTIN), as natively. Made now
  // (it opens nothing until it reads), as it says what it can do;
  // elsewhere made at the first wait: a reader that never waits costs nothing.
  let reader = !now && kind !== "socket" && host.readerTriesNow ? host.reader(fd) : undefined;
  const wait = now?.waitingRead ?? ((dst) => (reader ??= host.reader(fd)).read(dst));
  const source = new Readahead(wait, {
    tryNow: now?.read ?? reader?.tryNow,
    // A socket is read on the pool, a read at a time: without a chunk ahead, small reads
    // (a byte, a line's 16) took a pool trip each (helper-195: 0.09 → 3.7 s for 1.3 MB).
    readsAhead: kind === "socket",
    eofOnce: kind === "tty",
    waitBriefly: now?.waitBriefly,
    peek: now?.peek ?? reader?.peek,
    waitReadable: now?.waitReadable ?? reader?.waitReadable,
  });
  return new InputFd(FILETYPE[kind], source, () => {
    now?.close();
    reader?.close();
    onClose?.();
  });
}

/**
 * The write queue of each pipe or socket some output fd writes to, by what
 * it is open on (host.streamIdentity): fds on one pipe (`2>&1`) share one
 * queue, so that bytes reach the pipe in the order the guest wrote them,
 * whichever fd each went through (a queued tail of stdout is not overtaken
 * by a later stderr line that finds its own queue empty).
 */
const queues = new Map<string, { queue: WriteQueue; users: number; close: () => void }>();

/** Output to a host fd (1, 2, or a file the embedder opened). */
export function hostOutput(fd: number, onClose?: () => void): OutputFd {
  const kind = host.stdioKind(fd);
  // Terminals are written synchronously: they keep stdout and stderr in
  // order and practically never hold a writer back.
  const output = kind === "pipe" || kind === "socket"
    ? queuedOutput(fd, kind, onClose)
    : new OutputFd(
      FILETYPE[kind],
      (src) => host.writeSync(fd, src, kind),
      onClose,
      seekingOf(kind),
    );
  output.hostFd = fd;
  output.diagnostics = fd === 2;
  if (kind === "file") {
    ignoreFileSizeSignal(); // growing it past RLIMIT_FSIZE is EFBIG
    if (hostFs.appends(fd)) output.fdflags |= Fdflags.APPEND;
  }
  return output;
}

function queuedOutput(fd: number, kind: host.StdioKind, onClose?: () => void): OutputFd {
  const id = host.streamIdentity(fd);
  let shared = id === undefined ? undefined : queues.get(id);
  if (!shared) {
    const now = kind === "pipe" ? host.nonBlocking(fd, "write") : undefined;
    // Node (no `nonBlocking`): libuv's writes, not the pool's (host.writer).
    const node = kind === "pipe" && !now ? host.writer(fd) : undefined;
    // A socket's every write is a send(2) whose answer is seen (its reset, which a send takes).
    const socket = kind === "socket" ? host.socketOutput(fd) : undefined;
    const wait = now?.waitingWrite ?? node?.write ?? socket?.waitingWrite ??
      ((src) => host.write(fd, src));
    // What the pipe or socket takes goes out at once; only the rest waits in the queue, and a
    // non-blocking write that found it full is refused and waits on the kernel's readiness.
    const writeNow = now?.write ?? node?.writeNow ?? socket?.write;
    const readiness = now?.writeReadiness ?? node?.readiness ?? socket?.writeReadiness;
    const queue = new WriteQueue(wait, undefined, writeNow, readiness);
    shared = {
      queue,
      users: 0,
      close: () => {
        now?.close();
        node?.close();
      },
    };
    if (id !== undefined) queues.set(id, shared);
  }
  const { queue } = shared;
  shared.users++;
  const output = new OutputFd(FILETYPE[kind], queue, () => {
    // Closed after the queue is flushed (OutputFd.close), by its last user.
    if (--shared.users === 0) {
      shared.close();
      if (id !== undefined && queues.get(id) === shared) queues.delete(id);
    }
    onClose?.();
  });
  if (kind === "socket") {
    let unix: boolean | undefined;
    output.unixSocket = () => unix ??= host.isUnixStreamSocket(fd);
  }
  return output;
}

/**
 * A stdio file whose FIFO waits for its other end: `wait()` resolves to the
 * handle once it has come (nothing waits before the first call);
 * `giveUp()` stops the wait (lib/fd/fifo.ts).
 */
export interface PendingStdio<T extends Fd> {
  wait(): Promise<T>;
  giveUp(): void;
}

/**
 * Input from a host file, opened now and closed with the fd; a FIFO with no
 * writer yet is opened without holding the event loop ({@linkcode PendingStdio}).
 */
export function fileInput(path: string): InputFd | PendingStdio<InputFd> {
  return stdioFile(path, true, (fd) => hostInput(fd, () => host.closeFile(fd)));
}

/** Output to a host file (created or truncated), closed with the fd; a FIFO as for input. */
export function fileOutput(path: string): OutputFd | PendingStdio<OutputFd> {
  return stdioFile(path, false, (fd) => hostOutput(fd, () => host.closeFile(fd)));
}

function stdioFile<T extends Fd>(
  path: string,
  read: boolean,
  handle: (fd: number) => T,
): T | PendingStdio<T> {
  const fifo = openFifo(path, read);
  if (fifo === undefined) return handle(host.openFile(path, read ? "r" : "w"));
  if (typeof fifo === "number") return handle(fifo);
  return { wait: () => fifo.wait().then(handle), giveUp: fifo.giveUp };
}

/** Like /dev/null: reads see EOF, writes vanish. */
export function nullInput(): InputFd {
  return new InputFd(Filetype.CHARACTER_DEVICE, () => 0, undefined, "device");
}

export function nullOutput(): OutputFd {
  return new OutputFd(Filetype.CHARACTER_DEVICE, (src) => src.length, undefined, "device");
}

/**
 * A stdin stream's chunk as bytes: a Uint8Array, another view or an
 * ArrayBuffer, or a string (its UTF-8, as `run()`'s string stdin: a stream
 * piped through a TextDecoderStream gives strings).
 */
function asBytes(chunk: unknown): Uint8Array {
  if (chunk instanceof Uint8Array) return chunk;
  if (typeof chunk === "string") return new TextEncoder().encode(chunk);
  if (ArrayBuffer.isView(chunk)) {
    return new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength);
  }
  if (chunk instanceof ArrayBuffer) return new Uint8Array(chunk);
  const what = chunk === null ? "null" : typeof chunk;
  throw Object.assign(new Error(`stdin stream gave a ${what}, not bytes or a string`), {
    code: "EIO",
  });
}

/** Input from a Web stream, read only when the guest asks, with backpressure. */
export function streamInput(stream: ReadableStream<Uint8Array | string>): InputFd {
  const reader = stream.getReader();
  // A stream that only looks like a Web stream: refused here (options.stdin), not at the
  // first read or at the close (a TypeError out of start()).
  if (typeof reader?.read !== "function" || typeof reader?.cancel !== "function") {
    throw new TypeError("its getReader() gave no reader with read() and cancel()");
  }
  let leftover: Uint8Array | undefined;
  // A string chunk's last high surrogate waits for the next chunk's low one (as
  // TextEncoderStream): a pair cut in two is still one character.
  let surrogate = "";
  const source = async (dst: Uint8Array): Promise<number> => {
    while (!leftover?.length) {
      const { value, done } = await (async () => {
        const result: unknown = await reader.read();
        // A reader's read() that did not give a `{ value, done }` is a failed stream.
        if (typeof result !== "object" || result === null) throw new Error(`read() gave ${result}`);
        return result as ReadableStreamReadResult<unknown>;
      })().catch((e) => {
        throw Object.assign(new Error(`stdin stream failed: ${e}`), { code: "EIO" });
      });
      if (done && !surrogate) return 0;
      const chunk: unknown = done ? "" : value;
      if (typeof chunk === "string") {
        const text = surrogate + chunk;
        const last = text.charCodeAt(text.length - 1);
        surrogate = !done && last >= 0xd800 && last <= 0xdbff ? text.slice(-1) : "";
        leftover = asBytes(surrogate ? text.slice(0, -1) : text);
      } else {
        leftover = asBytes(chunk);
      }
    }
    const n = Math.min(dst.length, leftover.length);
    dst.set(leftover.subarray(0, n));
    leftover = leftover.subarray(n);
    return n;
  };
  return new InputFd(Filetype.UNKNOWN, new Readahead(source, { readsAhead: true }), () => {
    (async () => await reader.cancel())().catch(() => {});
  });
}

/** The queue in front of each output stream in use: stdout and stderr may share one stream. */
const streamQueues = new WeakMap<
  WritableStream<Uint8Array>,
  { queue: WriteQueue; users: number; close: () => Promise<boolean> }
>();

/**
 * Output to a Web stream; the guest waits when the stream applies
 * backpressure. The same stream given for stdout and stderr is written in
 * the guest's order through one queue, and closed by its last user.
 */
export function streamOutput(stream: WritableStream<Uint8Array>): OutputFd {
  let shared = streamQueues.get(stream);
  if (!shared) {
    const writer = stream.getWriter();
    if (typeof writer?.write !== "function" || typeof writer?.close !== "function") {
      throw new TypeError("its getWriter() gave no writer with write() and close()");
    }
    const sink = async (src: Uint8Array): Promise<number> => {
      try {
        // Each write is awaited to its end, which is the backpressure; not `ready`,
        // which a stream with highWaterMark 0 never resolves.
        await writer.write(src);
      } catch (e) {
        // The consumer is gone: for the guest that is a broken pipe.
        throw Object.assign(new Error(`output stream failed: ${e}`), { code: "EPIPE" });
      }
      return src.length;
    };
    // Awaited by the run's end (FdTable.closeAll): a sink may write its last bytes only then
    // (Node's Writable.toWeb resolves each write before its bytes are out), so a close that
    // fails lost output, as a write that fails (false: the run ends with 141, see OutputFd).
    const close = () => (async () => await writer.close())().then(() => true, () => false);
    shared = { queue: new WriteQueue(sink), users: 0, close };
    streamQueues.set(stream, shared);
  }
  const users = shared;
  users.users++;
  return new OutputFd(Filetype.UNKNOWN, users.queue, () => {
    if (--users.users > 0) return;
    streamQueues.delete(stream);
    return users.close();
  });
}
