/**
 * The host seam for the process's own stdio fds. `node:fs` works the same in
 * Deno and Bun and, unlike Web streams over stdin, never switches the fd to
 * O_NONBLOCK (it is shared with the parent shell). Async writes, and reads on
 * Deno and Bun, run on the runtime's blocking pool, so a waiting pipe or
 * terminal never freezes the event loop; Node reads through libuv's readiness
 * on a private copy of the fd instead ({@linkcode reader}).
 *
 * Where FFI is there (lib/host/libc.ts, {@linkcode streamLibc}), the calls
 * that never wait go straight to read(2)/write(2), and a pipe or terminal
 * gets a private non-blocking description ({@linkcode nonBlocking}) that
 * moves what is there now without the pool; `node:fs` is then loaded only
 * when something has to wait (RATIONALE.md, "Pipes without the pool").
 */
import type * as fs from "node:fs";
import type * as net from "node:net";
import { checkHost } from "./errors.ts";
import {
  EAGAIN,
  EPIPE,
  L,
  libc,
  POLLERR,
  POLLHUP,
  POLLOUT,
  type ReadState,
  readState,
  type StreamLibc,
  streamLibc,
} from "./libc.ts";
import { type PollThread, pollThread } from "./poll_thread.ts";
import { builtin, ioTurn, nodeFs } from "./process.ts";
import { withDefaultActions } from "./signals.ts";
import { isBun, isDeno } from "./runtime.ts";

const ffi = streamLibc();

/** What a host stdio fd is, as far as waiting is concerned. */
export type StdioKind =
  /** A regular file: always ready, read and written synchronously. */
  | "file"
  /** A directory (`< dir`): as a file, but reads fail with EISDIR. */
  | "directory"
  /** A block device: as a file. */
  | "block"
  /** A character device that is not a terminal (e.g. /dev/null): always ready. */
  | "device"
  /** A terminal: reads wait for the user. */
  | "tty"
  /** A pipe or FIFO: reads and writes may wait. */
  | "pipe"
  /** A socket (e.g. under a supervisor): reads and writes may wait. */
  | "socket"
  /** Closed or unusable. */
  | "closed";

export function stdioKind(fd: number): StdioKind {
  if (ffi) return kindOfMode(fd, ffi.mode(fd), ffi.rdevMajor());
  let stat: fs.Stats;
  try {
    stat = nodeFs().fstatSync(fd);
  } catch {
    return "closed";
  }
  if (stat.isFile()) return "file";
  if (stat.isDirectory()) return "directory";
  if (stat.isBlockDevice()) return "block";
  if (stat.isFIFO()) return "pipe";
  if (stat.isSocket()) return "socket";
  if (stat.isCharacterDevice()) return !isMemoryDevice(stat) && isatty(fd) ? "tty" : "device";
  return "file";
}

/**
 * What `fd` is open on ("device:inode": one pipe, socket or terminal gives
 * the same for every fd on it, as `2>&1` makes); `undefined` when unknown.
 */
export function streamIdentity(fd: number): string | undefined {
  if (ffi) {
    const id = ffi.identity(fd);
    return typeof id === "string" ? id : undefined;
  }
  try {
    const stat = nodeFs().fstatSync(fd, { bigint: true });
    return `${stat.dev}:${stat.ino}`;
  } catch {
    return undefined;
  }
}

/**
 * Whether the socket `fd` is a Unix-domain stream socket (its inode is
 * listed in /proc/net/unix, type SOCK_STREAM); false when that cannot be
 * read. Asked only once a peer has gone (lib/fd/stdio.ts, OutputFd): Linux
 * answers a writer there otherwise than on TCP. A SOCK_SEQPACKET one answers
 * as TCP does, ECONNRESET once (unix_dgram_sendmsg reads the error its peer
 * left: a native writer on `socketpair(AF_UNIX, SOCK_SEQPACKET)`).
 */
export function isUnixStreamSocket(fd: number): boolean {
  const id = streamIdentity(fd);
  if (id === undefined) return false;
  const inode = id.slice(id.lastIndexOf(":") + 1);
  try {
    const table: string = nodeFs().readFileSync("/proc/net/unix", "latin1");
    // "Num RefCount Protocol Flags Type St Inode Path": Type 0001 is SOCK_STREAM.
    return table.split("\n").some((line) => {
      const fields = line.trim().split(/\s+/);
      return fields[6] === inode && fields[4] === "0001";
    });
  } catch {
    return false;
  }
}

/** Linux's memory devices (/dev/null, /dev/zero, ...: major 1) are never terminals. */
function isMemoryDevice(stat: fs.Stats): boolean {
  return ((stat.rdev >> 8) & 0xfff) === 1;
}

const S_IFMT = 0o170000;
const KIND_OF_TYPE: Record<number, StdioKind> = {
  0o100000: "file",
  0o040000: "directory",
  0o060000: "block",
  0o010000: "pipe",
  0o140000: "socket",
  0o020000: "device",
};

/** {@linkcode stdioKind} from an `st_mode` (or -errno) and the device's major number. */
function kindOfMode(fd: number, mode: number, rdevMajor: number): StdioKind {
  if (mode < 0) return "closed";
  const kind = KIND_OF_TYPE[mode & S_IFMT] ?? "file";
  return kind === "device" && rdevMajor !== 1 && ffi!.isatty(fd) ? "tty" : kind;
}

/**
 * `node:tty`'s isatty, loaded only when a stdio fd is a character device
 * other than a memory device: importing `node:tty` costs Bun ~10 ms of
 * start-up (RATIONALE.md, "Performance: what we tried").
 */
function isatty(fd: number): boolean {
  if (isDeno && fd <= 2) return [Deno.stdin, Deno.stdout, Deno.stderr][fd].isTerminal();
  return builtin("node:tty").isatty(fd);
}

/** Reads what `fd` has now, waiting if it must (files, devices); throws a host error. */
export function readSync(fd: number, dst: Uint8Array): number {
  if (ffi) return checkHost(ffi.read(fd, dst), "read");
  return nodeFs().readSync(fd, dst, 0, dst.length, null);
}

