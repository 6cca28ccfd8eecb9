// A program written for node:wasi, as its documentation shows one. The test
// (tests/node_wasi_test.ts) runs it as is under Node's node:wasi, and with
// only the import changed and `await` added to start() under wasirun.
// Usage: program.mjs <module.wasm> <host dir for /sandbox> <guest args...>
import { readFile } from "node:fs/promises";
import { WASI } from "node:wasi";
import { argv, env } from "node:process";

const [wasmPath, dir, ...args] = argv.slice(2);
const wasi = new WASI({
  version: "preview1",
  args: ["main", ...args],
  env: { GREETING: "hi" },
  preopens: { "/sandbox": dir },
  returnOnExit: env.RETURN_ON_EXIT !== "0",
  stdin: 0,
  stdout: 1,
  stderr: 2,
});

const wasm = await WebAssembly.compile(await readFile(wasmPath));
const instance = await WebAssembly.instantiate(wasm, wasi.getImportObject());

const code = wasi.start(instance);
console.log(`exit code ${code}`);
