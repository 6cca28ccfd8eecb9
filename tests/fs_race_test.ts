/**
 * The sandbox under a racing host process: while a native swapper
 * (tests/host/swapper.c) keeps exchanging a directory in the preopen with a
 * symlink to a directory outside it, a guest (testdata/c/race.c) repeats
 * every path call through that directory. Afterwards the outside tree must
 * be unchanged, bit for bit and in its times, and the guest must have seen
 * no outside data. Run on Deno (-A, and the least-privilege command with
 * --allow-ffi), Bun and Node 26 (also under --permission with --allow-ffi),
 * with each resolver (WASIRUN_RESOLVER). Two narrower races beside it: a
 * file exchanged with a relative symlink while the guest moves it up, where
 * the link would lead out (`plant`), and a file exchanged with a symlink to
 * an outside file while the guest truncates it (`final`).
 * RATIONALE.md, "The filesystem sandbox".
 */
import assert from "node:assert/strict";
import * as fs from "node:fs";
import { resolve } from "node:path";
import {
  CLI,
  fixture,
  NODE,
  NODE_NO_FFI,
  nodePermission,
  ROOT,
  runCli,
  type Runtime,
  RUNTIMES,
} from "./_helpers.ts";

const SECONDS = Number(Deno.env.get("WASIRUN_RACE_SECONDS") ?? "1.5");

const work = fs.realpathSync(Deno.makeTempDirSync({ prefix: "wasirun-race-" }));
globalThis.addEventListener("unload", () => fs.rmSync(work, { recursive: true, force: true }));

const swapper = `${work}/swapper`;
const built = new Deno.Command("gcc", {
  args: ["-O2", "-o", swapper, `${ROOT}tests/host/swapper.c`],
  stdout: "null",
  stderr: "inherit",
}).outputSync();
if (!built.success) throw new Error("cannot build tests/host/swapper.c");

/** Every entry below `dir`: type, size, content hash, mode, times (ns), link target. */
function snapshot(dir: string): string[] {
  const out: string[] = [];
  const visit = (path: string, rel: string) => {
    const s = fs.lstatSync(path, { bigint: true });
    let what = "";
    if (s.isSymbolicLink()) what = `-> ${fs.readlinkSync(path)}`;
    else if (s.isFile()) what = fs.readFileSync(path).toString("base64");
    out.push(`${rel} ${s.mode} ${s.size} ${s.nlink} m${s.mtimeNs} c${s.ctimeNs} ${what}`);
    if (s.isDirectory()) {
      for (const name of fs.readdirSync(path).sort()) visit(`${path}/${name}`, `${rel}/${name}`);
    }
  };
  visit(dir, ".");
  return out;
}

function makeTree(): { pre: string; outside: string } {
  const top = fs.mkdtempSync(`${work}/t`);
  const pre = `${top}/pre`;
  const outside = `${top}/outside`;
  for (const [base, secret, link] of [[`${pre}/d`, "inside", "in"], [outside, "OUTSIDE!", "OUT"]]) {
    fs.mkdirSync(base, { recursive: true });
    fs.writeFileSync(`${base}/secret`, secret);
    fs.writeFileSync(`${base}/a`, "a");
    fs.writeFileSync(`${base}/victim`, "v");
    fs.writeFileSync(`${base}/pull`, "p");
    fs.symlinkSync(link, `${base}/r`);
  }
  fs.writeFileSync(`${outside}/leak`, "");
  fs.mkdirSync(`${outside}/m`);
  fs.symlinkSync(outside, `${pre}/l`);
  return { pre, outside };
}

/** Runs race.wasm with `args` while tests/host/swapper.c swaps `swap` (its arguments). */
async function raceGuest(
  runtime: Runtime,
  env: Record<string, string>,
  pre: string,
  swap: string[],
  args: string[],
  leaked = "the guest saw outside data",
) {
  const swapping = new Deno.Command(swapper, { args: swap, stdout: "piped" }).spawn();
  const reader = swapping.stdout.getReader();
  await reader.read(); // "ready"
  reader.releaseLock();
  let r;
  try {
    const wasm = fixture("c/race.wasm");
    r = await runCli(runtime, ["--dir", `${pre}::/`, wasm, String(SECONDS), ...args], { env });
  } finally {
    swapping.kill("SIGTERM");
  }
  const swaps = new TextDecoder().decode((await swapping.output()).stdout).trim();
  // The one line a run without the kernel's resolver starts with (the "paths" resolver).
  assert.equal(r.stderr.replace(/^wasirun: warning: .* is best effort .*\n/, ""), "");
  assert.equal(r.code, 0);
  const [, calls, leaks] = /calls=(\d+) leaks=(\d+)/.exec(r.stdout) ?? [];
  assert.ok(Number(calls) > 0 && /swaps=[1-9]/.test(swaps), `${r.stdout} ${swaps}`);
  assert.equal(Number(leaks), 0, leaked);
}

