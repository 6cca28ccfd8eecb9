/**
 * The host seam for open files: the calls the fd layer makes on a host fd,
 * and the few path calls lib/host/dir_ops_node.ts needs. Regular files are
 * read and written synchronously (always ready, never EAGAIN; see
 * RATIONALE.md).
 *
 * Where the sandbox opens its fds through FFI (lib/host/libc.ts,
 * {@linkcode fdLibc}), every call on those fds goes through FFI too: Deno's
 * `node:fs` refuses fds it did not open itself (EBADF), and FFI `pread` is
 * also the faster call there (DESIGN.md: ~0.9 µs against ~1.4 µs for 4 KiB).
 * Otherwise `node:fs`, whose fds are the process's real fds in Deno and Bun;
 * Node's `node:fs` takes FFI fds too, and reads and writes them.
 * Status and times use FFI whenever it is there (on any real fd), for the
 * nanoseconds `node:fs` loses under Deno.
 *
 * These functions throw host errors (node-style, with `code` and `errno`);
 * callers map them with `tryHost`.
 */
import type * as NodeFs from "node:fs";
import type { Filetype } from "../abi/types.ts";
import {
  denoAllowsAllFiles,
  hostProcess,
  nodeFs,
  openFilesLimit,
  platform,
  procSelfText,
  procStatusFlags,
} from "./process.ts";
import { checkHost, hostError, LINUX_ERRNO } from "./errors.ts";
import { isBun, isDeno } from "./runtime.ts";
import { retryPolled, WAIT_SLICE_MS } from "./stdio.ts";
import {
  EINTR,
  fdLibc,
  filetypeOfMode,
  type HostStat,
  L,
  type Libc,
  libc,
  POLLHUP,
  POLLIN,
  type ReadState,
  readState,
  streamCalls,
  type TimeSpec,
} from "./libc.ts";

export type { HostStat, TimeSpec };

/** open(2) flags (Linux values; node:fs passes them through unchanged). */
export const O = {
  RDONLY: L.O_RDONLY,
  WRONLY: L.O_WRONLY,
  RDWR: L.O_RDWR,
  CREAT: L.O_CREAT,
  EXCL: L.O_EXCL,
  TRUNC: L.O_TRUNC,
  APPEND: L.O_APPEND,
  NONBLOCK: L.O_NONBLOCK,
  DIRECTORY: L.O_DIRECTORY,
  NOFOLLOW: L.O_NOFOLLOW,
  SYNC: L.O_SYNC,
  DSYNC: L.O_DSYNC,
} as const;

// libc is loaded at its first use, not with this module: a run that touches no
// file does not load it (Bun compiles a trampoline per function at dlopen,
// ~0.5 ms for these). libc() serves any fd or path (status, times); fdFfi()
// the fds the sandbox opens.
let fdCalls: Libc | null | undefined;
/** {@linkcode fdLibc}, asked once (it reads WASIRUN_RESOLVER). */
const fdFfi = () => fdCalls === undefined ? (fdCalls = fdLibc() ?? null) : fdCalls;
/**
 * The FFI for reads and writes: Deno's and Bun's. Node's `node:fs` takes any
 * fd and is the faster call there (a 4 KiB pread through `node:ffi`, which
 * wants BigInt offsets, ~2.3 µs against `readSync`'s ~1.9).
 */
const dataFfi = isDeno || isBun ? fdFfi : () => null;

let fileSizeSignalIgnored = false;

/**
 * A write past RLIMIT_FSIZE raises SIGXFSZ, which kills the process unless
 * handled; handled, the call answers EFBIG, which reaches the guest. Called
 * before the first fd that can grow a file is handed out (a file path_open
 * opened, stdout on a file), not at start-up, so that a run without one
 * binds no FFI function for it. Nothing to do where the limit is unlimited
 * (/proc/self/limits, read where the runtime allows it: on Deno that spares
 * binding `signal`, ~0.5-1 ms; only a `prlimit` from outside could lower the
 * limit during the run). Ignored through FFI on Deno where libc loads;
 * otherwise, and always on Node, a no-op handler does it (Deno's and Node's
 * signal handlers do not keep the process alive). Bun ignores it.
 */
