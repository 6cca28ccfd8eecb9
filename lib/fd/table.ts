/**
 * The fd table: numbers to handles. Lookups answer with the errno the guest
 * should see, so syscalls never test handle kinds themselves. New fds take
 * the lowest free number, as POSIX has it (wasmtime 49 hands out the highest
 * free one first).
 */
import { Errno } from "../abi/errno.ts";
import { DirFd } from "./dir.ts";
import { type Fd, FLUSHED } from "./fd.ts";
import { FileFd } from "./file.ts";
import { StreamFd } from "./stdio.ts";

/** A file path_open opened, or stdin, stdout or stderr on a regular file. */
function isFile(handle: Fd | undefined): handle is Fd {
  return handle instanceof FileFd || (handle instanceof StreamFd && handle.onFile !== undefined);
}

export class FdTable {
  #fds: (Fd | undefined)[] = [];
  /**
   * Every number below it is open: where insert() starts looking. Searched
   * from 0, a guest opening files until EMFILE cost O(n) each, O(n²) in all
   * (Node, Deno and Bun raise the soft fd limit to the hard one, often 2^19
   * or 2^20: ~50 s of searching at 2^20).
   */
  #lowestFree = 0;
  /** Flushes and closes still pending of fds the table let go, with each one's fd. */
  #closing = new Map<Promise<void>, Fd>();

  /** The handle for `fd`, or EBADF; ENOTCAPABLE when the guest gave up a right in `need`. */
  get(fd: number, need = 0n): [Fd, 0] | [undefined, Errno] {
    const handle = this.#fds[fd >>> 0];
    if (!handle) return [undefined, Errno.BADF];
    return handle.allows(need) ? [handle, 0] : [undefined, Errno.NOTCAPABLE];
  }

  /** The handle for `fd` (no rights needed), or undefined: EBADF. */
  at(fd: number): Fd | undefined {
    return this.#fds[fd >>> 0];
  }

  /**
   * A file: one path_open opened, or stdio on a regular file; EBADF for
   * anything else (wasmtime's `get_file`, which takes no stdio).
   */
  getFile(fd: number, need = 0n): [Fd, 0] | [undefined, Errno] {
    const handle = this.#fds[fd >>> 0];
    if (!isFile(handle)) return [undefined, Errno.BADF];
    return handle.allows(need) ? [handle, 0] : [undefined, Errno.NOTCAPABLE];
  }

  /**
   * A file (see {@linkcode getFile}) or a directory: fd_sync and
   * fd_datasync, which fsync(2) takes on both; EBADF for a pipe, a terminal
   * and unknown fds, ENOTCAPABLE when the guest gave up the right.
   */
  getSyncable(fd: number, need: bigint): [Fd, 0] | [undefined, Errno] {
    const handle = this.#fds[fd >>> 0];
    if (!(handle instanceof DirFd) && !isFile(handle)) return [undefined, Errno.BADF];
    return handle.allows(need) ? [handle, 0] : [undefined, Errno.NOTCAPABLE];
  }

  /** A directory; ENOTDIR for a file (as openat), EBADF for stdio and unknown fds. */
  getDir(fd: number, need = 0n): [DirFd, 0] | [undefined, Errno] {
    const handle = this.#fds[fd >>> 0];
    if (!(handle instanceof DirFd)) {
      return [undefined, handle instanceof FileFd ? Errno.NOTDIR : Errno.BADF];
    }
    return handle.allows(need) ? [handle, 0] : [undefined, Errno.NOTCAPABLE];
  }

  /**
   * fd_renumber: moves `from` to `to`, closing what was there. Both must be
   * open (EBADF otherwise, as the spec's "replace", wasmtime 49 and the
   * conformance suite's renumber test have it), except that a free 0, 1 or
   * 2 may be filled: a program puts its stdio back that way, as dup2 would.
   * yosys parks stdout around its in-process ABC (`fd_renumber(1, spare)`,
   * which frees 1; a temporary file onto 1; `spare` back onto 1): refused,
   * its stdout stayed closed, the next path_open took the lowest free number,
   * 1, and its log went into the netlist it was writing.
   */
  renumber(from: number, to: number): Errno {
    to >>>= 0;
    const handle = this.#fds[from >>> 0];
    const old = this.#fds[to];
    if (!handle || (!old && to > 2)) return Errno.BADF;
    if (handle === old) return Errno.SUCCESS;
    if (old) this.close(to);
    while (this.#fds.length < to) this.#fds.push(undefined); // no holes: insert() looks for undefined
    this.#fds[to] = handle;
    this.#free(from >>> 0);
    return Errno.SUCCESS;
  }

  /** Puts `handle` at the lowest free number and returns that number. */
  insert(handle: Fd): number {
    let fd = this.#lowestFree;
    while (fd < this.#fds.length && this.#fds[fd] !== undefined) fd++;
    this.#fds[fd] = handle;
    this.#lowestFree = fd + 1;
    return fd;
  }

  /** Empties slot `fd`. */
  #free(fd: number): void {
    this.#fds[fd] = undefined;
    if (fd < this.#lowestFree) this.#lowestFree = fd;
  }

  /** Puts `handle` at exactly `fd` (used for stdio). */
  set(fd: number, handle: Fd): void {
    this.#fds[fd] = handle;
  }

  /** Removes `fd` from the table and returns what was there. */
  remove(fd: number): Fd | undefined {
    const handle = this.#fds[fd >>> 0];
    if (handle) {
      this.#free(fd >>> 0);
      const pending = handle.flush();
      if (pending !== FLUSHED) {
        const flushed = pending.finally(() => this.#closing.delete(flushed));
        this.#closing.set(flushed, handle);
      }
    }
    return handle;
  }

  /** Every open handle. */
  handles(): Fd[] {
    // A loop: JSC compiles `filter` at its first use, and a start need not pay it (RATIONALE.md).
    const open: Fd[] = [];
    for (const h of this.#fds) if (h !== undefined) open.push(h);
    return open;
  }

  /** Closes every open fd (after the guest ended and output was flushed). */
  closeAll(): void {
    for (let fd = 0; fd < this.#fds.length; fd++) this.close(fd);
  }

  /**
   * Removes and closes `fd` (EBADF when it is not open); what its closing
   * still waits on (a Web stream's own close) is flushed with the rest.
   */
  close(fd: number): Errno {
    const handle = this.remove(fd);
    if (!handle) return Errno.BADF;
    const errno = handle.close();
    const closing = handle.closing;
    if (closing) {
      const closed = closing.finally(() => {
        this.#closing.delete(closed);
        if (handle.outputLost) this.#lostAtClose = true;
      });
      this.#closing.set(closed, handle);
    }
    return errno;
  }

  /**
   * Whether an open fd lost output its consumer failed to take (see
   * {@linkcode Fd.outputLost}), or a closed one did as its close completed.
   */
  outputLost(): boolean {
    return this.#lostAtClose || this.handles().some((h) => h.outputLost);
  }
  #lostAtClose = false;

  /**
   * How many writes of queued output the fds of this table, open or closed
   * with output still queued, have completed (a sum that only grows): a flush
   * is stalled while it does not change (another table's output moving says
   * nothing of this one's).
   */
  drained(): number {
    let n = 0;
    for (const h of this.handles()) n += h.drained;
    for (const h of this.#closing.values()) n += h.drained;
    return n;
  }

  /** Completes every pending write on every open fd. */
  async flushAll(): Promise<void> {
    await Promise.all([...this.handles().map((h) => h.flush()), ...this.#closing.keys()]);
  }
}