async function race(runtime: Runtime, env: Record<string, string>) {
  const { pre, outside } = makeTree();
  const before = snapshot(outside);
  await raceGuest(runtime, env, pre, [pre], []);
  assert.deepEqual(snapshot(outside), before, "the outside tree changed");
}

/** The symlinks below `dir` whose targets, read as a host program follows them, lead out of it. */
function linksOut(dir: string): string[] {
  const out: string[] = [];
  const visit = (path: string) => {
    for (const entry of fs.readdirSync(path, { withFileTypes: true })) {
      const at = `${path}/${entry.name}`;
      if (entry.isDirectory()) visit(at);
      if (!entry.isSymbolicLink()) continue;
      const target = fs.readlinkSync(at);
      if (!resolve(path, target).startsWith(`${dir}/`)) out.push(`${at} -> ${target}`);
    }
  };
  visit(dir);
  return out;
}

/**
 * The host keeps exchanging the file d/g with the symlink d/s -> ../x (in
 * the preopen from there) while the guest moves and links d/g up to the
 * top, where that link would lead out: what was moved is checked again
 * after the move, and such a link taken away.
 */
async function plantRace(runtime: Runtime, env: Record<string, string>) {
  const top = fs.mkdtempSync(`${work}/p`);
  const pre = `${top}/pre`;
  fs.mkdirSync(`${pre}/d`, { recursive: true });
  fs.writeFileSync(`${pre}/d/g`, "g");
  fs.symlinkSync("../x", `${pre}/d/s`);
  fs.writeFileSync(`${pre}/x`, "inside");
  fs.writeFileSync(`${top}/x`, "OUTSIDE!");
  const left = "a move or link left a symlink where it leads out";
  await raceGuest(runtime, env, pre, [`${pre}/d`, "g", "s"], ["plant"], left);
  assert.deepEqual(linksOut(pre), [], "a symlink leading out was left in the preopen");
  assert.equal(fs.readFileSync(`${top}/x`, "utf8"), "OUTSIDE!");
}

/**
 * The host keeps exchanging the file d/f with d/l, a symlink to a file
 * outside, while the guest truncates, writes and reads d/f: that file must
 * not change, whatever the permissions let the runtime reach (Deno's
 * `node:fs` follows a final symlink despite O_NOFOLLOW when its permissions
 * are scoped, so the "paths" resolver truncates only once the fd is checked).
 */
async function finalRace(runtime: (top: string) => Runtime, env: Record<string, string>) {
  const top = fs.mkdtempSync(`${work}/f`);
  const pre = `${top}/pre`;
  fs.mkdirSync(`${pre}/d`, { recursive: true });
  fs.writeFileSync(`${pre}/d/f`, "inside");
  fs.writeFileSync(`${top}/secret`, "OUTSIDE!");
  fs.symlinkSync(`${top}/secret`, `${pre}/d/l`);
  const before = snapshot(`${top}/secret`);
  await raceGuest(runtime(top), env, pre, [`${pre}/d`, "f", "l"], ["final"]);
  assert.deepEqual(snapshot(`${top}/secret`), before, "the outside file changed");
}

/**
 * The host keeps exchanging the FIFO d/p with the file d/f while the guest
 * opens d/p to read, over and over: the open that finds the FIFO waits for
 * a writer that never comes, off the main thread. Where the FIFO was seen,
 * then the file, then the FIFO again, wasirun opened it blocking on its
 * main thread: the event loop, and every other run in the process, stopped
 * until a writer came (helper-212; 4 runs in 12 on Deno). The main thread's
 * wait channel (/proc) is looked at while the race runs.
 */
async function fifoRace(runtime: Runtime) {
  const top = fs.mkdtempSync(`${work}/q`);
  const pre = `${top}/pre`;
  fs.mkdirSync(`${pre}/d`, { recursive: true });
  new Deno.Command("mkfifo", { args: [`${pre}/d/p`] }).outputSync();
  fs.writeFileSync(`${pre}/d/f`, "file");
  const swapping = new Deno.Command(swapper, { args: [`${pre}/d`, "p", "f"], stdout: "piped" })
    .spawn();
  const reader = swapping.stdout.getReader();
  await reader.read(); // "ready"
  reader.releaseLock();
  const wasm = fixture("c/race.wasm");
  const [program, ...args] = runtime.command;
  try {
    for (let run = 0; run < 3; run++) {
      const guest = new Deno.Command(program, {
        args: [...args, "--dir", `${pre}::/`, wasm, "0", "fifo"],
        stdin: "null",
        stdout: "null",
        stderr: "null",
      }).spawn();
      const waits = new Set<string>();
      for (let look = 0; look < 40; look++) {
        await new Promise((r) => setTimeout(r, 25));
        try {
          waits.add(fs.readFileSync(`/proc/${guest.pid}/task/${guest.pid}/wchan`, "utf8"));
        } catch { /* not there (yet, or any more) */ }
      }
      guest.kill("SIGKILL");
      await guest.status;
      assert.ok(!waits.has("wait_for_partner") && !waits.has("fifo_open"), [...waits].join(" "));
    }
  } finally {
    swapping.kill("SIGTERM");
    await swapping.output();
  }
}

