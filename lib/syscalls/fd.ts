/** fd_*: decode guest memory, call the handle, encode the result. */
import { Errno } from "../abi/errno.ts";
import {
  FDSTAT_FILETYPE,
  FDSTAT_FLAGS,
  FDSTAT_RIGHTS_BASE,
  FDSTAT_RIGHTS_INHERITING,
  FDSTAT_SIZE,
  PRESTAT_NAME_LEN,
  PRESTAT_SIZE,
  PRESTAT_TAG,
} from "../abi/layout.ts";
import { Fdflags, Preopentype, Rights } from "../abi/types.ts";
import type { Context } from "../context.ts";
import {
  encodeFilestat,
  FILESTAT,
  FILESTAT_BYTES,
  type FilestatLayout,
  packDirents,
  timeSpecs,
} from "./_fs.ts";
import { joined, readInto, readTarget, spread, writeFrom } from "./_transfer.ts";

export function fd_read(
  ctx: Context,
  fd: number,
  iovs: number,
  iovsLen: number,
  nreadPtr: number,
): Errno | Promise<Errno> {
  const handle = ctx.fds.at(fd);
  if (!handle) return Errno.BADF;
  if (!handle.allows(Rights.FD_READ)) return Errno.NOTCAPABLE;
  return readInto(ctx, handle, iovs, iovsLen, nreadPtr);
}

export function fd_write(
  ctx: Context,
  fd: number,
  iovs: number,
  iovsLen: number,
  nwrittenPtr: number,
): Errno | Promise<Errno> {
  const handle = ctx.fds.at(fd);
  if (!handle) return Errno.BADF;
  if (!handle.allows(Rights.FD_WRITE)) return Errno.NOTCAPABLE;
  return writeFrom(ctx, handle, iovs, iovsLen, nwrittenPtr);
}

export function fd_close(ctx: Context, fd: number): Errno {
  return ctx.fds.close(fd);
}

export function fd_fdstat_get(ctx: Context, fd: number, statPtr: number): Errno {
  const handle = ctx.fds.at(fd); // no right needed: no tuple to make
  if (!handle) return Errno.BADF;
  const m = ctx.memory;
  m.bytes(statPtr, FDSTAT_SIZE).fill(0);
  m.setU8(statPtr + FDSTAT_FILETYPE, handle.filetype);
  m.setU16(statPtr + FDSTAT_FLAGS, handle.fdflags);
  m.setU64(statPtr + FDSTAT_RIGHTS_BASE, handle.rightsBase);
  m.setU64(statPtr + FDSTAT_RIGHTS_INHERITING, handle.rightsInheriting);
  return Errno.SUCCESS;
}

const KNOWN_FDFLAGS = Fdflags.APPEND | Fdflags.DSYNC | Fdflags.NONBLOCK | Fdflags.RSYNC |
  Fdflags.SYNC;

export function fd_fdstat_set_flags(ctx: Context, fd: number, flags: number): Errno {
  const [handle, errno] = ctx.fds.get(fd);
  if (!handle) return errno;
  if (flags & ~KNOWN_FDFLAGS) return Errno.INVAL;
  return handle.setFdflags(flags);
}

export function fd_prestat_get(ctx: Context, fd: number, prestatPtr: number): Errno {
  const [handle, errno] = ctx.fds.get(fd);
  if (!handle) return errno;
  const name = handle.prestatName();
  if (!name) return Errno.BADF;
  ctx.memory.bytes(prestatPtr, PRESTAT_SIZE).fill(0);
  ctx.memory.setU8(prestatPtr + PRESTAT_TAG, Preopentype.DIR);
  ctx.memory.setU32(prestatPtr + PRESTAT_NAME_LEN, name.length);
  return Errno.SUCCESS;
}

export function fd_prestat_dir_name(ctx: Context, fd: number, pathPtr: number, len: number): Errno {
  const [handle, errno] = ctx.fds.get(fd);
  if (!handle) return errno;
  const name = handle.prestatName();
  if (!name) return Errno.BADF;
  // wasmtime answers NAMETOOLONG when the buffer is too small and writes nothing.
  if ((len >>> 0) < name.length) return Errno.NAMETOOLONG;
  ctx.memory.bytes(pathPtr, name.length).set(name);
  return Errno.SUCCESS;
}

export function fd_seek(
  ctx: Context,
  fd: number,
  offset: bigint,
  whence: number,
  newOffsetPtr: number,
): Errno {
  // Tuples indexed, not destructured, on the calls a run makes by the thousand (see path_open).
  const got = ctx.fds.get(fd);
  const handle = got[0];
  if (!handle) return got[1];
  ctx.memory.check(newOffsetPtr, 8);
  const sought = handle.seek(offset, whence);
  if (sought[1]) return sought[1];
  ctx.memory.setU64(newOffsetPtr, sought[0]);
  return Errno.SUCCESS;
}

export function fd_tell(ctx: Context, fd: number, offsetPtr: number): Errno {
  return fd_seek(ctx, fd, 0n, 1, offsetPtr);
}

// --- files and directories ---------------------------------------------------

export function fd_pread(
  ctx: Context,
  fd: number,
  iovs: number,
  iovsLen: number,
  offset: bigint,
  nreadPtr: number,
): Errno {
  const got = ctx.fds.get(fd);
  const handle = got[0];
  if (!handle) return got[1];
  ctx.memory.check(nreadPtr, 4);
  const bufs = ctx.memory.iovecs(iovs, iovsLen);
  const into = readTarget(bufs);
  const read = handle.pread(into, BigInt.asUintN(64, offset));
  if (read[1]) return read[1];
  spread(into, bufs, read[0]);
  ctx.memory.setU32(nreadPtr, read[0]);
  return Errno.SUCCESS;
}

