/**
 * The directory operations the resolver (lib/host/sandbox.ts) is written
 * against, implemented twice: over FFI on kernel directory fds
 * (lib/host/dir_ops_ffi.ts) and over `node:fs` (lib/host/dir_ops_node.ts:
 * `/proc/self/fd/N/NAME`, or host path strings where there is no procfs).
 *
 * A handle is a directory the host holds: a host fd, or (only in the "paths"
 * mode) a host path. `name` is always one component (never containing "/"),
 * or "" for the directory itself. Nothing here follows a symlink in `name`.
 * Failures are WASI errno values (mapped by number in lib/host/errors.ts).
 */
import type { Errno } from "../abi/errno.ts";
import type { Filetype } from "../abi/types.ts";
import type { HostStat, Path, TimeSpec } from "./libc.ts";

export type { HostStat, Path, TimeSpec };

/** A directory the host holds: a host fd, or in the "paths" mode a {@linkcode PathDir}. */
export type DirHandle = number | PathDir;

/**
 * A directory in the "paths" mode: its host path and the directory that was
 * there when it was opened (dev, ino). Every call through it first checks
 * that the path still names that very directory, itself no symlink: a path
 * re-pointed since (a directory renamed or removed and a symlink or another
 * directory put in its place, by the guest or the host) answers ENOENT, never
 * the new target.
 */
export interface PathDir {
  /** Where it is: moved along when the guest renames it or a directory above it. */
  path: string;
  readonly dev: bigint;
  readonly ino: bigint;
  /**
   * A host fd on it, for a directory the guest holds (path_open's): its own
   * status and times, also once it is removed (nlink 0, as natively).
   */
  readonly fd?: number;
}

export type Result<T> = [T, 0] | [undefined, Errno];

/** One entry of a directory listing. */
export interface DirEntry {
  name: Uint8Array;
  type: Filetype;
  /** The inode number: a number when below 2^53 (no BigInt made per entry). */
  ino: bigint | number;
}

/**
 * How paths are resolved: "openat2" (the kernel, RESOLVE_BENEATH), "fd-walk"
 * (FFI, one openat per component), "procfs" (node:fs on /proc/self/fd/N/NAME,
 * one component at a time), "paths" (node:fs on host path strings: best effort,
 * racy).
 */
export type ResolverKind = "openat2" | "fd-walk" | "procfs" | "paths";

export interface DirOps {
  readonly kind: ResolverKind;
  /**
   * Whether a host process racing the guest cannot redirect its path calls
   * ("openat2", "fd-walk", "procfs"; not "paths"), known without asking
   * `kind` (whose answer may cost a probe).
   */
  readonly holdsRaces: boolean;
  /** Opens the host directory at `path` (a preopen), to be read and resolved in. */
  openRoot(path: string): Result<DirHandle>;
  /** Opens `name` in `dir` as a directory, never following a symlink (ENOTDIR or ELOOP for one). */
  openDir(dir: DirHandle, name: string): Result<DirHandle>;
  /** Closes a handle (a no-op for path strings). */
  close(dir: DirHandle): void;
  /** The target of symlink `name` (EINVAL when it is not a symlink). */
  readlink(dir: DirHandle, name: string): Result<Uint8Array>;
  /** The status of `name` itself (or of `dir` for ""). */
  stat(dir: DirHandle, name: string): Result<HostStat>;
  mkdir(dir: DirHandle, name: string): Errno;
  /** unlink or, with `isDir`, rmdir. */
  remove(dir: DirHandle, name: string, isDir: boolean): Errno;
  rename(dir: DirHandle, name: string, to: DirHandle, toName: string): Errno;
  /** A hard link; a symlink is linked itself. */
  link(dir: DirHandle, name: string, to: DirHandle, toName: string): Errno;
  symlink(target: string, dir: DirHandle, name: string): Errno;
  /** Sets the times of `name` itself (or of `dir` for ""). */
  setTimes(dir: DirHandle, name: string, atim: TimeSpec, mtim: TimeSpec): Errno;
  /** open(2) of `name` (O_NOFOLLOW is added), "" or "." for `dir` itself: a host fd for lib/host/fs.ts. */
  open(dir: DirHandle, name: string, flags: number): Result<number>;
  /** The same on the runtime's blocking pool (a FIFO's open waits for its peer); a `node:fs` fd. */
  openAsync(dir: DirHandle, name: string, flags: number): Promise<Result<number>>;
  /** The handle for a directory fd that `open` returned for `name` in `dir` (the paths mode closes it and keeps the path). */
  adopt(fd: number, dir: DirHandle, name: string): DirHandle;
  /** The entries of an opened directory, without "." and "..", appended to `entries`. */
  list(dir: DirHandle, entries: DirEntry[]): Result<DirEntry[]>;
  /**
   * The kernel's resolution of `path` beneath `dir` (openat2 with
   * RESOLVE_BENEATH): an fd opened with `flags`, or `undefined` when this
   * mode has none (the resolver walks instead). EXDEV means "led outside".
   */
  beneath?(dir: DirHandle, path: Path, flags: number): Result<number> | undefined;
  /**
   * The directory `name` (one component) in `dir`, from a small cache of
   * held fds, checked to still be the directory that is there now; the
   * handle stays the cache's (never close it). `undefined`: not cached, or
   * not a directory there now (resolve it the usual way).
   */
  cachedDir?(dir: DirHandle, name: string): DirHandle | undefined;

  // The fast path (FFI only) for a guest path of the commonest shape, "name", "dir/name" or
  // "a/b/name" with plain ASCII names (lib/fd/dir.ts, `plainPath`), taken as the guest's bytes: no
  // string is made. Each answers what the general path would, or `undefined` where that must decide.

  /**
   * The directory holding a plain path's last name: `root`, `dir` from the
   * parent cache, or "a/b" opened beneath `root` for this one call; hand it
   * back to {@linkcode releasePlainDir} after use.
   */
  plainDir?(root: DirHandle, path: Uint8Array, slash: number): DirHandle | undefined;
  /** Closes what {@linkcode plainDir} opened for one call (a cached or root handle stays). */
  releasePlainDir?(dir: DirHandle): void;
  /**
   * The status of the name at bytes `start` to `end` of `path` itself,
   * written into `out` as the guest's 64-byte filestat; `undefined` (nothing
   * written) for a symlink when `follow`.
   */
  statPlain?(
    dir: DirHandle,
    path: Uint8Array,
    start: number,
    end: number,
    follow: boolean,
    out: Uint8Array,
  ): Errno | undefined;
  /** unlink(2) of the name at bytes `start` to `end` of `path`. */
  unlinkPlain?(dir: DirHandle, path: Uint8Array, start: number, end: number): Errno;
  /**
   * rename(2) of the plain path in the first `len` bytes of `path` under
   * `root` to the one in `toPath` under `toRoot`; `undefined` where the
   * general path must decide (the source missing or a symlink, a directory
   * moved to another parent, a parent not found). When it renamed to another
   * directory and found there a symlink or directory that is not what it
   * looked at (a host process swapped it in), it answers what `recheck` says
   * of that, given both parent directories, still held.
   */
  renamePlain?(
    root: DirHandle,
    path: Uint8Array,
    len: number,
    slash: number,
    toRoot: DirHandle,
    toPath: Uint8Array,
    toLen: number,
    toSlash: number,
    recheck: (fromDir: DirHandle, toDir: DirHandle) => Errno,
  ): Errno | undefined;
}
