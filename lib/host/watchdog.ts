/**
 * The CLI's `-W timeout`: a thread of its own that, when the time is up,
 * writes one line to stderr and sends this process SIGALRM. A guest busy in
 * wasm never yields to the event loop, so no timer on the main thread could
 * end it; a worker has its own loop. The signal then does what SIGINT and
 * SIGTERM do (lib/cli/main.ts `SignalExits`): a guest waiting for the host
 * ends with 142 after its queued output is flushed, a guest in wasm by the
 * default action at once (its shell sees 142 too).
 */
import { isDeno } from "./runtime.ts";
import { hostProcess } from "./process.ts";

/** SIGALRM's number on Linux (and macOS). */
const SIGALRM = 14;

/** Whether the watchdog may signal this process: on Deno, `--allow-run` or `--allow-ffi`. */
export function watchdogAllowed(): boolean {
  if (!isDeno) return true;
  const granted = (name: "run" | "ffi") => Deno.permissions.querySync({ name }).state === "granted";
  return granted("run") || granted("ffi");
}

/**
 * Starts the watchdog: after `ms`, `message` (a line) goes to fd 2 and
 * SIGALRM to this process. Answers the function that stops it.
 */
export async function startWatchdog(ms: number, message: string): Promise<() => void> {
  const text = JSON.stringify(message + "\n");
  if (isDeno) {
    // Deno.kill needs --allow-run; libc's kill, --allow-ffi (README's least-privilege command).
    const code = `setTimeout(() => {
      Deno.stderr.writeSync(new TextEncoder().encode(${text}));
      try { Deno.kill(Deno.pid, "SIGALRM"); } catch {
        const libc = Deno.dlopen("libc.so.6", { kill: { parameters: ["i32", "i32"], result: "i32" } });
        libc.symbols.kill(Deno.pid, ${SIGALRM});
      }
    }, ${ms});`;
    const url = URL.createObjectURL(new Blob([code], { type: "text/javascript" }));
    const worker = new Worker(url, { type: "module" });
    URL.revokeObjectURL(url);
    return () => worker.terminate();
  }
  const threads = await import("node:worker_threads");
  const code = `setTimeout(() => {
    require("node:fs").writeSync(2, ${text});
    process.kill(${hostProcess().pid}, ${SIGALRM});
  }, ${ms});`;
  const worker = new threads.Worker(code, { eval: true });
  worker.unref();
  return () => void worker.terminate();
}
