// Runs a WASI preview1 command with the runtime's own node:wasi, for the
// benchmarks: `node bench/node_wasi.mjs [--dir PATH]... MODULE.wasm [ARGS...]`
// (also run by Bun, whose node:wasi is its own implementation). `--dir PATH`
// preopens host directory PATH under the same path. Empty env.
import { readFileSync } from "node:fs";
import process from "node:process";
import { WASI } from "node:wasi";

const argv = process.argv.slice(2);
const preopens = {};
while (argv[0] === "--dir") {
  preopens[argv[1]] = argv[1];
  argv.splice(0, 2);
}
const [path, ...args] = argv;
const wasi = new WASI({
  version: "preview1",
  args: [path, ...args],
  env: {},
  preopens,
  returnOnExit: true,
});
const module = await WebAssembly.compile(readFileSync(path));
const instance = await WebAssembly.instantiate(module, { wasi_snapshot_preview1: wasi.wasiImport });
const code = wasi.start(instance);
process.exit(code ?? 0);
