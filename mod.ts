/**
 * wasirun: run WASI preview1 programs from Deno and Bun.
 *
 * @example Run a command module
 * ```ts ignore
 * import { WASI } from "./mod.ts";
 * const wasi = new WASI({ args: ["hello"] });
 * const module = await WebAssembly.compile(await Deno.readFile("testdata/c/main.wasm"));
 * const instance = await WebAssembly.instantiate(module, wasi.getImportObject());
 * const code = await wasi.start(instance);
 * ```
 *
 * @module
 */
export { type Preopen, WASI, type WasiOptions } from "./lib/wasi.ts";
export { GuestTrap, WasiRunError } from "./lib/errors.ts";
export { main } from "./cli.ts";
