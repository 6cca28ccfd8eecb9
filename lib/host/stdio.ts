/**
 * The host seam for the process's own stdio fds. `node:fs` works the same in
 * Deno and Bun and, unlike Web streams over stdin, never switches the fd to
 * O_NONBLOCK (it is shared with the parent shell). Async reads and writes run
 * on the runtime's blocking pool, so a waiting pipe or terminal never freezes
 * the event loop.
 */
import * as fs from "node:fs";
import process from "node:process";

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
  let stat: fs.Stats;
  try {
    stat = fs.fstatSync(fd);
  } catch {
    return "closed";
  }
  if (stat.isFile()) return "file";
  if (stat.isFIFO()) return "pipe";
  if (stat.isSocket()) return "socket";
  if (stat.isCharacterDevice()) return !isMemoryDevice(stat) && isatty(fd) ? "tty" : "device";
  return "file";
}

/** Linux's memory devices (/dev/null, /dev/zero, ...: major 1) are never terminals. */
function isMemoryDevice(stat: fs.Stats): boolean {
  return ((stat.rdev >> 8) & 0xfff) === 1;
}

/**
 * `node:tty`'s isatty, loaded only when a stdio fd is a character device
 * other than a memory device: importing `node:tty` costs Bun ~10 ms of
 * start-up (RATIONALE.md, "Performance: what we tried").
 */
function isatty(fd: number): boolean {
  return process.getBuiltinModule("node:tty").isatty(fd);
}

export function readSync(fd: number, dst: Uint8Array): number {
  return fs.readSync(fd, dst, 0, dst.length, null);
}

export function writeSync(fd: number, src: Uint8Array): number {
  return fs.writeSync(fd, src, 0, src.length);
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
      fs.read(fd, dst, 0, dst.length, null, (err, n) => err ? reject(err) : resolve(n));
    })
  );
}

/** Writes on the blocking pool; EAGAIN is waited out as in {@linkcode read}. */
export function write(fd: number, src: Uint8Array): Promise<number> {
  return retryAgain(() =>
    new Promise((resolve, reject) => {
      fs.write(fd, src, 0, src.length, null, (err, n) => err ? reject(err) : resolve(n));
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
