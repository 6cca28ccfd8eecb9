/**
 * The sandbox under a racing host process: while a native swapper
 * (tests/host/swapper.c) keeps exchanging a directory in the preopen with a
 * symlink to a directory outside it, a guest (testdata/c/race.c) repeats
 * every path call through that directory. Afterwards the outside tree must
 * be unchanged, bit for bit and in its times, and the guest must have seen
 * no outside data. Run on Deno (-A, and the least-privilege command with
 * --allow-ffi), Bun and Node 26 (also under --permission with --allow-ffi),
 * with each resolver (WASIRUN_RESOLVER).
 * RATIONALE.md, "The filesystem sandbox".
 */
import assert from "node:assert/strict";
import * as fs from "node:fs";
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

async function race(runtime: Runtime, env: Record<string, string>) {
  const { pre, outside } = makeTree();
  const before = snapshot(outside);
  const swap = new Deno.Command(swapper, { args: [pre], stdout: "piped" }).spawn();
  const reader = swap.stdout.getReader();
  await reader.read(); // "ready"
  reader.releaseLock();
  let r;
  try {
    r = await runCli(runtime, ["--dir", `${pre}::/`, fixture("c/race.wasm"), String(SECONDS)], {
      env,
    });
  } finally {
    swap.kill("SIGTERM");
  }
  const swaps = new TextDecoder().decode((await swap.output()).stdout).trim();
  assert.equal(r.stderr, "");
  assert.equal(r.code, 0);
  const [, calls, leaks] = /calls=(\d+) leaks=(\d+)/.exec(r.stdout) ?? [];
  assert.ok(Number(calls) > 0 && /swaps=[1-9]/.test(swaps), `${r.stdout} ${swaps}`);
  assert.equal(Number(leaks), 0, "the guest saw outside data");
  assert.deepEqual(snapshot(outside), before, "the outside tree changed");
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
  }
}

Deno.test({
  name: "node without node:ffi (procfs): a swapping host process never leads a path call out",
  ignore: !RUNTIMES.includes(NODE),
  fn: () => race(NODE_NO_FFI, {}),
});

Deno.test("deno least-privilege (--allow-ffi): a swapping host process never leads a path call out", async () => {
  await race(LEAST(work), {});
});

Deno.test({
  name: "node --permission (--allow-ffi): a swapping host process never leads a path call out",
  ignore: !RUNTIMES.includes(NODE),
  fn: () => race(NODE_LEAST(work), {}),
});
