/** random_get: the host's CSPRNG, straight into guest memory. */
import { Errno } from "../abi/errno.ts";
import type { Context } from "../context.ts";
import { fillRandom } from "../host/random.ts";

export function random_get(ctx: Context, bufPtr: number, len: number): Errno {
  fillRandom(ctx.memory.bytes(bufPtr, len));
  return Errno.SUCCESS;
}
