/**
 * The libc calls wasirun makes through FFI (lib/host/ffi.ts) on Linux with
 * glibc: the `*at` family on directory fds, `openat2` (through `syscall`,
 * glibc 2.36 has no wrapper), `getdents64`, and the file data calls. They
 * are what makes the filesystem sandbox race-free (RATIONALE.md, "The
 * filesystem sandbox") and what gives file times to the nanosecond.
 *
 * Every call answers a number: the result (>= 0), or the negated host errno.
 * Nothing here throws. Paths are encoded into buffers kept here (two, for the
 * calls that take two paths), so a call allocates nothing.
 *
 * Available under Deno when FFI is allowed (`--allow-ffi` or `-A`), under Bun,
 * and under Node >= 26.1 (its experimental `node:ffi`, unless turned off with
 * `--no-experimental-ffi` or by `--permission` without `--allow-ffi`);
 * {@linkcode libc} answers `undefined` elsewhere.
 */
import { getEnv, platform } from "./process.ts";
import { Filetype } from "../abi/types.ts";
import { type FfiArg, LIBC, openLibrary, openWaitingFunction } from "./ffi.ts";
import { isBun, isDeno } from "./runtime.ts";
import { encodeName } from "./names.ts";

/** A file's status as the guest sees it, times in nanoseconds. */
export interface HostStat {
  dev: bigint;
  ino: bigint;
  filetype: Filetype;
  nlink: bigint;
  size: bigint;
  atim: bigint;
  mtim: bigint;
  ctim: bigint;
}

/**
 * A path as the calls take it: a string (encoded here), or its UTF-8 bytes
 * without NUL (copied here as they are: guest bytes need no string).
 */
export type Path = string | Uint8Array;

/** A time to set: nanoseconds since the epoch, the current time, or unchanged. */
export type TimeSpec = bigint | "now" | "omit";

/** Linux's flags, as the kernel spells them (x86_64 and aarch64 agree on these). */
export const L = {
  AT_FDCWD: -100,
  AT_SYMLINK_NOFOLLOW: 0x100,
  AT_REMOVEDIR: 0x200,
  AT_EMPTY_PATH: 0x1000,
  O_RDONLY: 0,
  O_WRONLY: 1,
  O_RDWR: 2,
  O_CREAT: 0o100,
  O_EXCL: 0o200,
  O_TRUNC: 0o1000,
  O_APPEND: 0o2000,
  O_NONBLOCK: 0o4000,
  O_DSYNC: 0o10000,
  O_DIRECTORY: 0o200000,
  O_NOFOLLOW: 0o400000,
  O_CLOEXEC: 0o2000000,
  O_SYNC: 0o4010000,
  O_PATH: 0o10000000,
  RESOLVE_NO_MAGICLINKS: 0x02,
  RESOLVE_BENEATH: 0x08,
} as const;

const SYS_OPENAT2 = 437;
const SIGXFSZ = 25;
const SIG_IGN = 1;
const F_GETFL = 3;
const F_SETFL = 4;
const STATX_BASIC_STATS = 0x7ff;
const STATX_SIZE = 256;
const UTIME_NOW = (1 << 30) - 1;
const UTIME_OMIT = (1 << 30) - 2;
/** One call moves at most this much (the result is a C int). */
const MAX_IO = 1 << 30;

const smallInts: bigint[] = [];

/**
 * A 64-bit argument (a size or an offset) as the FFI takes it: a BigInt on
 * Deno (a number there takes the slow path, ~100–150 ns more a call: pread
 * of 4 KiB 760 → 620 ns) and on Node (`node:ffi` refuses a number); small
 * ones come from a table, so the data path allocates nothing. Bun takes
 * numbers.
 */
const i64: (n: number) => FfiArg = isBun
  ? (n) => n
  : (n) => n < 65536 ? (smallInts[n] ??= BigInt(n)) : BigInt(n);

/** openat2's syscall number and its `struct open_how`'s size, as {@linkcode i64} passes them. */
const OPENAT2 = i64(SYS_OPENAT2);
const HOW_SIZE = i64(24);

/** The WASI filetype by a POSIX `st_mode`'s type bits (`(mode >> 12) & 0o17`). */
const FILETYPE_BY_MODE: readonly Filetype[] = [
  Filetype.UNKNOWN,
  Filetype.UNKNOWN, // 0o010000: a FIFO, UNKNOWN as in wasmtime
  Filetype.CHARACTER_DEVICE, // 0o020000
  Filetype.UNKNOWN,
  Filetype.DIRECTORY, // 0o040000
  Filetype.UNKNOWN,
  Filetype.BLOCK_DEVICE, // 0o060000
  Filetype.UNKNOWN,
  Filetype.REGULAR_FILE, // 0o100000
  Filetype.UNKNOWN,
  Filetype.SYMBOLIC_LINK, // 0o120000
  Filetype.UNKNOWN,
  Filetype.SOCKET_STREAM, // 0o140000
  Filetype.UNKNOWN,
  Filetype.UNKNOWN,
  Filetype.UNKNOWN,
];

/** The WASI filetype of a POSIX `st_mode` (a FIFO is UNKNOWN, as in wasmtime). */
export function filetypeOfMode(mode: number): Filetype {
  return FILETYPE_BY_MODE[(mode >>> 12) & 0o17];
}