/**
 * A stdout or stderr socket's writes, on `fd` itself (a socket cannot be
 * reopened privately; its own O_NONBLOCK, shared with whoever handed it
 * over, stays as it is): `write` is one send(2) with `MSG_DONTWAIT |
 * MSG_NOSIGNAL`, the count or -errno (-EAGAIN when full); `waitingWrite`
 * sends again once there is room: on Deno when the kernel's POLLOUT says so
 * ({@linkcode writeReadiness}, a poll(2) on its FFI thread), on Node and Bun
 * after a blocking write of one byte on the pool. Each call's answer is
 * seen, so the socket's pending error (a peer's reset, taken by the call
 * that meets it) always reaches the guest: `node:fs` on Node (libuv) writes
 * again after a partial write and drops what that write met, and a TCP
 * peer's reset reached the guest as SIGPIPE's 141; one byte is never
 * written in part (RATIONALE.md, "Pipes without the pool"). `undefined`
 * where there is no FFI.
 */
export function socketOutput(fd: number): SocketOutput | undefined {
  // Node has no stream calls (its stdio is libuv's), but the sandbox's calls may be there (node:ffi).
  const calls = ffi ?? libc();
  if (!calls) return undefined;
  const send = (src: Uint8Array) => calls.sendNow(fd, src);
  // fd 1 or 2 itself: never closed by us, so a wait on it may outlive the fd's use.
  const streams = ffi;
  const waitOnce = streams?.canWait
    ? () => streams.waitFor(fd, "write", WAIT_SLICE_MS)!
    : undefined;
  const readiness = writeReadiness(fd, () => true, waitOnce);
  return {
    write: send,
    waitingWrite: async (src) => {
      for (;;) {
        const r = send(src);
        if (r !== WOULD_BLOCK) return checkHost(r, "write");
        if (!waitOnce) return await write(fd, src.subarray(0, 1));
        const ready = readiness();
        await (ready ? ready.wait() : new Promise((resolve) => setTimeout(resolve, 1)));
      }
    },
    writeReadiness: readiness,
  };
}

/** A socket's writes ({@linkcode socketOutput}). */
export interface SocketOutput {
  /** What the socket takes now: the count or -errno (-EAGAIN when full). */
  write(src: Uint8Array): number;
  /** Waits for room as long as the socket takes nothing; the count, or throws the host error. */
  waitingWrite(src: Uint8Array): Promise<number>;
  /** The socket's {@linkcode WriteReadiness}, once asked for. */
  writeReadiness: () => WriteReadiness | undefined;
}

/**
 * Writes some of `src` to `fd` (`kind`: what it is), waiting if it must
 * (files, devices, terminals). Deno's fd 1 without FFI is Rust's
 * line-buffered stdout: a terminal there is written in exact pieces, as a
 * socket is ({@linkcode writeDenoStdoutSync}), since one someone else made
 * O_NONBLOCK takes part of a write and refuses the rest.
 */
export function writeSync(fd: number, src: Uint8Array, kind?: StdioKind): number {
  if (ffi) return checkHost(ffi.write(fd, src), "write");
  if (isDeno && kind === "tty" && fd <= 2) {
    // Rust's stderr is unbuffered: one write(2), its count exact. Deno's node:fs writes all,
    // and lost the count of a partial write before an EAGAIN (helper-195: stderr lines twice).
    if (fd === 2) return Deno.stderr.writeSync(src);
    // Always (a C cat of 700,000 lines to a terminal 0.24 → 2.05 s): a write that met the first
    // EAGAIN whole had taken an unknown part (12 KB came twice from a pty read late).
    if (fd === 1) return writeDenoStdoutSync(src, true);
  }
  return nodeFs().writeSync(fd, src, 0, src.length);
}

/**
 * Reads and writes that never wait, on a private open file description of a
 * pipe or terminal (see {@linkcode nonBlocking}). Each answers the count
 * (0 = EOF for a read), `-EAGAIN` when the call would have to wait, or
 * another -errno.
 */
export interface NonBlockingFd {
  read(dst: Uint8Array): number;
  write(src: Uint8Array): number;
  /**
   * Where the host can (Deno): waits without the pool until a read (or a
   * write) would not answer `-EAGAIN`, then makes it.
   */
  waitingRead?(dst: Uint8Array): Promise<number>;
  waitingWrite?(src: Uint8Array): Promise<number>;
  /**
   * The CLI's reads: looks for {@linkcode BRIEF_SPIN_MS}, then blocks this
   * thread up to {@linkcode BRIEF_WAIT_MS}, until a read would not answer
   * `-EAGAIN` (data, the writer's end, an error), and says whether it would
   * now.
   */
  waitBriefly?(): boolean;
  /**
   * What a read would get now, seen by poll(2) and FIONREAD without reading
   * (a poll_oneoff's look: lib/fd/readiness.ts `Readahead`); `undefined`
   * when it would wait.
   */
  peek?(): ReadState | undefined;
  /**
   * Where the host can wait without the pool (Deno, Bun): settles once
   * {@linkcode peek} would see something, or the description is closed,
   * reading nothing (a poll_oneoff's wait); the CLI's first waits up to
   * `patientMs` on this thread. Never rejects.
   */
  waitReadable?(patientMs: number): Promise<void>;
  /** Closes the private description (never the host fd it copies); later calls answer EBADF. */
  close(): void;
  /** A write end's readiness, from the kernel (see {@linkcode WriteReadiness}), once asked for. */
  writeReadiness?: () => WriteReadiness | undefined;
}

/**
 * Whether a write to a pipe's private non-blocking description would go
 * through, from the kernel (poll(2)): what a non-blocking writer waits on
 * after its write found the pipe full, so that nothing it was told was
 * written waits in a queue while it computes (RATIONALE.md, "Pipes without
 * the pool").
 */
export interface WriteReadiness {
  /** Now, without waiting (a failed pipe counts as ready: the write says why). */
  now(): boolean;
  /** Whether a write now would fail, by the kernel's word (POLLERR or POLLHUP: the reader gone). */
  failed(): boolean;
  /** Resolves once {@linkcode now} would say so, or the description is closed. */
  wait(): Promise<void>;
}

/**
 * `own`'s {@linkcode WriteReadiness}, made when first asked for (only a
 * write that found the pipe, or a connection's socket (lib/host/net.ts),
 * full asks; it needs the sandbox's calls, which a run may not have loaded
 * yet), or `undefined` without the calls to ask
 * (Node without `node:ffi`). Deno's wait is passed in: a poll(2) on its FFI
 * thread. Elsewhere the wait looks again after 1, 2, 4 ... up to
 * {@linkcode MAX_POLLED_WAIT_MS} ms, as Bun's polled reads do.
 */