export function ignoreFileSizeSignal(): void {
  if (fileSizeSignalIgnored) return;
  fileSizeSignalIgnored = true;
  if (isBun || platform === "win32" || fileSizeUnlimited()) return;
  // Node: the handler, rather than loading node:ffi for this alone (~4 ms of
  // a C hello writing to a file).
  const any = isDeno ? libc() : undefined;
  if (any) return any.ignoreFileSizeSignal();
  try {
    if (isDeno) Deno.addSignalListener("SIGXFSZ", () => {});
    else hostProcess().on("SIGXFSZ", () => {});
  } catch {
    // no such signal here
  }
}

export function close(fd: number): void {
  const ffi = fdFfi();
  if (ffi) checkHost(ffi.close(fd), "close");
  else nodeFs().closeSync(fd);
}

/**
 * Positions and sizes taken exactly as numbers. Both runtimes' node:fs
 * silently ignore a BigInt position in `writeSync` (the write lands at the
 * fd's offset), so callers keep to this, and go beyond it only through
 * {@linkcode preadFar}, {@linkcode pwriteFar} and {@linkcode truncate} where
 * {@linkcode farOffsets} says the host takes more.
 */
export const MAX_OFFSET = BigInt(Number.MAX_SAFE_INTEGER);

/**
 * Whether offsets and sizes past MAX_OFFSET reach the host exactly: through
 * FFI, which takes a 64-bit BigInt (a file on tmpfs, XFS or btrfs may be that
 * large, as natively and under wasmtime). Without FFI such a write or size is
 * EFBIG, and a read there EOVERFLOW where the file reaches it.
 */
export function farOffsets(): boolean {
  return fdFfi() !== null;
}

/** pread(2) at `pos` past MAX_OFFSET; only where {@linkcode farOffsets}. */
export function preadFar(fd: number, dst: Uint8Array, pos: bigint): number {
  return checkHost(fdFfi()!.pread(fd, dst, pos), "pread");
}

/** pwrite(2) at `pos` past MAX_OFFSET; only where {@linkcode farOffsets}. */
export function pwriteFar(fd: number, src: Uint8Array, pos: bigint): number {
  return checkHost(fdFfi()!.pwrite(fd, src, pos), "pwrite");
}

/** Reads at `pos` (at most MAX_OFFSET) into `dst`; returns the bytes read (0 at EOF). */
export function pread(fd: number, dst: Uint8Array, pos: number): number {
  const ffi = dataFfi();
  if (ffi) return checkHost(ffi.pread(fd, dst, pos), "pread");
  return nodeFs().readSync(fd, dst, 0, dst.length, pos);
}

/** Writes `src` at `pos` (at the end when the fd is O_APPEND); returns bytes written. */
export function pwrite(fd: number, src: Uint8Array, pos: number): number {
  const ffi = dataFfi();
  if (ffi) return checkHost(ffi.pwrite(fd, src, pos), "pwrite");
  return nodeFs().writeSync(fd, src, 0, src.length, pos);
}

/**
 * read(2) into `dst` at the fd's own offset, for what has none (a FIFO, a
 * device): pread(2) there is ESPIPE. Returns the bytes read (0 at EOF).
 */
export function read(fd: number, dst: Uint8Array): number {
  const ffi = dataFfi() && streamCalls();
  if (ffi) return checkHost(ffi.read(fd, dst), "read");
  return nodeFs().readSync(fd, dst, 0, dst.length, null);
}

/** write(2) of `src` at the fd's own offset (see {@linkcode read}); returns bytes written. */
export function write(fd: number, src: Uint8Array): number {
  const ffi = dataFfi() && streamCalls();
  if (ffi) return checkHost(ffi.write(fd, src), "write");
  return nodeFs().writeSync(fd, src, 0, src.length, null);
}

/** Linux's ESPIPE: an fd that cannot seek. */
const ESPIPE = 29;
/** Linux's ENOTSUP (EOPNOTSUPP). */
const ENOTSUP = 95;

/**
 * lseek(2) of `fd`'s own offset, which the process that handed it over
 * shares (stdin or stdout on a file): the new offset. Only through FFI
 * (`node:fs` has no lseek); without it the fd cannot seek here (ESPIPE).
 */
export function seekShared(fd: number, offset: bigint, whence: number): bigint {
  const at = libc()?.seek(fd, offset, whence) ?? BigInt(-ESPIPE);
  if (at < 0n) checkHost(Number(at), "lseek");
  return at;
}

