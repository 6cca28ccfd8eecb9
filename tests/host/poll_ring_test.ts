/**
 * lib/host/poll_ring.ts against the kernel (tests/host/ring_order.ts): every
 * rename another process made is seen by the ring as soon as it returned,
 * before this thread's next call into the ring, on Deno, Bun and Node 26;
 * and no run leaves the ring or the inotify fd behind
 * (tests/host/ring_release.ts). The first skipped where python3 (the
 * renamer) is missing.
 */
import assert from "node:assert/strict";
import * as fs from "node:fs";
import { ROOT, runningScript, runProcess, RUNTIMES } from "../_helpers.ts";

const python = (() => {
  try {
    return new Deno.Command("python3", { args: ["-c", ""] }).outputSync().success;
  } catch {
    return false;
  }
})();

const RENAMES = 2000;

for (const runtime of RUNTIMES) {
  Deno.test({
    name:
      `${runtime.name}: the io_uring tells of every rename another process made before it returned`,
    ignore: !python,
    fn: async () => {
      const dir = fs.realpathSync(Deno.makeTempDirSync({ prefix: "wasirun-ring-" }));
      try {
        const [cmd, ...args] = runningScript(runtime, `${ROOT}tests/host/ring_order.ts`).command;
        const r = await runProcess(cmd, [...args, dir, String(RENAMES)]);
        const expected = `seen ${RENAMES} missed 0 quiet true\n`;
        assert.equal(r.stdout, expected, r.stderr);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    },
  });
}

for (const runtime of RUNTIMES) {
  for (const ring of ["1", "0"]) {
    Deno.test(`${runtime.name}, WASIRUN_IO_URING=${ring}: a run that has ended leaves no inotify fd or io_uring open, in this thread or in a Worker`, async () => {
      const dir = fs.realpathSync(Deno.makeTempDirSync({ prefix: "wasirun-release-" }));
      try {
        const [cmd, ...args] = runningScript(runtime, `${ROOT}tests/host/ring_release.ts`).command;
        const r = await runProcess(cmd, [...args, dir], { WASIRUN_IO_URING: ring });
        assert.equal(r.stdout, "left 0 0 0\n", r.stderr);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });
  }
}
