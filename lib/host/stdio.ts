/**
 * The host seam for the process's own stdio fds. `node:fs` works the same in
 * Deno and Bun and, unlike Web streams over stdin, never switches the fd to
 * O_NONBLOCK (it is shared with the parent shell). Async writes, and reads on
 * Deno and Bun, run on the runtime's blocking pool, so a waiting pipe or
 * terminal never freezes the event loop; Node reads through libuv's readiness
 * on a private copy of the fd instead ({@linkcode reader}).
 */
import type * as NodeFs from "node:fs";
import type * as net from "node:net";
import { builtin, nodeFs } from "./process.ts";
import { isBun, isDeno } from "./runtime.ts";
import { libc } from "./libc.ts";
import { hostError } from "./errors.ts";

/** What a host stdio fd is, as far as waiting is concerned. */
export type StdioKind =
  /** A regular file: always ready, read and written synchronously. */
  | "file"
  /** A character device that is not a terminal (e.g. /dev/null): always ready. */
  | "device"
  /** A terminal: reads wait for the user. */
  | "tty"
  /** A pipe or FIFO: reads and writes may wait. */
  | "pipe"
  /** A socket (e.g. under a supervisor): reads and writes may wait. */
  | "socket"
  /** Closed or unusable. */
  | "closed";

export function stdioKind(fd: number): StdioKind {
  // With FFI (Deno, Bun): fstat through libc, so a run whose stdio is
  // served without node:fs never loads it (lib/host/process.ts).
  const c = libc();
  if (c) return c.fstatx(fd) < 0 ? "closed" : kindOfMode(fd, c.statMode(), c.statRdevMajor());
  let stat: NodeFs.Stats;
  try {
    stat = nodeFs().fstatSync(fd);
  } catch {
    return "closed";
  }
  if (stat.isFile()) return "file";
  if (stat.isFIFO()) return "pipe";
  if (stat.isSocket()) return "socket";
  if (stat.isCharacterDevice()) return !isMemoryDevice(stat) && isatty(fd) ? "tty" : "device";
  return "file";
}

const S_IFMT = 0o170000;

function kindOfMode(fd: number, mode: number, rdevMajor: number): StdioKind {
  switch (mode & S_IFMT) {
    case 0o010000:
      return "pipe";
    case 0o140000:
      return "socket";
    case 0o020000:
      return rdevMajor !== 1 && isatty(fd) ? "tty" : "device";
    default:
      return "file";
  }
}

/** Linux's memory devices (/dev/null, /dev/zero, ...: major 1) are never terminals. */
function isMemoryDevice(stat: NodeFs.Stats): boolean {
  return ((stat.rdev >> 8) & 0xfff) === 1;
}

/**
 * `node:tty`'s isatty, loaded only when a stdio fd is a character device
 * other than a memory device: importing `node:tty` costs Bun ~10 ms of
 * start-up (RATIONALE.md, "Performance: what we tried").
 */
function isatty(fd: number): boolean {
  if (isDeno && fd <= 2) return [Deno.stdin, Deno.stdout, Deno.stderr][fd].isTerminal();
  return builtin("node:tty").isatty(fd);
}

/**
 * With FFI (Deno, Bun), stdio that never waits is read and written through
 * libc: no node:fs to load at start-up (Deno ~35 ms, Bun ~3 ms), and a
 * cheaper call.
 */
const direct = libc();

export function readSync(fd: number, dst: Uint8Array): number {
  if (direct) return check(direct.read(fd, dst), "read");
  return nodeFs().readSync(fd, dst, 0, dst.length, null);
}

export function writeSync(fd: number, src: Uint8Array): number {
  if (direct) return check(direct.write(fd, src), "write");
  return nodeFs().writeSync(fd, src, 0, src.length);
}

function check(result: number, call: string): number {
  if (result < 0) throw hostError(-result, call);
  return result;
}

/** A reader of a host fd whose reads may wait. */
export interface HostReader {
  /** Reads into `dst` once something is there; resolves to the count (0 = EOF). */
  read(dst: Uint8Array): Promise<number>;
  /** Stops reading; the host fd itself stays open (its owner closes it). */
  close(): void;
}

/**
 * A reader for a pipe, terminal or socket. On Node it waits through libuv's
 * readiness (epoll), never on the thread pool: Node's exit joins the pool, so
 * a pool thread blocked in read(2) would hold the process until the pipe got
 * data or EOF (RATIONALE.md, "Node.js as a host"). Deno and Bun exit without
 * joining their blocking pools; they read there, as before.
 */
