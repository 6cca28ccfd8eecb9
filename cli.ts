/**
 * The wasirun command line: `wasirun [options] <module.wasm> [args...]`.
 *
 * Run as the command, it starts reading and compiling the guest module
 * before it loads the rest of wasirun (lib/cli/main.ts), so that the engine
 * compiles while wasirun's own modules load (lib/cli/early.ts). Each part
 * loads as one file (lib/cli/early.bundle.js, lib/cli/main.bundle.js; on Bun
 * lib/cli/early.bun.js, lib/cli/main.bun.js, from their bytecode) while they
 * match the sources (lib/cli/bundle.ts).
 *
 * @module
 */
import type * as Cli from "./lib/cli/main.ts";
import type { CliIo } from "./lib/cli/main.ts";
import type * as Early from "./lib/cli/early.ts";

// Bun loads the bundles as CommonJS, by require, from their bytecode (bin/bundle.ts).
const bunRequire = (import.meta as { require?: (path: string) => unknown }).require;
// Node keeps V8's code for the bundles between starts in its own compile cache, as the npm bin
// (lib/cli/compile_cache.ts, which cli.js, made from this file, cannot import: a .ts file), in the
// temp dir: not one in procfs or sysfs, where Node's mkdir loops for ever (helper-193).
if (!bunRequire && !("Deno" in globalThis)) {
  type NodeModule = {
    enableCompileCache?: () => unknown;
    realpathSync?: (path: string) => string;
  };
  type NodeProcess = {
    getBuiltinModule?: (id: string) => NodeModule | undefined;
    env: Record<string, string | undefined>;
  };
  const node = (globalThis as { process?: NodeProcess }).process;
  let tmp = node?.env.TMPDIR || node?.env.TMP || node?.env.TEMP || "/tmp";
  try {
    tmp = node?.getBuiltinModule?.("node:fs")?.realpathSync?.(tmp) ?? tmp; // a link to /proc too
  } catch {
    // missing: Node makes it
  }
  if (!/^\/+(proc|sys)(\/|$)/.test(tmp)) {
    node?.getBuiltinModule?.("node:module")?.enableCompileCache?.();
  }
}
/**
 * Whether this file is the program, not a module imported by one. Node
 * before 24.2 has no `import.meta.main`: there the script Node was started
 * with (argv[1], whose links Node resolves) is compared with this file, so
 * that `node cli.js` on an old Node says what it lacks instead of doing
 * nothing.
 */
const isMain: boolean = import.meta.main ?? startedAsScript();
function startedAsScript(): boolean {
  type NodeFs = { realpathSync(path: string): string };
  type NodeProcess = { argv: string[]; getBuiltinModule?: (id: string) => unknown };
  try {
    const proc = (globalThis as { process?: NodeProcess }).process;
    const script = proc?.argv[1];
    if (!script) return false;
    const fs = proc.getBuiltinModule?.("node:fs") as NodeFs | undefined;
    const here = decodeURIComponent(new URL(import.meta.url).pathname);
    return (fs ? fs.realpathSync(script) : script) === here;
  } catch {
    return false;
  }
}

/** A bundle; `undefined` when it does not load (missing, or damaged). */
async function loadBundle<T>(esm: () => Promise<T>, bun: string): Promise<T | undefined> {
  try {
    return bunRequire ? bunRequire(bun) as T : await esm();
  } catch {
    return undefined;
  }
}

/**
 * lib/cli/NAME.ts, the sources a bundle stands for, named by a call: Deno
 * loads every dynamic import whose specifier is a literal before it starts a
 * module, so `import("./lib/cli/main.ts")` cost every start ~6 ms for ~50
 * modules it does not run. (The npm build's tsc still rewrites it to .js.)
 */
function sources(name: "early" | "main"): string {
  return "./lib/cli/" + name + ".ts";
}

// The early bundle carries the check whether the bundles stand for the sources (lib/cli/bundle.ts).
const earlyBundle = await loadBundle<typeof Early>(
  () => import("./lib/cli/early.bundle.js"),
  "./lib/cli/early.bun.js",
);
const first = earlyBundle ?? await import(sources("early"));
// Before the check below: Bun may start again with its engine's options for the module.
if (isMain) first.tuneEngine(first.programArgs());
const bundled = first.bundleIsFresh(new URL("./", import.meta.url), bunRequire);
const early = bundled && earlyBundle || await import(sources("early"));

if (isMain) {
  early.setNodeFlagsFor(early.programArgs());
  await early.startEarly(early.programArgs());
}

// Without WebAssembly (`--jitless`), wasirun's classes that extend its errors are defined over a
// stand-in while they load, so that the CLI can answer --help and say in one line why it cannot run.
// lib/wasm_stand_in.ts's, inlined: Node strips a .ts file's types with WebAssembly, so cli.js under
// `node --jitless` cannot import one.
const noWasm = typeof WebAssembly === "undefined";
if (noWasm) Object.assign(globalThis, { WebAssembly: { RuntimeError: class extends Error {} } });
const cli: typeof Cli = bundled &&
    await loadBundle<typeof Cli>(
      () => import("./lib/cli/main.bundle.js"),
      "./lib/cli/main.bun.js",
    ) ||
  await import(sources("main"));
if (noWasm) delete (globalThis as { WebAssembly?: unknown }).WebAssembly;

export type { CliIo };
/** Exit code for a usage error. */
export const EXIT_USAGE: number = cli.EXIT_USAGE;
/** Exit code for a module that cannot be loaded or a runtime that cannot run it. */
export const EXIT_FAILURE: number = cli.EXIT_FAILURE;
/** Exit code after an internal error in wasirun itself (EX_SOFTWARE). */
export const EXIT_INTERNAL: number = cli.EXIT_INTERNAL;
/** Exit code after a trap (wasmtime's: 128 + SIGABRT). */
export const EXIT_TRAP: number = cli.EXIT_TRAP;
/** The text of `wasirun --help`. */
export const HELP: string = cli.HELP;
/** Runs the CLI on `args` and resolves to the process exit code. */
export const main: (args: string[], io?: CliIo) => Promise<number> = cli.main;
/** The `wasirun` command: runs {@linkcode main} on the process's arguments and exits with its code. */
export const runCommand: () => Promise<never> = cli.runCommand;

if (isMain) await runCommand();
