/**
 * The guest module's read and compile, started by cli.ts before it loads the
 * rest of wasirun: the engine compiles on its own threads while the main
 * thread loads wasirun's modules. Go hello on Bun 77 → 62 ms, on Deno 71 →
 * 67 (RATIONALE.md, "Start-up"). Imports nothing heavy: it runs first.
 */
import { parseArgs } from "./args.ts";
import { getEnv, setNodeFlags, tuneBunEngine, tuneDenoStack } from "../host/process.ts";
export { programArgs } from "../host/process.ts";
import { forEngine, type ModuleLoad, readModuleBytes, streamCompile } from "../host/read_file.ts";
// Here so that cli.ts loads one file before it knows whether the bundles stand for the sources.
export { bundleIsFresh } from "./bundle.ts";

/**
 * A module's bytes and its compile, both already under way. When `bytes`
 * rejects, the CLI reads the file itself (and reports why it cannot);
 * `module`'s errors are lib/module.ts's compile's to map.
 */
export type Early = ModuleLoad;

/**
 * What was started, kept on the global object: cli.ts may run this module
 * from lib/cli/early.bundle.js and lib/cli/main.ts from lib/cli/main.bundle.js
 * (lib/cli/bundle.ts), each with its own copy of this module.
 */
const STARTED = Symbol.for("wasirun.early");
type Started = { path: string; early: Early } | undefined;
const state = globalThis as { [STARTED]?: Started };

/**
 * Reads and starts compiling the module the command line names, if it names
 * one; resolves once the compile has started. A file that cannot be read is
 * left to the CLI to report.
 */
export async function startEarly(args: string[]): Promise<void> {
  const parsed = parseArgs(args, getEnv);
  // With a memory limit the module compiled is another (lib/module.ts limitMemory): none early.
  if (parsed.kind !== "run" || parsed.options.maxMemorySize !== undefined) return;
  if (typeof WebAssembly === "undefined") return; // `--jitless`: the CLI says so
  const path = parsed.options.module;
  const early = streamCompile(path) ?? await readThenCompile(path);
  if (early) state[STARTED] = { path, early };
}

/**
 * On Bun, a run of a big module, or one given `-W max-wasm-stack`, starts
 * again at once with JSC's options for it; on Deno, one given `-W
 * max-wasm-stack` with V8's stack flags (lib/host/process.ts); called
 * first, before anything else loads.
 */
export function tuneEngine(args: string[]): void {
  const parsed = parseArgs(args, getEnv);
  if (parsed.kind !== "run") return;
  const { options } = parsed;
  tuneBunEngine(options.module, options.maxWasmStack);
  tuneDenoStack(options.maxWasmStack);
}

/** Node's V8 flags for the command (lib/host/process.ts), the guest's stack as `args` ask. */
export function setNodeFlagsFor(args: string[]): void {
  const parsed = parseArgs(args, getEnv);
  setNodeFlags(parsed.kind === "run" ? parsed.options.maxWasmStack : undefined);
}

async function readThenCompile(path: string): Promise<Early> {
  let bytes: Uint8Array<ArrayBuffer>;
  try {
    bytes = await readModuleBytes(path);
  } catch (e) {
    // The CLI reports it: read again, a pipe would give what is left of it.
    const failed = Promise.reject(e);
    failed.catch(() => {});
    return { bytes: failed, module: failed as Promise<never> };
  }
  const module = WebAssembly.compile(forEngine(bytes));
  module.catch(() => {}); // reported when taken
  return { bytes: Promise.resolve(bytes), module };
}

/** What {@linkcode startEarly} began for `path`, once; `undefined` if nothing was. */
export function takeEarly(path: string): Early | undefined {
  const started = state[STARTED];
  if (started?.path !== path) return undefined;
  state[STARTED] = undefined;
  return started.early;
}
