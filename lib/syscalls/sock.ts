/** sock_*: accept, receive, send and shut down on preopened TCP listeners and their connections. */
import { Errno } from "../abi/errno.ts";
import { Fdflags, Filetype, Riflags, Sdflags } from "../abi/types.ts";
import type { Context } from "../context.ts";
import type { Fd } from "../fd/fd.ts";
import { totalLength } from "../fd/readiness.ts";
import { isBlocking, skip, untilReady, writeFrom } from "./_transfer.ts";

export function sock_accept(
  ctx: Context,
  fd: number,
  flags: number,
  fdOutPtr: number,
): Errno | Promise<Errno> {
  const [listener, errno] = ctx.fds.get(fd);
  if (!listener) return errno;
  if (flags & ~Fdflags.NONBLOCK) return Errno.INVAL;
  ctx.memory.check(fdOutPtr, 4);
  return untilReady(listener, "read", () => listener.accept(), (connection) => {
    connection!.fdflags = flags & Fdflags.NONBLOCK;
    ctx.memory.setU32(fdOutPtr, ctx.fds.insert(connection!));
    return Errno.SUCCESS;
  });
}

export function sock_recv(
  ctx: Context,
  fd: number,
  iovs: number,
  iovsLen: number,
  riFlags: number,
  datalenPtr: number,
  roFlagsPtr: number,
): Errno | Promise<Errno> {
  const [handle, errno] = ctx.fds.get(fd);
  if (!handle) return errno;
  if (riFlags & ~(Riflags.RECV_PEEK | Riflags.RECV_WAITALL)) return Errno.INVAL;
  if (handle.filetype !== Filetype.SOCKET_STREAM) return Errno.NOTSOCK;
  ctx.memory.check(datalenPtr, 4);
  ctx.memory.check(roFlagsPtr, 2);
  const peek = (riFlags & Riflags.RECV_PEEK) !== 0;
  const waitAll = (riFlags & Riflags.RECV_WAITALL) !== 0 && !peek;
  const finish = (n: number) => {
    ctx.moves++;
    ctx.memory.setU32(datalenPtr, n);
    ctx.memory.setU16(roFlagsPtr, 0);
    return Errno.SUCCESS;
  };
  // With no room at all, WAITALL has nothing to wait for: a plain receive
  // answers (a listener's NOTCONN, as without the flag).
  const room = ctx.memory.iovecs(iovs, iovsLen).some((b) => b.length > 0);
  // The buffers are the ones the iovecs named at the call (as the kernel copies them): bytes
  // received into the array itself must not redirect the rest (they made it EFAULT).
  if (waitAll && room) return recvAll(ctx, handle, ctx.memory.iovecSpans(iovs, iovsLen), finish);
  // PEEK|WAITALL on a blocking socket: as Linux, wait until all asked for is there, then peek it.
  if (peek && (riFlags & Riflags.RECV_WAITALL) && room && isBlocking(handle)) {
    return peekAll(ctx, handle, ctx.memory.iovecSpans(iovs, iovsLen), finish);
  }
  return untilReady(
    handle,
    "read",
    () => handle.recv(ctx.memory.iovecs(iovs, iovsLen), peek),
    finish,
  );
}

/**
 * RECV_WAITALL: keep receiving until the buffers are full, EOF or an error.
 * A promise only once it must wait (a non-blocking socket's AGAIN is
 * answered at once: a promise suspended the guest for nothing).
 */
function recvAll(
  ctx: Context,
  handle: Fd,
  spans: number[],
  finish: (n: number) => Errno,
  total = 0,
): Errno | Promise<Errno> {
  for (;;) {
    const bufs = skip(ctx.memory.views(spans), total);
    if (bufs.length === 0) return finish(total);
    const [n, errno] = handle.recv(bufs, false);
    if (errno === Errno.AGAIN) {
      if (!isBlocking(handle)) return total > 0 ? finish(total) : Errno.AGAIN;
      const received = total;
      return Promise.resolve(handle.ready("read")).then(() =>
        recvAll(ctx, handle, spans, finish, received)
      );
    }
    if (errno) return total > 0 ? finish(total) : errno;
    if (n === 0) return finish(total);
    total += n;
  }
}

/**
 * RECV_PEEK with RECV_WAITALL: peeks once the buffers can be filled (or at
 * EOF, an error, or when the socket's buffer is full: nothing more can come
 * in until the guest takes some).
 */
async function peekAll(
  ctx: Context,
  handle: Fd,
  spans: number[],
  finish: (n: number) => Errno,
): Promise<Errno> {
  for (;;) {
    const bufs = ctx.memory.views(spans);
    const [n, errno] = handle.recv(bufs, true);
    if (errno === Errno.AGAIN) {
      await handle.ready("read");
      continue;
    }
    if (errno) return errno;
    const more = n < totalLength(bufs) && handle.arrivals();
    if (!more) return finish(n);
    await more;
  }
}

export function sock_send(
  ctx: Context,
  fd: number,
  iovs: number,
  iovsLen: number,
  siFlags: number,
  datalenPtr: number,
): Errno | Promise<Errno> {
  const [handle, errno] = ctx.fds.get(fd);
  if (!handle) return errno;
  if (siFlags !== 0) return Errno.INVAL;
  if (handle.filetype !== Filetype.SOCKET_STREAM) return Errno.NOTSOCK;
  return writeFrom(ctx, handle, iovs, iovsLen, datalenPtr);
}

export function sock_shutdown(ctx: Context, fd: number, how: number): Errno {
  const [handle, errno] = ctx.fds.get(fd);
  if (!handle) return errno;
  // Not a socket first, then bad flags: shutdown(2)'s order (and wasmtime's).
  if (handle.filetype !== Filetype.SOCKET_STREAM) return Errno.NOTSOCK;
  if (how === 0 || how & ~(Sdflags.RD | Sdflags.WR)) return Errno.INVAL;
  return handle.shutdown(how);
}