const SIGNATURES = {
  syscall: ["i64", "i64", "buffer", "buffer", "i64"],
  openat: ["i32", "buffer", "i32", "i32"],
  close: ["i32"],
  statx: ["i32", "buffer", "i32", "i32", "buffer"],
  mkdirat: ["i32", "buffer", "i32"],
  unlinkat: ["i32", "buffer", "i32"],
  renameat: ["i32", "buffer", "i32", "buffer"],
  linkat: ["i32", "buffer", "i32", "buffer", "i32"],
  symlinkat: ["buffer", "i32", "buffer"],
  readlinkat: ["i32", "buffer", "buffer", "i64"],
  utimensat: ["i32", "buffer", "buffer", "i32"],
  futimens: ["i32", "buffer"],
  getdents64: ["i32", "buffer", "i64"],
  lseek64: ["i32", "i64", "i32"],
  pread64: ["i32", "buffer", "i64", "i64"],
  pwrite64: ["i32", "buffer", "i64", "i64"],
  ftruncate64: ["i32", "i64"],
  fallocate: ["i32", "i32", "i64", "i64"],
  fsync: ["i32"],
  fdatasync: ["i32"],
  fcntl: ["i32", "i32", "i64"],
  signal: ["i32", "i64"],
  poll: ["buffer", "i64", "i32"],
  ioctl: ["i32", "i32", "buffer"],
  read: ["i32", "buffer", "i64"],
  fstatfs: ["i32", "buffer"],
  inotify_init1: ["i32"],
  inotify_add_watch: ["i32", "buffer", "i32"],
  inotify_rm_watch: ["i32", "i32"],
  send: ["i32", "buffer", "i64", "i32"],
} as const;

type Fn = (...args: FfiArg[]) => number;

/** The calls, each answering its result or -errno. */
export class Libc {
  readonly #f: Record<keyof typeof SIGNATURES, Fn>;
  readonly #errno: () => number;
  readonly #path = [new Uint8Array(1024), new Uint8Array(1024)];
  /** struct open_how { u64 flags; u64 mode; u64 resolve; }, and its words (high ones stay 0). */
  readonly #how = new Uint8Array(24);
  readonly #howWords = new Int32Array(this.#how.buffer);
  readonly #statx = new Uint8Array(STATX_SIZE);
  readonly #statxView = new DataView(this.#statx.buffer);
  /** A guest filestat being built (the padding stays 0). */
  readonly #filestat = new Uint8Array(64);
  // The structs' 32-bit words, indexed: an element access is cheap in every tier, a DataView call
  // only once the engine optimised its caller. In the host's byte order, as the kernel writes
  // statx, and little-endian as wasm's filestat wants on the hosts FFI runs on (x86-64, arm64).
  // Signed, so that a word moves as an int, never as a double (the same 32 bits either way).
  readonly #statx32 = new Int32Array(this.#statx.buffer);
  readonly #filestat32 = new Int32Array(this.#filestat.buffer);
  /** Two timespecs (atime, mtime) for utimensat and futimens. */
  readonly #times = new Uint8Array(32);
  readonly #timesView = new DataView(this.#times.buffer);
  #link = new Uint8Array(4096);
  readonly #empty = new Uint8Array(1);

  constructor(f: Record<keyof typeof SIGNATURES, Fn>, errno: () => number) {
    this.#f = f;
    this.#errno = errno;
  }

