/**
 * What one metadata call costs inside wasirun, layer by layer, without a
 * guest: the raw FFI calls (lib/host/libc.ts), the directory ops, and the
 * DirFd methods path_open / path_filestat_get / path_unlink_file end in.
 * `deno run -A bench/meta_cost.ts [N]` or `bun bench/meta_cost.ts [N]`
 * (WASIRUN_RESOLVER=... picks the resolver; `--lib=CHECKOUT` measures another
 * checkout's lib/). Prints µs per call, median of the rounds.
 */
import { mkdtempSync, rmSync } from "node:fs";
import process from "node:process";

// `--lib=CHECKOUT` measures another checkout's lib/ (an A/B in one session).
const checkout = process.argv.find((a) => a.startsWith("--lib="))?.slice(6) ??
  new URL("..", import.meta.url).pathname;
const { Oflags } = await import(`${checkout}/lib/abi/types.ts`);
const { DirFd } = await import(`${checkout}/lib/fd/dir.ts`);
const { L, libc } = await import(`${checkout}/lib/host/libc.ts`);
const { dirOps } = await import(`${checkout}/lib/host/sandbox.ts`);

const N = Number(process.argv.find((a) => /^\d+$/.test(a)) ?? "5000");
const root = mkdtempSync("/dev/shm/wasirun-metacost-");
const ops = dirOps();
const [handle] = ops.openRoot(root);
const dir = new DirFd([handle!, 0], 0, undefined); // writes allowed (Errno.SUCCESS)
dir.createDirectory("meta");

/** Per name: [wall µs, CPU µs (user + system)] a call, one pair per round. */
const rounds: Record<string, [number, number][]> = {};
function time(name: string, fn: (i: number) => void): void {
  const t0 = performance.now(), c0 = process.cpuUsage();
  for (let i = 0; i < N; i++) fn(i);
  const cpu = process.cpuUsage(c0);
  const wall = (performance.now() - t0) * 1000 / N;
  (rounds[name] ??= []).push([wall, (cpu.user + cpu.system) / N]);
}

const create = {
  follow: false,
  oflags: Oflags.CREAT | Oflags.EXCL,
  fdflags: 0,
  read: false,
  write: true,
  fifoMayWait: false,
};
const c = libc();
const names = Array.from({ length: N }, (_, i) => new TextEncoder().encode(`meta/f-${i}`));
const filestat = new Uint8Array(64);
for (let round = 0; round < 5; round++) {
  time("DirFd.open(CREAT|EXCL) + close", (i) => {
    const [fd, e] = dir.open(`meta/f-${i}`, create) as [{ close(): number }, number];
    if (!fd) throw new Error(`open ${e}`);
    fd.close();
  });
  time("DirFd.statAt", (i) => {
    const [s, e] = dir.statAt(`meta/f-${i}`, true);
    if (!s) throw new Error(`stat ${e}`);
  });
  if (typeof dir.statPlain === "function") {
    // The plain-path fast path (sandbox.ts plainPath): the guest's bytes, no string.
    time("DirFd.statPlain (bytes)", (i) => {
      const path = names[i];
      const e = dir.statPlain(path, path.length, 4, false, filestat);
      if (e) throw new Error(`statPlain ${e}`);
    });
  }
  time("DirFd.unlinkFile", (i) => {
    const e = dir.unlinkFile(`meta/f-${i}`);
    if (e) throw new Error(`unlink ${e}`);
  });
  if (c && typeof handle === "number") {
    time(
      "libc.statx of a missing name (one FFI call)",
      (i) => c.statx(handle, `meta/f-${i}`, L.AT_SYMLINK_NOFOLLOW),
    );
    time("libc.statx + stat() decode", () => {
      c.statx(handle, "meta", L.AT_SYMLINK_NOFOLLOW);
      c.stat();
    });
  }
}
const median = (xs: number[]) => xs.toSorted((a, b) => a - b)[xs.length >> 1].toFixed(2);
console.log(
  `${checkout}: resolver ${ops.kind}, ${N} calls a round; µs a call, median of 5 rounds: ` +
    "wall, CPU (user + system; less sensitive to the machine's load)",
);
for (const [name, xs] of Object.entries(rounds)) {
  const wall = median(xs.map((x) => x[0])), cpu = median(xs.map((x) => x[1]));
  console.log(`  ${name.padEnd(44)} ${wall.padStart(7)} ${cpu.padStart(7)}`);
}
rmSync(root, { recursive: true });
