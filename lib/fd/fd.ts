/**
 * The base of every fd kind. Each method answers the errno a file of this
 * kind gets when it cannot do the thing; subclasses override what they
 * support. Methods see bytes and numbers, never guest pointers.
 */
import { Errno } from "../abi/errno.ts";
import { ALL_RIGHTS, type Filetype } from "../abi/types.ts";

/** Which way a readiness wait goes. */
export type Direction = "read" | "write";

/** What `poll_oneoff` learns from an fd without waiting. */
export interface PollState {
  /** Bytes that can move now (a lower bound; 0 is allowed at hangup). */
  nbytes: bigint;
  /** The peer is gone: reads see EOF, writes fail. */
  hangup: boolean;
  /** An error to report in the event instead of readiness. */
  errno?: Errno;
}

export abstract class Fd {
  abstract readonly filetype: Filetype;
  /** fdflags as the guest set them (NONBLOCK only where it means something). */
  fdflags = 0;
  rightsBase: bigint = ALL_RIGHTS;
  rightsInheriting: bigint = 0n;

  /** Reads what is available now; `Errno.AGAIN` instead of waiting. `[0, SUCCESS]` is EOF. */
  read(_bufs: Uint8Array[]): [number, Errno] {
    return [0, Errno.BADF];
  }

  /** Writes what fits now; `Errno.AGAIN` instead of waiting. */
  write(_bufs: Uint8Array[]): [number, Errno] {
    return [0, Errno.BADF];
  }

  /**
   * Settles when `read`/`write` would not answer AGAIN (data, room, EOF or an
   * error). `undefined` means "ready now": always-ready kinds never allocate.
   */
  ready(_direction: Direction): Promise<void> | undefined {
    return undefined;
  }

  /** Readiness for poll_oneoff, `undefined` when not ready yet. */
  poll(_direction: Direction): PollState | undefined {
    return { nbytes: 0n, hangup: false, errno: Errno.BADF };
  }

  /** Whether reads or writes on this fd may ever have to wait. */
  get mayWait(): boolean {
    return false;
  }

  /** fd_fdstat_set_flags. NONBLOCK is kept only where it changes behaviour. */
  setFdflags(flags: number): Errno {
    this.fdflags = flags;
    return Errno.SUCCESS;
  }

  seek(_offset: bigint, _whence: number): [bigint, Errno] {
    return [0n, Errno.SPIPE];
  }

  /** sock_accept: a new connection, AGAIN when none is pending. */
  accept(): [Fd, 0] | [undefined, Errno] {
    return [undefined, Errno.NOTSOCK];
  }

  /** sock_recv: like `read`, optionally leaving the bytes in place (RECV_PEEK). */
  recv(_bufs: Uint8Array[], _peek: boolean): [number, Errno] {
    return [0, Errno.NOTSOCK];
  }

  /** sock_shutdown with SDFLAGS `how`. */
  shutdown(_how: number): Errno {
    return Errno.NOTSOCK;
  }

  /** The guest-visible name when this fd is a preopened directory. */
  prestatName(): Uint8Array | undefined {
    return undefined;
  }

  /** Completes pending writes (exit, close). */
  flush(): Promise<void> {
    return Promise.resolve();
  }

  close(): Errno {
    return Errno.SUCCESS;
  }
}