for (const runtime of RUNTIMES) {
  Deno.test(`${runtime.name}: a FIFO swapped with a file is never opened blocking on the main thread`, async () => {
    await fifoRace(runtime);
  });
}

/** Deno with only what the preopen and the module need, plus --allow-ffi. */
const LEAST = (pre: string): Runtime => ({
  name: "deno",
  command: [
    Deno.execPath(),
    "run",
    `--allow-read=${pre},${ROOT}`,
    `--allow-write=${pre}`,
    "--allow-ffi",
    CLI,
  ],
});

/** Node under its permission model, reading and writing only the preopen, plus --allow-ffi. */
const NODE_LEAST = (pre: string): Runtime =>
  nodePermission([
    `--allow-fs-read=${pre}`,
    `--allow-fs-read=${ROOT}`,
    `--allow-fs-write=${pre}`,
    "--allow-ffi",
  ]);

const RESOLVERS = ["openat2", "fd-walk", "procfs"];

for (const runtime of RUNTIMES) {
  for (const resolver of RESOLVERS) {
    Deno.test(`${runtime.name}, ${resolver}: a swapping host process never leads a path call out`, async () => {
      await race(runtime, { WASIRUN_RESOLVER: resolver });
    });
    Deno.test(`${runtime.name}, ${resolver}: a link swapped in is not left leading out by a move`, async () => {
      await plantRace(runtime, { WASIRUN_RESOLVER: resolver });
    });
  }
}

Deno.test({
  name: "node without node:ffi (procfs): a swapping host process never leads a path call out",
  ignore: !RUNTIMES.includes(NODE),
  fn: () => race(NODE_NO_FFI, {}),
});

Deno.test("deno without --allow-ffi (paths): a symlink swapped in for a file is not truncated through", async () => {
  await finalRace((top: string) => ({
    name: "deno",
    command: [Deno.execPath(), "run", `--allow-read=${top},${ROOT}`, `--allow-write=${top}`, CLI],
  }), {});
});

for (const runtime of RUNTIMES) {
  Deno.test(`${runtime.name}: a symlink swapped in for a file is not truncated through`, async () => {
    await finalRace(() => runtime, {});
  });
}

Deno.test("deno least-privilege (--allow-ffi): a swapping host process never leads a path call out", async () => {
  await race(LEAST(work), {});
});

Deno.test({
  name: "node --permission (--allow-ffi): a swapping host process never leads a path call out",
  ignore: !RUNTIMES.includes(NODE),
  fn: () => race(NODE_LEAST(work), {}),
});

for (const runtime of RUNTIMES) {
  Deno.test(`${runtime.name}: fd_allocate never cuts off what another process appends`, async () => {
    // posix_fallocate never shrinks a file. Emulated by fstat then ftruncate to the range's end,
    // it cut back whatever a host process appended between the two (helper-196: 10^4 to 10^6
    // lines lost in 3 s on every host); through FFI it is posix_fallocate(3) itself.
    const dir = Deno.makeTempDirSync({ dir: work, prefix: "allocate-" });
    const log = `${dir}/log`;
    Deno.writeFileSync(log, new Uint8Array());
    const appender = new Deno.Command("python3", {
      args: [
        "-c",
        `import os, sys, time
fd = os.open(sys.argv[1], os.O_WRONLY | os.O_APPEND); end = time.time() + 1.2; i = 0
while time.time() < end:
    os.write(fd, b"H%07d\\n" % i); i += 1
print(i)`,
        log,
      ],
      stdout: "piped",
    }).output();
    const guest = await runCli(runtime, [
      "--dir",
      `${dir}::/g`,
      fixture("c/main.wasm"),
      "allocate-end",
      "/g/log",
    ]);
    const appended = Number(new TextDecoder().decode((await appender).stdout));
    assert.equal(guest.stdout, "allocations=many errors=0\n", guest.stderr);
    // The guest's allocations are zero bytes between the lines, as natively.
    const lines = Deno.readTextFileSync(log).replaceAll("\0", "").split("\n");
    const intact = lines.filter((l) => /^H\d{7}$/.test(l)).length;
    assert.ok(appended > 1000, `the appender wrote ${appended} lines`);
    assert.equal(intact, appended, `${appended - intact} appended lines lost`);
  });
}
