/**
 * The inotify fd and the io_uring lib/host/dir_ops_ffi.ts makes for a kept
 * directory's watch are closed once no preopen and no kept directory is
 * left: a Worker whose run has ended would otherwise leave them to the
 * process when its thread ends (one inotify instance and, with the ring, one
 * more fd and its mapped memory, per Worker). Runs testdata/c/moved.wasm,
 * whose d/ is used often enough to be watched, twice in this thread and once
 * in a Worker, and prints how many inotify and io_uring fds each left open:
 * `left 0 0 0`. Run by tests/host/poll_ring_test.ts under Deno, Bun and
 * Node: `RUNTIME tests/host/ring_release.ts DIR`.
 */
import * as fs from "node:fs";
import { run } from "../../mod.ts";

const g = globalThis as unknown as {
  Deno?: { args: string[] };
  Bun?: { isMainThread: boolean };
  process: { argv: string[] };
};
const nodeThreads = g.Deno || g.Bun ? undefined : await import("node:worker_threads");
const inWorker = g.Bun
  ? !g.Bun.isMainThread
  : nodeThreads
  ? !nodeThreads.isMainThread
  : typeof (globalThis as { WorkerGlobalScope?: unknown }).WorkerGlobalScope !== "undefined";

/** This process's fds that are inotify instances or io_urings. */
function kept(): number {
  let n = 0;
  for (const fd of fs.readdirSync("/proc/self/fd")) {
    try {
      const target = fs.readlinkSync(`/proc/self/fd/${fd}`);
      if (target === "anon_inode:inotify" || target === "anon_inode:[io_uring]") n++;
    } catch {
      // closed meanwhile (the directory's own fd)
    }
  }
  return n;
}

const MOVED = new URL("../../testdata/c/moved.wasm", import.meta.url);

async function once(dir: string): Promise<void> {
  const r = await run(fs.readFileSync(MOVED), { preopens: { "/p": dir }, stdin: "go\n" });
  if (!new TextDecoder().decode(r.stdout).includes("stat_f=0")) {
    throw new Error(`moved.wasm: ${new TextDecoder().decode(r.stdout)}`);
  }
}

function tree(top: string, name: string): string {
  const dir = `${top}/${name}`;
  fs.mkdirSync(`${dir}/d/sub`, { recursive: true });
  fs.writeFileSync(`${dir}/d/f`, "f");
  return dir;
}

function post(message: unknown): void {
  if (nodeThreads) nodeThreads.parentPort!.postMessage(message);
  else (globalThis as unknown as { postMessage(m: unknown): void }).postMessage(message);
}

if (inWorker) {
  const top = nodeThreads
    ? nodeThreads.workerData as string
    : await new Promise<string>((resolve) => {
      (globalThis as unknown as { onmessage: (e: { data: string }) => void }).onmessage = (e) =>
        resolve(e.data);
    });
  await once(tree(top, "w"));
  post("done");
} else {
  const top = g.Deno ? g.Deno.args[0] : g.process.argv[2];
  // Run by hand without DIR it would make its trees in ./undefined.
  if (!top) throw new Error("usage: RUNTIME tests/host/ring_release.ts DIR");
  const left: number[] = [];
  for (const name of ["a", "b"]) {
    const before = kept();
    await once(tree(top, name));
    left.push(kept() - before);
  }
  const before = kept();
  const url = new URL(import.meta.url);
  await new Promise<void>((resolve, reject) => {
    if (nodeThreads) {
      const w = new nodeThreads.Worker(url, { workerData: top });
      w.on("message", () => void w.terminate().then(() => resolve()));
      w.on("error", reject);
    } else {
      const w = new Worker(url.href, { type: "module" });
      w.onmessage = () => {
        w.terminate();
        resolve();
      };
      w.onerror = (e) => reject(new Error(e.message));
      w.postMessage(top);
    }
  });
  left.push(kept() - before);
  console.log(`left ${left.join(" ")}`);
}
