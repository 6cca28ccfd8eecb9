/**
 * WASI preview0 (`wasi_unstable`), the calls that differ from preview1:
 * fd_seek numbers its whence otherwise, fd_filestat_get and
 * path_filestat_get write a 56-byte filestat (a u32 nlink), poll_oneoff reads
 * 56-byte subscriptions (a clock's u64 identifier first), and
 * fd_fdstat_get leaves out preview1's right SOCK_ACCEPT (bit 29), which
 * preview0's rights lack, as its sock_accept. Every other preview0 call is its
 * preview1 namesake; the errno values, flags and the other structs are the
 * same (WebAssembly/WASI, legacy/preview0/witx). lib/wasi.ts binds these
 * under `wasi_unstable`.
 */
import { Errno } from "../abi/errno.ts";
import {
  FDSTAT_RIGHTS_BASE,
  FDSTAT_RIGHTS_INHERITING,
  SUBSCRIPTION_PREVIEW0,
} from "../abi/layout.ts";
import { Rights, Whence, WhencePreview0 } from "../abi/types.ts";
import type { Context } from "../context.ts";
import { FILESTAT_PREVIEW0 } from "./_fs.ts";
import { fd_fdstat_get as fdstat, fd_seek as seek, fdFilestat } from "./fd.ts";
import { pathFilestat } from "./path.ts";
import { pollOneoff } from "./poll.ts";

/** preview1's whence for preview0's, by number; another number stays one preview1 refuses. */
const WHENCE: readonly number[] = [
  Whence.CUR, // WhencePreview0.CUR
  Whence.END, // WhencePreview0.END
  Whence.SET, // WhencePreview0.SET
];

function fd_seek(
  ctx: Context,
  fd: number,
  offset: bigint,
  whence: number,
  newOffsetPtr: number,
): Errno {
  const w = whence >>> 0;
  return seek(ctx, fd, offset, w <= WhencePreview0.SET ? WHENCE[w] : w, newOffsetPtr);
}

/** SOCK_ACCEPT in the low half of a u64 rights field: not one of preview0's 29 rights. */
const NOT_PREVIEW0 = Number(Rights.SOCK_ACCEPT);

/** preview1's fdstat without SOCK_ACCEPT (a listener's), as wasmtime's preview0 gives it. */
function fd_fdstat_get(ctx: Context, fd: number, statPtr: number): Errno {
  const errno = fdstat(ctx, fd, statPtr);
  if (errno !== Errno.SUCCESS) return errno;
  const m = ctx.memory;
  const base = statPtr + FDSTAT_RIGHTS_BASE; // the low halves: bit 29 is there
  const inheriting = statPtr + FDSTAT_RIGHTS_INHERITING;
  m.setU32(base, (m.getU32(base) & ~NOT_PREVIEW0) >>> 0);
  m.setU32(inheriting, (m.getU32(inheriting) & ~NOT_PREVIEW0) >>> 0);
  return Errno.SUCCESS;
}

function fd_filestat_get(ctx: Context, fd: number, statPtr: number): Errno {
  return fdFilestat(ctx, FILESTAT_PREVIEW0, fd, statPtr);
}

function path_filestat_get(
  ctx: Context,
  fd: number,
  flags: number,
  pathPtr: number,
  pathLen: number,
  statPtr: number,
): Errno {
  return pathFilestat(ctx, FILESTAT_PREVIEW0, fd, flags, pathPtr, pathLen, statPtr);
}

function poll_oneoff(
  ctx: Context,
  inPtr: number,
  outPtr: number,
  nsubscriptions: number,
  neventsPtr: number,
): Errno | Promise<Errno> {
  return pollOneoff(ctx, SUBSCRIPTION_PREVIEW0, inPtr, outPtr, nsubscriptions, neventsPtr);
}

/** The preview0 calls that are not their preview1 namesakes, by name. */
export const PREVIEW0_CALLS = {
  fd_seek,
  fd_fdstat_get,
  fd_filestat_get,
  path_filestat_get,
  poll_oneoff,
};
