/**
 * Opening a FIFO without holding the event loop, whose open(2) waits for the
 * other end (RATIONALE.md, "FIFOs opened through path_open"). path_open
 * (lib/fd/dir.ts) opens on the runtime's blocking pool (Deno: its FFI
 * thread), and a wait given up frees that thread by opening the other end a
 * moment
 * ({@linkcode freeOpening}); the library's stdio paths (lib/options.ts) look
 * again on a timer instead ({@linkcode openFifo}).
 *
 * @module
 */
import { tryHost } from "../host/errors.ts";
import * as host from "../host/fs.ts";
import { nodeFs } from "../host/process.ts";
import { isBun, isDeno } from "../host/runtime.ts";
import { endsByExit } from "../host/stdio.ts";
import { race } from "./readiness.ts";

/**
 * Waits for a FIFO reader's blocking open (`opening`) while watching its
 * non-blocking `probe`: one that shows a writer came (data, or a hangup)
 * answers `undefined`, and the probe is then the reader (a writer that came,
 * wrote and left before the open was asked would leave it waiting for ever
 * with the bytes in the probe's pipe). Rejects as `stop` does. The probe
 * is looked at after 1, 2, 4 ... up to 50 ms: such a writer has come and
 * gone by the open's start, which a first look at 50 ms made a 50-100 ms
 * wait (1 run in 6 of a reader whose writer was there first).
 */
export async function untilWriter<T>(
  opening: Promise<T>,
  probe: number,
  stop: Promise<never>[],
): Promise<T | undefined> {
  if (!host.canTellFifoWriter()) return await race([opening, ...stop]);
  for (let ms = 1;; ms = Math.min(ms * 2, 50)) {
    let tick: ReturnType<typeof setTimeout> | undefined;
    const ticked = new Promise<undefined>((resolve) =>
      tick = setTimeout(() => resolve(undefined), ms)
    );
    try {
      const result = await race<T | undefined>([opening, ticked, ...stop]);
      if (result !== undefined) return result;
    } finally {
      clearTimeout(tick);
    }
    if (host.fifoWriterCame(probe)) return undefined;
  }
}

/**
 * Frees an open of a FIFO (for reading, `read`; else for writing) that waits
 * on the pool (node:fs) for the other end: that end is opened a moment
 * (`peer.open`, with these flags, non-blocking) and held until the open
 * returns (`opened`: its fd, if any); then both are closed, and `alsoClose`
 * too, with `peer.close`, the call that matches `peer.open` and the waiting
 * open (Deno keeps a record of each fd node:fs opened, and closes the number
 * again when node:fs reuses it, so an fd node:fs opened is closed by
 * node:fs).
 */
export function freeOpening(
  opened: Promise<number | undefined>,
  peer: { open(flags: number): number | undefined; close(fd: number): void },
  read: boolean,
  alsoClose?: number,
): void {
  const held = peer.open((read ? host.O.WRONLY : host.O.RDONLY) | host.O.NONBLOCK);
  opened.then((fd) => {
    if (fd !== undefined) tryHost(() => peer.close(fd));
    if (held !== undefined) tryHost(() => peer.close(held));
    if (alsoClose !== undefined) tryHost(() => peer.close(alsoClose));
  });
}

/**
 * Whether an open given up with its run may be left waiting on the pool, not
 * freed ({@linkcode freeOpening}): the momentary peer that frees it is, to
 * any other process waiting on the FIFO, the other end come and gone (a
 * `cat` of it read EOF and left, an `echo >` wrote into a reader that was
 * gone), where natively a process killed in open(2) lets nobody through.
 * Only where the process ends with the run and its exit takes the waiting
 * thread along: the CLI on Deno and Bun (on Node, whose exit joins its pool,
 * the process never ended while the open waited). The run's one open (path_open
 * suspends the guest) holds one thread: Deno's pool has hundreds, Bun's at
 * least two (one core too), and the exit's own writes get the rest.
 */
export function mayLeaveOpenWaiting(): boolean {
  return endsByExit() && (isDeno || isBun);
}

/** A stdio FIFO whose other end has not come yet. */
export interface FifoOpening {
  /**
   * Waits for the other end (started at the first call; nothing waits
   * before): the fd, blocking, once it came; rejects with the open's error,
   * or {@linkcode GIVEN_UP}.
   */
  wait(): Promise<number>;
  /** Gives the wait up (an interrupt, an abort, close()) and closes what it holds. */
  giveUp(): void;
}

/** Why a {@linkcode FifoOpening}'s wait rejects when given up. */
export const GIVEN_UP: unique symbol = Symbol("given up");

