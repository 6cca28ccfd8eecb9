/**
 * The metadata rows as CPU time, for A/B comparisons on a loaded machine:
 * bench/guests/files.wasm (`meta DIR N`, or `readdir DIR`) runs in-process
 * through the library API, with the guest's clock (clock_time_get) reading
 * this process's CPU time (user + system, every thread: JIT and GC threads
 * count) instead of the wall clock, so each phase the guest times is CPU ms
 * of a fresh process, warm-up included, and other load skews it much less
 * than wall time. Each round runs every checkout under Deno and Bun, in
 * turn; prints the medians and minimums per checkout.
 *
 * `deno run -A bench/meta_cpu.ts [--rounds=6] [--files=10000] [--readdir]
 * CHECKOUT_A [CHECKOUT_B ...]` (default: this checkout). `--runtimes=deno,bun`
 * picks the runtimes (`WASIRUN_BUN` names Bun's binary).
 */
import process from "node:process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";

const GUEST = new URL("guests/files.wasm", import.meta.url).pathname;
const SELF = new URL(import.meta.url).pathname;

/** Child mode: `meta_cpu.ts --child CHECKOUT DIR ARGS...`; prints the guest's line. */
async function child(checkout: string, dir: string, args: string[]): Promise<void> {
  const { WASI } = await import(join(checkout, "mod.ts"));
  const out = join(mkdtempSync("/tmp/wasirun-metacpu-"), "out");
  const wasi = new WASI({
    args: ["files", ...args],
    preopens: [{ host: dir, guest: dir }],
    stdin: "null",
    stdout: out,
  });
  const imports = wasi.getImportObject();
  const guest: { memory?: WebAssembly.Memory } = {};
  imports.wasi_snapshot_preview1.clock_time_get = (_id: number, _p: bigint, ptr: number) => {
    const { user, system } = process.cpuUsage();
    new DataView(guest.memory!.buffer).setBigUint64(ptr, BigInt(user + system) * 1000n, true);
    return 0;
  };
  const module = await WebAssembly.compile(readFileSync(GUEST));
  const instance = await WebAssembly.instantiate(module, imports);
  guest.memory = instance.exports.memory as WebAssembly.Memory;
  await wasi.start(instance);
  console.log(readFileSync(out, "utf8").trim());
  rmSync(join(out, ".."), { recursive: true });
}

function option(name: string, fallback: string): string {
  return Deno.args.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3) ?? fallback;
}

async function main(): Promise<void> {
  const rounds = Number(option("rounds", "6"));
  const files = Number(option("files", "10000"));
  const runtimes = option("runtimes", "deno,bun").split(",");
  const readdir = Deno.args.includes("--readdir");
  const checkouts = Deno.args.filter((a) => !a.startsWith("--")).map((c) => resolve(c));
  if (checkouts.length === 0) checkouts.push(new URL("..", import.meta.url).pathname);
  const dir = mkdtempSync(existsDir("/dev/shm") ? "/dev/shm/wasirun-metacpu-" : "/tmp/wasirun-");
  try {
    if (readdir) { for (let i = 0; i < files; i++) writeFileSync(join(dir, `entry-${i}`), ""); }
    const args = readdir ? ["readdir", dir] : ["meta", dir, String(files)];
    const seen = new Map<string, number[]>();
    for (let round = 0; round < rounds; round++) {
      for (const rt of runtimes) {
        for (const checkout of checkouts) {
          const command = rt === "bun"
            ? [Deno.env.get("WASIRUN_BUN") ?? "bun", SELF]
            : [Deno.execPath(), "run", "-A", SELF];
          const { stdout, success } = await new Deno.Command(command[0], {
            args: [...command.slice(1), "--child", checkout, dir, ...args],
            stderr: "inherit",
          }).output();
          if (!success) throw new Error(`${rt} ${checkout} failed`);
          for (const [, key, value] of new TextDecoder().decode(stdout).matchAll(/(\w+)=(\S+)/g)) {
            if (key === "files" || key === "entries") continue;
            const id = `${rt}\t${key}\t${checkout}`;
            seen.set(id, [...seen.get(id) ?? [], Number(value)]);
          }
        }
      }
    }
    console.log(`CPU ms (user + system, all threads) a phase, ${rounds} rounds: median (min)`);
    for (const [id, xs] of seen) {
      const sorted = xs.toSorted((a, b) => a - b);
      const median = sorted[sorted.length >> 1].toFixed(1), min = sorted[0].toFixed(1);
      console.log(`${id}\t${median} (${min})`);
    }
  } finally {
    rmSync(dir, { recursive: true });
  }
}

function existsDir(path: string): boolean {
  try {
    return Deno.statSync(path).isDirectory;
  } catch {
    return false;
  }
}

const childAt = process.argv.indexOf("--child");
if (childAt >= 0) {
  const [checkout, dir, ...args] = process.argv.slice(childAt + 1);
  await child(checkout, dir, args);
} else if (import.meta.main) {
  await main();
}