export function writeReadiness(
  own: number,
  isOpen: () => boolean,
  waitOnce?: () => Promise<unknown>,
): () => WriteReadiness | undefined {
  let made: WriteReadiness | null | undefined;
  return () => {
    if (made !== undefined) return made ?? undefined;
    const calls = libc();
    if (!calls) {
      made = null;
      return undefined;
    }
    const now = () => {
      if (!isOpen()) return true;
      const r = calls.pollWritable(own);
      return r < 0 || (r & (POLLOUT | POLLERR | POLLHUP)) !== 0;
    };
    const failed = () => isOpen() && (calls.pollWritable(own) & (POLLERR | POLLHUP)) > 0;
    const wait = async () => {
      await retryPolled(() => now() || undefined, waitOnce);
    };
    return made = { now, failed, wait };
  };
}

/** `-EAGAIN`: what a {@linkcode NonBlockingFd} call answers when it would wait. */
export const WOULD_BLOCK = -EAGAIN;

/**
 * Whether {@linkcode reader}'s `tryNow` reads the host now (Node: what its
 * paused stream holds, else one read(2) of its private non-blocking copy).
 */
export const readerTriesNow: boolean = !isDeno && !isBun;

/**
 * A private non-blocking copy of the pipe or terminal `fd`, or `undefined`
 * where there is none (no FFI, a socket, no /proc, a pipe with no reader).
 * Reopened through /proc/self/fd, it is a new open file description: its
 * O_NONBLOCK is ours, while `fd`'s own description, shared with the parent
 * shell, stays blocking (RATIONALE.md, "Host fds someone else made
 * non-blocking"). `kind`: what `fd` is, where known ({@linkcode stdioKind}).
 */
export function nonBlocking(
  fd: number,
  direction: "read" | "write",
  kind?: StdioKind,
): NonBlockingFd | undefined {
  if (!ffi) return undefined;
  const access = direction === "read" ? L.O_RDONLY : L.O_WRONLY;
  const own = ffi.reopen(fd, access | L.O_NONBLOCK);
  if (own < 0) return undefined;
  const calls = ffi;
  let open = true;
  let grow = true;
  // Deno's waits are poll(2)s on an FFI thread, Bun's a poll thread's: `own`
  // is closed only once none is in flight (a closed number may be reused by
  // the time it returns, and a poll on it would then never end, holding the
  // process open).
  let polling = 0;
  let closed = false;
  const thread = isBun && direction === "read" ? pollThread() : undefined;
  // Deno's polls there watch an eventfd too, which close() wakes: an embedder's process, which
  // waits for them at its end, is not held for a slice (made at the first such wait).
  let wake: number | undefined;
  const release = () => {
    if (!closed) {
      calls.close(own);
      if (wake !== undefined && wake >= 0) calls.close(wake);
    }
    closed = true;
  };
  // The first read or write that would wait grows the pipe (growPipe): whether it did.
  const grown = (r: number) => {
    if (r !== WOULD_BLOCK || !grow) return false;
    grow = false;
    return growPipe(calls, own);
  };
  // A terminal's read may stop the process (SIGTTIN, from the background): with the exit
  // signals' default actions, as natively.
  const readNow = kind === "tty"
    ? (dst: Uint8Array) => withDefaultActions(() => calls.read(own, dst))
    : (dst: Uint8Array) => calls.read(own, dst);
  const nb: NonBlockingFd = {
    // After close the fd number may name another file: never touch it again.
    read: (dst) => {
      if (!open) return -EBADF;
      const r = readNow(dst);
      grown(r);
      return r;
    },
    // A write that grew the pipe is made again, into the room it made: answered EAGAIN, the
    // pipe had room behind the guest's back, and its poll for room said so at once where
    // natively it waits for the reader (a non-blocking writer that fills the pipe, then polls).
    write: (src) => {
      if (!open) return -EBADF;
      const r = calls.write(own, src);
      return grown(r) ? calls.write(own, src) : r;
    },
    close: () => {
      open = false;
      thread?.close();
      if (polling === 0) release();
      else if (wake !== undefined && wake >= 0) calls.wake(wake);
    },
  };
  if (direction === "read") {
    const briefly = () => {
      const spinUntil = performance.now() + BRIEF_SPIN_MS;
      do {
        if (calls.pollReadable(own, 0) !== 0) return true;
      } while (performance.now() < spinUntil);
      return calls.pollReadable(own, BRIEF_WAIT_MS) !== 0;
    };
    nb.waitBriefly = () => exitsExplicitly && open && blocking(briefly);
    nb.peek = peekOf(calls, own, () => open);
  }
  if (direction === "write" && !(isDeno && calls.canWait)) {
    nb.writeReadiness = writeReadiness(own, () => open);
  }
  if (isBun && direction === "write") {
    nb.waitingWrite = bunWaitingWrite(fd, nb, own);
    return nb;
  }
  // One poll(2) off this thread, bounded, so that a wait nobody needs any more (the guest
  // ended) ends soon.
  const waitOnce = async (since = -Infinity) => {
    polling++;
    try {
      await (thread
        ? threadWait(thread, own, since)
        : calls.waitFor(own, direction, WAIT_SLICE_MS, wake ??= calls.eventfd()));
    } finally {
      if (--polling === 0 && !open) release();
    }
  };
  const patiently = (ms = PATIENT_MS) =>
    direction === "read" ? patientWait(calls, own, () => open, ms) : Promise.resolve(false);
  if (direction === "read" && (thread || calls.canWait)) {
    nb.waitReadable = readableWait(calls, own, () => open, patiently, waitOnce);
  }
  // Bun's terminal is read by this thread after the poll thread's wait, not on the pool,
  // whose read(2) would stop the process from the background with the runtime's handlers on.
  if (isBun && !(kind === "tty" && thread)) {
    nb.waitingRead = bunWaitingRead(fd, nb, patiently);
    return nb;
  }
  if (!thread && !calls.canWait) return nb; // no FFI thread: the pool waits
  const waiting = (op: (buf: Uint8Array) => number) => async (buf: Uint8Array) => {
    for (let waited = false;; waited = true) {
      const r = op(buf);
      if (r === 0 && waited && kind === "tty" && hungUp(calls, own)) {
        return checkHost(-EIO, "read");
      }
      if (r !== WOULD_BLOCK) return checkHost(r, direction);
      if (waited || !await patiently()) await waitOnce();
    }
  };
  nb.waitingRead = waiting(nb.read);
  if (thread) return nb;
  nb.waitingWrite = waiting(nb.write);
  if (direction === "write") nb.writeReadiness = writeReadiness(own, () => open, waitOnce);
  return nb;
}