export function reader(fd: number): HostReader {
  const pool: HostReader = { read: (dst) => read(fd, dst), close: () => {} };
  if (isDeno || isBun) return pool;
  // Made at the first read: a guest that never reads costs no fd.
  let made: HostReader | undefined;
  return {
    read(dst) {
      if (!made) {
        const stream = nodeStream(fd);
        made = stream ? streamReader(stream) : pool;
      }
      return made.read(dst);
    },
    close: () => made?.close(),
  };
}

/**
 * A paused libuv stream on a private copy of `fd`: reopened through
 * /proc/self/fd, it is a new open file description, so the O_NONBLOCK that
 * libuv sets stays ours, unlike the shared one of `fd` (see "Host fds
 * someone else made non-blocking"). Where it cannot be reopened (a socket,
 * no /proc), stdio fds are used as they are, as Node does for its own
 * `process.stdin`; other fds keep the pool (libuv would close them).
 */
function nodeStream(fd: number): net.Socket | undefined {
  const { O_RDONLY, O_NONBLOCK, O_NOCTTY } = nodeFs().constants;
  let own: number | undefined;
  try {
    own = nodeFs().openSync(`/proc/self/fd/${fd}`, O_RDONLY | O_NONBLOCK | O_NOCTTY);
  } catch {
    if (fd > 2) return undefined;
  }
  const handleFd = own ?? fd;
  try {
    // Node only (see reader()): loaded here, so Deno and Bun never pay for them.
    if (isatty(handleFd)) return new (builtin("node:tty").ReadStream)(handleFd);
    // manualStart: nothing is read until the guest asks (Node's stdin uses it too).
    return new (builtin("node:net").Socket)(
      { fd: handleFd, readable: true, writable: false, manualStart: true } as
        & net.SocketConstructorOpts
        & { manualStart: boolean },
    );
  } catch {
    if (own !== undefined) nodeFs().closeSync(own);
    return undefined;
  }
}

/** Reads a paused Node stream on demand: `read()`, else wait for "readable". */
function streamReader(stream: net.Socket): HostReader {
  let leftover: Uint8Array | undefined;
  let ended = false;
  let failure: Error | undefined;
  stream.on("end", () => ended = true);
  stream.on("close", () => ended = true);
  stream.on("error", (e) => failure = e);
  const changed = () =>
    new Promise<void>((resolve) => {
      const done = () => {
        for (const ev of ["readable", "end", "close", "error"]) stream.off(ev, done);
        resolve();
      };
      for (const ev of ["readable", "end", "close", "error"]) stream.on(ev, done);
    });
  return {
    async read(dst) {
      while (!leftover?.length) {
        if (failure) throw failure;
        if (ended) return 0;
        const chunk: Uint8Array | null = stream.read();
        if (chunk !== null) leftover = chunk;
        else await changed();
      }
      const n = Math.min(dst.length, leftover.length);
      dst.set(leftover.subarray(0, n));
      leftover = leftover.subarray(n);
      return n;
    },
    close: () => stream.destroy(),
  };
}

/**
 * Reads on the blocking pool. If the fd is O_NONBLOCK after all (Node turns
 * its stdio pipes non-blocking as soon as `process.stdin`/`stdout` is touched,
 * and the flag is shared with every process holding the pipe), the pool
 * answers EAGAIN at once: wait and retry instead of handing that to the
 * readiness layer, which would ask again at once, forever (RATIONALE.md,
 * "Host fds someone else made non-blocking").
 */
export function read(fd: number, dst: Uint8Array): Promise<number> {
  return retryAgain(() =>
    new Promise((resolve, reject) => {
      nodeFs().read(fd, dst, 0, dst.length, null, (err, n) => err ? reject(err) : resolve(n));
    })
  );
}

/** Writes on the blocking pool; EAGAIN is waited out as in {@linkcode read}. */
export function write(fd: number, src: Uint8Array): Promise<number> {
  return retryAgain(() =>
    new Promise((resolve, reject) => {
      nodeFs().write(fd, src, 0, src.length, null, (err, n) => err ? reject(err) : resolve(n));
    })
  );
}

/** The longest wait between two tries on a non-blocking fd, in ms. */
const MAX_RETRY_DELAY_MS = 8;

async function retryAgain(op: () => Promise<number>): Promise<number> {
  for (let delay = 0.5;; delay = Math.min(delay * 2, MAX_RETRY_DELAY_MS)) {
    try {
      return await op();
    } catch (e) {
      const code = (e as { code?: string }).code;
      if (code !== "EAGAIN" && code !== "EWOULDBLOCK") throw e;
    }
    await new Promise((resolve) => setTimeout(resolve, delay));
  }
}
