/** The guest's stdout on a socket, through fd_write's blocking path, against a scripted host socket. */
import assert from "node:assert/strict";
import { Errno } from "../../lib/abi/errno.ts";
import { Filetype } from "../../lib/abi/types.ts";
import { Context } from "../../lib/context.ts";
import { BLOCKING_MAX, WriteQueue } from "../../lib/fd/readiness.ts";
import { OutputFd } from "../../lib/fd/stdio.ts";
import { FdTable } from "../../lib/fd/table.ts";
import { writeFrom } from "../../lib/syscalls/_transfer.ts";

const EAGAIN = 11;
const EPIPE = 32;
const ECONNRESET = 104;

/**
 * A TCP socket as send(2) sees it: takes `room` bytes now; once reset, the
 * next send answers ECONNRESET (the pending error, which it takes) and every
 * one after EPIPE.
 */
function tcpSocket(room: number) {
  const socket = {
    room,
    reset: false,
    resetTaken: false,
    sent: 0,
    send(src: Uint8Array): number {
      if (socket.reset) {
        if (socket.resetTaken) return -EPIPE;
        socket.resetTaken = true;
        return -ECONNRESET;
      }
      const n = Math.min(src.length, socket.room);
      if (n === 0) return -EAGAIN;
      socket.room -= n;
      socket.sent += n;
      return n;
    },
  };
  return socket;
}

Deno.test("a blocking write to a stdout socket whose peer resets it after the queued rest went: the write returns what it wrote, the next answers ECONNRESET, then EPIPE", async () => {
  const socket = tcpSocket(1000);
  // The queued rest reaches the kernel (the reader took it), then the peer resets: the write's
  // next send, of the bytes after that rest, meets the reset.
  const sink = async (src: Uint8Array) => {
    await new Promise((resolve) => setTimeout(resolve, 1));
    socket.sent += src.length;
    socket.reset = true;
    return src.length;
  };
  const out = new OutputFd(
    Filetype.SOCKET_STREAM,
    new WriteQueue(sink, undefined, (src) => socket.send(src)),
  );
  out.sigpipe = false;
  const ctx = new Context([], [], new FdTable());
  const memory = new WebAssembly.Memory({ initial: 64 });
  ctx.bindMemory(memory);
  const view = new DataView(memory.buffer);
  const [iovs, countPtr, data, total] = [16, 32, 64, 2 * BLOCKING_MAX];
  view.setUint32(iovs, data, true);
  view.setUint32(iovs + 4, total, true);
  const write = () => writeFrom(ctx, out, iovs, 1, countPtr);

  // Natively send(2) returns what it had sent; the reset is the next call's (it answered
  // ECONNRESET here, and so the next write EPIPE: SIGPIPE's 141 under the CLI).
  assert.equal(await write(), Errno.SUCCESS);
  const count = view.getUint32(countPtr, true);
  assert.ok(count > BLOCKING_MAX && count < total, `${count}`);
  assert.equal(count, socket.sent);
  view.setUint32(iovs + 4, 5, true);
  assert.equal(await write(), Errno.CONNRESET);
  assert.equal(await write(), Errno.PIPE);
});

Deno.test("output lost after it was queued ends every run writing to that stdout, once each (several WASIs on one pipe)", async () => {
  // The queue had one callback, which each run's fds overwrote: only the last run to open was
  // ended (141, as SIGPIPE), the others went on as if their bytes had been read.
  let fail!: () => void;
  const failed = new Promise<void>((resolve) => fail = resolve);
  const sink = async (_src: Uint8Array): Promise<number> => {
    await failed;
    throw Object.assign(new Error("the reader is gone"), { code: "EPIPE" });
  };
  const queue = new WriteQueue(sink);
  const run = () => {
    const ctx = new Context([], [], new FdTable());
    const memory = new WebAssembly.Memory({ initial: 1 });
    ctx.bindMemory(memory);
    const view = new DataView(memory.buffer);
    view.setUint32(16, 64, true);
    view.setUint32(20, 100, true);
    let abandoned = false;
    ctx.outputAbandoned.then(() => abandoned = true);
    ctx.interrupted.catch(() => {});
    return { ctx, view, abandoned: () => abandoned };
  };
  const a = run(), b = run();
  // Run a has stdout and stderr on the pipe (2>&1), run b stdout alone.
  const outs = [[a, new OutputFd(Filetype.CHARACTER_DEVICE, queue)], [
    a,
    new OutputFd(Filetype.CHARACTER_DEVICE, queue),
  ], [b, new OutputFd(Filetype.CHARACTER_DEVICE, queue)]] as const;
  for (const [r, out] of outs) {
    r.ctx.endOnLostOutput(out);
    assert.equal(await writeFrom(r.ctx, out, 16, 1, 32), Errno.SUCCESS); // queued
  }
  fail();
  await queue.flush();
  await new Promise((resolve) => setTimeout(resolve, 0));
  assert.equal(a.ctx.interruptedWith, 141);
  assert.equal(b.ctx.interruptedWith, 141);
  // Told once: a second interrupt would have given up its output.
  assert.equal(a.abandoned(), false);
});
