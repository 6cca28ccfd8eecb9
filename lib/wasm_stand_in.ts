/**
 * Where there is no WebAssembly (an engine run without its compilers:
 * `node --jitless`, `deno --v8-flags=--jitless`), a stand-in with the one
 * member wasirun's modules use as they load (`WebAssembly.RuntimeError`, the
 * base of GuestTrap), from this module's evaluation until mod.ts's, which
 * removes it: loading wasirun then works, and `new WASI()` and `run()` say
 * in one WasiRunError why they cannot run (lib/jspi.ts). Imported first by
 * mod.ts; cli.ts does the same around its bundle.
 *
 * @module
 */
const installed = typeof (globalThis as { WebAssembly?: unknown }).WebAssembly === "undefined";
if (installed) {
  Object.assign(globalThis, { WebAssembly: { RuntimeError: class RuntimeError extends Error {} } });
}

/** Takes the stand-in away again, if there was one. */
export function removeWasmStandIn(): void {
  if (installed) delete (globalThis as { WebAssembly?: unknown }).WebAssembly;
}
