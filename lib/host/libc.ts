/**
 * Optional libc calls through the runtime's FFI, for what `node:fs` cannot
 * do exactly: file times to the nanosecond. Deno's `node:fs` reads times
 * truncated to milliseconds (ctime to seconds) and sets them to
 * milliseconds; Bun's reads nanoseconds but sets times through a double
 * (about 100 ns off). `statx`, `utimensat` and `futimens` are exact and can
 * leave one time unchanged (UTIME_OMIT).
 *
 * Used on Linux with glibc: under Deno when FFI is allowed (`--allow-ffi`
 * or `-A`), under Bun always (`bun:ffi`). Everywhere else
 * {@linkcode libc} answers `undefined` and lib/host/fs.ts falls back to
 * `node:fs` with the precision above.
 */
import { constants } from "node:os";
import process from "node:process";
import { Filetype } from "../abi/types.ts";
import { isBun, isDeno } from "./runtime.ts";

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

/** A time to set: nanoseconds since the epoch, the current time, or unchanged. */
export type TimeSpec = bigint | "now" | "omit";

export interface Libc {
  /** `statx` of `path` (following symlinks when `follow`). */
  stat(path: string, follow: boolean): HostStat;
  /** `statx` of an open fd. */
  fstat(fd: number): HostStat;
  /** `utimensat` of `path`. */
  setTimes(path: string, follow: boolean, atim: TimeSpec, mtim: TimeSpec): void;
  /** `futimens` of an open fd. */
  setFdTimes(fd: number, atim: TimeSpec, mtim: TimeSpec): void;
}

const AT_FDCWD = -100;
const AT_SYMLINK_NOFOLLOW = 0x100;
const AT_EMPTY_PATH = 0x1000;
const STATX_BASIC_STATS = 0x7ff;
const STATX_SIZE = 256;
const UTIME_NOW = (1n << 30n) - 1n;
const UTIME_OMIT = (1n << 30n) - 2n;

const S_IFMT = 0o170000;
const FILETYPE_BY_MODE: Record<number, Filetype> = {
  0o040000: Filetype.DIRECTORY,
  0o100000: Filetype.REGULAR_FILE,
  0o120000: Filetype.SYMBOLIC_LINK,
  0o020000: Filetype.CHARACTER_DEVICE,
  0o060000: Filetype.BLOCK_DEVICE,
  0o140000: Filetype.SOCKET_STREAM,
};

/** The WASI filetype of a POSIX `st_mode` (a FIFO is UNKNOWN, as in wasmtime). */
export function filetypeOfMode(mode: number): Filetype {
  return FILETYPE_BY_MODE[mode & S_IFMT] ?? Filetype.UNKNOWN;
}

/** The raw calls, whichever FFI makes them. Buffers are passed as pointers. */
interface RawCalls {
  statx(dirfd: number, path: Uint8Array, flags: number, mask: number, out: Uint8Array): number;
  utimensat(dirfd: number, path: Uint8Array, times: BigInt64Array, flags: number): number;
  futimens(fd: number, times: BigInt64Array): number;
  /** The calling thread's errno, right after a call that failed. */
  errno(): number;
}

const LIBC = "libc.so.6";

const ERRNO_NAMES: Record<number, string> = {};
for (const [name, value] of Object.entries(constants.errno)) ERRNO_NAMES[value] ??= name;

let loaded: Libc | null | undefined;

/** The FFI calls, or `undefined` when this host cannot make them. */
export function libc(): Libc | undefined {
  if (loaded === undefined) loaded = load();
  return loaded ?? undefined;
}

function load(): Libc | null {
  if (process.platform !== "linux") return null;
  try {
    const raw = isDeno ? denoCalls() : isBun ? bunCalls() : undefined;
    return raw ? new FfiLibc(raw) : null;
  } catch {
    return null; // no --allow-ffi, or not glibc: node:fs it is
  }
}

function denoCalls(): RawCalls {
  const lib = Deno.dlopen(
    LIBC,
    {
      statx: { parameters: ["i32", "buffer", "i32", "u32", "buffer"], result: "i32" },
      utimensat: { parameters: ["i32", "buffer", "buffer", "i32"], result: "i32" },
      futimens: { parameters: ["i32", "buffer"], result: "i32" },
      __errno_location: { parameters: [], result: "pointer" },
    } as const,
  );
  const s = lib.symbols;
  type Buf = Uint8Array<ArrayBuffer>;
  return {
    statx: (dirfd, path, flags, mask, out) => s.statx(dirfd, path as Buf, flags, mask, out as Buf),
    utimensat: (dirfd, path, times, flags) =>
      s.utimensat(dirfd, path as Buf, new Uint8Array(times.buffer as ArrayBuffer), flags),
    futimens: (fd, times) => s.futimens(fd, new Uint8Array(times.buffer as ArrayBuffer)),
    errno: () => {
      const ptr = s.__errno_location();
      return ptr === null ? 0 : new Deno.UnsafePointerView(ptr).getInt32();
    },
  };
}