export function fd_pwrite(
  ctx: Context,
  fd: number,
  iovs: number,
  iovsLen: number,
  offset: bigint,
  nwrittenPtr: number,
): Errno {
  const got = ctx.fds.get(fd);
  const handle = got[0];
  if (!handle) return got[1];
  ctx.memory.check(nwrittenPtr, 4);
  const written = handle.pwrite(
    joined(ctx.memory.iovecs(iovs, iovsLen)),
    BigInt.asUintN(64, offset),
  );
  if (written[1]) return written[1];
  ctx.memory.setU32(nwrittenPtr, written[0]);
  return Errno.SUCCESS;
}

export function fd_filestat_get(ctx: Context, fd: number, statPtr: number): Errno {
  return fdFilestat(ctx, FILESTAT, fd, statPtr);
}

/** fd_filestat_get writing the filestat as `layout` lays it out: preview1's or preview0's. */
export function fdFilestat(
  ctx: Context,
  layout: FilestatLayout,
  fd: number,
  statPtr: number,
): Errno {
  const got = ctx.fds.get(fd, Rights.FD_FILESTAT_GET);
  const handle = got[0];
  if (!handle) return got[1];
  ctx.memory.check(statPtr, layout.size);
  if (!handle.filestatInto(FILESTAT_BYTES)) {
    const stat = handle.filestat();
    if (stat[1]) return stat[1];
    const e = encodeFilestat(stat[0]);
    if (e) return e;
  }
  layout.store(ctx.memory, statPtr);
  return Errno.SUCCESS;
}

export function fd_filestat_set_size(ctx: Context, fd: number, size: bigint): Errno {
  const [file, errno] = ctx.fds.getFile(fd, Rights.FD_FILESTAT_SET_SIZE);
  return file ? file.setSize(BigInt.asUintN(64, size)) : errno;
}

export function fd_filestat_set_times(
  ctx: Context,
  fd: number,
  atim: bigint,
  mtim: bigint,
  fstFlags: number,
): Errno {
  const [times, errno] = timeSpecs(atim, mtim, fstFlags);
  if (!times) return errno;
  const [handle, errno2] = ctx.fds.get(fd, Rights.FD_FILESTAT_SET_TIMES);
  return handle ? handle.setTimes(...times) : errno2;
}

export function fd_sync(ctx: Context, fd: number): Errno {
  const [handle, errno] = ctx.fds.getSyncable(fd, Rights.FD_SYNC);
  return handle ? handle.sync(false) : errno;
}

export function fd_datasync(ctx: Context, fd: number): Errno {
  const [handle, errno] = ctx.fds.getSyncable(fd, Rights.FD_DATASYNC);
  return handle ? handle.sync(true) : errno;
}

/** The six `advice` values (NORMAL .. NOREUSE); anything else is EINVAL. */
const ADVICE_COUNT = 6;
/** The longest length posix_fadvise takes: more is negative to it. */
const I64_MAX = (1n << 63n) - 1n;

export function fd_advise(
  ctx: Context,
  fd: number,
  offset: bigint,
  len: bigint,
  advice: number,
): Errno {
  if ((advice >>> 0) >= ADVICE_COUNT) return Errno.INVAL;
  const [file, errno] = ctx.fds.getFile(fd, Rights.FD_ADVISE);
  if (!file) return errno;
  // A length of 2^63 or more is negative to posix_fadvise: EINVAL, as Linux and wasmtime answer.
  if (BigInt.asUintN(64, len) > I64_MAX) return Errno.INVAL;
  return file.advise(BigInt.asUintN(64, offset), BigInt.asUintN(64, len), advice);
}

export function fd_allocate(ctx: Context, fd: number, offset: bigint, len: bigint): Errno {
  const [file, errno] = ctx.fds.getFile(fd, Rights.FD_ALLOCATE);
  if (!file) return errno;
  return file.allocate(BigInt.asUintN(64, offset), BigInt.asUintN(64, len));
}

export function fd_fdstat_set_rights(
  ctx: Context,
  fd: number,
  rightsBase: bigint,
  rightsInheriting: bigint,
): Errno {
  const [handle, errno] = ctx.fds.get(fd);
  if (!handle) return errno;
  return handle.setRights(BigInt.asUintN(64, rightsBase), BigInt.asUintN(64, rightsInheriting));
}

export function fd_readdir(
  ctx: Context,
  fd: number,
  buf: number,
  bufLen: number,
  cookie: bigint,
  bufusedPtr: number,
): Errno {
  const [dir, errno] = ctx.fds.getDir(fd, Rights.FD_READDIR);
  // A file: EBADF, as wasmtime and wazero answer (getdents(2) says ENOTDIR). Go's and TinyGo's
  // os.Open take no O_DIRECTORY, so a listing of a file reaches here, and programs written for
  // those runtimes look for EBADF (wazero's own tests; helper-186).
  if (!dir) return errno === Errno.NOTDIR ? Errno.BADF : errno;
  ctx.memory.check(bufusedPtr, 4);
  const out = ctx.memory.bytes(buf, bufLen);
  const from = BigInt.asUintN(64, cookie);
  const [entries, err] = dir.readdir(from);
  if (!entries) return err;
  ctx.memory.setU32(bufusedPtr, packDirents(out, entries, from));
  return Errno.SUCCESS;
}

export function fd_renumber(ctx: Context, fd: number, to: number): Errno {
  return ctx.fds.renumber(fd, to);
}
