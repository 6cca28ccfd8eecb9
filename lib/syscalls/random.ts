/** random_get: the Web Crypto CSPRNG, straight into guest memory. */
import { Errno } from "../abi/errno.ts";
import type { Context } from "../context.ts";

/** getRandomValues fills at most this many bytes per call. */
const MAX_CHUNK = 65536;

export function random_get(ctx: Context, bufPtr: number, len: number): Errno {
  const buf = ctx.memory.bytes(bufPtr, len);
  for (let off = 0; off < buf.length; off += MAX_CHUNK) {
    crypto.getRandomValues(buf.subarray(off, off + MAX_CHUNK));
  }
  return Errno.SUCCESS;
}
