/**
 * Whose warm-up the cold opens pay (issue 9's "open + read" row): the guest
 * bench/guests/files.wasm opens and reads 4,000 small files in 200
 * directories, in-process through the library, in three ways:
 *
 * - `cold`: the first run in a new process;
 * - `other`: after a run of the same code under other bytes (a custom
 *   section added), so wasirun's JavaScript is warm and the guest's code cold;
 * - `same`: after a run of the same module, so both are warm.
 *
 * Beside them node:wasi on Node the same three ways. The guest times its own
 * opens. `deno run -A bench/warmup.ts [--runs=9]` (Bun as `$WASIRUN_BUN` or
 * `bun`, Node 26 as `$WASIRUN_NODE` or `node26`); prints the median and
 * min–max ms of each, the rounds interleaved. RATIONALE.md, "Fifty-fourth
 * round".
 */
import { readFileSync } from "node:fs";
import process from "node:process";

const WASM = new URL("./guests/files.wasm", import.meta.url).pathname;
const MODES = ["cold", "other", "same"] as const;
type Mode = typeof MODES[number];

/** `bytes` with an empty custom section at its end: another module, the same code. */
function renamed(bytes: Uint8Array): Uint8Array<ArrayBuffer> {
  const section = [0, 2, 1, 0x78]; // id 0, size 2, a 1-byte name "x"
  return new Uint8Array([...bytes, ...section]);
}

/** One measurement in this process: prints the guest's `open_ms=...` line. */
async function child(how: "wasirun" | "node:wasi", mode: Mode, tree: string): Promise<void> {
  const args = ["files", "tree", tree, "200", "20"];
  const bytes = readFileSync(WASM);
  const module = await WebAssembly.compile(bytes);
  let once: (m: WebAssembly.Module) => Promise<string>;
  if (how === "wasirun") {
    const { run } = await import("../mod.ts");
    const decoder = new TextDecoder();
    once = async (m) => decoder.decode((await run(m, { args, preopens: { [tree]: tree } })).stdout);
  } else {
    const { WASI } = await import("node:wasi");
    once = async (m) => {
      const wasi = new WASI({
        version: "preview1",
        args,
        preopens: { [tree]: tree },
        returnOnExit: true,
      });
      const instance = await WebAssembly.instantiate(
        m,
        wasi.getImportObject() as WebAssembly.Imports,
      );
      wasi.start(instance); // its output goes to this process's stdout: the last line is the run's
      return "";
    };
  }
  if (mode === "other") await once(await WebAssembly.compile(renamed(bytes)));
  if (mode === "same") await once(module);
  process.stdout.write(await once(module));
}

async function driver(): Promise<void> {
  const { median } = await import("./common.ts");
  const runs = Number(Deno.args.find((a) => a.startsWith("--runs="))?.slice(7) ?? "9");
  const tree = await Deno.makeTempDir({ prefix: "wasirun-warmup-" });
  try {
    for (let d = 0; d < 200; d++) {
      await Deno.mkdir(`${tree}/d${d}`);
      for (let f = 0; f < 20; f++) {
        await Deno.writeTextFile(`${tree}/d${d}/f${f}`, `file ${f} of directory ${d}\n`);
      }
    }
    const self = new URL(import.meta.url).pathname;
    const node = Deno.env.get("WASIRUN_NODE") ?? "node26";
    const hosts: [string, string[]][] = [
      ["wasirun, Deno", [Deno.execPath(), "run", "-A", self]],
      ["wasirun, Bun", [Deno.env.get("WASIRUN_BUN") ?? "bun", self]],
      ["wasirun, Node", [node, self]],
      ["node:wasi, Node", [node, "--no-warnings", self]],
    ];
    const times = new Map<string, number[]>();
    for (let round = 0; round < runs; round++) {
      for (const [name, command] of hosts) {
        const how = name.startsWith("node:wasi") ? "node:wasi" : "wasirun";
        for (const mode of MODES) {
          const out = await new Deno.Command(command[0], {
            args: [...command.slice(1), "--child", how, mode, tree],
            stdin: "null",
            stdout: "piped",
            stderr: "piped",
          }).output();
          const ms = [...new TextDecoder().decode(out.stdout).matchAll(/open_ms=(\S+)/g)].at(-1)
            ?.[1];
          if (!out.success || ms === undefined) {
            throw new Error(`${name} ${mode}: ${new TextDecoder().decode(out.stderr).trim()}`);
          }
          const key = `${name}\t${mode}`;
          times.set(key, [...times.get(key) ?? [], Number(ms)]);
        }
      }
    }
    console.log(`guest-measured ms of 4,000 opens, median (min–max) of ${runs} runs`);
    for (const [key, xs] of times) {
      const fixed = (x: number) => x.toFixed(1);
      console.log(
        `${key}\t${fixed(median(xs))} (${fixed(Math.min(...xs))}–${fixed(Math.max(...xs))})`,
      );
    }
  } finally {
    await Deno.remove(tree, { recursive: true });
  }
}

const at = process.argv.indexOf("--child");
if (at >= 0) {
  const [how, mode, tree] = process.argv.slice(at + 1);
  await child(how as "wasirun" | "node:wasi", mode as Mode, tree);
} else {
  await driver();
}
