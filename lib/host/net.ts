/**
 * The host seam for TCP: listeners the runtime opens for the guest and the
 * connections they accept. `node:net` behaves the same on Deno and Bun.
 * Nothing here knows about WASI or guest memory.
 */
import type * as net from "node:net";
import { WasiRunError } from "../errors.ts";
import { builtin } from "./process.ts";

/** What a connection reports to whoever reads it. */
export interface ConnectionEvents {
  data(chunk: Uint8Array): void;
  end(): void;
  error(error: Error): void;
}

export class TcpConnection {
  readonly #socket: net.Socket;
  #events: ConnectionEvents | undefined;
  #failure: Error | undefined;
  #ended = false;

  constructor(socket: net.Socket) {
    this.#socket = socket;
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

  /** Resolves when the kernel has taken `src` (all of it). */
  write(src: Uint8Array): Promise<number> {
    return new Promise((resolve, reject) => {
      if (this.#failure) return reject(this.#failure);
      if (this.#socket.destroyed || this.#socket.writableEnded) {
        return reject(Object.assign(new Error("socket is closed for writing"), { code: "EPIPE" }));
      }
      this.#socket.write(src, (err) => err ? reject(err) : resolve(src.length));
    });
  }

  /** Half-close: sends FIN after what was written. */
  endWrite(): void {
    if (!this.#socket.destroyed) this.#socket.end();
  }

  destroy(): void {
    this.#socket.destroy();
  }
}

/** How many connections a listener keeps for a guest that has not taken it yet (the listen backlog). */
const BACKLOG = 511;

/** A listening TCP socket, to hand to a guest as a preopened fd (`--listen`). */
export class TcpListener {
  /** The address it is bound to. */
  readonly host: string;
  /** The port it is bound to (the one picked when asked for port 0). */
  readonly port: number;
  readonly #server: net.Server;
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
    const address = server.address() as net.AddressInfo;
    this.host = address.address;
    this.port = address.port;
    server.on("connection", (socket) => this.onConnection(new TcpConnection(socket)));
    server.on("error", () => {}); // accept errors (e.g. EMFILE) must not crash the runtime
  }

  /** Listens on `host:port` (port 0 picks a free one). Rejects with the host's error. */
  static listen(host: string, port: number): Promise<TcpListener> {
    return new Promise((resolve, reject) => {
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

  /** Stops listening; connections no guest took are closed. */
  close(): void {
    this.#closed = true;
    this.#server.close();
    for (const connection of this.#early) connection.destroy();
    this.#early = [];
  }
}
