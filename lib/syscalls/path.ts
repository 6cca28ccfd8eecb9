/**
 * path_*: decode guest memory, find the directory fd (the table answers
 * EBADF / ENOTDIR / ENOTCAPABLE), let it resolve the path inside its sandbox.
 * Paths are bytes, decoded as lib/syscalls/_fs.ts `guestPath` says, and never
 * leave the directory they are resolved in (lib/host/sandbox.ts; RATIONALE.md,
 * "The filesystem sandbox").
 */
import { Errno } from "../abi/errno.ts";
import { Fdflags, Lookupflags, Oflags, Rights } from "../abi/types.ts";
import type { Context } from "../context.ts";
import { NOT_PLAIN, plainPath, withoutDotPrefix } from "../fd/dir.ts";
import type { Fd } from "../fd/fd.ts";
import {
  encodeFilestat,
  FILESTAT,
  FILESTAT_BYTES,
  type FilestatLayout,
  guestPath,
  guestPathBytes,
  PATH_BYTES,
  PATH_BYTES_2,
  timeSpecs,
} from "./_fs.ts";

const KNOWN_OFLAGS = Oflags.CREAT | Oflags.DIRECTORY | Oflags.EXCL | Oflags.TRUNC;
const KNOWN_FDFLAGS = Fdflags.APPEND | Fdflags.DSYNC | Fdflags.NONBLOCK | Fdflags.RSYNC |
  Fdflags.SYNC;

function follows(lookupflags: number): boolean | undefined {
  if (lookupflags & ~Lookupflags.SYMLINK_FOLLOW) return undefined;
  return (lookupflags & Lookupflags.SYMLINK_FOLLOW) !== 0;
}

export function path_open(
  ctx: Context,
  fd: number,
  dirflags: number,
  pathPtr: number,
  pathLen: number,
  oflags: number,
  rightsBase: bigint,
  _rightsInheriting: bigint,
  fdflags: number,
  openedFdPtr: number,
): Errno | Promise<Errno> {
  // Tuples indexed, not destructured, on this path: destructuring runs the
  // iterator protocol until the engine optimises the caller, and a run's
  // first thousands of opens come before that (RATIONALE.md).
  const got = ctx.fds.getDir(fd, Rights.PATH_OPEN);
  const dir = got[0];
  if (dir === undefined) return got[1];
  // Truncating through a path needs PATH_FILESTAT_SET_SIZE on the directory: EPERM without it
  // (the wasi-testsuite's truncation_rights).
  if (oflags & Oflags.TRUNC && !dir.allows(Rights.PATH_FILESTAT_SET_SIZE)) return Errno.PERM;
  const follow = follows(dirflags);
  if (follow === undefined || oflags & ~KNOWN_OFLAGS || fdflags & ~KNOWN_FDFLAGS) {
    return Errno.INVAL;
  }
  ctx.memory.check(openedFdPtr, 4);
  const e = guestPathBytes(ctx.memory, pathPtr, pathLen);
  if (e) return e;
  // A plain path goes down as the guest's bytes; any other as a string.
  const n = withoutDotPrefix(PATH_BYTES, pathLen);
  let path: Uint8Array | string | undefined = PATH_BYTES.subarray(0, n);
  if (plainPath(PATH_BYTES, n) === NOT_PLAIN) {
    const [text, err] = guestPath(ctx.memory, pathPtr, pathLen);
    if (text === undefined) return err;
    path = text;
  }
  // The bits of the signed i64 are those of the unsigned one.
  const read = (rightsBase & Rights.FD_READ) !== 0n;
  const write = (rightsBase & Rights.FD_WRITE) !== 0n;
  const opened = dir.open(path, {
    follow,
    oflags,
    fdflags,
    read,
    write,
    fifoMayWait: ctx.mayWait.read && ctx.mayWait.write,
    sigpipe: ctx.sigpipe,
    interrupted: ctx.interrupted,
  });
  if (opened instanceof Promise) return opened.then((r) => opening(ctx, r, openedFdPtr));
  return opening(ctx, opened, openedFdPtr);
}

