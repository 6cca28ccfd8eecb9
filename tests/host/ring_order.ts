/**
 * The property lib/host/poll_ring.ts rests on, checked against the kernel:
 * once another process's rename in a watched directory has returned, the
 * ring says so (`fired()`) before this thread calls into the ring again (the
 * runtime's own read of the pipe comes between: with DEFER_TASKRUN no other
 * system call takes the news away). A child process renames N times,
 * telling this process after each; each time, `fired()` is asked first.
 * Prints `seen S missed M quiet Q`, or `no ring` where none can be had. Run
 * by tests/host/poll_ring_test.ts under Deno, Bun and Node 26:
 * `RUNTIME tests/host/ring_order.ts DIR N`.
 */
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import { L, libc } from "../../lib/host/libc.ts";
import { PollRing } from "../../lib/host/poll_ring.ts";

const args = typeof Deno === "undefined"
  ? (globalThis as unknown as { process: { argv: string[] } }).process.argv.slice(2)
  : Deno.args;
const [dir, count] = [args[0], Number(args[1])];
if (!dir || !(count > 0)) throw new Error("usage: RUNTIME tests/host/ring_order.ts DIR N");
const c = libc();
const inotify = c ? c.inotifyInit() : -1;
const ring = inotify >= 0 ? PollRing.open(inotify) : undefined;
if (!c || !ring) {
  console.log("no ring");
} else {
  fs.mkdirSync(`${dir}/a`);
  const root = c.openat(L.AT_FDCWD, dir, L.O_RDONLY | L.O_DIRECTORY);
  c.inotifyWatch(inotify, root, 0x40 | 0x80 | 0x200); // moved from, moved to, delete
  const events = new Uint8Array(4096);
  const renamer = spawn("python3", [
    "-u",
    "-c",
    `import os, sys
for i in range(${count}):
    a, b = ("a", "b") if i % 2 == 0 else ("b", "a")
    os.rename(f"${dir}/{a}", f"${dir}/{b}")
    sys.stdout.write("r")
    sys.stdin.read(1)`,
  ], { stdio: ["pipe", "pipe", "inherit"] });
  let seen = 0, missed = 0;
  await new Promise<void>((resolve, reject) => {
    renamer.on("error", reject);
    renamer.stdout!.on("data", (chunk: Uint8Array) => {
      for (let i = 0; i < chunk.length; i++) {
        if (ring.fired()) seen++;
        else missed++;
        while (c.read(inotify, events) > 0);
        ring.rearm();
        renamer.stdin!.write("n");
      }
      if (seen + missed >= count) resolve();
    });
  });
  renamer.stdin!.end();
  // Quiet again: nothing fired since the last look.
  console.log(`seen ${seen} missed ${missed} quiet ${!ring.fired()}`);
}
