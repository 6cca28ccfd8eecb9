/**
 * Bun and Node: poll(2) of one fd on a thread of its own, for a wait that
 * must read nothing (a guest's poll_oneoff on stdin: RATIONALE.md, "Pipes
 * without the pool"). Their FFI calls run on the calling thread, where
 * Deno's may run on its FFI thread (lib/host/libc.ts, `waitFor`), and their
 * readers read: so a Worker makes the call (through `bun:ffi`, or Node's
 * `node:ffi`) and answers each wait by message. Started when first asked for
 * (the caller asks once a wait has lasted a while: `new Worker` holds the
 * main thread ~3-4 ms); until it is up (~25 ms) the caller waits its own
 * way. It holds the event loop only while a wait is out, and each wait is
 * one bounded slice, so that a closed fd's number is never polled for long;
 * closing ends the wait at once (its eventfd, polled beside the fd), so that
 * an embedder's process, which waits for its threads, is not held.
 */
import { EVENTFD_FLAGS, WAKE } from "./libc.ts";
import { hostProcess, nodeFs } from "./process.ts";
import { isBun, isDeno } from "./runtime.ts";

/**
 * The worker's poll: first its eventfd's number out (\`up\`), then
 * \`[fd, timeoutMs]\` in, poll(2)'s revents for \`fd\` (or -1) out, one wait
 * at a time, each ended early by the eventfd's becoming readable.
 */
const POLL = `
const wake = eventfd(0, ${EVENTFD_FLAGS});
const pollfd = new Int32Array([-1, 1, wake, 1]); // two { fd, events POLLIN, revents 0 }
const answer = ([fd, timeoutMs]) => {
  pollfd[0] = fd;
  pollfd[1] = pollfd[3] = 1;
  const r = poll(pollfd, timeoutMs);
  return r < 0 ? -1 : pollfd[1] >>> 16;
};
`;

const BUN_SOURCE = `
const { dlopen, ptr } = require("bun:ffi");
const symbols = dlopen("libc.so.6", {
  poll: { args: ["ptr", "u64", "i32"], returns: "i32" },
  eventfd: { args: ["u32", "i32"], returns: "i32" },
}).symbols;
const poll = (fds, timeoutMs) => symbols.poll(ptr(fds), 2, timeoutMs);
const eventfd = symbols.eventfd;
${POLL}
self.onmessage = (e) => postMessage(answer(e.data));
postMessage(["up", wake]);
`;

// node:ffi's ExperimentalWarning would go to the guest's stderr: not emitted.
const NODE_SOURCE = `
const { parentPort } = require("node:worker_threads");
const emitWarning = process.emitWarning;
process.emitWarning = () => {};
const ffi = process.getBuiltinModule("node:ffi");
process.emitWarning = emitWarning;
const functions = ffi.dlopen("libc.so.6", {
  poll: { arguments: ["buffer", "int64", "int32"], return: "int32" },
  eventfd: { arguments: ["int32", "int32"], return: "int32" },
}).functions;
const poll = (fds, timeoutMs) => functions.poll(fds, 2n, timeoutMs);
const eventfd = functions.eventfd;
${POLL}
parentPort.on("message", (m) => parentPort.postMessage(answer(m)));
parentPort.postMessage(["up", wake]);
`;

/** A started worker, as both runtimes' Workers can be driven. */
interface Spawned {
  post(message: [number, number]): void;
  ref(): void;
  unref(): void;
  terminate(): void;
}

/** A wait's revents, or the worker's start with its eventfd. */
type Answer = number | ["up", number];

/** One fd's waits on a thread of their own. */
export interface PollThread {
  /**
   * Settles when `fd` is readable, hung up or failed, or after `timeoutMs`;
   * never rejects. `undefined` until the thread is up (the first call starts
   * it, ~25 ms), or where it cannot start: the caller waits its own way.
   */
  waitReadable(fd: number, timeoutMs: number): Promise<void> | undefined;
  /**
   * No more waits: the thread holds the event loop no longer; a wait out
   * ends at once (the thread's eventfd), and the thread ends once it is back
   * (after which the fd may be closed), or once it is up if it was starting.
   */
  close(): void;
  /** The thread could not start (no FFI in it, no Worker allowed): never up. */
  readonly failed: boolean;
}