/** Whether /proc/self/limits says files may grow without a limit (RLIMIT_FSIZE's soft limit). */
function fileSizeUnlimited(): boolean {
  const limits = procSelfText("limits");
  return limits !== undefined && /^Max file size\s+unlimited\s/m.test(limits);
}

/**
 * Whether writes through `fd` go to the end of its file (O_APPEND: `>>` in a
 * shell): /proc/self/fdinfo where the runtime reads it (Node, which would
 * load node:ffi for fcntl alone; Deno where it grants the read: binding
 * fcntl costs it ~0.5 ms), else fcntl through FFI (Deno, Bun: the stream
 * calls', which stdio has loaded already: the sandbox's cost a start with
 * stdout or stderr on a file ~0.5 ms on Bun); false where nothing answers.
 */
export function appends(fd: number): boolean {
  let flags = procStatusFlags(fd);
  if (flags === undefined && (isDeno || isBun)) {
    const got = (streamCalls() ?? libc())?.statusFlags(fd) ?? -1;
    flags = got >= 0 ? got : undefined;
  }
  return ((flags ?? 0) & L.O_APPEND) !== 0;
}

/**
 * Sets or clears O_APPEND on a file description another process shares
 * (stdout on a file), as fcntl does natively: through FFI only, since
 * reopening would leave the shared one as it was. ENOTSUP without.
 */
export function setSharedAppend(fd: number, append: boolean): void {
  checkHost(libc()?.setStatusFlag(fd, L.O_APPEND, append) ?? -ENOTSUP, "fcntl");
}

export function fstat(fd: number): HostStat {
  const any = libc();
  if (any) {
    checkHost(any.fstatx(fd), "statx");
    return any.stat();
  }
  return fromNode(nodeFs().fstatSync(fd, { bigint: true }));
}

/**
 * {@linkcode fstat} as the guest's filestat, written into `out` (64 bytes) with no
 * BigInt made, where the FFI calls are loaded; `false` (nothing written) where they
 * are not, the call failed or a time is past u64 nanoseconds (then
 * {@linkcode fstat} and writeFilestat say why).
 */
export function fstatInto(fd: number, out: Uint8Array): boolean {
  const any = libc();
  return any !== undefined && any.fstatx(fd) >= 0 && any.filestatInto(out);
}

/** The file type of an open fd (cheaper than {@linkcode fstat} through FFI). */
export function filetype(fd: number): Filetype {
  const any = libc();
  if (any) {
    checkHost(any.fstatx(fd), "statx");
    return any.statType();
  }
  return fstat(fd).filetype;
}

/**
 * The file type of what `path` names, its symlinks followed: through FFI
 * where it is loaded (Bun's `node:fs` costs ~2.7 ms to load), else node:fs.
 * No runtime's permission model sees the FFI call.
 */
export function pathType(path: string): Filetype {
  const any = libc();
  if (any) {
    checkHost(any.statx(L.AT_FDCWD, path, 0), "statx");
    return any.statType();
  }
  return filetypeOfMode(Number(nodeFs().statSync(path).mode));
}

/** The status of `path` itself (a symlink is not followed). */
export function lstat(path: string): HostStat {
  const any = libc();
  if (any) {
    checkHost(any.statx(L.AT_FDCWD, path, L.AT_SYMLINK_NOFOLLOW), "statx");
    return any.stat();
  }
  return fromNode(nodeFs().lstatSync(path, { bigint: true }));
}

function fromNode(s: NodeFs.BigIntStats): HostStat {
  return {
    dev: s.dev,
    ino: s.ino,
    filetype: filetypeOfMode(Number(s.mode)),
    nlink: s.nlink,
    size: s.size,
    atim: s.atimeNs,
    mtim: s.mtimeNs,
    ctim: s.ctimeNs,
  };
}

/**
 * Grows the file `fd` to at least `end` bytes (within an off_t), never
 * shrinking it, in one call: fallocate(2) of the range's last byte, so that
 * what another process appends meanwhile stays (an fstat then an ftruncate
 * cut it back). Only that byte's block is allocated, not the range: a
 * guest's fd_allocate of terabytes cannot take the host's disk (or a tmpfs's
 * memory) at once. `false` where there is no FFI, or the filesystem has no
 * fallocate (EOPNOTSUPP): the caller grows it as before.
 */
export function growTo(fd: number, end: bigint): boolean {
  const calls = libc();
  if (!calls) return false;
  const r = calls.fallocate(fd, end - 1n, 1n);
  if (r === -LINUX_ERRNO.EOPNOTSUPP) return false;
  checkHost(r, "fallocate");
  return true;
}