/**
 * Opens the FIFO at `path` for reading (`read`) or writing as open(2) would,
 * without waiting on the calling thread: its fd at once where the other end
 * is there already (a reader for a writer; for a reader, a writer that
 * came), else a {@linkcode FifoOpening}, whose wait looks again on a timer
 * (a non-blocking writer's open, which fails with ENXIO until a reader
 * comes; a reader's probe, in poll(2), for a writer's data or hangup). No
 * thread of the blocking pool waits (four `stdout` FIFOs with no reader
 * yet held all of Node's, and the embedder's own `fs` calls and a fifth run
 * whose reader had come waited behind them), nothing holds the event loop
 * before the wait begins (a WASI never started kept the process alive),
 * and giving up opens nothing at the other end (the pool's open was freed
 * by a momentary peer, which an unrelated reader of the FIFO took for a
 * writer that came and went). Without FFI a reader cannot be told a writer
 * came: its wait is a blocking open on the pool, as path_open's.
 * `undefined` when `path` is not a FIFO; throws what the non-blocking open
 * throws.
 */
export function openFifo(path: string, read: boolean): number | FifoOpening | undefined {
  const fs = nodeFs();
  let isFifo = false;
  try {
    isFifo = fs.statSync(path).isFIFO();
  } catch {
    // the caller's open reports it
  }
  if (!isFifo) return undefined;
  // Every fd here is node:fs's, opened and closed by it (see freeOpening).
  const close = (fd: number) => void tryHost(() => fs.closeSync(fd));
  if (!read) {
    const writer = () => {
      try {
        return blocking(fs.openSync(path, host.O.WRONLY | host.O.NONBLOCK)); // a reader is there
      } catch (e) {
        if ((e as { code?: string })?.code === "ENXIO") return undefined; // no reader yet
        throw e;
      }
    };
    return writer() ?? polled(writer, () => {});
  }
  const probe = fs.openSync(path, host.O.RDONLY | host.O.NONBLOCK);
  if (host.canTellFifoWriter()) {
    const came = () => host.fifoWriterCame(probe) ? blocking(probe) : undefined;
    return came() ?? polled(came, () => close(probe));
  }
  return poolOpened(path, probe, close);
}

/** A {@linkcode FifoOpening} that asks `check` again, 1, 2, 4 ... 50 ms apart, until it answers an fd. */
function polled(check: () => number | undefined, release: () => void): FifoOpening {
  let stop: ((e: unknown) => void) | undefined;
  let given = false;
  return {
    wait: () =>
      new Promise<number>((resolve, reject) => {
        if (given) return reject(GIVEN_UP);
        let timer: ReturnType<typeof setTimeout> | undefined;
        stop = (e) => (clearTimeout(timer), reject(e));
        const look = (delay: number) => {
          let fd: number | undefined;
          try {
            fd = check();
          } catch (e) {
            release();
            return reject(e);
          }
          if (fd !== undefined) return resolve(fd);
          timer = setTimeout(() => look(Math.min(delay * 2, 50)), delay);
        };
        look(1);
      }),
    giveUp: () => {
      if (given) return;
      given = true;
      release();
      stop?.(GIVEN_UP);
    },
  };
}

/**
 * Without FFI: the reader's blocking open on the pool, started by the first
 * wait, the probe held meanwhile (closing it would end the rendezvous with a
 * writer already waiting); given up, freed by a momentary writer.
 */
function poolOpened(path: string, probe: number, close: (fd: number) => void): FifoOpening {
  const fs = nodeFs();
  let opening: Promise<number> | undefined;
  let stop: ((e: unknown) => void) | undefined;
  let given = false;
  return {
    wait: () => {
      if (given) return Promise.reject(GIVEN_UP);
      opening ??= new Promise<number>((resolve, reject) =>
        fs.open(path, host.O.RDONLY, (e, fd) => e ? reject(e) : resolve(fd))
      );
      const stopped = new Promise<never>((_, reject) => stop = reject);
      return race([opening, stopped]).then((fd) => (close(probe), fd));
    },
    giveUp: () => {
      if (given) return;
      given = true;
      if (opening) {
        const peer = { open: (flags: number) => tryOpen(path, flags), close };
        freeOpening(opening.then((fd) => fd, () => undefined), peer, true, probe);
      } else close(probe);
      stop?.(GIVEN_UP);
    },
  };
}

/** `open` of `path` with `flags` through node:fs; `undefined` where it fails. */
function tryOpen(path: string, flags: number): number | undefined {
  try {
    return nodeFs().openSync(path, flags);
  } catch {
    return undefined;
  }
}

/** `fd` with O_NONBLOCK cleared (opened with it, so as not to wait). */
function blocking(fd: number): number {
  host.setBlocking(fd);
  return fd;
}
