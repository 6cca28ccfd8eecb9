/**
 * The fd table: numbers to handles. Lookups answer with the errno the guest
 * should see, so syscalls never test handle kinds themselves. New fds take
 * the lowest free number, as POSIX and wasmtime do.
 */
import { Errno } from "../abi/errno.ts";
import type { Fd } from "./fd.ts";

export class FdTable {
  #fds: (Fd | undefined)[] = [];
  /** Flushes of closed fds that still had output queued. */
  #closing = new Set<Promise<void>>();

  /** The handle for `fd`, or EBADF. */
  get(fd: number): [Fd, 0] | [undefined, Errno] {
    const handle = this.#fds[fd >>> 0];
    return handle ? [handle, 0] : [undefined, Errno.BADF];
  }

  /** Puts `handle` at the lowest free number and returns that number. */
  insert(handle: Fd): number {
    let fd = this.#fds.indexOf(undefined);
    if (fd === -1) fd = this.#fds.length;
    this.#fds[fd] = handle;
    return fd;
  }

  /** Puts `handle` at exactly `fd` (used for stdio). */
  set(fd: number, handle: Fd): void {
    this.#fds[fd] = handle;
  }

  /** Removes `fd` from the table and returns what was there. */
  remove(fd: number): Fd | undefined {
    const handle = this.#fds[fd >>> 0];
    if (handle) {
      this.#fds[fd >>> 0] = undefined;
      const flushed = handle.flush().finally(() => this.#closing.delete(flushed));
      this.#closing.add(flushed);
    }
    return handle;
  }

  /** Every open handle. */
  handles(): Fd[] {
    return this.#fds.filter((h): h is Fd => h !== undefined);
  }

  /** Closes every open fd (after the guest ended and output was flushed). */
  closeAll(): void {
    for (let fd = 0; fd < this.#fds.length; fd++) this.remove(fd)?.close();
  }

  /** Completes every pending write on every open fd. */
  async flushAll(): Promise<void> {
    await Promise.all([...this.handles().map((h) => h.flush()), ...this.#closing]);
  }
}
