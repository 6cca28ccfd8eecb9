/**
 * The host seam for TCP: listeners the runtime opens for the guest and the
 * connections they accept. `node:net` behaves the same on Deno and Bun.
 * Nothing here knows about WASI or guest memory.
 */
import type * as net from "node:net";
import { WasiRunError } from "../errors.ts";
import { EAGAIN, EPIPE, libc, streamLibc } from "./libc.ts";
import { hostError } from "./errors.ts";
import { builtin, finishFirst, hostProcess, nodeFs, setImmediate } from "./process.ts";
import { isBun, isDeno } from "./runtime.ts";
import { WAIT_SLICE_MS, type WriteReadiness, writeReadiness } from "./stdio.ts";

/** What a connection reports to whoever reads it. */
export interface ConnectionEvents {
  data(chunk: Uint8Array): void;
  end(): void;
  error(error: Error): void;
}

/**
 * Sends to a connection's socket without the event loop (see
 * {@linkcode TcpConnection.nonBlocking}).
 */
export interface ConnectionWriter {
  /** send(2) of what the kernel takes now: the count, or -errno (-EAGAIN when full). */
  write(src: Uint8Array): number;
  /** The kernel's word on when a write would go through, once one found it full. */
  readiness: () => WriteReadiness | undefined;
}

/** What `node:net` keeps of the host socket: its fd (Node, Bun), or a copy of it (Deno). */
interface SocketHandle {
  fd?: number;
  fdForIpc?: () => number;
}

/** The runtime's handle under a `node:net` socket (`_handle`, not in its types), if any. */
function handleOf(socket: net.Socket): SocketHandle | null | undefined {
  return (socket as unknown as { _handle?: SocketHandle | null })._handle;
}

export class TcpConnection {
  readonly #socket: net.Socket;
  #events: ConnectionEvents | undefined;
  #failure: Error | undefined;
  #ended = false;