/** `fd`'s {@linkcode NonBlockingFd.peek}; once `isOpen` says no, ready (the read answers EBADF). */
function peekOf(
  calls: Pick<StreamLibc, "pollReadable" | "bytesReadable">,
  fd: number,
  isOpen: () => boolean,
): () => ReadState | undefined {
  return () =>
    isOpen()
      ? readState(calls.pollReadable(fd, 0), () => calls.bytesReadable(fd))
      : { bytes: 0, hangup: false };
}

/**
 * `fd`'s {@linkcode NonBlockingFd.waitReadable}: `patiently` first, then
 * `waitOnce` (one bounded wait off this thread) until `fd` polls readable or
 * `isOpen` says no.
 */
function readableWait(
  calls: Pick<StreamLibc, "pollReadable">,
  fd: number,
  isOpen: () => boolean,
  patiently: (ms: number) => Promise<boolean>,
  waitOnce: (since: number) => Promise<void>,
): (patientMs: number) => Promise<void> {
  return async (patientMs) => {
    const since = performance.now();
    if (calls.pollReadable(fd, 0) !== 0 || await patiently(patientMs)) return;
    while (isOpen() && calls.pollReadable(fd, 0) === 0) await waitOnce(since).catch(() => {});
  };
}

/**
 * The CLI's read waits first up to `ms` on this thread: poll(2)s of at most
 * PATIENT_SLICE_MS, a turn of the event loop between. A co-process's driver
 * that answers within it wakes this thread itself, where the event loop's
 * wake takes a thread hop and a turn (~0.3 ms here: RATIONALE.md, "Pipes
 * without the pool"). Whether a read would not wait now.
 */
async function patientWait(
  calls: Pick<StreamLibc, "pollReadable">,
  fd: number,
  isOpen: () => boolean,
  ms: number,
): Promise<boolean> {
  if (!exitsExplicitly || !(ms > 0)) return false;
  const until = performance.now() + ms;
  for (let left = ms; left > 0 && !ending; left = until - performance.now()) {
    const slice = Math.min(PATIENT_SLICE_MS, Math.floor(left));
    if (!isOpen() || blocking(() => calls.pollReadable(fd, slice)) !== 0) return true;
    await ioTurn();
  }
  return false;
}

/**
 * How long this thread has been blocked in poll(2) waiting for a guest's
 * input (the brief and patient waits), in ms since the start: a call's wait,
 * though the call has not suspended the guest yet (lib/trace.ts).
 */
export function blockedMs(): number {
  return blocked;
}

let blocked = 0;

/** `wait()`, which blocks this thread for a guest's input, its time counted in {@linkcode blockedMs}. */
function blocking<T>(wait: () => T): T {
  const from = performance.now();
  try {
    return wait();
  } finally {
    blocked += performance.now() - from;
  }
}

/**
 * One bounded wait of `thread`'s for `fd`. Its thread takes ~4 ms of this
 * one to start: only for a wait that has lasted PATIENT_MS since `since` (a
 * poll with a short timeout never starts it). Until it is up, 2 ms naps:
 * blocking this thread instead held up the timer that ends the guest's
 * poll. Where it cannot start (Node's `--permission` without
 * `--allow-worker`), naps that grow with the wait, to MAX_POLLED_WAIT_MS (2
 * ms naps for ever cost an idle guest 3.5 times the CPU: helper-202).
 */
function threadWait(thread: PollThread, fd: number, since: number): Promise<void> {
  const waited = performance.now() - since;
  const lasted = waited >= PATIENT_MS;
  const nap = thread.failed ? Math.min(MAX_POLLED_WAIT_MS, Math.max(2, waited / 10)) : 2;
  return (lasted ? thread.waitReadable(fd, WAIT_SLICE_MS) : undefined) ??
    new Promise<void>((resolve) => setTimeout(resolve, nap));
}

/**
 * Whether the terminal `fd` hung up (its session's pty master closed, a
 * modem's line dropped): what a read that waited through the hangup answers
 * EIO for natively, from inside the read (then 0 from the next one, as for a
 * read begun after it). Deno's wait is a poll(2), and the read after it
 * found the hung-up terminal's 0: EOF where a native reader, wasmtime and Bun
 * see EIO (helper-184). A terminal's Ctrl-D is a 0 too, but polls readable
 * only; a hung-up one also polls POLLHUP and POLLERR.
 */
function hungUp(calls: Pick<StreamLibc, "pollReadable">, fd: number): boolean {
  const revents = calls.pollReadable(fd, 0);
  return revents > 0 && (revents & (POLLHUP | POLLERR)) !== 0;
}

const EBADF = 9;
const EIO = 5;
/**
 * How long a blocking read of the CLI's waits for data on the main thread
 * before it waits on the event loop (which costs the guest a suspension and
 * Deno a poll on its FFI thread, ~10-20 µs, where a writer that keeps up
 * brings data within microseconds): RATIONALE.md, "Pipes without the pool".
 */
const BRIEF_WAIT_MS = 1;
/**
 * How long a read of the CLI's then waits on the main thread, in poll(2)s of
 * PATIENT_SLICE_MS with a turn of the event loop between, before the wait off
 * it; a poll_oneoff of stdin alone too (lib/syscalls/poll.ts).
 */
export const PATIENT_MS = 100;
const PATIENT_SLICE_MS = 2;
/**
 * How long that wait first looks without sleeping: a writer that answers at
 * once (a driver's next line) is seen without the wake-up from poll(2)'s
 * sleep, which on this VM costs a line's round trip through a C `cat` ~30
 * µs (RATIONALE.md, "Pipes without the pool").
 */
const BRIEF_SPIN_MS = 0.02;
/** The longest single poll(2) of a Deno wait; the wait goes on in slices while the fd is open. */
export const WAIT_SLICE_MS = 250;
const F_SETPIPE_SZ = 1031;
const F_GETPIPE_SZ = 1032;
/** Linux's default /proc/sys/fs/pipe-max-size: what an unprivileged process may ask for. */
const PIPE_SIZE = 1 << 20;