  /** A failed call's result: -errno. */
  #r(result: number): number {
    return result < 0 ? -this.#errno() : result;
  }

  /** `path` as a NUL-terminated buffer (slot 0 or 1: calls with two paths use both). */
  #c(path: Path, slot = 0): Uint8Array {
    let buf = this.#path[slot];
    if (typeof path !== "string") {
      if (path.length + 1 > buf.length) buf = this.#path[slot] = new Uint8Array(path.length + 1);
      buf.set(path);
      buf[path.length] = 0;
      return buf;
    }
    // UTF-8 is at most 3 bytes per UTF-16 unit.
    if (path.length * 3 + 1 > buf.length) {
      buf = this.#path[slot] = new Uint8Array(path.length * 3 + 1);
    }
    // A name that is not UTF-8 on the host comes back as its bytes (lib/host/names.ts).
    buf[encodeName(path, buf)] = 0;
    return buf;
  }

  /** Bytes `start` to `end` of `path` as a NUL-terminated buffer (slot 0), copied without a view. */
  #range(path: Uint8Array, start: number, end: number, slot = 0): Uint8Array {
    let buf = this.#path[slot];
    if (end - start + 1 > buf.length) buf = this.#path[slot] = new Uint8Array(end - start + 1);
    for (let i = start; i < end; i++) buf[i - start] = path[i];
    buf[end - start] = 0;
    return buf;
  }

  /** openat2(2): `path` beneath `dirfd`, no magic links; -ENOSYS where the kernel lacks it. */
  openat2(dirfd: number, path: Path, flags: number, resolve: number): number {
    const how = this.#howWords;
    how[0] = flags | L.O_CLOEXEC;
    how[2] = flags & L.O_CREAT ? 0o666 : 0;
    how[4] = resolve;
    return this.#r(this.#f.syscall(OPENAT2, i64(dirfd), this.#c(path), this.#how, HOW_SIZE));
  }

  /** {@linkcode openat2} of bytes `start` to `end` of `path`. */
  openat2Bytes(
    dirfd: number,
    path: Uint8Array,
    start: number,
    end: number,
    flags: number,
    resolve: number,
  ): number {
    const how = this.#howWords;
    how[0] = flags | L.O_CLOEXEC;
    how[2] = flags & L.O_CREAT ? 0o666 : 0;
    how[4] = resolve;
    const name = this.#range(path, start, end);
    return this.#r(this.#f.syscall(OPENAT2, i64(dirfd), name, this.#how, HOW_SIZE));
  }

  openat(dirfd: number, path: Path, flags: number): number {
    return this.#r(this.#f.openat(dirfd, this.#c(path), flags | L.O_CLOEXEC, 0o666));
  }

  close(fd: number): number {
    return this.#r(this.#f.close(fd));
  }

  /** Ignores SIGXFSZ: a write past RLIMIT_FSIZE then answers EFBIG instead of killing the process. */
  ignoreFileSizeSignal(): void {
    this.#f.signal(SIGXFSZ, i64(SIG_IGN));
  }

  /** statx(2) of `path` under `dirfd` ("" with AT_EMPTY_PATH: the fd itself); read with {@linkcode stat}. */
  statx(dirfd: number, path: Path, flags: number): number {
    return this.#r(this.#f.statx(dirfd, this.#c(path), flags, STATX_BASIC_STATS, this.#statx));
  }

  /** {@linkcode statx} of the name at bytes `start` to `end` of `path`. */
  statxBytes(dirfd: number, path: Uint8Array, start: number, end: number, flags: number): number {
    const name = this.#range(path, start, end);
    return this.#r(this.#f.statx(dirfd, name, flags, STATX_BASIC_STATS, this.#statx));
  }

  /** statx(2) of an open fd. */
  fstatx(fd: number): number {
    return this.#r(this.#f.statx(fd, this.#empty, L.AT_EMPTY_PATH, STATX_BASIC_STATS, this.#statx));
  }

  /** The `st_mode` the last successful statx saw. */
  statMode(): number {
    return this.#statxView.getUint16(28, true);
  }

  /** The device major of the special file the last successful statx saw. */
  statRdevMajor(): number {
    return this.#statxView.getUint32(128, true);
  }

  /** The file type the last successful statx saw (no BigInt made). */
  statType(): Filetype {
    return filetypeOfMode(this.#statx32[7]);
  }

  /**
   * Whether the last successful statx saw the identity (dev major, dev
   * minor, ino low, ino high) in `id`; with `save`, stores it there instead.
   * No BigInt or string is made.
   */
  statIdentity(id: Uint32Array, save = false): boolean {
    const v = this.#statxView;
    const major = v.getUint32(136, true), minor = v.getUint32(140, true);
    const lo = v.getUint32(32, true), hi = v.getUint32(36, true);
    if (save) {
      id[0] = major, id[1] = minor, id[2] = lo, id[3] = hi;
      return true;
    }
    return id[2] === lo && id[3] === hi && id[0] === major && id[1] === minor;
  }

  /**
   * Writes the last successful statx into `out` as the guest's 64-byte
   * filestat, with 32-bit reads and writes only: no BigInt, no object.
   * The same values as {@linkcode stat} and lib/syscalls/_fs.ts's writeFilestat;
   * `false` (`out` unchanged) where a time is too late for the guest's u64
   * nanoseconds (past 2554), which writeFilestat answers with EOVERFLOW.
   */
  filestatInto(out: Uint8Array): boolean {
    // struct statx's words: stx_nlink 4, stx_mode 7 (its low half), stx_ino 8-9, stx_size
    // 10-11, stx_atime 16-18, stx_ctime 24-26, stx_mtime 28-30, stx_dev_major 34, _minor 35.
    // WASI's filestat: dev 0-1, ino 2-3, filetype 4, nlink 6, size 8-9, atim 10-11, mtim
    // 12-13, ctim 14-15 (5 and 7 stay 0).
    const v = this.#statx32, o = this.#filestat32;
    const major = v[34], minor = v[35];
    // glibc's makedev, as two 32-bit halves.
    o[0] = (major & 0xfff) << 8 | (minor & 0xfff00) << 12 | minor & 0xff;
    o[1] = (major & 0xfffff000) | (minor >>> 20);
    o[2] = v[8];
    o[3] = v[9];
    o[4] = filetypeOfMode(v[7]);
    o[6] = v[4];
    o[8] = v[10];
    o[9] = v[11];
    if (!nanoseconds(v, 16, o, 10) || !nanoseconds(v, 28, o, 12) || !nanoseconds(v, 24, o, 14)) {
      return false;
    }
    out.set(this.#filestat);
    return true;
  }

  /** The last successful statx, decoded. */
  stat(): HostStat {
    const v = this.#statxView;
    const time = (off: number) =>
      v.getBigInt64(off, true) * 1_000_000_000n + BigInt(v.getUint32(off + 8, true));
    return {
      dev: makedev(v.getUint32(136, true), v.getUint32(140, true)),
      ino: v.getBigUint64(32, true),
      filetype: filetypeOfMode(v.getUint16(28, true)),
      nlink: BigInt(v.getUint32(16, true)),
      size: v.getBigUint64(40, true),
      atim: time(64),
      mtim: time(112),
      ctim: time(96),
    };
  }

  mkdirat(dirfd: number, path: Path): number {
    return this.#r(this.#f.mkdirat(dirfd, this.#c(path), 0o777));
  }

  unlinkat(dirfd: number, path: Path, flags: number): number {
    return this.#r(this.#f.unlinkat(dirfd, this.#c(path), flags));
  }

  /** {@linkcode unlinkat} of the name at bytes `start` to `end` of `path`. */
  unlinkatBytes(
    dirfd: number,
    path: Uint8Array,
    start: number,
    end: number,
    flags: number,
  ): number {
    return this.#r(this.#f.unlinkat(dirfd, this.#range(path, start, end), flags));
  }

  /** {@linkcode renameat} of the names at bytes `start` to `end` of `path` and `toPath`. */
  renameatBytes(
    from: number,
    path: Uint8Array,
    start: number,
    end: number,
    to: number,
    toPath: Uint8Array,
    toStart: number,
    toEnd: number,
  ): number {
    const name = this.#range(path, start, end);
    return this.#r(this.#f.renameat(from, name, to, this.#range(toPath, toStart, toEnd, 1)));
  }

  renameat(from: number, fromPath: string, to: number, toPath: string): number {
    return this.#r(this.#f.renameat(from, this.#c(fromPath), to, this.#c(toPath, 1)));
  }

  linkat(from: number, fromPath: string, to: number, toPath: string): number {
    return this.#r(this.#f.linkat(from, this.#c(fromPath), to, this.#c(toPath, 1), 0));
  }

  symlinkat(target: string, dirfd: number, path: string): number {
    return this.#r(this.#f.symlinkat(this.#c(target, 1), dirfd, this.#c(path)));
  }

  /** readlinkat(2): the target's bytes (a fresh copy), or -errno. */
  readlinkat(dirfd: number, path: Path): Uint8Array | number {
    for (;;) {
      const buf = this.#link;
      const n = this.#r(this.#f.readlinkat(dirfd, this.#c(path), buf, i64(buf.length)));
      if (n < 0) return n;
      if (n < buf.length) return buf.slice(0, n);
      this.#link = new Uint8Array(buf.length * 2);
    }
  }

  /** utimensat(2); `path` "" with AT_EMPTY_PATH sets the fd's own times (O_PATH fds too). */
  utimensat(dirfd: number, path: string, atim: TimeSpec, mtim: TimeSpec, flags: number): number {
    encodeTimespec(this.#timesView, 0, atim);
    encodeTimespec(this.#timesView, 16, mtim);
    return this.#r(this.#f.utimensat(dirfd, this.#c(path), this.#times, flags));
  }

  futimens(fd: number, atim: TimeSpec, mtim: TimeSpec): number {
    encodeTimespec(this.#timesView, 0, atim);
    encodeTimespec(this.#timesView, 16, mtim);
    return this.#r(this.#f.futimens(fd, this.#times));
  }

  /** getdents64(2) into `buf`: bytes filled, 0 at the end. */
  getdents64(fd: number, buf: Uint8Array): number {
    return this.#r(this.#f.getdents64(fd, buf, i64(buf.length)));
  }

  /** Back to the first entry of a directory (or offset 0 of a file). */
  rewind(fd: number): number {
    return this.#r(Number(this.#f.lseek64(fd, i64(0), 0)));
  }

  /**
   * lseek(2) (whence 0, 1, 2: SEEK_SET, SEEK_CUR, SEEK_END): the new offset,
   * exact (its `off_t` comes as a number or a BigInt), or -errno.
   */
  seek(fd: number, offset: bigint, whence: number): bigint {
    const at = BigInt(
      this.#f.lseek64(fd, offset, whence) as number | bigint,
    );
    return at < 0n ? BigInt(-this.#errno()) : at;
  }

  /** pread(2) at `pos`: a number up to 2^53 - 1, a BigInt beyond (every FFI takes one exactly). */
  pread(fd: number, dst: Uint8Array, pos: number | bigint): number {
    const buf = dst.length > MAX_IO ? dst.subarray(0, MAX_IO) : dst;
    return this.#r(
      this.#f.pread64(fd, buf, i64(buf.length), typeof pos === "bigint" ? pos : i64(pos)),
    );
  }

  pwrite(fd: number, src: Uint8Array, pos: number | bigint): number {
    const buf = src.length > MAX_IO ? src.subarray(0, MAX_IO) : src;
    return this.#r(
      this.#f.pwrite64(fd, buf, i64(buf.length), typeof pos === "bigint" ? pos : i64(pos)),
    );
  }

  ftruncate(fd: number, size: number | bigint): number {
    return this.#r(this.#f.ftruncate64(fd, typeof size === "bigint" ? size : i64(size)));
  }

  /** fallocate(2) with mode 0: `len` bytes at `offset` allocated, the size grown past them. */
  fallocate(fd: number, offset: bigint, len: bigint): number {
    return this.#r(this.#f.fallocate(fd, 0, offset, len));
  }

  fsync(fd: number): number {
    return this.#r(this.#f.fsync(fd));
  }

  fdatasync(fd: number): number {
    return this.#r(this.#f.fdatasync(fd));
  }

  /** read(2) of at most `dst.length` bytes, one call: the count (0 = EOF) or -errno (EAGAIN, EINTR too). */
  read(fd: number, dst: Uint8Array): number {
    const buf = dst.length > MAX_IO ? dst.subarray(0, MAX_IO) : dst;
    return this.#r(this.#f.read(fd, buf, i64(buf.length)));
  }

  /**
   * send(2) to the socket `fd` without waiting and without SIGPIPE, as
   * {@linkcode StreamLibc.sendNow}: for Node, whose stdio has no stream calls.
   */
  sendNow(fd: number, src: Uint8Array): number {
    return sendNow(this.#f.send, this.#errno, fd, src);
  }

  readonly #statfs = new Uint8Array(120);
  readonly #statfsView = new DataView(this.#statfs.buffer);

  /** The type of the filesystem `fd` is on (statfs's `f_type`, a magic number), or -errno. */
  filesystemType(fd: number): number {
    const r = this.#r(this.#f.fstatfs(fd, this.#statfs));
    return r < 0 ? r : this.#statfsView.getUint32(0, true);
  }

  /** inotify_init1(2) with IN_NONBLOCK and IN_CLOEXEC: the inotify fd, or -errno. */
  inotifyInit(): number {
    return this.#r(this.#f.inotify_init1(L.O_NONBLOCK | L.O_CLOEXEC));
  }

  /** inotify_add_watch(2) on the directory an open fd holds (through its /proc/self/fd link): the watch descriptor, or -errno. */
  inotifyWatch(inotify: number, fd: number, mask: number): number {
    return this.#r(this.#f.inotify_add_watch(inotify, this.#c(`/proc/self/fd/${fd}`), mask | 0));
  }

  inotifyUnwatch(inotify: number, wd: number): number {
    return this.#r(this.#f.inotify_rm_watch(inotify, wd));
  }

  /**
   * poll(2) of `fd` for reading, waiting at most `timeoutMs` (0: not at all; -1: until
   * something happens): its revents (POLLIN, POLLHUP, ...; 0 at the timeout), or -errno.
   */
  pollReadable(fd: number, timeoutMs = 0): number {
    return pollOne(this.#f.poll, this.#errno, fd, POLLIN, timeoutMs);
  }

  /** poll(2) of `fd` for writing, now: its revents (POLLOUT, POLLERR: a pipe nobody reads), or -errno. */
  pollWritable(fd: number): number {
    return pollOne(this.#f.poll, this.#errno, fd, POLLOUT, 0);
  }

  /** As {@linkcode StreamLibc.bytesReadable} (Node's stdin, which has no StreamLibc). */
  bytesReadable(fd: number): number {
    return bytesReadable(this.#f.ioctl, this.#errno, fd);
  }

  /** fcntl(2) with an int argument: its result or -errno (as {@linkcode StreamLibc.fcntl}). */
  fcntl(fd: number, cmd: number, arg: number): number {
    return this.#r(this.#f.fcntl(fd, cmd, i64(arg)));
  }

  /** An open fd's status flags (fcntl F_GETFL), or -errno. */
  statusFlags(fd: number): number {
    return this.#r(this.#f.fcntl(fd, F_GETFL, i64(0)));
  }

  /** Sets or clears O_APPEND or O_NONBLOCK on an open fd (fcntl F_SETFL). */
  setStatusFlag(fd: number, flag: number, on: boolean): number {
    const flags = this.#r(this.#f.fcntl(fd, F_GETFL, i64(0)));
    if (flags < 0) return flags;
    const next = on ? flags | flag : flags & ~flag;
    return this.#r(this.#f.fcntl(fd, F_SETFL, i64(next)));
  }

  #waitingOpenat: ((...args: (number | Uint8Array | null)[]) => Promise<number>) | null | undefined;

  /**
   * Deno only: openat(2) of `name` in `dirfd` on Deno's FFI thread, where it
   * may wait (a FIFO's open waits for the other end) while the event loop
   * runs: the fd or -errno; `undefined` where there is no such call. That
   * thread's errno is not readable here: a failed open is made again at once
   * with O_NONBLOCK, whose errno is the answer (or whose fd is, made
   * blocking, when what failed the first has passed).
   */
  openatWaiting(dirfd: number, name: Path, flags: number): Promise<number> | undefined {
    this.#waitingOpenat ??= openWaitingFunction(LIBC, "openat", [...SIGNATURES.openat]) ?? null;
    const call = this.#waitingOpenat;
    if (!call) return undefined;
    // A buffer of its own: the shared ones are reused while this call runs.
    const encoded = this.#c(name);
    const path = encoded.slice(0, encoded.indexOf(0) + 1);
    return call(dirfd, path, flags | L.O_CLOEXEC, 0o666).then((fd) => {
      if (fd >= 0) return fd;
      const again = this.openat(dirfd, path.subarray(0, path.length - 1), flags | L.O_NONBLOCK);
      if (again >= 0 && (flags & L.O_NONBLOCK) === 0) {
        this.setStatusFlag(again, L.O_NONBLOCK, false);
      }
      return again;
    });
  }
}

const utf8 = new TextEncoder();

function encodeTimespec(out: DataView, at: number, time: TimeSpec): void {
  if (time === "now" || time === "omit") {
    out.setBigInt64(at, 0n, true);
    out.setBigInt64(at + 8, BigInt(time === "now" ? UTIME_NOW : UTIME_OMIT), true);
  } else {
    out.setBigInt64(at, time / 1_000_000_000n, true);
    out.setBigInt64(at + 8, time % 1_000_000_000n, true);
  }
}

/**
 * The statx timestamp at word `at` of `from` (i64 seconds in two words, u32
 * nanoseconds) as u64 nanoseconds at word `out` of `to`, exactly and modulo
 * 2^64 as BigInt arithmetic would give, in 32-bit halves: seconds × 10^9 is
 * summed from 16-bit pieces, each product below 2^53. A time before 1970 is
 * 0, as lib/syscalls/_fs.ts's writeFilestat writes it; `false` for one at or
 * past 2^64 ns (2554-07-21T23:34:33.709551616Z), which u64 cannot hold.
 */
function nanoseconds(from: Int32Array, at: number, to: Int32Array, out: number): boolean {
  const lo = from[at] >>> 0, hi = from[at + 1];
  if (hi < 0) {
    to[out] = 0;
    to[out + 1] = 0;
    return true;
  }
  const nsec = from[at + 2];
  // 2^64 ns is 18446744073 s (4 × 2^32 + 1266874889) and 709551616 ns.
  if (hi > 4 || hi === 4 && (lo > 1266874889 || lo === 1266874889 && nsec >= 709551616)) {
    return false;
  }
  const upper = (lo >>> 16) * 1e9; // × 2^16
  const low = (lo & 0xffff) * 1e9 + nsec + (upper % 65536) * 65536; // < 2^48
  const carry = Math.floor(low / 4294967296) + Math.floor(upper / 65536);
  to[out] = low | 0; // the low 32 bits
  to[out + 1] = (carry + Math.imul(hi, 1e9)) | 0;
  return true;
}

/** glibc's `makedev`, so FFI and `node:fs` report the same `dev`. */
function makedev(major: number, minor: number): bigint {
  // The usual case (major < 4096, minor < 256) in one BigInt.
  if (major < 0x1000 && minor < 0x100) return BigInt((major << 8) | minor);
  const ma = BigInt(major), mi = BigInt(minor);
  return ((ma & 0xfffff000n) << 32n) | ((ma & 0xfffn) << 8n) |
    ((mi & 0xffffff00n) << 12n) | (mi & 0xffn);
}

let loaded: Libc | null | undefined;

/** The FFI calls, or `undefined` when this host cannot make them (or is told not to). */
export function libc(): Libc | undefined {
  if (loaded === undefined) loaded = load();
  return loaded ?? undefined;
}

/** The resolver the environment asks for (`WASIRUN_RESOLVER`), if any. */
export function requestedResolver(): string | undefined {
  return getEnv("WASIRUN_RESOLVER") || undefined;
}

/**
 * The calls when the sandbox's fds come from them (lib/host/dir_ops_ffi.ts):
 * then every file and directory fd wasirun opens is an FFI fd, which Deno's
 * `node:fs` does not accept, so lib/host/fs.ts uses these calls for them.
 */
export function fdLibc(): Libc | undefined {
  const wanted = requestedResolver();
  return wanted === "procfs" || wanted === "paths" ? undefined : libc();
}

function load(): Libc | null {
  if (platform !== "linux") return null;
  const lib = openLibrary(LIBC, SIGNATURES as unknown as Record<string, ["i32"]>, {
    node: true,
    wide: ["lseek64"],
  });
  if (!lib) return null;
  return new Libc(lib.fn as Record<keyof typeof SIGNATURES, Fn>, lib.errno);
}

// --- Streams: the host's pipes, terminals and stdio fds (lib/host/stdio.ts) --

/** Linux's errno for "would block" (x86_64 and aarch64 agree). */
export const EAGAIN = 11;
/** Linux's errno for a write to a pipe nobody reads. */
export const EPIPE = 32;
/** Linux's errno for a call a signal interrupted. */
export const EINTR = 4;
const STATX_TYPE = 0x1;
const STATX_INO = 0x100;
const IPPROTO_TCP = 6;
const TCP_NODELAY = 1;

/**
 * What every run calls at its start, a few times: classify the stdio fds,
 * reopen a pipe or terminal for output, close. Deno binds them in one dlopen
 * (lib/host/ffi.ts, `eager`), cold (without their fast-call trampolines: ~0.1
 * ms for the three instead of ~1 ms), the others
 * ({@linkcode LATER_STREAM_SIGNATURES}) at their first call.
 */
const START_STREAM_SIGNATURES = {
  openat: ["i32", "buffer", "i32", "i32"],
  close: ["i32"],
  statx: ["i32", "buffer", "i32", "i32", "buffer"],
} as const;

/**
 * Writing and reading (each call of the guest's: bound with Deno's fast-call
 * trampoline), a terminal's check and a socket's option (once: cold), growing
 * a pipe, a brief wait: only some runs, later.
 */
const LATER_STREAM_SIGNATURES = {
  write: ["i32", "buffer", "i64"],
  read: ["i32", "buffer", "i64"],
  poll: ["buffer", "i64", "i32"],
  isatty: ["i32"],
  fcntl: ["i32", "i32", "i32"],
  ioctl: ["i32", "i32", "buffer"],
  send: ["i32", "buffer", "i64", "i32"],
  setsockopt: ["i32", "i32", "i32", "buffer", "i32"],
  eventfd: ["i32", "i32"],
} as const;

type StreamCall = keyof typeof START_STREAM_SIGNATURES | keyof typeof LATER_STREAM_SIGNATURES;

/**
 * read(2), write(2) and what classifying a stdio fd needs, each answering
 * its result or -errno; EINTR is retried. Apart from {@linkcode Libc}, so
 * that stdio does not depend on the sandbox's calls and each has its own
 * switch (`WASIRUN_STDIO=pool`, `WASIRUN_RESOLVER`); a function both use is
 * bound once (lib/host/ffi.ts).
 */
export class StreamLibc {
  readonly #f: Record<StreamCall, Fn>;
  /**
   * Deno: `write` bound cold, for the run's first write only: a run that
   * writes once (a hello, a `--version`) then compiles no trampoline, ~0.6
   * ms (lib/host/ffi.ts). The second binds the hot one, from its own call
   * site, before anything calling it is optimised.
   */
  #firstWrite: { write: Fn } | undefined;
  readonly #errno: () => number;
  readonly #statx = new Uint8Array(STATX_SIZE);
  readonly #statxView = new DataView(this.#statx.buffer);
  readonly #empty = new Uint8Array(1);

  constructor(f: Record<StreamCall, Fn>, errno: () => number, firstWrite?: { write: Fn }) {
    this.#f = f;
    this.#errno = errno;
    this.#firstWrite = firstWrite;
  }

  /** read(2) of at most `dst.length` bytes: the count (0 = EOF) or -errno. */
  read(fd: number, dst: Uint8Array): number {
    const buf = dst.length > MAX_IO ? dst.subarray(0, MAX_IO) : dst;
    for (;;) {
      const n = this.#f.read(fd, buf, i64(buf.length));
      if (n >= 0) return n;
      const e = this.#errno();
      if (e !== EINTR) return -e;
    }
  }

  /** write(2) of at most `src.length` bytes: the count or -errno. */
  write(fd: number, src: Uint8Array): number {
    if (this.#firstWrite) return this.#writeFirst(fd, src, this.#firstWrite);
    const buf = src.length > MAX_IO ? src.subarray(0, MAX_IO) : src;
    for (;;) {
      const n = this.#f.write(fd, buf, i64(buf.length));
      if (n >= 0) return n;
      const e = this.#errno();
      if (e !== EINTR) return -e;
    }
  }

  #writeFirst(fd: number, src: Uint8Array, cold: { write: Fn }): number {
    this.#firstWrite = undefined;
    const buf = src.length > MAX_IO ? src.subarray(0, MAX_IO) : src;
    for (;;) {
      const n = cold.write(fd, buf, i64(buf.length));
      if (n >= 0) return n;
      const e = this.#errno();
      if (e !== EINTR) return -e;
    }
  }

  /**
   * send(2) of at most `src.length` bytes to the socket `fd` without waiting
   * (MSG_DONTWAIT: the socket's own O_NONBLOCK, shared with whoever gave it,
   * is left alone) and without SIGPIPE: the count or -errno (-EAGAIN: full).
   */
  sendNow(fd: number, src: Uint8Array): number {
    return sendNow(this.#f.send, this.#errno, fd, src);
  }

  isatty(fd: number): boolean {
    return this.#f.isatty(fd) === 1;
  }

  /** The bytes a read of the pipe or terminal `fd` would get now (ioctl FIONREAD), or -errno. */
  bytesReadable(fd: number): number {
    return bytesReadable(this.#f.ioctl, this.#errno, fd);
  }

  /** setsockopt(2) of TCP_NODELAY: 0 or -errno. */
  tcpNoDelay(fd: number, on: boolean): number {
    const value = new Uint8Array([on ? 1 : 0, 0, 0, 0]); // an int, little-endian
    const r = this.#f.setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, value, 4);
    return r < 0 ? -this.#errno() : r;
  }

  /**
   * A new open file description of what `fd` is (a pipe, FIFO or terminal),
   * opened through /proc/self/fd with `flags` | O_CLOEXEC | O_NOCTTY: the fd,
   * or -errno (ENXIO for a socket, or for a pipe's write end with no reader
   * when `flags` has O_NONBLOCK).
   */
  reopen(fd: number, flags: number): number {
    const path = utf8.encode(`/proc/self/fd/${fd}\0`);
    const r = this.#f.openat(L.AT_FDCWD, path, flags | L.O_CLOEXEC | O_NOCTTY, 0);
    return r < 0 ? -this.#errno() : r;
  }

  close(fd: number): number {
    return this.#f.close(fd) < 0 ? -this.#errno() : 0;
  }

  /** fstat's `st_mode` of `fd`, or -errno; then {@linkcode rdevMajor}. */
  mode(fd: number): number {
    const r = this.#f.statx(fd, this.#empty, L.AT_EMPTY_PATH, STATX_TYPE, this.#statx);
    return r < 0 ? -this.#errno() : this.#statxView.getUint16(28, true);
  }

  /**
   * What `fd` is open on, as "device:inode" (the same for every fd on one
   * pipe, socket or terminal), or -errno.
   */
  identity(fd: number): string | number {
    const r = this.#f.statx(fd, this.#empty, L.AT_EMPTY_PATH, STATX_TYPE | STATX_INO, this.#statx);
    if (r < 0) return -this.#errno();
    const v = this.#statxView;
    return `${v.getUint32(136, true)}:${v.getUint32(140, true)}:${v.getBigUint64(32, true)}`;
  }

  /** The device major number the last successful {@linkcode mode} saw (character devices). */
  rdevMajor(): number {
    return this.#statxView.getUint32(128, true);
  }

  /** fcntl(2) with an int argument: its result or -errno. */
  fcntl(fd: number, cmd: number, arg: number): number {
    const r = this.#f.fcntl(fd, cmd, arg);
    return r < 0 ? -this.#errno() : r;
  }

  /** An open fd's status flags (fcntl F_GETFL), or -errno. */
  statusFlags(fd: number): number {
    return this.fcntl(fd, F_GETFL, 0);
  }

  /**
   * poll(2) of `fd` for reading on this thread, waiting at most `timeoutMs`:
   * its revents (POLLIN, POLLHUP, ...; 0 at the timeout, or when a signal
   * interrupted it), or -errno.
   */
  pollReadable(fd: number, timeoutMs: number): number {
    const r = pollOne(this.#f.poll, this.#errno, fd, POLLIN, timeoutMs);
    return r === -EINTR ? 0 : r;
  }

  #poll: ((...args: (number | Uint8Array | null)[]) => Promise<number>) | null | undefined;

  /** Whether {@linkcode waitFor} can wait here (Deno). */
  get canWait(): boolean {
    if (this.#poll === undefined) {
      this.#poll = openWaitingFunction(LIBC, "poll", ["buffer", "i64", "i32"]) ?? null;
    }
    return this.#poll !== null;
  }

  /**
   * Deno only: resolves once `fd` is readable (or writable), or hung up or
   * failed (the next read or write says which), or `wakeFd` (an
   * {@linkcode eventfd}; -1: none) is woken, by `poll(2)` on Deno's FFI
   * thread, for at most `timeoutMs` (-1: no timeout); `undefined` where
   * there is no such call.
   */
  waitFor(
    fd: number,
    direction: "read" | "write",
    timeoutMs = -1,
    wakeFd = -1,
  ): Promise<unknown> | undefined {
    if (!this.canWait) return undefined;
    // Two struct pollfd { int fd; short events; short revents; }, per wait:
    // the FFI thread fills them in while others may be pending. poll(2) skips a negative fd.
    const pollfd = new Uint8Array(16);
    const view = new DataView(pollfd.buffer);
    view.setInt32(0, fd, true);
    view.setInt16(4, direction === "read" ? POLLIN : POLLOUT, true);
    view.setInt32(8, wakeFd, true);
    view.setInt16(12, POLLIN, true);
    return this.#poll!(pollfd, 2, timeoutMs);
  }

  /**
   * A new eventfd (close-on-exec, non-blocking), for {@linkcode waitFor} to
   * poll beside its fd so that {@linkcode wake} ends the wait at once; or
   * -errno.
   */
  eventfd(): number {
    const r = this.#f.eventfd(0, EVENTFD_FLAGS);
    return r < 0 ? -this.#errno() : r;
  }

  /** Makes the eventfd `fd` readable, which ends every {@linkcode waitFor} that polls it. */
  wake(fd: number): void {
    this.write(fd, WAKE);
  }
}

export const POLLIN = 0x1;
const FIONREAD = 0x541b;
/** eventfd(2)'s EFD_CLOEXEC | EFD_NONBLOCK (lib/host/poll_thread.ts's Worker makes its own so). */
export const EVENTFD_FLAGS = 0o2000000 | 0o4000;
/** What a write adds to an eventfd's counter: 1, a u64 in the host's order (x86-64, arm64). */
export const WAKE: Uint8Array = new Uint8Array([1, 0, 0, 0, 0, 0, 0, 0]);

/** What a read of a pipe, FIFO or terminal would meet now, seen without reading it. */
export interface ReadState {
  /** Bytes waiting (FIONREAD; 0 also for an error, which the read then answers). */
  bytes: number;
  /** The writer came and went, nothing left (poll(2)'s POLLHUP without POLLIN). */
  hangup: boolean;
}

/**
 * poll(2)'s `revents` for reading (or -errno) as a {@linkcode ReadState};
 * `undefined` (0: nothing) when a read would wait. `bytesReadable` is asked
 * only when there is data.
 */
export function readState(revents: number, bytesReadable: () => number): ReadState | undefined {
  if (revents === 0) return undefined;
  if (revents < 0) return { bytes: 0, hangup: false };
  const bytes = (revents & POLLIN) !== 0 ? Math.max(bytesReadable(), 0) : 0;
  return { bytes, hangup: (revents & (POLLIN | POLLHUP)) === POLLHUP };
}
export const POLLOUT = 0x4;
/** poll(2)'s revents for a pipe's write end nobody reads. */
export const POLLERR = 0x8;
/** poll(2)'s revents for a pipe whose other end is closed. */
export const POLLHUP = 0x10;

const O_NOCTTY = 0o400;
const MSG_DONTWAIT = 0x40;
const MSG_NOSIGNAL = 0x4000;

/** One `struct pollfd { int fd; short events; short revents; }` for the calls made on this thread. */
const pollfd = new Uint8Array(8);
const pollView = new DataView(pollfd.buffer);

/** poll(2) through `poll` of one fd for `events` on this thread: its revents, or -errno. */
function pollOne(
  poll: Fn,
  errno: () => number,
  fd: number,
  events: number,
  timeoutMs: number,
): number {
  pollView.setInt32(0, fd, true);
  pollView.setInt16(4, events, true);
  pollView.setInt16(6, 0, true);
  const r = poll(pollfd, i64(1), timeoutMs);
  return r < 0 ? -errno() : pollView.getInt16(6, true);
}

/** ioctl(2) FIONREAD through `ioctl`, on this thread: the bytes a read would get now, or -errno. */
function bytesReadable(ioctl: Fn, errno: () => number, fd: number): number {
  const r = ioctl(fd, FIONREAD, intArg);
  return r < 0 ? -errno() : intView.getInt32(0, true);
}

const intArg = new Uint8Array(4);
const intView = new DataView(intArg.buffer);

/** send(2) through `send`, as {@linkcode StreamLibc.sendNow} describes (EINTR retried). */
function sendNow(send: Fn, errno: () => number, fd: number, src: Uint8Array): number {
  const buf = src.length > MAX_IO ? src.subarray(0, MAX_IO) : src;
  for (;;) {
    const n = send(fd, buf, i64(buf.length), MSG_DONTWAIT | MSG_NOSIGNAL);
    if (n >= 0) return n;
    const e = errno();
    if (e !== EINTR) return -e;
  }
}

let streams: StreamLibc | null | undefined;
let stdioPool: boolean | undefined;

/**
 * The stream calls for stdio, or `undefined` where this host cannot make them
 * (no FFI, not Linux) or `WASIRUN_STDIO=pool` asks for the runtime's own I/O (tests).
 */
export function streamLibc(): StreamLibc | undefined {
  stdioPool ??= getEnv("WASIRUN_STDIO") === "pool";
  return stdioPool ? undefined : streamCalls();
}

/** The stream calls whatever `WASIRUN_STDIO` says (a FIFO a guest opened by path: lib/host/fs.ts). */
export function streamCalls(): StreamLibc | undefined {
  if (streams === undefined) streams = loadStreams();
  return streams ?? undefined;
}

function loadStreams(): StreamLibc | null {
  if (platform !== "linux") return null;
  const start = openLibrary(
    LIBC,
    START_STREAM_SIGNATURES as unknown as Record<string, ["i32"]>,
    { eager: true, cold: true },
  );
  const later = start &&
    openLibrary(LIBC, LATER_STREAM_SIGNATURES as unknown as Record<string, ["i32"]>, {
      cold: ["isatty", "setsockopt"],
    });
  if (!later) return null;
  // One record: a function bound at its first call replaces itself in `later.fn` (lib/host/ffi.ts).
  const fn = Object.assign(later.fn, start.fn) as Record<StreamCall, Fn>;
  const firstWrite = isDeno
    ? openLibrary(LIBC, { write: LATER_STREAM_SIGNATURES.write as unknown as ["i32"] }, {
      cold: true,
    })?.fn as { write: Fn } | undefined
    : undefined;
  return new StreamLibc(fn, start.errno, firstWrite);
}