/** bun:ffi, loaded at start-up under Bun only (a Deno process never imports it). */
const bunFfi: BunFfi | undefined = isBun ? await import(["bun", "ffi"].join(":")) : undefined;

interface BunFfi {
  dlopen(
    path: string,
    symbols: Record<string, { args: string[]; returns: string }>,
  ): { symbols: Record<string, (...args: unknown[]) => number> };
  read: { i32(ptr: number, offset: number): number };
}

function bunCalls(): RawCalls {
  const { dlopen, read } = bunFfi!;
  const s = dlopen(LIBC, {
    statx: { args: ["i32", "ptr", "i32", "u32", "ptr"], returns: "i32" },
    utimensat: { args: ["i32", "ptr", "ptr", "i32"], returns: "i32" },
    futimens: { args: ["i32", "ptr"], returns: "i32" },
    __errno_location: { args: [], returns: "ptr" },
  }).symbols;
  return {
    statx: (dirfd, path, flags, mask, out) => s.statx(dirfd, path, flags, mask, out),
    utimensat: (dirfd, path, times, flags) => s.utimensat(dirfd, path, times, flags),
    futimens: (fd, times) => s.futimens(fd, times),
    errno: () => read.i32(s.__errno_location(), 0),
  };
}

const utf8 = new TextEncoder();

function cString(s: string): Uint8Array {
  return utf8.encode(s + "\0");
}

class FfiLibc implements Libc {
  readonly #raw: RawCalls;
  readonly #statx = new Uint8Array(STATX_SIZE);
  readonly #times = new BigInt64Array(4);

  constructor(raw: RawCalls) {
    this.#raw = raw;
  }

  stat(path: string, follow: boolean): HostStat {
    const flags = follow ? 0 : AT_SYMLINK_NOFOLLOW;
    this.#check(this.#raw.statx(AT_FDCWD, cString(path), flags, STATX_BASIC_STATS, this.#statx));
    return decodeStatx(this.#statx);
  }

  fstat(fd: number): HostStat {
    const empty = cString("");
    this.#check(this.#raw.statx(fd, empty, AT_EMPTY_PATH, STATX_BASIC_STATS, this.#statx));
    return decodeStatx(this.#statx);
  }

  setTimes(path: string, follow: boolean, atim: TimeSpec, mtim: TimeSpec): void {
    const flags = follow ? 0 : AT_SYMLINK_NOFOLLOW;
    this.#check(this.#raw.utimensat(AT_FDCWD, cString(path), this.#encode(atim, mtim), flags));
  }

  setFdTimes(fd: number, atim: TimeSpec, mtim: TimeSpec): void {
    this.#check(this.#raw.futimens(fd, this.#encode(atim, mtim)));
  }

  #encode(atim: TimeSpec, mtim: TimeSpec): BigInt64Array {
    encodeTimespec(this.#times, 0, atim);
    encodeTimespec(this.#times, 2, mtim);
    return this.#times;
  }

  /** Throws a node-style error (with `code`) when a call answered -1. */
  #check(result: number): void {
    if (result === 0) return;
    const errno = this.#raw.errno();
    const code = ERRNO_NAMES[errno] ?? `errno ${errno}`;
    throw Object.assign(new Error(`${code}: libc call failed`), { code });
  }
}

function encodeTimespec(out: BigInt64Array, at: number, time: TimeSpec): void {
  if (time === "now") [out[at], out[at + 1]] = [0n, UTIME_NOW];
  else if (time === "omit") [out[at], out[at + 1]] = [0n, UTIME_OMIT];
  else [out[at], out[at + 1]] = [time / 1_000_000_000n, time % 1_000_000_000n];
}

/** glibc's `makedev`, so FFI and `node:fs` report the same `dev`. */
function makedev(major: bigint, minor: bigint): bigint {
  return ((major & 0xfffff000n) << 32n) | ((major & 0xfffn) << 8n) |
    ((minor & 0xffffff00n) << 12n) | (minor & 0xffn);
}

function decodeStatx(buf: Uint8Array): HostStat {
  const v = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const time = (off: number) =>
    v.getBigInt64(off, true) * 1_000_000_000n + BigInt(v.getUint32(off + 8, true));
  return {
    dev: makedev(BigInt(v.getUint32(136, true)), BigInt(v.getUint32(140, true))),
    ino: v.getBigUint64(32, true),
    filetype: filetypeOfMode(v.getUint16(28, true)),
    nlink: BigInt(v.getUint32(16, true)),
    size: v.getBigUint64(40, true),
    atim: time(64),
    mtim: time(112),
    ctim: time(96),
  };
}