/** A {@linkcode PollThread}, or `undefined` where there is none to make (Deno). */
export function pollThread(): PollThread | undefined {
  if (isDeno) return undefined;
  let worker: Spawned | undefined;
  let up = false;
  /** The worker's eventfd, once it is up (-1: it has none, and a wait ends at its timeout). */
  let wake = -1;
  let broken = false;
  let closed = false;
  const answers: (() => void)[] = [];
  // Closed, and no wait out: the eventfd (the worker's, but a process-wide fd) and the worker go.
  const end = () => {
    waiting.delete(wake);
    if (wake >= 0) closeQuietly(wake);
    wake = -1;
    worker?.terminate();
    worker = undefined;
  };
  const onMessage = (data: Answer) => {
    if (typeof data !== "number") {
      up = true;
      wake = data[1];
      if (closed) end();
      return;
    }
    answers.shift()?.();
    if (answers.length > 0) return;
    waiting.delete(wake);
    worker?.unref();
    if (closed) end();
  };
  // No FFI in the worker (or it died): the caller waits its own way from now on.
  const onError = () => {
    broken = true;
    up = false;
    end();
    for (const answer of answers.splice(0)) answer();
  };
  const start = (): Spawned | undefined => {
    if (worker || broken) return worker;
    try {
      worker = (isBun ? spawnBun : spawnNode)(onMessage, onError);
      wakeAtExit();
    } catch {
      broken = true;
      return undefined;
    }
    worker.unref();
    return worker;
  };
  return {
    waitReadable(fd, timeoutMs) {
      const w = start();
      if (!w || !up || broken || closed) return undefined;
      w.ref();
      if (wake >= 0) waiting.add(wake);
      return new Promise<void>((resolve) => {
        answers.push(resolve);
        w.post([fd, timeoutMs]);
      });
    },
    close() {
      if (closed) return;
      closed = true;
      worker?.unref();
      // A thread still starting has made its eventfd, or is making it: "up" ends it (were it
      // terminated now, the eventfd would stay open, one per run of an embedder's guests).
      if (worker && !up) return;
      if (answers.length === 0) end();
      else if (wake >= 0) wakeUp(wake); // the wait's answer then ends it
    },
    get failed() {
      return broken && !closed;
    },
  };
}

/**
 * The eventfds of the threads with a wait out. Node's exit joins its
 * Workers, so an embedder's `process.exit()` waited for a poll(2) out, up to
 * its slice (250 ms; helper-202): at exit, they are woken. (Bun's exit does
 * not wait for them; the CLI's `_exit` waits for nothing.)
 */
const waiting = new Set<number>();
let wakesAtExit = false;

function wakeAtExit(): void {
  if (wakesAtExit || isBun) return;
  wakesAtExit = true;
  hostProcess().on("exit", () => {
    for (const fd of waiting) wakeUp(fd);
  });
}

/** Makes the eventfd `fd` readable: its counter + 1 (a u64 in the host's order: x86-64, arm64). */
function wakeUp(fd: number): void {
  try {
    nodeFs().writeSync(fd, WAKE);
  } catch {
    // cannot fail but at 2^64 - 1 wakes; the wait then ends at its timeout
  }
}

function closeQuietly(fd: number): void {
  try {
    nodeFs().closeSync(fd);
  } catch {
    // already closed: nothing to release
  }
}

interface BunWorker {
  postMessage(message: unknown): void;
  onmessage: ((e: { data: Answer }) => void) | null;
  onerror: ((e: unknown) => void) | null;
  ref(): void;
  unref(): void;
  terminate(): void;
}

function spawnBun(onMessage: (data: Answer) => void, onError: () => void): Spawned {
  const url = URL.createObjectURL(new Blob([BUN_SOURCE], { type: "application/javascript" }));
  const W = (globalThis as unknown as { Worker: new (url: string) => BunWorker }).Worker;
  const worker = new W(url);
  worker.onmessage = (e) => {
    if (typeof e.data !== "number") URL.revokeObjectURL(url);
    onMessage(e.data);
  };
  worker.onerror = onError;
  return {
    post: (message) => worker.postMessage(message),
    ref: () => worker.ref(),
    unref: () => worker.unref(),
    terminate: () => worker.terminate(),
  };
}

interface NodeWorker {
  postMessage(message: unknown): void;
  on(event: "message", listener: (data: Answer) => void): void;
  on(event: "error", listener: (e: unknown) => void): void;
  ref(): void;
  unref(): void;
  terminate(): unknown;
}

function spawnNode(onMessage: (data: Answer) => void, onError: () => void): Spawned {
  const { Worker } = (globalThis as unknown as {
    process: { getBuiltinModule(id: "node:worker_threads"): { Worker: unknown } };
  }).process.getBuiltinModule("node:worker_threads") as {
    Worker: new (source: string, options: Record<string, unknown>) => NodeWorker;
  };
  // Its stdout and stderr not piped to the process's: that would make `process.stdout`, which
  // sets the shared stdout description's flags (lib/host/stdio.ts, `writer`).
  const worker = new Worker(NODE_SOURCE, { eval: true, stdout: true, stderr: true });
  worker.on("message", onMessage);
  worker.on("error", onError);
  return {
    post: (message) => worker.postMessage(message),
    ref: () => worker.ref(),
    unref: () => worker.unref(),
    terminate: () => void worker.terminate(),
  };
}