  /** @internal Wraps an accepted socket (TcpListener's; not in the npm package's types). */
  constructor(socket: net.Socket) {
    this.#socket = socket;
    // Bun sets TCP_NODELAY on what it accepts (its setNoDelay(false) makes no call): cleared, as a
    // native server's accepted socket has Nagle's algorithm, as Deno's and Node's (RATIONALE.md,
    // "Sockets": a guest's small sends each a segment cost Bun twice Deno's time).
    if (isBun) {
      const fd = handleOf(socket)?.fd;
      if (fd !== undefined && fd >= 0) streamLibc()?.tcpNoDelay(fd, false);
    }
    // Always listen for errors: a peer reset must never crash the runtime.
    socket.on("error", (e) => {
      this.#failure ??= e;
      this.#events?.error(e);
    });
    socket.on("end", () => {
      this.#ended = true;
      this.#events?.end();
    });
    socket.on("data", (chunk: Uint8Array) => this.#events?.data(new Uint8Array(chunk)));
    socket.on("close", () => this.#release());
    socket.pause();
  }

  /** The error that broke the connection (a peer's reset), once the host has seen one. */
  get failure(): Error | undefined {
    return this.#failure;
  }

  /** Starts delivering events (and replays an end or error that came first). */
  listen(events: ConnectionEvents): void {
    this.#events = events;
    if (this.#ended) events.end();
    if (this.#failure) events.error(this.#failure);
  }

  #paused = true;

  pause(): void {
    if (this.#paused) return;
    this.#paused = true;
    this.#socket.pause();
  }

  /** Asks for data; cheap when it is already flowing (readers ask on every read). */
  resume(): void {
    if (!this.#paused || this.#socket.destroyed) return;
    this.#paused = false;
    this.#socket.resume();
  }

  /** Deno: our copy of the socket's fd ({@linkcode nonBlocking}), -1 when none or closed. */
  #ownFd = -1;
  /** Deno: waits for room in flight on {@linkcode #ownFd}, which is closed only once none is. */
  #polling = 0;
  /** Deno: the connection is destroyed or closed; {@linkcode #ownFd} goes once no wait is in flight. */
  #releasing = false;
  /** Deno: an eventfd the waits poll too, woken at release so that they end at once (-1: none). */
  #wake = -1;

  /**
   * Sends that reach the kernel during the guest's call, or `undefined`
   * where the host cannot make them (no FFI, no fd to send on): then every
   * byte goes through {@linkcode write}, whose `node:net` write moves on the
   * event loop, which a guest that computes after its write never lets run
   * (RATIONALE.md, "Sockets"). send(2) with `MSG_DONTWAIT | MSG_NOSIGNAL`,
   * on the fd Node and Bun keep in the socket's handle (checked before every
   * send: once `node:net` has closed it the number may name another file),
   * and on Deno, whose handle has no fd, on a copy of it (`fdForIpc`, a
   * dup), held until the connection is destroyed or closed. Only while
   * nothing written through {@linkcode write} is pending (the caller's
   * queue keeps the order).
   */
  nonBlocking(): ConnectionWriter | undefined {
    const calls = streamLibc() ?? libc();
    const socket = this.#socket;
    const handle = handleOf(socket);
    if (!calls || !handle || socket.destroyed) return undefined;
    let fd: number;
    let isOpen: () => boolean;
    if (isDeno) {
      try {
        fd = this.#ownFd = handle.fdForIpc?.() ?? -1;
      } catch {
        return undefined;
      }
      isOpen = () => !this.#releasing && !socket.destroyed;
    } else {
      fd = handle.fd ?? -1;
      const mine = handle;
      isOpen = () => !socket.destroyed && handleOf(socket) === mine;
    }
    if (!(fd >= 0)) return undefined;
    const streams = streamLibc();
    const waitOnce = isDeno && streams?.canWait
      ? async () => {
        this.#polling++;
        try {
          if (this.#wake < 0) this.#wake = Math.max(streams.eventfd(), -1);
          await streams.waitFor(fd, "write", WAIT_SLICE_MS, this.#wake);
        } finally {
          if (--this.#polling === 0 && this.#releasing) this.#release();
        }
      }
      : undefined;
    const write = (src: Uint8Array) => isOpen() ? calls.sendNow(fd, src) : -EPIPE;
    if (waitOnce) this.#sendOwn = (src) => this.#sendWaiting(src, write, waitOnce);
    return { write, readiness: writeReadiness(fd, isOpen, waitOnce) };
  }

  /**
   * Deno: what {@linkcode write} sends through {@linkcode nonBlocking}'s
   * send(2) on our copy of the fd, waiting for room by poll(2) on the FFI
   * thread, not through Deno's own write: woken by a peer's reset, that
   * peeks at the socket first (`recvfrom(fd, 1, MSG_PEEK)`, seen with
   * strace), which takes the kernel's ECONNRESET, and then fails with EPIPE,
   * where Linux, Node and Bun say ECONNRESET (EPIPE only after a FIN: a
   * reset in CLOSE_WAIT). send(2) gets the kernel's own answer.
   */
  #sendOwn: ((src: Uint8Array) => Promise<number>) | undefined;

  async #sendWaiting(
    src: Uint8Array,
    send: (src: Uint8Array) => number,
    waitForRoom: () => Promise<void>,
  ): Promise<number> {
    let done = 0;
    while (done < src.length) {
      const r = send(src.subarray(done));
      if (r >= 0) done += r;
      else if (r === -EAGAIN) await waitForRoom();
      else throw this.#failure ?? hostError(-r, "send"); // a reset our read took first
    }
    return done;
  }

  /** Closes our copy of the fd (Deno), once no wait on it is in flight. */
  #release(): void {
    this.#releasing = true;
    const fd = this.#ownFd;
    if (fd < 0) return;
    const calls = streamLibc() ?? libc();
    if (this.#polling > 0) {
      if (this.#wake >= 0) streamLibc()?.wake(this.#wake);
      return;
    }
    this.#ownFd = -1;
    calls?.close(fd);
    if (this.#wake >= 0) calls?.close(this.#wake);
    this.#wake = -1;
  }

  /** Resolves when the kernel has taken `src` (all of it). */
  write(src: Uint8Array): Promise<number> {
    if (this.#sendOwn) return this.#sendOwn(src);
    return new Promise((resolve, reject) => {
      if (this.#failure) return reject(this.#failure);
      if (this.#socket.destroyed || this.#socket.writableEnded) {
        return reject(Object.assign(new Error("socket is closed for writing"), { code: "EPIPE" }));
      }
      // Deno (2.9.6) reports a reset that a waiting write meets as EPIPE: as
      // the socket wakes it peeks at it (`recvfrom(fd, 1, MSG_PEEK)`, seen
      // with strace), which takes the kernel's ECONNRESET, and then fails the
      // write with EPIPE; Linux, Node and Bun say ECONNRESET. EPIPE is right
      // only when the peer had sent FIN first, which a socket that does not
      // read cannot tell. A read meets the reset with its true errno (and the
      // FIN before it), so on Deno a connection with bytes to send reads: into
      // the inbox, which pauses it again at its high-water mark.
      if (isDeno) this.resume();
      this.#socket.write(src, (err) => {
        // A write the reset cancelled (ECANCELED) fails with the reset itself.
        if (err) reject(this.#failure ?? this.#socket.errored ?? err);
        else resolve(src.length);
      });
    });
  }

  /** Half-close: sends FIN after what was written; `done` once the kernel has it (or never). */
  endWrite(done?: () => void): void {
    if (!this.#socket.destroyed) this.#socket.end(done);
  }

  destroy(): void {
    this.#release();
    this.#socket.destroy();
  }
}

/** How many connections a listener keeps for a guest that has not taken it yet (the listen backlog). */
const BACKLOG = 511;

/**
 * The most event-loop turns a guest waits while Node accepts connection
 * after connection (TcpListener `#acceptMore`): ~10-20 µs each when idle, so
 * a flood of new connections cannot keep the guest from running.
 */
const ACCEPT_TURNS = 128;

/** How often a listener the host could not feed for lack of fds checks whether one is free again. */
const STARVED_RETRY_MS = 50;

/** The longest wait between two of Deno's listens again while a guest waits (TcpListener `#nudge`). */
const NUDGE_MAX_MS = 1000;

let canProbe: boolean | undefined;

/**
 * The host's error (EMFILE, ENFILE) when the process cannot open one more fd
 * now, else `undefined`: opens and closes /dev/null, as libuv keeps a spare
 * fd for the same question. `undefined` too when it cannot tell (/dev/null
 * refused, or not readable under Deno's permissions, which would prompt).
 */
function probeFdShortage(): Error | undefined {
  canProbe ??= !isDeno ||
    Deno.permissions.querySync({ name: "read", path: "/dev/null" }).state === "granted";
  if (!canProbe) return undefined;
  const fs = nodeFs();
  try {
    fs.closeSync(fs.openSync("/dev/null", "r"));
    return undefined;
  } catch (e) {
    const code = (e as { code?: unknown }).code;
    return code === "EMFILE" || code === "ENFILE" ? e as Error : undefined;
  }
}

/**
 * Refuses a listen the runtime's permissions deny, with the error they give.
 * Deno's node:net checks the address only once it has it, and Node's (under
 * `--permission`) its right to bind at all, and each throws that error out of
 * a callback of its own, where no `error` event or promise takes it: an
 * uncaught exception with a stack trace (`--listen` without `--allow-net`).
 * On Deno a name is looked up first (the lookup's own denial rejects as it
 * should), and the address it gives is checked, as node:net's listen uses it.
 */
async function checkNetPermission(host: string, port: number): Promise<void> {
  if (!isDeno) {
    const permission = (hostProcess() as { permission?: { has(scope: string): boolean } })
      .permission;
    if (permission && !permission.has("net")) {
      throw Object.assign(new Error("Access to the network is denied (Node: --allow-net)"), {
        code: "ERR_ACCESS_DENIED",
      });
    }
    return;
  }
  // No host: node:net's own default address (and a wrong type its own error), unchecked as before.
  if (typeof host !== "string" || host === "") return;
  const ip = builtin("node:net").isIP(host)
    ? host
    : (await builtin("node:dns").promises.lookup(host)).address;
  const address = ip.includes(":") ? `[${ip}]:${port}` : `${ip}:${port}`;
  if (Deno.permissions.querySync({ name: "net", host: address }).state !== "granted") {
    throw new Deno.errors.NotCapable(`Requires net access to "${address}" (Deno: --allow-net)`);
  }
}

/** A listening TCP socket, to hand to a guest as a preopened fd (`--listen`). */
export class TcpListener {
  /** The address it is bound to. */
  readonly host: string;
  /** The port it is bound to (the one picked when asked for port 0). */
  readonly port: number;
  readonly #server: net.Server;
  /** How many connections it keeps that no guest has accepted yet (the listen backlog). */
  readonly backlog: number = BACKLOG;
  /** Connections that came before a guest took the listener: kept, as the kernel's backlog keeps them. */
  #early: TcpConnection[] = [];
  #taken = false;
  #closed = false;
  /**
   * Called for each accepted connection, in order (the fd layer's hook).
   * @ignore
   */
  onConnection: (connection: TcpConnection) => void = (c) => {
    if (this.#early.length < BACKLOG) this.#early.push(c);
    else c.destroy();
  };

  private constructor(server: net.Server) {
    if (!server) {
      throw new WasiRunError("a TcpListener is made with TcpListener.listen(host, port)");
    }
    this.#server = server;
    // The mark lib/options.ts checks, by `Symbol.for`: it does not import this module.
    Object.defineProperty(this, Symbol.for("wasirun.TcpListener"), { value: true });
    const address = server.address() as net.AddressInfo;
    this.host = address.address;
    this.port = address.port;
    server.on("connection", (socket) => {
      if (isDeno) this.#stopNudging();
      this.onConnection(new TcpConnection(socket));
      if (!isDeno && !isBun) this.#acceptMore();
    });
    server.on("error", () => {}); // accept errors (e.g. EMFILE) must not crash the runtime
  }

  /** Listens on `host:port` (port 0 picks a free one). Rejects with the host's error. */
  static async listen(host: string, port: number): Promise<TcpListener> {
    if (!isBun) await checkNetPermission(host, port);
    return await new Promise((resolve, reject) => {
      // allowHalfOpen: a peer's FIN must not end our side; the guest decides.
      const server = builtin("node:net").createServer({
        pauseOnConnect: true,
        allowHalfOpen: true,
      });
      server.once("error", reject);
      server.listen({ host, port, backlog: BACKLOG }, () => {
        server.off("error", reject);
        resolve(new TcpListener(server));
      });
    });
  }

  /**
   * Hands the listener to one guest, with the connections that came before:
   * a listener serves one WASI, and ends with it (its fd's close closes it).
   * @ignore
   */
  take(): TcpConnection[] {
    this.checkFree();
    this.#taken = true;
    const early = this.#early;
    this.#early = [];
    return early;
  }

  /**
   * Throws a WasiRunError when no guest can take it: closed, or another's.
   * @ignore
   */
  checkFree(): void {
    if (this.#closed) throw new WasiRunError(`the listener on port ${this.port} is closed`);
    if (this.#taken) {
      throw new WasiRunError(`the listener on port ${this.port} is another WASI's already`);
    }
  }

  /** While the host has no fd to accept with: the timer that checks for one (see `fdShortage`). */
  #starved: ReturnType<typeof setInterval> | undefined;

  /**
   * The host's error (EMFILE, ENFILE) when the process has no fd to accept
   * a connection with now, else `undefined`: what accept(2) checks first.
   * None of the runtimes tells when its own accept failed so (measured, fd
   * limit 128 and 200 clients: no "error" event on any): Node's libuv
   * accepts and closes every connection waiting (`uv__emfile_trick`), Bun
   * retries at once, using a core, and Deno stops accepting for good. So
   * the listener asks here, and while the answer is "none", every
   * {@linkcode STARVED_RETRY_MS} ms until one is free again, then restarts
   * the host's accepting where that is needed (Deno).
   * @ignore
   */
  fdShortage(): Error | undefined {
    const shortage = probeFdShortage();
    if (shortage && !this.#starved) {
      this.#starved = setInterval(() => this.#checkStarved(), STARVED_RETRY_MS);
      (this.#starved as { unref?: () => void }).unref?.();
    } else if (!shortage && this.#starved) {
      this.#checkStarved();
    } else if (!shortage && isDeno) {
      this.#nudge();
    }
    return shortage;
  }

  /** Deno only: the timer that makes the listener listen again while a guest waits ({@linkcode #nudge}). */
  #nudging: ReturnType<typeof setTimeout> | undefined;
  /** The wait before the next {@linkcode #nudge}: doubles from STARVED_RETRY_MS to NUDGE_MAX_MS. */
  #nudgeDelay = STARVED_RETRY_MS;

  /**
   * Deno's accept may have met a shortage no probe saw (the guest's own
   * files used the fds up while a client connected, and were closed since,
   * or a restart took what fds were free while closes were still under
   * way, and met the shortage again): its listener is then deaf for good,
   * with nothing to tell. So while a guest asks for a connection that is
   * not there, the listener listens again at once, then after 50, 100,
   * 200 ms... and every second, until a connection comes or it closes.
   * Listening again costs no system call, and changes nothing on a
   * listener that accepts (checked). It listened again once per wait
   * before, and a restart that found no fd free left the guest waiting
   * for ever (CI, twice, the sock_accept EMFILE test under load).
   */
  #nudge(): void {
    if (this.#nudging || this.#closed) return;
    this.#restart();
    this.#nudging = setTimeout(() => {
      this.#nudging = undefined;
      this.#nudge();
    }, this.#nudgeDelay);
    (this.#nudging as { unref?: () => void }).unref?.();
    this.#nudgeDelay = Math.min(this.#nudgeDelay * 2, NUDGE_MAX_MS);
  }

  /** A connection came: no more {@linkcode #nudge} until a guest waits again. */
  #stopNudging(): void {
    clearTimeout(this.#nudging);
    this.#nudging = undefined;
    this.#nudgeDelay = STARVED_RETRY_MS;
  }

  #checkStarved(): void {
    if (!this.#closed && probeFdShortage()) return;
    clearInterval(this.#starved);
    this.#starved = undefined;
    if (!isDeno) return;
    // Now, and again until a connection comes: the restart may find the fds gone again.
    this.#stopNudging();
    this.#nudge();
  }

  /**
   * Makes the host accept again after it ran out of fds. Deno (2.9.6) drops
   * the error its listener's accept got and is never woken for that
   * listener again (deno_core's uv_compat `poll_tcp_handle`): connections
   * wait in the kernel for ever. Listening again on the same handle (same
   * socket, same port) polls it afresh; on a listener that accepts it
   * changes nothing (checked). Node and Bun resume by themselves.
   */
  #restart(): void {
    if (!isDeno) return;
    const handle =
      (this.#server as unknown as { _handle?: { listen?: (backlog: number) => number } })
        ._handle;
    handle?.listen?.(BACKLOG);
  }

  /** Connections accepted so far (Node's, counted for {@linkcode #acceptMore}). */
  #accepted = 0;
  #acceptingMore = false;

  /**
   * Node 26's libuv accepts one connection a loop iteration (libuv#3696;
   * Node 20's accepted 200 in one here), and a guest runs between
   * iterations: a Go server busy with its connections ran 1-10 ms each
   * time, so 200 clients connecting at once waited up to 1.4 s for their
   * turn (Deno and Bun accept them all at once). So after a connection the
   * loop turns again before the guest runs on ({@linkcode finishFirst}),
   * while each turn brings another, at most
   * {@linkcode ACCEPT_TURNS} times.
   */
  #acceptMore(): void {
    this.#accepted++;
    if (this.#acceptingMore) return;
    this.#acceptingMore = true;
    const immediate = () => new Promise<void>((resolve) => setImmediate(resolve));
    finishFirst((async () => {
      await immediate(); // the end of the turn that accepted
      for (let turns = 0; turns < ACCEPT_TURNS && !this.#closed; turns++) {
        const seen = this.#accepted;
        await immediate(); // the next turn, after its I/O
        if (this.#accepted === seen) break;
      }
      this.#acceptingMore = false;
    })());
  }

  /** Stops listening; connections no guest took are closed. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    clearInterval(this.#starved);
    this.#starved = undefined;
    this.#stopNudging();
    this.#server.close();
    for (const connection of this.#early) connection.destroy();
    this.#early = [];
  }
}
