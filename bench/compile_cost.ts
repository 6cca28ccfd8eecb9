/**
 * How long compiling a module takes, from a buffer or streamed from the
 * file: `deno run -A bench/compile_cost.ts buffer|stream MODULE.wasm` (or
 * `bun ...`). Prints `MODE<TAB>ms`. Run each mode in its own process, e.g.
 * `deno run -A bench/compare.ts 'deno run -A bench/compile_cost.ts buffer M'
 * 'deno run -A bench/compile_cost.ts stream M'` (RATIONALE.md, "Performance:
 * what we tried").
 */
import * as fs from "node:fs";
import { resolve } from "node:path";
import process from "node:process";

const [mode, path] = process.argv.slice(2);
if ((mode !== "buffer" && mode !== "stream") || !path) {
  console.error("usage: compile_cost.ts buffer|stream MODULE.wasm");
  process.exit(2);
}
const t0 = performance.now();
const module = mode === "buffer"
  ? await WebAssembly.compile(fs.readFileSync(path))
  : await WebAssembly.compileStreaming(fetch(new URL(`file://${resolve(path)}`)));
const ms = performance.now() - t0;
console.log(`${mode}\t${ms.toFixed(0)}\t(${WebAssembly.Module.exports(module).length} exports)`);
