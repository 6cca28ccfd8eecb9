/**
 * Sockets: preopened TCP listeners and the connections they accept. Both are
 * handles that may wait, built on the same readiness layer as stdio.
 */
import { Errno } from "../abi/errno.ts";
import { Fdflags, Filetype, Rights, Sdflags } from "../abi/types.ts";
import { hostErrno } from "../host/errors.ts";
import type { TcpConnection, TcpListener } from "../host/net.ts";
import { type Direction, Fd, type PollState } from "./fd.ts";
import { again, Inbox, race, Wakeup, WriteQueue } from "./readiness.ts";

const LISTENER_RIGHTS = Rights.SOCK_ACCEPT | Rights.POLL_FD_READWRITE | Rights.FD_FDSTAT_SET_FLAGS |
  Rights.FD_FILESTAT_GET;
const CONNECTION_RIGHTS = Rights.FD_READ | Rights.FD_WRITE | Rights.POLL_FD_READWRITE |
  Rights.SOCK_SHUTDOWN | Rights.FD_FDSTAT_SET_FLAGS | Rights.FD_FILESTAT_GET;

/**
 * How long a closed connection (or one open at exit) may go without its peer
 * taking any of the bytes still queued for it (a {@linkcode PIECE}) before it
 * is dropped: a peer that reads slowly (13 KB/s and up) gets them all, one
 * that stopped reading frees the socket, and the run's end, soon.
 */
const LINGER_MS = 5000;
/**
 * What a connection queues before a writer waits (or gets EAGAIN): at 64 KiB
 * a Go server's 100 MB download waited ~3,200 times, ~0.5 ms each.
 */
const SEND_QUEUE = 1 << 20;
/** The most handed to the connection at once. */
const PIECE = 64 << 10;

/**
 * How long a read after SHUT_RD that finds nothing waits for bytes the host
 * has not delivered yet, before its EOF (SocketFd's `#recvAfterShut`).
 */
const SHUT_RD_WAIT_MS = 50;

/** A connected TCP stream. */
export class SocketFd extends Fd {
  readonly filetype = Filetype.SOCKET_STREAM;
  override get keepsAgain(): boolean {
    return true;
  }
  readonly #connection: TcpConnection;
  readonly #inbox: Inbox;
  readonly #outbox: WriteQueue;
  #readShut = false;
  #writeShut = false;
  /** Bytes the connection has taken from the queue: whether a closing one makes progress. */
  #sent = 0;

