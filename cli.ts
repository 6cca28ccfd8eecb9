/**
 * The wasirun command line: `wasirun [options] <module.wasm> [args...]`.
 *
 * Run as the command, it starts reading and compiling the guest module
 * before it loads the rest of wasirun (lib/cli/main.ts), so that the engine
 * compiles while wasirun's own modules load (lib/cli/early.ts). Each part
 * loads as one file (lib/cli/early.bundle.js, lib/cli/main.bundle.js; on Bun
 * lib/cli/main.bun.js, from its bytecode) while they match the sources
 * (lib/cli/bundle.ts).
 *
 * @module
 */
import type * as Cli from "./lib/cli/main.ts";
import type { CliIo } from "./lib/cli/main.ts";
import type * as Early from "./lib/cli/early.ts";
import { bundleIsFresh } from "./lib/cli/bundle.ts";

// A bundle that matches its sources but does not load (damaged) gives way to them too.
const bundled = await bundleIsFresh();
const fromBundle = <T>(load: () => Promise<T>) =>
  bundled ? load().catch(() => undefined) : Promise.resolve(undefined);

if (import.meta.main) {
  const early: typeof Early = await fromBundle(() => import("./lib/cli/early.bundle.js")) ??
    await import("./lib/cli/early.ts");
  early.avoidNodeExitHang();
  await early.startEarly(early.programArgs());
}

// Bun loads a CommonJS file from its bytecode (~6 ms sooner than main.bundle.js): by require.
const bunRequire = (import.meta as { require?: (path: string) => typeof Cli }).require;
const cli: typeof Cli =
  await fromBundle(async () =>
    bunRequire ? bunRequire("./lib/cli/main.bun.js") : await import("./lib/cli/main.bundle.js")
  ) ?? await import("./lib/cli/main.ts");

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

if (import.meta.main) await runCommand();