/** Sets the file's size (at most MAX_OFFSET unless {@linkcode farOffsets}). */
export function truncate(fd: number, size: bigint): void {
  const ffi = fdFfi();
  if (ffi) {
    checkHost(ffi.ftruncate(fd, size <= MAX_OFFSET ? Number(size) : size), "ftruncate");
    return;
  }
  try {
    nodeFs().ftruncateSync(fd, Number(size));
  } catch (e) {
    // Bun's node:fs takes at most 2^52 - 1: beyond what this host can make.
    if ((e as { code?: string })?.code !== "ERR_OUT_OF_RANGE") throw e;
    throw hostError(LINUX_ERRNO.EFBIG, "ftruncate");
  }
}

export function fsync(fd: number): void {
  const ffi = fdFfi();
  if (ffi) checkHost(ffi.fsync(fd), "fsync");
  else nodeFs().fsyncSync(fd);
}

export function fdatasync(fd: number): void {
  const ffi = fdFfi();
  if (ffi) checkHost(ffi.fdatasync(fd), "fdatasync");
  else nodeFs().fdatasyncSync(fd);
}

/**
 * Switches O_APPEND on an open fd: fcntl through FFI, else by reopening the
 * file through /proc/self/fd (a new fd, which is returned; the old one is
 * closed). Throws where neither is possible.
 */
export function setAppend(fd: number, append: boolean, flags: number): number {
  const ffi = fdFfi();
  if (ffi) {
    checkHost(ffi.setStatusFlag(fd, L.O_APPEND, append), "fcntl");
    return fd;
  }
  // Nothing to write, nothing to move: and Deno's node:fs would reopen it for writing too.
  if ((flags & 3) === O.RDONLY) return fd;
  // Scoped, Deno would prompt for the /proc/self/fd path on a terminal: refused, as it would be.
  if (!denoAllowsAllFiles()) throw hostError(LINUX_ERRNO.EACCES, "open /proc/self/fd");
  const reopened = nodeFs().openSync(
    `/proc/self/fd/${fd}`,
    append ? flags | O.APPEND : flags,
    0o666,
  );
  nodeFs().closeSync(fd);
  return reopened;
}

/**
 * Whether a FIFO's reader `fd`, opened non-blocking, has seen a writer:
 * data to read, or a writer that came and went (poll(2) reports neither
 * before the first writer). `false` where it cannot tell (no FFI).
 */
export function fifoWriterCame(fd: number): boolean {
  const revents = libc()?.pollReadable(fd) ?? 0;
  return revents > 0 && (revents & (POLLIN | POLLHUP)) !== 0;
}

/**
 * Blocks the thread in poll(2) until a writer has come to the FIFO read end
 * `fd` (data, or the hangup of one that came and left); at once where there
 * is no FFI poll.
 */
export function awaitFifoWriter(fd: number): void {
  const c = libc();
  if (!c) return;
  while (c.pollReadable(fd, -1) === -EINTR) { /* a signal: poll again */ }
}

/** Whether {@linkcode fifoWriterCame} can tell (FFI's poll). */
export function canTellFifoWriter(): boolean {
  return libc() !== undefined;
}

/**
 * poll(2) of the FIFO or device `fd` a guest opened, now: `undefined` when
 * the read (or write) would wait, as natively (a FIFO no writer has opened
 * yet has nothing to read, and no hangup either); an error counts as ready
 * (the call says which). `null` where there is no FFI poll: the caller
 * counts the fd ready.
 */
export function streamReadiness(
  fd: number,
  direction: "read" | "write",
): ReadState | undefined | null {
  const calls = libc();
  if (!calls) return null;
  if (direction === "read") {
    return readState(calls.pollReadable(fd), () => streamCalls()?.bytesReadable(fd) ?? 0);
  }
  // A write has no count to give (0, as for every stream's); a reader gone is ready (EPIPE).
  return calls.pollWritable(fd) === 0 ? undefined : { bytes: 0, hangup: false };
}

/**
 * Settles once {@linkcode streamReadiness} would not answer `undefined`, or
 * `isOpen()` is false: on Deno by poll(2) on its FFI thread, in slices;
 * elsewhere by looking again after 1, 2, 4 ... up to 32 ms
 * ({@linkcode retryPolled}).
 */