/**
 * Makes the pipe `fd` holds 1 MiB (from Linux's 64 KiB) once a read found it
 * empty or a write found it full: the other end then goes on while the guest
 * waits to be woken, and finds more at each wake-up. 256 MiB from `head -c`
 * through a C cat: Deno 466 → 342 ms, Bun 538 → 343 (native cat ~310). Only
 * ever grown; where the kernel refuses (a user over its pipe-page limit, a
 * terminal), nothing changes. Whether it grew.
 */
function growPipe(calls: Pick<StreamLibc, "fcntl">, fd: number): boolean {
  const size = calls.fcntl(fd, F_GETPIPE_SZ, 0);
  return size > 0 && size < PIPE_SIZE && calls.fcntl(fd, F_SETPIPE_SZ, PIPE_SIZE) > size;
}

/** What wasirun uses of Bun's `FileSink` (`Bun.file(fd).writer()`). */
interface BunFileSink {
  /** The bytes buffered, or (when they wait) a promise that rejects with the host's error. */
  write(chunk: Uint8Array): number | Promise<number>;
  flush(): number | Promise<number>;
  ref(): void;
  unref(): void;
}

/**
 * Bun's pool has a thread per core (two on a two-core machine), and a read
 * waiting there holds one until data comes: a guest reading several FIFOs at
 * once (Go's TestNonblock reads eight) froze, its other reads and the pool
 * writes of its stdout queued behind the waiting ones. So one read at a time
 * waits on the pool (stdin's, usually: woken at once); any other tries the
 * private non-blocking copy again after 1, 2, 4 ... up to
 * {@linkcode MAX_POLLED_WAIT_MS} ms.
 */
function bunWaitingRead(
  fd: number,
  nb: NonBlockingFd,
  patiently: () => Promise<boolean>,
): (dst: Uint8Array) => Promise<number> {
  return async (dst) => {
    if (await patiently()) {
      const r = nb.read(dst);
      if (r !== WOULD_BLOCK) return checkHost(r, "read");
    }
    if (exitsExplicitly && bunPoolReads < BUN_POOL_READS) {
      bunPoolReads++;
      try {
        return await read(fd, dst);
      } finally {
        bunPoolReads--;
      }
    }
    const r = await retryPolled(() => {
      const r = nb.read(dst);
      return r === WOULD_BLOCK ? undefined : r;
    });
    return checkHost(r, "read");
  };
}

/**
 * Whether the process ends by an explicit exit (the CLI), not when its event
 * loop drains (an embedder's). Bun's pool read cannot be cancelled, and a
 * pending one holds the event loop until data or EOF: so only then does a
 * wait use it; an embedder's waits poll the private copy (at most
 * {@linkcode MAX_POLLED_WAIT_MS} late), and end with the fd.
 */
let exitsExplicitly = false;

/**
 * The CLI's run is ending (a signal came): a read's patient wait holds the
 * main thread no longer, whose turns the ending needs (a SIGTERM took Deno
 * twice as long to end the run: helper-198).
 */
export function endPatience(): void {
  ending = true;
}

let ending = false;

/** The CLI: the process ends by exit(), so a read left waiting cannot hold it. */
export function processExitsExplicitly(): void {
  exitsExplicitly = true;
}

/** Whether the process ends by an explicit exit (the CLI: {@linkcode processExitsExplicitly}). */
export function endsByExit(): boolean {
  return exitsExplicitly;
}

let bunPoolReads = 0;
const BUN_POOL_READS = 1;
/** The longest pause between two looks of a polled wait (1, 2, 4 ... ms). */
export const MAX_POLLED_WAIT_MS = 32;

/**
 * `attempt()`'s first answer that is not `undefined`, asked now and again
 * after each wait: `waitOnce()` where given (Deno's poll(2) on its FFI
 * thread), else a pause of 1, 2, 4 ... up to {@linkcode MAX_POLLED_WAIT_MS} ms.
 */
export async function retryPolled<T>(
  attempt: () => T | undefined,
  waitOnce?: () => Promise<unknown> | undefined,
): Promise<T> {
  for (let delay = 1;; delay = Math.min(delay * 2, MAX_POLLED_WAIT_MS)) {
    const result = attempt();
    if (result !== undefined) return result;
    await (waitOnce?.() ?? new Promise((resolve) => setTimeout(resolve, delay)));
  }
}

/**
 * Bun: a write of at least {@linkcode SINK_WRITE_MIN} bytes that would
 * wait hands the rest to a `FileSink` on the private description, which waits for room in Bun's own event loop
 * (epoll), not on the pool: a Go writer into `| cat` went from 2.5 to 0.9 s
 * for 256 MiB (RATIONALE.md, "Pipes without the pool"). The sink never
 * closes an fd it did not open (checked: `end()` leaves it open); it is
 * unref'd except while a flush is pending, so it neither holds an
 * embedder's event loop open nor lets the process exit with output unsent.
 */
function bunWaitingWrite(
  fd: number,
  nb: NonBlockingFd,
  own: number,
): (src: Uint8Array) => Promise<number> {
  let sink: BunFileSink | undefined;
  return async (src) => {
    // A small batch goes to the pool: it leaves from another core while
    // more of the guest's small writes gather in the queue.
    if (src.length < SINK_WRITE_MIN) return write(fd, src);
    const r = nb.write(src);
    if (r !== WOULD_BLOCK) return checkHost(r, "write");
    if (!sink) {
      const bun =
        (globalThis as unknown as { Bun: { file(fd: number): { writer(o: object): BunFileSink } } })
          .Bun;
      sink = bun.file(own).writer({ highWaterMark: 64 * 1024 });
      sink.unref();
    }
    sink.ref();
    try {
      const written = sink.write(src);
      await sink.flush();
      // flush() resolves even when the write failed (EPIPE: the reader left); the write's own
      // promise rejects then, unhandled were it not awaited, and the guest told it all went out.
      await written;
      // Bun's sink may also take the bytes in at once and drop them without a word when the
      // reader has gone: the pipe's POLLERR then says what the next write(2) would (EPIPE).
      if ((libc()?.pollWritable(own) ?? 0) & POLLERR) checkHost(-EPIPE, "write");
    } finally {
      sink.unref();
    }
    return src.length;
  };
}

