/**
 * The npm package's `wasirun/cli` export (built to bin/cli.js): cli.ts's API
 * for a program that runs the command line itself (`main(args)`), from the
 * bundle the `wasirun` command loads, not from cli.ts's ~50 modules.
 *
 * @module
 */
import module from "node:module";
import type * as Cli from "../lib/cli/main.ts";

// As bin/wasirun.ts: Node's compile cache on before wasirun loads, so it covers all of it.
(module as { enableCompileCache?: () => unknown }).enableCompileCache?.();
// Without WebAssembly (`--jitless`) wasirun still loads, to say why it cannot run (mod.ts's way).
const { removeWasmStandIn } = await import("../lib/wasm_stand_in.ts");
const cli: typeof Cli = await import("../lib/cli/main.ts");
removeWasmStandIn();

export type { CliIo } from "../lib/cli/main.ts";
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
export const main: (args: string[], io?: Cli.CliIo) => Promise<number> = cli.main;
/** The `wasirun` command: runs {@linkcode main} on the process's arguments and exits with its code. */
export const runCommand: () => Promise<never> = cli.runCommand;
