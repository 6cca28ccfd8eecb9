/** proc_exit unwinds the guest; proc_raise never signals the host. */
import { Errno } from "../abi/errno.ts";
import { type Context, ProcExit } from "../context.ts";

export function proc_exit(_ctx: Context, code: number): never {
  throw new ProcExit(code >>> 0);
}

/** wasmtime does not deliver signals either: NOTSUP, as it answers (INVAL for a bad number). */
export function proc_raise(_ctx: Context, sig: number): Errno {
  return (sig >>> 0) > 30 ? Errno.INVAL : Errno.NOTSUP;
}
