/**
 * Bun: poll(2) of one fd on a thread of its own, for a wait that must read
 * nothing (a guest's poll_oneoff on stdin: RATIONALE.md, "Pipes without
 * the pool"). Bun's FFI calls run on the calling thread, where Deno's may run
 * on its FFI thread (lib/host/libc.ts, `waitFor`), and its pool only reads:
 * so a Worker makes the call, through `bun:ffi`, and answers each wait by
 * message. Started when first asked for (the caller asks once a wait has
 * lasted a while: it holds the main thread ~4 ms); until it is up (~25 ms)
 * the caller waits its own way. It holds the event loop only while a wait is out, and
 * each wait is one bounded slice, so that a closed fd's number is never
 * polled for long.
 */
import { isBun } from "./runtime.ts";

/** The worker: `[fd, timeoutMs]` in, poll(2)'s revents (or -1) out, one wait at a time. */
const SOURCE = `
const { dlopen, ptr } = require("bun:ffi");
const { poll } = dlopen("libc.so.6", {
  poll: { args: ["ptr", "u64", "i32"], returns: "i32" },
}).symbols;
const pollfd = new Int32Array(2);
self.onmessage = (e) => {
  pollfd[0] = e.data[0];
  pollfd[1] = 1; // events POLLIN, revents 0
  const r = poll(ptr(pollfd), 1, e.data[1]);
  postMessage(r < 0 ? -1 : pollfd[1] >>> 16);
};
postMessage("up");
`;

interface BunWorker {
  postMessage(message: unknown): void;
  onmessage: ((e: { data: number | "up" }) => void) | null;
  onerror: ((e: unknown) => void) | null;
  ref(): void;
  unref(): void;
  terminate(): void;
}

/** One fd's waits on a thread of their own. */
export interface PollThread {
  /**
   * Settles when `fd` is readable, hung up or failed, or after `timeoutMs`;
   * never rejects. `undefined` until the thread is up (the first call starts
   * it, ~25 ms), or where it cannot start: the caller waits its own way.
   */
  waitReadable(fd: number, timeoutMs: number): Promise<void> | undefined;
  /**
   * No more waits: the thread holds the event loop no longer, and ends once
   * its wait is back (after which the fd may be closed).
   */
  close(): void;
}

/** A {@linkcode PollThread}, or `undefined` where there is none to make (not Bun). */
export function pollThread(): PollThread | undefined {
  if (!isBun) return undefined;
  let worker: BunWorker | undefined;
  let up = false;
  let broken = false;
  const answers: (() => void)[] = [];
  let out: Promise<void> = Promise.resolve();
  const start = (): BunWorker | undefined => {
    if (worker || broken) return worker;
    let url: string;
    try {
      url = URL.createObjectURL(new Blob([SOURCE], { type: "application/javascript" }));
      const W = (globalThis as unknown as { Worker: new (url: string) => BunWorker }).Worker;
      worker = new W(url);
    } catch {
      broken = true;
      return undefined;
    }
    worker.unref();
    worker.onmessage = (e) => {
      if (e.data === "up") {
        up = true;
        URL.revokeObjectURL(url);
        return;
      }
      answers.shift()?.();
      if (answers.length === 0) worker?.unref();
    };
    // No FFI in the worker (or it died): the caller waits its own way from now on.
    worker.onerror = () => {
      broken = true;
      up = false;
      worker?.terminate();
      worker = undefined;
      for (const answer of answers.splice(0)) answer();
    };
    return worker;
  };
  return {
    waitReadable(fd, timeoutMs) {
      const w = start();
      if (!w || !up || broken) return undefined;
      w.ref();
      return out = new Promise<void>((resolve) => {
        answers.push(resolve);
        w.postMessage([fd, timeoutMs]);
      });
    },
    close() {
      broken = true;
      const w = worker;
      w?.unref();
      out.then(() => w?.terminate());
    },
  };
}