/**
 * Bun: the smallest queued write (what a full pipe left) that goes to a
 * `FileSink`; a smaller one leaves through the pool.
 */
const SINK_WRITE_MIN = 4096;

/** Opens a host file for `fileInput`/`fileOutput` ("w" creates or truncates); throws a host error. */
export function openFile(path: string, flags: "r" | "w"): number {
  return nodeFs().openSync(path, flags);
}

export function closeFile(fd: number): void {
  nodeFs().closeSync(fd);
}

/** A reader of a host fd whose reads may wait. */
export interface HostReader {
  /** Reads into `dst` once something is there; resolves to the count (0 = EOF). */
  read(dst: Uint8Array): Promise<number>;
  /** Stops reading; the host fd itself stays open (its owner closes it). */
  close(): void;
  /**
   * What the host has now, without waiting: a count (0 = EOF) or
   * `WOULD_BLOCK`. Node's pipe readers only (Deno and Bun use `nonBlocking`).
   */
  tryNow?(dst: Uint8Array): number;
  /** As {@linkcode NonBlockingFd.peek}: Node's, where `node:ffi` can poll. */
  peek?(): ReadState | undefined;
  /** As {@linkcode NonBlockingFd.waitReadable}: Node's, where `node:ffi` can poll. */
  waitReadable?(patientMs: number): Promise<void>;
}

/**
 * A reader for a pipe, terminal or socket. On Node it waits through libuv's
 * readiness (epoll), never on the thread pool: Node's exit joins the pool, so
 * a pool thread blocked in read(2) would hold the process until the pipe got
 * data or EOF (RATIONALE.md, "Node.js as a host"). Deno and Bun exit without
 * joining their blocking pools; they read there, as before.
 */
export function reader(fd: number): HostReader {
  const pool: HostReader = { read: (dst) => read(fd, dst), close: () => {} };
  if (isDeno || isBun) return pool;
  // Made at the first read: a guest that never reads costs no fd.
  let made: HostReader | undefined;
  const make = () => {
    if (!made) {
      made = nodeStream(fd) ?? pool;
    }
    return made;
  };
  // A terminal's Ctrl-D ends Node's tty stream; the next read makes another, as read(2) reads on.
  const answered = (n: number) => {
    if (n === 0 && isatty(fd)) {
      made?.close();
      made = undefined;
    }
    return n;
  };
  let open = true;
  const nodeReader: HostReader = {
    read: async (dst) => answered(await make().read(dst)),
    close: () => {
      open = false;
      thread?.close();
      made?.close();
    },
    // Without it the first non-blocking read always answered EAGAIN, even on
    // a pipe already at EOF or holding data, which read(2) would return now.
    tryNow: (dst) => answered(make().tryNow?.(dst) ?? WOULD_BLOCK),
  };
  // A poll's look and wait read nothing (the next reader's bytes stay in the pipe): poll(2) of
  // `fd` itself, whose pipe or terminal the reader's private description reads.
  const calls = libc();
  const thread = calls && pollThread();
  if (!calls || !thread) return nodeReader;
  const isOpen = () => open;
  nodeReader.peek = peekOf(calls, fd, isOpen);
  nodeReader.waitReadable = readableWait(
    calls,
    fd,
    isOpen,
    (ms) => patientWait(calls, fd, isOpen, ms),
    (since) => threadWait(thread, fd, since),
  );
  return nodeReader;
}

/**
 * A paused libuv stream on a private copy of `fd`: reopened through
 * /proc/self/fd, it is a new open file description, so the O_NONBLOCK that
 * libuv sets stays ours, unlike the shared one of `fd` (see "Host fds
 * someone else made non-blocking"). Where it cannot be reopened (a socket,
 * no /proc), stdio fds are used as they are, as Node does for its own
 * `process.stdin`; other fds keep the pool (libuv would close them). Read
 * by {@linkcode exactReader}: a terminal through Node's own `tty.ReadStream`,
 * a pipe or socket through a `net.Socket`.
 */
function nodeStream(fd: number): HostReader | undefined {
  const fs = nodeFs();
  const { O_RDONLY, O_NONBLOCK, O_NOCTTY } = fs.constants;
  let own: number | undefined;
  try {
    own = nodeFs().openSync(`/proc/self/fd/${fd}`, O_RDONLY | O_NONBLOCK | O_NOCTTY);
  } catch {
    if (fd > 2) return undefined;
  }
  const handleFd = own ?? fd;
  try {
    // Node only (see reader()): loaded here, so Deno and Bun never pay for them.
    if (isatty(handleFd)) {
      const reader = exactReader(handleFd, true);
      // libuv opens a terminal again for its handle: the copy made here is then not the
      // stream's, and closing the stream would leave it open (one fd per Ctrl-D).
      if (own !== undefined && reader.fd !== own) nodeFs().closeSync(own);
      return reader;
    }
    return exactReader(handleFd);
  } catch {
    if (own !== undefined) nodeFs().closeSync(own);
    return undefined;
  }
}

/**
 * Reads a pipe or socket through libuv's readiness, one read(2) per guest
 * read and into that read's own buffer: the socket's `onread` callback
 * answers `false`, which stops libuv reading until the next read resumes it,
 * and the handle's user buffer is the read's destination. So a read that
 * waits takes no more than it asked for, and the rest stays in the pipe for
 * whoever reads it next (`(guest; cat) <pipe`), as on Deno and Bun; a
 * stream's own reads took up to its high-water mark (64 KiB) ahead. A
 * terminal (`tty`) the same, through `tty.ReadStream`: its own reads took
 * every line typed ahead, which the shell then never saw once the guest
 * ended. `fd`: the description read (libuv's own copy of a terminal).
 */
