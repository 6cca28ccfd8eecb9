/**
 * wasirun: run WASI preview1 programs (Go, Rust, C, Zig, ...) from Deno, Bun
 * and Node.js 26, with real non-blocking I/O: the guest is suspended (JSPI)
 * while the host waits, so timers, sockets and streams keep running.
 *
 * @example Run a command and collect its output
 * ```ts
 * import { run } from "./mod.ts";
 * const result = await run("testdata/c/main.wasm", { args: ["main", "cat"], stdin: "hi\n" });
 * if (new TextDecoder().decode(result.stdout) !== "hi\n") throw new Error("unexpected output");
 * ```
 *
 * @example Instantiate yourself, with streams for stdio
 * ```ts
 * import { readFile } from "node:fs/promises";
 * import { WASI } from "./mod.ts";
 * const chunks: Uint8Array[] = [];
 * const wasi = new WASI({
 *   args: ["main", "hello"],
 *   stdin: "null",
 *   stdout: new WritableStream({ write: (c) => void chunks.push(c.slice()) }),
 * });
 * const bytes = new Uint8Array(await readFile("testdata/c/main.wasm"));
 * const module = await WebAssembly.compile(bytes);
 * const instance = await WebAssembly.instantiate(module, wasi.getImportObject());
 * const code = await wasi.start(instance);
 * if (code !== 0 || chunks.length === 0) throw new Error("unexpected result");
 * ```
 *
 * @module
 */
// First: lets wasirun load where there is no WebAssembly, to say so (lib/wasm_stand_in.ts).
import { removeWasmStandIn } from "./lib/wasm_stand_in.ts";
export {
  type Preopen,
  type StdinOption,
  type StdoutOption,
  WASI,
  type WasiOptions,
} from "./lib/wasi.ts";
export { type ModuleSource, run, type RunOptions, type RunResult } from "./lib/run.ts";
export type { UnknownImports } from "./lib/module.ts";
export {
  type TraceEvent,
  type TraceIovecs,
  type TraceRecord,
  type TraceSubscription,
  type TraceValue,
} from "./lib/trace.ts";
export { GuestTrap, ImportTypeError, InternalError, WasiRunError } from "./lib/errors.ts";
export { ProcExit } from "./lib/context.ts";
export { TcpListener } from "./lib/host/net.ts";

removeWasmStandIn();