/** path_open's end: the new handle's fd number for the guest, or the errno. */
function opening(ctx: Context, opened: [Fd, 0] | [undefined, Errno], fdPtr: number): Errno {
  const handle = opened[0];
  if (handle === undefined) return opened[1];
  ctx.endOnLostOutput(handle); // a FIFO's, as stdout's
  ctx.memory.setU32(fdPtr, ctx.fds.insert(handle));
  return Errno.SUCCESS;
}

export function path_create_directory(ctx: Context, fd: number, ptr: number, len: number): Errno {
  const got = ctx.fds.getDir(fd, Rights.PATH_CREATE_DIRECTORY); // indexed: see path_open
  const dir = got[0];
  if (!dir) return got[1];
  const [path, err] = guestPath(ctx.memory, ptr, len);
  return path === undefined ? err : dir.createDirectory(path);
}

export function path_remove_directory(ctx: Context, fd: number, ptr: number, len: number): Errno {
  const got = ctx.fds.getDir(fd, Rights.PATH_REMOVE_DIRECTORY); // indexed: see path_open
  const dir = got[0];
  if (!dir) return got[1];
  const [path, err] = guestPath(ctx.memory, ptr, len);
  return path === undefined ? err : dir.removeDirectory(path);
}

export function path_unlink_file(ctx: Context, fd: number, ptr: number, len: number): Errno {
  const got = ctx.fds.getDir(fd, Rights.PATH_UNLINK_FILE); // indexed: see path_open
  const dir = got[0];
  if (!dir) return got[1];
  const e = guestPathBytes(ctx.memory, ptr, len);
  if (e) return e;
  const n = withoutDotPrefix(PATH_BYTES, len);
  const slash = plainPath(PATH_BYTES, n);
  const done = slash === NOT_PLAIN ? undefined : dir.unlinkPlain(PATH_BYTES, n, slash);
  if (done !== undefined) return done;
  const [path, err] = guestPath(ctx.memory, ptr, len);
  return path === undefined ? err : dir.unlinkFile(path);
}

export function path_rename(
  ctx: Context,
  fd: number,
  oldPtr: number,
  oldLen: number,
  newFd: number,
  newPtr: number,
  newLen: number,
): Errno {
  const [from, errno] = ctx.fds.getDir(fd, Rights.PATH_RENAME_SOURCE);
  if (!from) return errno;
  const [to, errno2] = ctx.fds.getDir(newFd, Rights.PATH_RENAME_TARGET);
  if (!to) return errno2;
  // Two plain paths go down as the guest's bytes (errors in the order guestPath finds them).
  const e = guestPathBytes(ctx.memory, oldPtr, oldLen);
  if (e) return e;
  const n = withoutDotPrefix(PATH_BYTES, oldLen);
  const slash = plainPath(PATH_BYTES, n);
  if (slash !== NOT_PLAIN && !guestPathBytes(ctx.memory, newPtr, newLen, PATH_BYTES_2)) {
    const toN = withoutDotPrefix(PATH_BYTES_2, newLen);
    const toSlash = plainPath(PATH_BYTES_2, toN);
    const done = toSlash === NOT_PLAIN
      ? undefined
      : from.renamePlain(PATH_BYTES, n, slash, to, PATH_BYTES_2, toN, toSlash);
    if (done !== undefined) return done;
  }
  const [oldPath, err] = guestPath(ctx.memory, oldPtr, oldLen);
  if (oldPath === undefined) return err;
  const [newPath, err2] = guestPath(ctx.memory, newPtr, newLen);
  return newPath === undefined ? err2 : from.rename(oldPath, to, newPath);
}

export function path_link(
  ctx: Context,
  oldFd: number,
  oldFlags: number,
  oldPtr: number,
  oldLen: number,
  newFd: number,
  newPtr: number,
  newLen: number,
): Errno {
  const [from, errno] = ctx.fds.getDir(oldFd, Rights.PATH_LINK_SOURCE);
  if (!from) return errno;
  const [to, errno2] = ctx.fds.getDir(newFd, Rights.PATH_LINK_TARGET);
  if (!to) return errno2;
  // wasmtime refuses SYMLINK_FOLLOW here: a link of what a symlink names is not offered.
  if (follows(oldFlags) !== false) return Errno.INVAL;
  const [oldPath, err] = guestPath(ctx.memory, oldPtr, oldLen);
  if (oldPath === undefined) return err;
  const [newPath, err2] = guestPath(ctx.memory, newPtr, newLen);
  return newPath === undefined ? err2 : from.link(oldPath, to, newPath);
}