function exactReader(handleFd: number, tty = false): HostReader & { fd: number } {
  let pending:
    | { dst: Uint8Array; resolve: (n: number) => void; reject: (e: Error) => void }
    | undefined;
  let ended = false;
  let failure: Error | undefined;
  const settle = (n: number) => {
    const p = pending;
    pending = undefined;
    p?.resolve(n);
  };
  const options = {
    // Nothing is read until the guest asks (Node's stdin uses it too).
    manualStart: true,
    onread: {
      // Replaced by each read's destination (useUserBuffer) before libuv reads.
      buffer: new Uint8Array(1),
      // The bytes are in the read's destination, whatever the second argument says.
      callback: (n: number) => {
        settle(n);
        return false; // one read(2): libuv stops until the next read
      },
    },
  };
  const socket: net.Socket = tty
    ? new (builtin("node:tty").ReadStream)(handleFd, options as net.SocketConstructorOpts)
    : new (builtin("node:net").Socket)(
      { fd: handleFd, readable: true, writable: false, ...options } as net.SocketConstructorOpts,
    );
  socket.on("end", () => {
    ended = true;
    settle(0);
  });
  socket.on("close", () => {
    ended = true;
    settle(0);
  });
  socket.on("error", (e) => {
    failure = e;
    const p = pending;
    pending = undefined;
    p?.reject(e);
  });
  // A socket made on an fd has its handle at once (Node >= 12 has useUserBuffer).
  const handle = (socket as unknown as {
    _handle: { useUserBuffer(b: Uint8Array): void; fd?: number };
  })._handle;
  const fd = handle.fd !== undefined && handle.fd >= 0 ? handle.fd : handleFd;
  const reader = {
    fd,
    read(dst: Uint8Array): Promise<number> {
      if (failure) return Promise.reject(failure);
      if (ended) return Promise.resolve(0);
      return new Promise((resolve, reject) => {
        pending = { dst, resolve, reject };
        handle.useUserBuffer(dst);
        socket.resume();
      });
    },
    tryNow(dst: Uint8Array): number {
      if (failure) return WOULD_BLOCK; // read() reports it
      if (ended) return 0;
      // libuv touches the description only between JS tasks, and only while a read waits.
      // A terminal's read may stop the process (SIGTTIN): with the exit signals' default actions.
      const n = tty ? withDefaultActions(() => readNow(fd, dst)) : readNow(fd, dst);
      if (n === 0) ended = true;
      return n;
    },
    close: () => socket.destroy(),
  };
  return reader;
}

/**
 * One read(2) of a private non-blocking description: the count (0 = EOF),
 * or `WOULD_BLOCK` for EAGAIN or an error (the waiting read reports it).
 */
function readNow(fd: number, dst: Uint8Array): number {
  try {
    return nodeFs().readSync(fd, dst, 0, dst.length, null);
  } catch {
    return WOULD_BLOCK;
  }
}

/** Writes to a pipe without the pool (Node): see {@linkcode writer}. */
export interface HostWriter {
  /** Resolves with `src.length` once the kernel has taken all of it; rejects with the host's error. */
  write(src: Uint8Array): Promise<number>;
  /**
   * Writes what the pipe takes now, never waiting: the count, or -errno
   * (`-EAGAIN` when full). Only while no {@linkcode write} is pending.
   */
  writeNow(src: Uint8Array): number;
  /** Stops writing (what is still pending is dropped); the host fd itself stays open. */
  close(): void;
  /** The pipe's readiness for {@linkcode writeNow}, from the kernel, where `node:ffi` can ask. */
  readiness?: () => WriteReadiness | undefined;
}

/**
 * Node only: writes to the pipe `fd` through libuv's readiness (epoll), on a
 * private non-blocking copy of it (as {@linkcode reader} reads), never on the
 * thread pool: Node's exit joins the pool, so a pool thread blocked in
 * write(2) on a full pipe held the process for as long as the pipe stayed
 * full, even after SIGTERM. `undefined` elsewhere, or where the pipe cannot
 * be reopened (the pool then writes, as before). The stream is unref'd: a
 * write given up (an interrupted run whose reader stopped reading) does not
 * hold the event loop.
 */
export function writer(fd: number): HostWriter | undefined {
  if (isDeno || isBun) return undefined;
  const fs = nodeFs();
  let own: number;
  try {
    own = fs.openSync(`/proc/self/fd/${fd}`, fs.constants.O_WRONLY | fs.constants.O_NONBLOCK);
  } catch {
    return undefined;
  }
  let socket: net.Socket;
  try {
    socket = new (builtin("node:net").Socket)({ fd: own, readable: false, writable: true });
  } catch {
    fs.closeSync(own);
    return undefined;
  }
  socket.on("error", () => {}); // each write's callback reports it
  socket.unref();
  let open = true;
  let grow = true;
  /** One write(2) of the description: the count, or -errno. */
  const writeOnce = (src: Uint8Array) => {
    try {
      return fs.writeSync(own, src);
    } catch (e) {
      const errno = (e as { errno?: number }).errno; // Node's: a negated host errno
      return typeof errno === "number" && errno < 0 ? errno : -EIO;
    }
  };
  return {
    readiness: writeReadiness(own, () => open),
    write: (src) =>
      new Promise((resolve, reject) => {
        // The queue never reuses a chunk it handed over: libuv may hold it until written.
        socket.write(src, (err) => err ? reject(err) : resolve(src.length));
      }),
    // Straight to the same non-blocking description (libuv has nothing pending then: the order
    // holds): what the pipe takes leaves now, not when the event loop next turns.
    writeNow: (src) => {
      const n = writeOnce(src);
      // The first write that found the pipe full grows it, as nonBlocking's do (growPipe):
      // a guest then waiting on the polled readiness (writeReadiness) leaves its reader more.
      // What it refused then goes into the room made, as there: refused with room behind it,
      // the guest's poll for room said so at once, where natively it waits for the reader.
      if (!grow || n >= src.length || (n < 0 && n !== WOULD_BLOCK)) return n;
      grow = false;
      const calls = libc();
      if (!calls || !growPipe(calls, own)) return n;
      const took = Math.max(n, 0);
      const more = writeOnce(src.subarray(took));
      return more >= 0 ? took + more : took > 0 ? took : more;
    },
    close: () => {
      open = false;
      socket.destroy();
    },
  };
}

/**
 * Reads on the blocking pool. If the fd is O_NONBLOCK after all (Node turns
 * its stdio pipes non-blocking as soon as `process.stdin`/`stdout` is touched,
 * and the flag is shared with every process holding the pipe), the pool
 * answers EAGAIN at once: wait and retry instead of handing that to the
 * readiness layer, which would ask again at once, forever (RATIONALE.md,
 * "Host fds someone else made non-blocking").
 */
export function read(fd: number, dst: Uint8Array): Promise<number> {
  return retryAgain(() =>
    new Promise((resolve, reject) => {
      nodeFs().read(fd, dst, 0, dst.length, null, (err, n) => err ? reject(err) : resolve(n));
    })
  );
}

