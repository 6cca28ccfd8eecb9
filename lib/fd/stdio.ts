/**
 * stdin, stdout and stderr over the host's own fds 0, 1 and 2. Regular files
 * and devices like /dev/null are always ready and used synchronously;
 * terminals, pipes and sockets go through the readiness layer.
 */
import { Errno } from "../abi/errno.ts";
import { Fdflags, Filetype, Rights } from "../abi/types.ts";
import { ProcExit } from "../context.ts";
import { hostErrno } from "../host/errors.ts";
import * as host from "../host/stdio.ts";
import { type Direction, Fd, type PollState } from "./fd.ts";
import { Readahead, WriteQueue } from "./readiness.ts";

const FILETYPE: Record<host.StdioKind, Filetype> = {
  file: Filetype.REGULAR_FILE,
  device: Filetype.CHARACTER_DEVICE,
  tty: Filetype.CHARACTER_DEVICE,
  pipe: Filetype.UNKNOWN,
  socket: Filetype.SOCKET_STREAM,
  closed: Filetype.UNKNOWN,
};

/** The exit code of a process killed by SIGPIPE (128 + 13). */
export const SIGPIPE_EXIT = 141;

const READ_RIGHTS = Rights.FD_READ | Rights.POLL_FD_READWRITE | Rights.FD_FDSTAT_SET_FLAGS |
  Rights.FD_FILESTAT_GET;
const WRITE_RIGHTS = Rights.FD_WRITE | Rights.POLL_FD_READWRITE | Rights.FD_FDSTAT_SET_FLAGS |
  Rights.FD_FILESTAT_GET;

/** A read-only stdio fd (the guest's stdin). */
export class StdinFd extends Fd {
  readonly filetype: Filetype;
  readonly #hostFd: number;
  readonly #readahead: Readahead | undefined;

  constructor(hostFd: number, kind: host.StdioKind = host.stdioKind(hostFd)) {
    super();
    this.#hostFd = hostFd;
    this.filetype = FILETYPE[kind];
    this.rightsBase = READ_RIGHTS;
    const waits = kind === "tty" || kind === "pipe" || kind === "socket";
    this.#readahead = waits ? new Readahead((dst) => host.read(hostFd, dst)) : undefined;
  }

  override get mayWait(): boolean {
    return this.#readahead !== undefined;
  }

  override read(bufs: Uint8Array[]): [number, Errno] {
    if (this.#readahead) return this.#readahead.read(bufs);
    let total = 0;
    try {
      for (const buf of bufs) {
        if (buf.length === 0) continue;
        const n = host.readSync(this.#hostFd, buf);
        total += n;
        if (n < buf.length) break;
      }
    } catch (e) {
      if (total > 0) return [total, Errno.SUCCESS];
      return [0, hostErrno(e)];
    }
    return [total, Errno.SUCCESS];
  }

  override ready(direction: Direction): Promise<void> | undefined {
    return direction === "read" ? this.#readahead?.ready() : undefined;
  }

  override poll(direction: Direction): PollState | undefined {
    if (direction === "write") return { nbytes: 0n, hangup: false, errno: Errno.BADF };
    const ra = this.#readahead;
    if (!ra) return { nbytes: 0n, hangup: false };
    if (!ra.isReady) {
      ra.ready();
      return undefined;
    }
    return { nbytes: BigInt(ra.buffered), hangup: ra.eof };
  }

  override setFdflags(flags: number): Errno {
    this.fdflags = this.mayWait ? flags : flags & ~Fdflags.NONBLOCK;
    return Errno.SUCCESS;
  }
}

/** A write-only stdio fd (the guest's stdout or stderr). */
export class StdoutFd extends Fd {
  readonly filetype: Filetype;
  readonly #hostFd: number;
  readonly #queue: WriteQueue | undefined;

  constructor(hostFd: number, kind: host.StdioKind = host.stdioKind(hostFd)) {
    super();
    this.#hostFd = hostFd;
    this.filetype = FILETYPE[kind];
    this.rightsBase = WRITE_RIGHTS;
    // Terminals are written synchronously: they keep stdout and stderr in
    // order and practically never hold a writer back.
    const waits = kind === "pipe" || kind === "socket";
    this.#queue = waits ? new WriteQueue((src) => host.write(hostFd, src)) : undefined;
  }

  override get mayWait(): boolean {
    return this.#queue !== undefined;
  }

  override write(bufs: Uint8Array[]): [number, Errno] {
    if (this.#queue) {
      const [n, errno] = this.#queue.write(bufs, (this.fdflags & Fdflags.NONBLOCK) === 0);
      // A native program writing to a pipe nobody reads dies of SIGPIPE,
      // quietly (`prog | head -1`); so does the guest.
      if (errno === Errno.PIPE) throw new ProcExit(SIGPIPE_EXIT);
      return [n, errno];
    }
    let total = 0;
    try {
      for (const buf of bufs) {
        let off = 0;
        while (off < buf.length) off += host.writeSync(this.#hostFd, buf.subarray(off));
        total += buf.length;
      }
    } catch (e) {
      if (total > 0) return [total, Errno.SUCCESS];
      return [0, hostErrno(e)];
    }
    return [total, Errno.SUCCESS];
  }

  override ready(direction: Direction): Promise<void> | undefined {
    return direction === "write" ? this.#queue?.ready() : undefined;
  }

  override poll(direction: Direction): PollState | undefined {
    if (direction === "read") return { nbytes: 0n, hangup: false, errno: Errno.BADF };
    const q = this.#queue;
    if (!q) return { nbytes: 0n, hangup: false };
    if (q.errno !== Errno.SUCCESS) return { nbytes: 0n, hangup: true };
    if (!q.hasRoom) return undefined;
    return { nbytes: BigInt(q.room), hangup: false };
  }

  override setFdflags(flags: number): Errno {
    this.fdflags = this.mayWait ? flags : flags & ~Fdflags.NONBLOCK;
    return Errno.SUCCESS;
  }

  override flush(): Promise<void> {
    return this.#queue?.flush() ?? Promise.resolve();
  }
}
