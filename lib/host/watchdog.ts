/**
 * The CLI's `-W timeout`: a thread of its own that, when the time is up,
 * writes one line to stderr and sends this process SIGALRM. A guest busy in
 * wasm never yields to the event loop, so no timer on the main thread could
 * end it; a worker has its own loop. The signal then does what SIGINT and
 * SIGTERM do (lib/cli/main.ts `SignalExits`): a guest waiting for the host
 * ends with 142 after its queued output is flushed, a guest in wasm by the
 * default action at once (its shell sees 142 too).
 *
 * One signal is not enough. Node can lose one that lands while a listener
 * is being removed (a guest sleeping 1 µs at a time turns them on and off
 * all the time), and a process started with SIGALRM ignored (`trap '' ALRM`)
 * keeps ignoring it where the guest computes. So the worker sends it again
 * every 100 ms until the main thread says it has it (a shared flag), and
 * after 2 s of that sends SIGKILL (exit 137): a timeout always ends the run.
 * Nor does it wait for its line: written asynchronously, it holds the signal
 * up 200 ms at most, so that a stderr nobody reads (a full pipe: `2>&1 |
 * less`) cannot stop the timeout (Deno and Bun had blocked in the write,
 * Node failed it with EAGAIN, a stack trace and exit 1).
 */
import { isDeno } from "./runtime.ts";
import { hostProcess } from "./process.ts";

/** The running watchdog. */
export interface Watchdog {
  /** The main thread has the signal: the run is ending, stop sending it. */
  taken(): void;
  /**
   * The run ended: stops the watchdog, and answers whether it had already
   * fired (its line written, its signal sent), so that the run ends as a
   * timeout rather than with the guest's code after that line.
   */
  stop(): boolean;
}

/**
 * Why the watchdog cannot run here (one line), or `undefined`: on Deno it
 * needs `--allow-run` or `--allow-ffi` to signal its process, on Node under
 * `--permission`, `--allow-worker`.
 */
export function watchdogRefusal(): string | undefined {
  if (isDeno) {
    const granted = (name: "run" | "ffi") =>
      Deno.permissions.querySync({ name }).state === "granted";
    if (granted("run") || granted("ffi")) return undefined;
    return "-W timeout needs Deno's --allow-run or --allow-ffi (to signal itself)";
  }
  const permission = (hostProcess() as { permission?: { has(scope: string): boolean } })
    .permission;
  if (permission && !permission.has("worker")) {
    return "-W timeout needs Node's --allow-worker with --permission (its watchdog is a thread)";
  }
  return undefined;
}

/**
 * The worker's code, for either API: `kill(signal)` and `say(text, done)`
 * (an asynchronous write that calls `done` once it has ended, either way)
 * are defined before it; `deadline` (ms since the epoch), `flag` (an Int32Array
 * on shared memory: 0 armed, 1 once the main thread has the signal, 2 the
 * run ended first, 3 fired) and `message` are given to `start`.
 */
const WATCH = `
function start(deadline, flag, message) {
  const arm = () => {
    const left = deadline - Date.now();
    // setTimeout takes at most 2^31 - 1 ms (a longer delay fires at once): re-armed.
    if (left > 0) return void setTimeout(arm, Math.min(left, 2147483647));
    // Fired, unless the run ended first (2): never both.
    if (Atomics.compareExchange(flag, 0, 0, 3) !== 0) return;
    let sent = 0;
    const send = () => {
      if (Atomics.load(flag, 0) === 1) return;
      if (sent++ === 20) return void kill(9);
      kill(14);
      setTimeout(send, 100);
    };
    let said = false;
    const after = () => {
      if (said) return;
      said = true;
      send();
    };
    say(message, after);
    setTimeout(after, 200);
  };
  arm();
}`;

/**
 * Starts the watchdog: `ms` from now, `message` (a line) goes to fd 2 and
 * SIGALRM to this process, again until {@linkcode Watchdog.taken}.
 */
export async function startWatchdog(ms: number, message: string): Promise<Watchdog> {
  const flag = new Int32Array(new SharedArrayBuffer(4));
  const setup = { deadline: Date.now() + ms, flag, message: message + "\n" };
  const taken = () => void Atomics.store(flag, 0, 1);
  /** Ends the run's watch; whether the watchdog had fired (3) before the run ended (2). */
  const ended = () => Atomics.compareExchange(flag, 0, 0, 2) === 3;
  if (isDeno) {
    // Deno.kill needs --allow-run; libc's kill, --allow-ffi (README's least-privilege command).
    const code = `${WATCH}
      const kill = (signal) => {
        try { Deno.kill(Deno.pid, signal === 9 ? "SIGKILL" : "SIGALRM"); } catch {
          const libc = Deno.dlopen("libc.so.6", { kill: { parameters: ["i32", "i32"], result: "i32" } });
          libc.symbols.kill(Deno.pid, signal);
        }
      };
      const say = (text, done) => Deno.stderr.write(new TextEncoder().encode(text)).then(done, done);
      self.onmessage = ({ data }) => start(data.deadline, data.flag, data.message);`;
    const url = URL.createObjectURL(new Blob([code], { type: "text/javascript" }));
    const worker = new Worker(url, { type: "module" });
    URL.revokeObjectURL(url);
    worker.postMessage(setup);
    return {
      taken,
      stop: () => {
        const fired = ended();
        worker.terminate();
        return fired;
      },
    };
  }
  const threads = await import("node:worker_threads");
  const code = `${WATCH}
    const kill = (signal) => process.kill(${hostProcess().pid}, signal);
    const say = (text, done) => require("node:fs").write(2, text, () => done());
    const { deadline, flag, message } = require("node:worker_threads").workerData;
    start(deadline, flag, message);`;
  const worker = new threads.Worker(code, { eval: true, workerData: setup });
  worker.unref();
  return {
    taken,
    stop: () => {
      const fired = ended();
      void worker.terminate();
      return fired;
    },
  };
}
