/**
 * The host filesystem seam: every filesystem call wasirun makes, on host
 * paths and host fds. `node:fs` behaves the same in Deno and Bun, its fds
 * are the process's real fds, and its synchronous calls are what regular
 * files need (always ready, never EAGAIN; see RATIONALE.md). Measured on
 * Deno 2.9.6, 4 KiB reads: `node:fs.readSync` with a position 1.45 µs,
 * `Deno.FsFile.readSync` 1.16 µs but only at the host fd's own offset (a
 * seek plus read costs 1.6 µs), so there is no Deno fast path for I/O.
 * File times go through lib/host/libc.ts when it is available, for
 * nanoseconds that `node:fs` loses under Deno.
 *
 * These functions throw host errors; callers map them with `tryHost`.
 * Paths are host paths: sandboxing is lib/host/sandbox.ts's job.
 */
import * as fs from "node:fs";
import { filetypeOfMode, type HostStat, libc, type TimeSpec } from "./libc.ts";

export type { HostStat, TimeSpec };

/** open(2) flags as this host spells them. */
export const O = {
  RDONLY: fs.constants.O_RDONLY,
  WRONLY: fs.constants.O_WRONLY,
  RDWR: fs.constants.O_RDWR,
  CREAT: fs.constants.O_CREAT,
  EXCL: fs.constants.O_EXCL,
  APPEND: fs.constants.O_APPEND,
  DIRECTORY: fs.constants.O_DIRECTORY,
  NOFOLLOW: fs.constants.O_NOFOLLOW,
  SYNC: fs.constants.O_SYNC,
  DSYNC: fs.constants.O_DSYNC,
} as const;

export function open(path: string, flags: number): number {
  return fs.openSync(path, flags, 0o666);
}

/** open(2) on the runtime's blocking pool: a FIFO's open waits for its peer without freezing the event loop. */
export function openAsync(path: string, flags: number): Promise<number> {
  return new Promise((resolve, reject) => {
    fs.open(path, flags, 0o666, (err, fd) => err ? reject(err) : resolve(fd));
  });
}

/** Whether `path` (not followed) is a FIFO. */
export function isFifo(path: string): boolean {
  try {
    return fs.lstatSync(path).isFIFO();
  } catch {
    return false;
  }
}

export function close(fd: number): void {
  fs.closeSync(fd);
}

/**
 * Positions and sizes node:fs takes exactly. Both runtimes silently ignore a
 * BigInt position in `writeSync` (the write lands at the fd's offset), so
 * callers keep to this and answer larger values themselves.
 */
export const MAX_OFFSET = BigInt(Number.MAX_SAFE_INTEGER);

/** Reads at `pos` (at most MAX_OFFSET) into `dst`; returns the bytes read (0 at EOF). */
export function pread(fd: number, dst: Uint8Array, pos: number): number {
  return fs.readSync(fd, dst, 0, dst.length, pos);
}

/** Writes `src` at `pos` (at the end when the fd is O_APPEND); returns bytes written. */
export function pwrite(fd: number, src: Uint8Array, pos: number): number {
  return fs.writeSync(fd, src, 0, src.length, pos);
}

export function fstat(fd: number): HostStat {
  const ffi = libc();
  return ffi ? ffi.fstat(fd) : fromNode(fs.fstatSync(fd, { bigint: true }));
}

/** The status of `path` itself (a symlink is not followed). */
export function lstat(path: string): HostStat {
  const ffi = libc();
  return ffi ? ffi.stat(path, false) : fromNode(fs.lstatSync(path, { bigint: true }));
}

/** The status of what `path` leads to (symlinks followed by the host). */
export function stat(path: string): HostStat {
  const ffi = libc();
  return ffi ? ffi.stat(path, true) : fromNode(fs.statSync(path, { bigint: true }));
}

function fromNode(s: fs.BigIntStats): HostStat {
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

/** Sets the file's size (at most MAX_OFFSET). */
export function truncate(fd: number, size: bigint): void {
  fs.ftruncateSync(fd, Number(size));
}

export function fsync(fd: number): void {
  fs.fsyncSync(fd);
}

export function fdatasync(fd: number): void {
  fs.fdatasyncSync(fd);
}

/** The names in a directory, as raw bytes, without "." and "..". */
export function readdir(path: string): Uint8Array[] {
  return fs.readdirSync(path, { encoding: "buffer" });
}

export function mkdir(path: string): void {
  fs.mkdirSync(path, 0o777);
}

export function rmdir(path: string): void {
  fs.rmdirSync(path);
}

/** Removes a non-directory (callers check: Deno's unlinkSync also removes empty directories). */
export function unlink(path: string): void {
  fs.unlinkSync(path);
}

export function rename(from: string, to: string): void {
  fs.renameSync(from, to);
}

/** A hard link `to` → `from`; a symlink at `from` is linked itself, not followed (Linux link(2)). */
export function link(from: string, to: string): void {
  fs.linkSync(from, to);
}

export function symlink(target: string, path: string): void {
  fs.symlinkSync(target, path);
}

/** A symlink's target as raw bytes. */
export function readlink(path: string): Uint8Array {
  return fs.readlinkSync(path, { encoding: "buffer" });
}

export function realpath(path: string): string {
  return fs.realpathSync.native(path);
}

/**
 * The path an open fd really refers to, from the kernel (`/proc/self/fd`),
 * or `undefined` where there is no procfs or no permission to read it.
 */
export function fdPath(fd: number): string | undefined {
  try {
    return fs.readlinkSync(`/proc/self/fd/${fd}`);
  } catch {
    return undefined;
  }
}

/** Sets a path's times (utimensat, or node:fs with reduced precision). */
export function setTimes(path: string, follow: boolean, atim: TimeSpec, mtim: TimeSpec): void {
  const ffi = libc();
  if (ffi) return ffi.setTimes(path, follow, atim, mtim);
  const current = atim === "omit" || mtim === "omit"
    ? (follow ? stat(path) : lstat(path))
    : undefined;
  const a = seconds(atim, current?.atim);
  const m = seconds(mtim, current?.mtim);
  if (follow) fs.utimesSync(path, a, m);
  else fs.lutimesSync(path, a, m);
}

/** Sets an open fd's times (futimens, or node:fs with reduced precision). */
export function setFdTimes(fd: number, atim: TimeSpec, mtim: TimeSpec): void {
  const ffi = libc();
  if (ffi) return ffi.setFdTimes(fd, atim, mtim);
  const current = atim === "omit" || mtim === "omit" ? fstat(fd) : undefined;
  fs.futimesSync(fd, seconds(atim, current?.atim), seconds(mtim, current?.mtim));
}

/** A TimeSpec as node:fs takes it: seconds as a double (sub-microsecond digits are lost). */
function seconds(time: TimeSpec, current: bigint | undefined): number {
  if (time === "now") return Date.now() / 1000;
  const ns = time === "omit" ? current! : time;
  return Number(ns / 1_000_000_000n) + Number(ns % 1_000_000_000n) / 1e9;
}