  constructor(connection: TcpConnection) {
    super();
    this.rightsBase = CONNECTION_RIGHTS;
    this.#connection = connection;
    this.#inbox = new Inbox((more) => more ? connection.resume() : connection.pause());
    connection.listen({
      data: (chunk) => this.#inbox.push(chunk),
      end: () => this.#inbox.end(),
      error: (e) => this.#inbox.fail(socketErrno(e)),
    });
    // What the kernel takes goes at once, in the guest's call; only the rest is queued (a
    // blocking write's, which returns once it has left), and, without FFI, all of it.
    const now = connection.nonBlocking();
    // A piece at a time: each one the kernel takes is progress a closing connection shows.
    this.#outbox = new WriteQueue(
      async (src) => {
        const n = await connection.write(src.length > PIECE ? src.subarray(0, PIECE) : src);
        this.#sent += n;
        return n;
      },
      SEND_QUEUE,
      now?.write,
      now?.readiness,
    );
  }

  override waitsFor(_direction: Direction): boolean {
    return true;
  }

  /** accept(2) on a connected socket: EINVAL, as Linux (it was ENOTSOCK: it is a socket). */
  override accept(): [Fd, 0] | [undefined, Errno] {
    return [undefined, Errno.INVAL];
  }

  override read(bufs: Uint8Array[]): [number, Errno] {
    return this.recv(bufs, false);
  }

  override recv(bufs: Uint8Array[], peek: boolean): [number, Errno] {
    if (this.#readShut) return this.#recvAfterShut(bufs, peek);
    const [n, errno] = this.#inbox.read(bufs, peek);
    if (errno === Errno.SUCCESS || errno === Errno.AGAIN) return [n, errno];
    // As recv(2): the connection's error is answered once (by a read or a send), then EOF; and
    // never EPIPE (Deno's host reports a reset seen by a write so), which recv(2) cannot give.
    if (this.#brokenReported) return [0, Errno.SUCCESS];
    this.#brokenReported = true;
    return [0, errno === Errno.PIPE ? Errno.CONNRESET : errno];
  }

  /**
   * As Linux's recv(2) after SHUT_RD: what was received still reads, then
   * EOF at once (it answered EOF with bytes still there). What the kernel
   * holds but the runtime has not delivered (it pauses a connection at 64
   * KiB: a guest that read 100,000 bytes natively got 65,536 on Deno and
   * Node) is given {@linkcode SHUT_RD_WAIT_MS} to come, or until it does
   * ({@linkcode #probe}; the read resumed the connection): a blocking read
   * waits, a non-blocking one answers AGAIN and poll_oneoff waits; EOF only
   * then. One event-loop turn was not always enough for Deno to read again
   * (a CI run under load got 65,536).
   */
  #recvAfterShut(bufs: Uint8Array[], peek: boolean): [number, Errno] {
    const [n, errno] = this.#inbox.read(bufs, peek);
    const waited = this.#probed;
    this.#probed = false;
    if (errno !== Errno.AGAIN || waited) return [errno === Errno.SUCCESS ? n : 0, Errno.SUCCESS];
    if (!this.#probe) {
      const waitMore = new Promise<void>((resolve) => setTimeout(resolve, SHUT_RD_WAIT_MS));
      this.#probe = race([this.#inbox.ready() ?? Promise.resolve(), waitMore]).then(() => {
        this.#probe = undefined;
        this.#probed = true;
      });
    }
    return [0, again("after SHUT_RD: a moment for bytes the host has not delivered yet")];
  }

  /** After SHUT_RD, an empty read's wait for the host's bytes ({@linkcode #recvAfterShut}). */
  #probe: Promise<void> | undefined;
  /** That wait is over: an empty read answers EOF. */
  #probed = false;

  override arrivals(): Promise<void> | undefined {
    return this.#readShut ? undefined : this.#inbox.arrivals();
  }

  /** Whether the guest has been told that the connection broke (as a socket's pending error: once). */
  #brokenReported = false;

  override write(bufs: Uint8Array[]): [number, Errno] {
    if (this.#writeShut) return [0, Errno.PIPE];
    // A connection the host already knows is broken takes no more bytes: as
    // send(2), the reset is answered once (unless a read answered it), then EPIPE.
    const failure = this.#connection.failure;
    if (failure) return [0, this.#broken(socketErrno(failure))];
    const [n, errno] = this.#outbox.write(bufs, (this.fdflags & Fdflags.NONBLOCK) === 0);
    if (errno !== Errno.SUCCESS && errno !== Errno.AGAIN) return [0, this.#broken(errno)];
    return [n, errno];
  }

  #broken(errno: Errno): Errno {
    if (this.#brokenReported) return Errno.PIPE;
    this.#brokenReported = true;
    return errno;
  }

  override ready(direction: Direction): Promise<void> | undefined {
    if (direction === "read") return this.#readShut ? this.#probe : this.#inbox.ready();
    return this.#outbox.ready();
  }

  /** After a blocking write: once what the kernel refused has left the queue too (as send(2)). */
  override written(): Promise<void> | undefined {
    return this.#outbox.written();
  }

  /** Data, and room in the queue, arrive through the runtime's event loop. */
  override readinessLags(_direction: Direction): boolean {
    return true;
  }

  /**
   * As Linux's poll of a TCP socket: a hangup once both directions are shut
   * (the peer's FIN and our own shutdown, either way round) or the
   * connection failed; the peer's FIN alone makes it readable (EOF), not hung
   * up, so that a server still answers a client that only half-closed, and
   * after our own shutdown of writing the socket stays writable (EPIPE).
   */
  override poll(direction: Direction): PollState | undefined {
    const failed = this.#connection.failure !== undefined || this.#outbox.errno !== Errno.SUCCESS;
    if (direction === "read") {
      if (this.#readShut) {
        // Readable (EOF at worst), but while a read waits for undelivered bytes, not yet.
        if (this.#probe && this.#inbox.buffered === 0) return undefined;
        return { nbytes: BigInt(this.#inbox.buffered), hangup: failed || this.#writeShut };
      }
      if (!this.#inbox.isReady) {
        this.#inbox.ready();
        return undefined;
      }
      const hangup = failed || (this.#inbox.eof && this.#writeShut);
      return { nbytes: BigInt(this.#inbox.buffered), hangup };
    }
    if (failed) return { nbytes: 0n, hangup: true };
    if (this.#writeShut) return { nbytes: 0n, hangup: this.#readShut || this.#inbox.eof };
    if (!this.#outbox.writable) return undefined;
    return { nbytes: BigInt(this.#outbox.room), hangup: false };
  }

  override shutdown(how: number): Errno {
    // shutdown(2) of a connection the peer reset: ENOTCONN (wasmtime's answer; Linux says EPIPE).
    if (this.#connection.failure || this.#outbox.errno !== Errno.SUCCESS) return Errno.NOTCONN;
    if (how & Sdflags.RD) this.#readShut = true;
    if (how & Sdflags.WR && !this.#writeShut) {
      this.#writeShut = true;
      const connection = this.#connection;
      this.#outbox.flush().then(() => connection.endWrite());
    }
    return Errno.SUCCESS;
  }

  override get drained(): number {
    return this.#outbox.drained;
  }

  /**
   * What is queued reaches the peer, as close(2) and exit leave it to the
   * kernel; but a peer that takes nothing for {@linkcode LINGER_MS} must not
   * keep a closed socket (an fd of ours) or the run's end waiting: it is
   * dropped then.
   */
  override flush(): Promise<void> {
    return new Promise((resolve) => {
      let sent = this.#sent;
      const check = setInterval(() => {
        if (this.#sent !== sent) {
          sent = this.#sent;
          return;
        }
        clearInterval(check);
        this.#connection.destroy();
        resolve();
      }, LINGER_MS);
      this.#outbox.flush().then(() => {
        clearInterval(check);
        resolve();
      });
    });
  }

  override close(): Errno {
    const connection = this.#connection;
    this.flush().then(() => {
      // As close(2): the host fd is freed once the kernel holds what was
      // written and the FIN (it sends them on its own); a FIN that never gets
      // out (a peer that takes nothing) is given up after a moment.
      const giveUp = setTimeout(() => connection.destroy(), 1000);
      (giveUp as { unref?: () => void }).unref?.();
      connection.endWrite(() => {
        clearTimeout(giveUp);
        connection.destroy();
      });
    });
    return Errno.SUCCESS;
  }
}

/** A listening TCP socket handed to the guest at start (`--listen`). */
export class ListenerFd extends Fd {
  readonly filetype = Filetype.SOCKET_STREAM;
  override get keepsAgain(): boolean {
    return true;
  }
  override get listens(): boolean {
    return true;
  }
  readonly listener: TcpListener;
  #pending: TcpConnection[] = [];
  #connected = new Wakeup();

  constructor(listener: TcpListener) {
    super();
    this.rightsBase = LISTENER_RIGHTS;
    // Preopened listeners start non-blocking, as wasmtime's --tcplisten made
    // them: Go's os.NewFile only polls an fd that already reports NONBLOCK.
    this.fdflags = Fdflags.NONBLOCK;
    this.listener = listener;
    this.#pending = listener.take();
    listener.onConnection = (connection) => {
      // Not accepted by the guest yet: at most a listen backlog's worth, as before it took the
      // listener (the kernel keeps no more; a guest that never accepts took every host fd).
      if (this.#pending.length >= listener.backlog) return void connection.destroy();
      this.#pending.push(connection);
      this.#waiting = false;
      this.#connected.wake();
    };
  }

  override waitsFor(_direction: Direction): boolean {
    return true;
  }

  override read(_bufs: Uint8Array[]): [number, Errno] {
    return [0, Errno.NOTCONN];
  }

  /** write(2) and send(2) on a listening socket: EPIPE, as Linux (it was ENOTCONN). */
  override write(_bufs: Uint8Array[]): [number, Errno] {
    return [0, Errno.PIPE];
  }

  /** recv(2) on a listening socket: ENOTCONN, as its read (it was ENOTSOCK). */
  override recv(_bufs: Uint8Array[], _peek: boolean): [number, Errno] {
    return [0, Errno.NOTCONN];
  }

  /**
   * A connection the host accepted, or AGAIN; or EMFILE or ENFILE (the
   * host's, by number) when the host has no fd to accept one with, as
   * accept(2) answers then: the host's own accept fails silently
   * (lib/host/net.ts, `fdShortage`), and the guest would wait for ever.
   */
  override accept(): [Fd, 0] | [undefined, Errno] {
    if (this.#shut) return [undefined, Errno.INVAL];
    const connection = this.#pending.shift();
    if (connection) return [new SocketFd(connection), 0];
    const shortage = this.listener.fdShortage();
    if (shortage) return [undefined, socketErrno(shortage)];
    this.#waiting = true; // checked: the wait that may follow need not check again
    return [undefined, again("no connection pending")];
  }

  /** Whether a wait for a connection has begun since the last one came (see `ready`). */
  #waiting = false;

  override ready(direction: Direction): Promise<void> | undefined {
    if (direction === "write" || this.#pending.length > 0 || this.#shut) return undefined;
    // Once per wait, not per poll: a host out of fds accepts nothing, and
    // the check starts what makes it accept again once fds are free.
    if (!this.#waiting) {
      this.#waiting = true;
      this.listener.fdShortage();
    }
    return this.#connected.wait();
  }

  /** Connections arrive through the runtime's event loop. */
  override readinessLags(direction: Direction): boolean {
    return direction === "read";
  }

  override poll(direction: Direction): PollState | undefined {
    // Shut: hung up both ways, as Linux's poll(2) then (POLLOUT|POLLHUP).
    if (this.#shut) return { nbytes: 0n, hangup: true };
    // A listening socket is never writable (Linux's poll(2)): no event, the rest of the poll waits.
    if (direction === "write") return undefined;
    if (this.#pending.length === 0) return undefined;
    return { nbytes: BigInt(this.#pending.length), hangup: false };
  }

  /**
   * As Linux's shutdown(2) of a listening socket: SHUT_WR alone changes
   * nothing; SHUT_RD stops listening (new clients are refused, those not
   * accepted yet dropped), and then accept is EINVAL, poll finds it hung up
   * and another shutdown is ENOTCONN. It answered ENOTCONN at once, and
   * went on listening.
   */
  override shutdown(how: number): Errno {
    if (this.#shut) return Errno.NOTCONN;
    if ((how & Sdflags.RD) === 0) return Errno.SUCCESS;
    this.#shut = true;
    this.close();
    this.#connected.wake();
    return Errno.SUCCESS;
  }

  /** Shut for reading ({@linkcode shutdown}): it listens no more. */
  #shut = false;

  override close(): Errno {
    this.listener.close();
    for (const connection of this.#pending) connection.destroy();
    this.#pending = [];
    return Errno.SUCCESS;
  }
}

function socketErrno(error: Error): Errno {
  try {
    return hostErrno(error);
  } catch {
    return Errno.IO; // a socket failure of a kind we do not know: the stream is broken
  }
}