export async function streamReady(
  fd: number,
  direction: "read" | "write",
  isOpen: () => boolean,
  wakeFd = -1,
): Promise<void> {
  const waiter = isDeno ? streamCalls() : undefined;
  const waitOnce = () => waiter?.waitFor(fd, direction, WAIT_SLICE_MS, wakeFd);
  const ready = () => !isOpen() || streamReadiness(fd, direction) !== undefined;
  await retryPolled(() => ready() || undefined, waitOnce);
}

/**
 * Deno: a new eventfd for {@linkcode streamReady}'s waits to poll beside
 * their fd, which {@linkcode wakeWaits} makes readable, so that a wait in
 * poll(2) on the FFI thread ends at once, not at its slice's end (an
 * embedder's process waits for it); -1 elsewhere, or where none is made.
 */
export function waitWaker(): number {
  const calls = isDeno ? streamCalls() : undefined;
  const fd = calls?.canWait ? calls.eventfd() : -1;
  return fd < 0 ? -1 : fd;
}

/** Ends every wait that polls the {@linkcode waitWaker} `fd`. */
export function wakeWaits(fd: number): void {
  streamCalls()?.wake(fd);
}

/**
 * The process's fds a guest cannot take: its opens answer EMFILE once fewer
 * than these are free (an eighth of the limit where that is fewer), as at
 * the limit, so that the runtime keeps some for itself. A guest that took
 * every fd left Bun none: its stdout writer (a dup) failed, losing the
 * output, and a read of /proc it makes crashed it (helper-207).
 */
const FD_RESERVE = 32;

/**
 * Whether `fd`, which the host just opened for the guest, is one of the
 * last {@linkcode FD_RESERVE} fds (of RLIMIT_NOFILE): the kernel gives the
 * lowest free number, so every fd below it is taken. Never without FFI.
 */
export function reservedFd(fd: number): boolean {
  const limit = openFilesLimit();
  return limit !== undefined && fd >= limit - Math.min(FD_RESERVE, limit >> 3);
}

/**
 * Clears O_NONBLOCK (an fd opened with it to see whether it is a FIFO, before
 * waiting for one); false where it cannot (no FFI).
 */
export function setBlocking(fd: number): boolean {
  if (!fdFfi()) return false;
  setNonBlocking(fd, false);
  return true;
}

/** Sets or clears O_NONBLOCK on `fd` (fcntl through FFI); nothing where there is no FFI. */
export function setNonBlocking(fd: number, on: boolean): void {
  const ffi = fdFfi();
  if (ffi) checkHost(ffi.setStatusFlag(fd, L.O_NONBLOCK, on), "fcntl");
}

/** Sets a path's times (utimensat, or node:fs with reduced precision). */
export function setTimes(path: string, follow: boolean, atim: TimeSpec, mtim: TimeSpec): void {
  const any = libc();
  if (any) {
    const flags = follow ? 0 : L.AT_SYMLINK_NOFOLLOW;
    checkHost(any.utimensat(L.AT_FDCWD, path, atim, mtim, flags), "utimensat");
    return;
  }
  const current = atim === "omit" || mtim === "omit"
    ? fromNode(
      follow
        ? nodeFs().statSync(path, { bigint: true })
        : nodeFs().lstatSync(path, { bigint: true }),
    )
    : undefined;
  const a = seconds(atim, current?.atim);
  const m = seconds(mtim, current?.mtim);
  if (follow) nodeFs().utimesSync(path, a, m);
  else nodeFs().lutimesSync(path, a, m);
}

/** Sets an open fd's times (futimens, or node:fs with reduced precision). */
export function setFdTimes(fd: number, atim: TimeSpec, mtim: TimeSpec): void {
  const any = libc();
  if (any) {
    checkHost(any.futimens(fd, atim, mtim), "futimens");
    return;
  }
  const current = atim === "omit" || mtim === "omit" ? fstat(fd) : undefined;
  nodeFs().futimesSync(fd, seconds(atim, current?.atim), seconds(mtim, current?.mtim));
}

/** A TimeSpec as node:fs takes it: seconds as a double (sub-microsecond digits are lost). */
function seconds(time: TimeSpec, current: bigint | undefined): number {
  if (time === "now") return Date.now() / 1000;
  const ns = time === "omit" ? current! : time;
  return Number(ns / 1_000_000_000n) + Number(ns % 1_000_000_000n) / 1e9;
}