export function path_symlink(
  ctx: Context,
  targetPtr: number,
  targetLen: number,
  fd: number,
  pathPtr: number,
  pathLen: number,
): Errno {
  const [dir, errno] = ctx.fds.getDir(fd, Rights.PATH_SYMLINK);
  if (!dir) return errno;
  const [target, err] = guestPath(ctx.memory, targetPtr, targetLen);
  if (target === undefined) return err;
  const [path, err2] = guestPath(ctx.memory, pathPtr, pathLen);
  return path === undefined ? err2 : dir.symlink(target, path);
}

/** path_readlink: as much of the target as fits; a small buffer truncates (as wasmtime). */
export function path_readlink(
  ctx: Context,
  fd: number,
  pathPtr: number,
  pathLen: number,
  buf: number,
  bufLen: number,
  bufusedPtr: number,
): Errno {
  const [dir, errno] = ctx.fds.getDir(fd, Rights.PATH_READLINK);
  if (!dir) return errno;
  ctx.memory.check(bufusedPtr, 4);
  const out = ctx.memory.bytes(buf, bufLen);
  const [path, err] = guestPath(ctx.memory, pathPtr, pathLen);
  if (path === undefined) return err;
  const [target, e] = dir.readlink(path);
  if (!target) return e;
  const n = Math.min(target.length, out.length);
  out.set(target.subarray(0, n));
  ctx.memory.setU32(bufusedPtr, n);
  return Errno.SUCCESS;
}

export function path_filestat_get(
  ctx: Context,
  fd: number,
  flags: number,
  pathPtr: number,
  pathLen: number,
  statPtr: number,
): Errno {
  return pathFilestat(ctx, FILESTAT, fd, flags, pathPtr, pathLen, statPtr);
}

/** path_filestat_get writing the filestat as `layout` lays it out: preview1's or preview0's. */
export function pathFilestat(
  ctx: Context,
  layout: FilestatLayout,
  fd: number,
  flags: number,
  pathPtr: number,
  pathLen: number,
  statPtr: number,
): Errno {
  const got = ctx.fds.getDir(fd, Rights.PATH_FILESTAT_GET); // indexed: see path_open
  const dir = got[0];
  if (!dir) return got[1];
  const follow = follows(flags);
  if (follow === undefined) return Errno.INVAL;
  ctx.memory.check(statPtr, layout.size);
  const e0 = guestPathBytes(ctx.memory, pathPtr, pathLen);
  if (e0) return e0;
  const n = withoutDotPrefix(PATH_BYTES, pathLen);
  const slash = plainPath(PATH_BYTES, n);
  const done = slash === NOT_PLAIN
    ? undefined
    : dir.statPlain(PATH_BYTES, n, slash, follow, FILESTAT_BYTES);
  if (done === undefined) {
    const [path, err] = guestPath(ctx.memory, pathPtr, pathLen);
    if (path === undefined) return err;
    const [stat, e] = dir.statAt(path, follow);
    if (!stat) return e;
    const e1 = encodeFilestat(stat);
    if (e1) return e1;
  } else if (done !== Errno.SUCCESS) return done;
  layout.store(ctx.memory, statPtr);
  return Errno.SUCCESS;
}

export function path_filestat_set_times(
  ctx: Context,
  fd: number,
  flags: number,
  pathPtr: number,
  pathLen: number,
  atim: bigint,
  mtim: bigint,
  fstFlags: number,
): Errno {
  const [times, errno] = timeSpecs(atim, mtim, fstFlags);
  if (!times) return errno;
  const [dir, errno2] = ctx.fds.getDir(fd, Rights.PATH_FILESTAT_SET_TIMES);
  if (!dir) return errno2;
  const follow = follows(flags);
  if (follow === undefined) return Errno.INVAL;
  const [path, err] = guestPath(ctx.memory, pathPtr, pathLen);
  return path === undefined ? err : dir.setTimesAt(path, follow, ...times);
}
