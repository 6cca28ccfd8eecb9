/**
 * The npm package's `wasirun/cli` export (built to bin/cli.js): cli.ts's API
 * for a program that runs the command line itself (`main(args)`), from the
 * bundle the `wasirun` command loads, not from cli.ts's ~50 modules.
 *
 * @module
 */
import { enableNodeCompileCache } from "../lib/cli/compile_cache.ts";
import type * as Cli from "../lib/cli/main.ts";

// Run as a program (`deno run -A npm:wasirun/cli app.wasm`, as JSR's `wasirun/cli`, cli.ts, runs;
// `node .../bin/cli.js app.wasm`): the command, as the bin (it did nothing, exit 0: helper-188).
// Read through a name: Bun's bundler (target node) rewrote `import.meta.main` to CommonJS's test.
const meta: { main?: boolean } = import.meta;
if (meta.main) await import("./wasirun.ts");
// As bin/wasirun.ts: Node's compile cache on before wasirun loads, so it covers all of it.
enableNodeCompileCache();
// Without WebAssembly (`--jitless`) wasirun still loads, to say why it cannot run (mod.ts's way).
const { removeWasmStandIn } = await import("../lib/wasm_stand_in.ts");
const cli: typeof Cli = await import("../lib/cli/main.ts");
removeWasmStandIn();

// Typed by cli.ts's declarations (the export's `types`, dist/npm/cli.d.ts): the same names, from
// the same module.
export type { CliIo } from "../lib/cli/main.ts";
export const { EXIT_USAGE, EXIT_FAILURE, EXIT_INTERNAL, EXIT_TRAP, HELP, main, runCommand } = cli;
