/** args_* and environ_*: NUL-terminated UTF-8 lists, lengths in bytes. */
import { Errno } from "../abi/errno.ts";
import type { Context } from "../context.ts";

function sizes(items: Uint8Array[]): number {
  let n = 0;
  for (const item of items) n += item.length + 1;
  return n;
}

export function args_sizes_get(ctx: Context, argcPtr: number, bufSizePtr: number): Errno {
  ctx.memory.check(argcPtr, 4);
  ctx.memory.check(bufSizePtr, 4);
  ctx.memory.setU32(argcPtr, ctx.args.length);
  ctx.memory.setU32(bufSizePtr, sizes(ctx.args));
  return Errno.SUCCESS;
}

export function args_get(ctx: Context, argvPtr: number, bufPtr: number): Errno {
  ctx.memory.writeStringList(ctx.args, argvPtr, bufPtr);
  return Errno.SUCCESS;
}

export function environ_sizes_get(ctx: Context, countPtr: number, bufSizePtr: number): Errno {
  ctx.memory.check(countPtr, 4);
  ctx.memory.check(bufSizePtr, 4);
  ctx.memory.setU32(countPtr, ctx.env.length);
  ctx.memory.setU32(bufSizePtr, sizes(ctx.env));
  return Errno.SUCCESS;
}

export function environ_get(ctx: Context, environPtr: number, bufPtr: number): Errno {
  ctx.memory.writeStringList(ctx.env, environPtr, bufPtr);
  return Errno.SUCCESS;
}
