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
import { Fdflags, Preopentype } from "../abi/types.ts";
import type { Context } from "../context.ts";
import type { Fd } from "../fd/fd.ts";

function isBlocking(handle: Fd): boolean {
  return (handle.fdflags & Fdflags.NONBLOCK) === 0;
}

export function fd_read(
  ctx: Context,
  fd: number,
  iovs: number,
  iovsLen: number,
  nreadPtr: number,
): Errno | Promise<Errno> {
  const [handle, errno] = ctx.fds.get(fd);
  if (!handle) return errno;
  ctx.memory.check(nreadPtr, 4);
  const [n, err] = handle.read(ctx.memory.iovecs(iovs, iovsLen));
  if (err === Errno.AGAIN && isBlocking(handle)) {
    return readBlocking(ctx, handle, iovs, iovsLen, nreadPtr);
  }
  if (err) return err;
  ctx.memory.setU32(nreadPtr, n);
  return Errno.SUCCESS;
}

async function readBlocking(
  ctx: Context,
  handle: Fd,
  iovs: number,
  iovsLen: number,
  nreadPtr: number,
): Promise<Errno> {
  for (;;) {
    await handle.ready("read");
    const [n, err] = handle.read(ctx.memory.iovecs(iovs, iovsLen));
    if (err === Errno.AGAIN) continue;
    if (err) return err;
    ctx.memory.setU32(nreadPtr, n);
    return Errno.SUCCESS;
  }
}

export function fd_write(
  ctx: Context,
  fd: number,
  iovs: number,
  iovsLen: number,
  nwrittenPtr: number,
): Errno | Promise<Errno> {
  const [handle, errno] = ctx.fds.get(fd);
  if (!handle) return errno;
  ctx.memory.check(nwrittenPtr, 4);
  const [n, err] = handle.write(ctx.memory.iovecs(iovs, iovsLen));
  if (err === Errno.AGAIN && isBlocking(handle)) {
    return writeBlocking(ctx, handle, iovs, iovsLen, nwrittenPtr);
  }
  if (err) return err;
  ctx.memory.setU32(nwrittenPtr, n);
  // A blocking writer that filled the queue waits for room (backpressure).
  const room = isBlocking(handle) ? handle.ready("write") : undefined;
  return room ? room.then(() => Errno.SUCCESS) : Errno.SUCCESS;
}

async function writeBlocking(
  ctx: Context,
  handle: Fd,
  iovs: number,
  iovsLen: number,
  nwrittenPtr: number,
): Promise<Errno> {
  for (;;) {
    await handle.ready("write");
    const [n, err] = handle.write(ctx.memory.iovecs(iovs, iovsLen));
    if (err === Errno.AGAIN) continue;
    if (err) return err;
    ctx.memory.setU32(nwrittenPtr, n);
    return Errno.SUCCESS;
  }
}

export function fd_close(ctx: Context, fd: number): Errno {
  const handle = ctx.fds.remove(fd);
  if (!handle) return Errno.BADF;
  return handle.close();
}

export function fd_fdstat_get(ctx: Context, fd: number, statPtr: number): Errno {
  const [handle, errno] = ctx.fds.get(fd);
  if (!handle) return errno;
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
  const [handle, errno] = ctx.fds.get(fd);
  if (!handle) return errno;
  ctx.memory.check(newOffsetPtr, 8);
  const [pos, err] = handle.seek(offset, whence);
  if (err) return err;
  ctx.memory.setU64(newOffsetPtr, pos);
  return Errno.SUCCESS;
}

export function fd_tell(ctx: Context, fd: number, offsetPtr: number): Errno {
  return fd_seek(ctx, fd, 0n, 1, offsetPtr);
}
