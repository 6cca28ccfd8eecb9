/**
 * Opening a FIFO without holding the event loop: its open(2) waits for the
 * other end, so it runs on the runtime's blocking pool, and a wait given up
 * frees that pool thread by opening the other end a moment (RATIONALE.md,
 * "FIFOs opened through path_open"). Used by path_open (lib/fd/dir.ts) and
 * by the library's stdio paths (lib/options.ts).
 *
 * @module
 */
import { tryHost } from "../host/errors.ts";
import * as host from "../host/fs.ts";
import { nodeFs } from "../host/process.ts";
import { race } from "./readiness.ts";

/**
 * Waits for a FIFO reader's blocking open (`opening`) while watching its
 * non-blocking `probe`: one that shows a writer came (data, or a hangup)
 * answers `undefined`, and the probe is then the reader (a writer that came,
 * wrote and left before the open was asked would leave it waiting for ever
 * with the bytes in the probe's pipe). Rejects as `stop` does.
 */
export async function untilWriter<T>(
  opening: Promise<T>,
  probe: number,
  stop: Promise<never>[],
): Promise<T | undefined> {
  if (!host.canTellFifoWriter()) return await race([opening, ...stop]);
  for (;;) {
    let tick: ReturnType<typeof setTimeout> | undefined;
    const ticked = new Promise<undefined>((resolve) =>
      tick = setTimeout(() => resolve(undefined), 50)
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
 * too, with `peer.close` (the call that matches `peer.open`: Deno keeps a
 * record of each fd node:fs opened, and closes the number again when
 * node:fs reuses it, so an fd node:fs opened is closed by node:fs).
 */
export function freeOpening(
  opened: Promise<number | undefined>,
  peer: { open(flags: number): number | undefined; close(fd: number): void },
  read: boolean,
  alsoClose?: number,
): void {
  const held = peer.open((read ? host.O.WRONLY : host.O.RDONLY) | host.O.NONBLOCK);
  opened.then((fd) => {
    if (fd !== undefined) tryHost(() => nodeFs().closeSync(fd));
    if (held !== undefined) tryHost(() => peer.close(held));
    if (alsoClose !== undefined) tryHost(() => peer.close(alsoClose));
  });
}

/** A stdio FIFO whose other end has not come yet, opening on the blocking pool. */
export interface FifoOpening {
  /** The fd (blocking) once the other end came; rejects with the open's error. */
  readonly opened: Promise<number>;
  /** Gives the wait up (an interrupt, an abort, close()); `opened` rejects with {@linkcode GIVEN_UP}. */
  giveUp(): void;
}

/** Why a {@linkcode FifoOpening}'s `opened` rejects when given up. */
export const GIVEN_UP: unique symbol = Symbol("given up");

/**
 * Opens the FIFO at `path` for reading (`read`) or writing as open(2) would,
 * without waiting on the calling thread: its fd at once where the other end
 * is there already (a reader for a writer; for a reader, a writer that
 * came), else a {@linkcode FifoOpening}. `undefined` when `path` is not a
 * FIFO; throws what the non-blocking open throws.
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
  const peer = {
    open: (flags: number) => {
      try {
        return fs.openSync(path, flags);
      } catch {
        return undefined;
      }
    },
    close,
  };
  let probe: number | undefined;
  if (read) {
    probe = fs.openSync(path, host.O.RDONLY | host.O.NONBLOCK);
    if (host.canTellFifoWriter() && host.fifoWriterCame(probe)) return blocking(probe);
  } else {
    try {
      return blocking(fs.openSync(path, host.O.WRONLY | host.O.NONBLOCK)); // a reader is there
    } catch (e) {
      if ((e as { code?: string })?.code !== "ENXIO") throw e; // ENXIO: no reader yet
    }
  }
  const opening = new Promise<number>((resolve, reject) =>
    fs.open(path, read ? host.O.RDONLY : host.O.WRONLY, (e, fd) => e ? reject(e) : resolve(fd))
  );
  const openingFd = opening.then((fd) => fd, () => undefined);
  let giveUp = () => {};
  const stopped = new Promise<never>((_, reject) => giveUp = () => reject(GIVEN_UP));
  stopped.catch(() => {});
  const opened = (async () => {
    let fd: number | undefined;
    try {
      fd = probe !== undefined
        ? await untilWriter(opening, probe, [stopped])
        : await race([opening, stopped]);
    } catch (e) {
      if (e === GIVEN_UP) freeOpening(openingFd, peer, read, probe);
      else if (probe !== undefined) close(probe);
      throw e;
    }
    if (fd === undefined) {
      // A writer came through the probe, which is then the reader.
      freeOpening(openingFd, peer, read);
      return blocking(probe!);
    }
    if (probe !== undefined) close(probe);
    return fd;
  })();
  opened.catch(() => {});
  return { opened, giveUp };
}

/** `fd` with O_NONBLOCK cleared (opened with it, so as not to wait). */
function blocking(fd: number): number {
  host.setBlocking(fd);
  return fd;
}