/**
 * Writes on the blocking pool; EAGAIN is waited out as in {@linkcode read}.
 * Deno's node:fs `write` makes its write(2) on the main thread (Deno 2.9.6):
 * a full pipe held the event loop, and with it a SIGINT, a SIGTERM and -W
 * timeout, until its reader read; Deno's own stdout and stderr write on its
 * pool (the path of Deno without --allow-ffi, which has no private
 * non-blocking description: {@linkcode nonBlocking}).
 */
export function write(fd: number, src: Uint8Array): Promise<number> {
  if (isDeno && fd === 1) return writeDenoStdout(src);
  if (isDeno && fd === 2) return retryAgain(() => Deno.stderr.write(src));
  return retryAgain(() =>
    new Promise((resolve, reject) => {
      nodeFs().write(fd, src, 0, src.length, null, (err, n) => err ? reject(err) : resolve(n));
    })
  );
}

/** Rust's stdout buffer (std's `LineWriter`), which `Deno.stdout` writes through. */
const RUST_LINE_BUFFER = 1024;
/** Linux's PIPE_BUF: a pipe takes a write of at most this many bytes whole or not at all. */
const PIPE_BUF = 4096;
/** No bytes: an empty write flushes Rust's stdout buffer. */
export const NOTHING = new Uint8Array(0);

/**
 * Some of `src` to Deno's stdout pipe, the count exact whatever the pipe's
 * flags. `Deno.stdout.write` is Rust's line-buffered stdout: a write, then a
 * flush. On a pipe someone else made O_NONBLOCK (Node does to its stdout, and
 * a child it starts on it shares the flag) found full, the flush failed with
 * EAGAIN after the write took bytes, some into Rust's buffer, and the error
 * hid how many: written again whole, they repeated, for ever while the reader
 * was slower than the guest. So each call writes one piece whose fate an
 * error cannot hide: at most {@linkcode PIPE_BUF} bytes ending at a newline
 * (the pipe takes them whole or not at all; nothing is left to buffer), or
 * bytes without a newline, at least {@linkcode RUST_LINE_BUFFER} of them (Rust
 * writes those straight through: its count is the pipe's). A shorter piece
 * without a newline goes into Rust's buffer, so an error after it means taken,
 * and an empty write flushes it before this answers.
 */
async function writeDenoStdout(src: Uint8Array): Promise<number> {
  stdoutIsSocket ??= stdioKind(1) === "socket";
  const piece = src.subarray(0, stdoutPiece(src, stdoutIsSocket));
  if (!intoRustBuffer(piece)) return retryAgain(() => Deno.stdout.write(piece));
  try {
    await Deno.stdout.write(piece);
  } catch (e) {
    if (!isAgain(e)) throw e;
    await retryAgain(() => Deno.stdout.write(NOTHING));
  }
  return piece.length;
}

/**
 * {@linkcode writeDenoStdout} synchronously: the CLI's own lines (`--help`,
 * `--invoke`'s results), a terminal's writes. `partial`: stdout may take
 * part of any write (a terminal, a socket). Throws EAGAIN when nothing was
 * taken.
 */
export function writeDenoStdoutSync(src: Uint8Array, partial = false): number {
  const piece = src.subarray(0, stdoutPiece(src, partial));
  if (!intoRustBuffer(piece)) return Deno.stdout.writeSync(piece);
  try {
    Deno.stdout.writeSync(piece);
  } catch (e) {
    if (!isAgain(e)) throw e;
    retryAgainSync((src) => Deno.stdout.writeSync(src), NOTHING);
  }
  return piece.length;
}

/**
 * `op(buf)`, again after pauses of 1, 2, 4 ... `maxPauseMs` ms on this thread
 * while it fails with EAGAIN: {@linkcode retryAgain} where nothing may be
 * reordered or the guest's call is synchronous. The buffer is passed, not
 * bound in a closure: a guest's every write to a file or a terminal comes
 * here, and a closure a call is garbage a call.
 */
export function retryAgainSync(
  op: (buf: Uint8Array) => number,
  buf: Uint8Array,
  maxPauseMs = 1,
): number {
  for (let pause = 1;; pause = Math.min(pause * 2, maxPauseMs)) {
    try {
      return op(buf);
    } catch (e) {
      if (!isAgain(e)) throw e;
    }
    pauseSync(pause);
  }
}

/** Blocks this thread for `ms` (an EAGAIN waited out where nothing may be reordered). */
export function pauseSync(ms: number): void {
  Atomics.wait(PAUSE, 0, 0, ms);
}

const PAUSE = new Int32Array(new SharedArrayBuffer(4));

let stdoutIsSocket: boolean | undefined;

/**
 * How many of `src`'s first bytes make one piece for Deno's stdout
 * ({@linkcode writeDenoStdout}). A socket or a terminal (`partial`) may
 * take part of any write, so there a newline goes alone (one byte is taken
 * whole or not at all) and the bytes before it as a piece of their own
 * (helper-192: a TCP stdout repeated lines; helper-193: a terminal someone
 * made O_NONBLOCK); ~2 writes a line.
 */
function stdoutPiece(src: Uint8Array, partial = false): number {
  const firstLine = src.indexOf(10);
  if (firstLine < 0) return src.length;
  if (partial) return firstLine === 0 ? 1 : firstLine;
  if (firstLine >= PIPE_BUF) return firstLine;
  return src.subarray(0, PIPE_BUF).lastIndexOf(10) + 1;
}

/** A piece Rust keeps in its buffer rather than write (short, without a newline): taken, error or not. */
function intoRustBuffer(piece: Uint8Array): boolean {
  return piece.length < RUST_LINE_BUFFER && piece[piece.length - 1] !== 10;
}

function isAgain(e: unknown): boolean {
  const code = (e as { code?: string }).code;
  return code === "EAGAIN" || code === "EWOULDBLOCK";
}

/** The longest wait between two tries on a non-blocking fd, in ms. */
const MAX_RETRY_DELAY_MS = 8;

async function retryAgain(op: () => Promise<number>): Promise<number> {
  for (let delay = 0.5;; delay = Math.min(delay * 2, MAX_RETRY_DELAY_MS)) {
    try {
      return await op();
    } catch (e) {
      if (!isAgain(e)) throw e;
    }
    await new Promise((resolve) => setTimeout(resolve, delay));
  }
}
