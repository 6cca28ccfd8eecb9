#!/usr/bin/env node
/**
 * The npm package's `wasirun` command (built to bin/wasirun.js). Node 20, and
 * Node 24 without `--experimental-wasm-jspi`, get one line saying what is
 * needed and exit 1 (cli.ts); the bin does not re-execute Node with the flag.
 *
 * @module
 */
import { enableNodeCompileCache } from "../lib/cli/compile_cache.ts";

// Node >= 22.1 keeps compiled code in its compile cache (in the temp dir):
// later starts skip parsing and compiling wasirun. Enabled before wasirun
// is imported, so it covers all of it: the build (`bun build --splitting`)
// keeps each dynamic import below a file of its own, loaded after this line;
// bundled into this file, it was compiled before the cache was on.
enableNodeCompileCache();
// The guest module's compile starts before the rest of wasirun loads (as cli.ts does as the command).
const { programArgs, setNodeFlagsFor, startEarly, tuneEngine } = await import(
  "../lib/cli/early.ts"
);
tuneEngine(programArgs());
setNodeFlagsFor(programArgs());
await startEarly(programArgs());
// Without WebAssembly (`node --jitless`) wasirun still loads, to say in one line why it cannot run.
const { removeWasmStandIn } = await import("../lib/wasm_stand_in.ts");
// lib/cli/main.ts itself, not cli.ts: this file is bundled whole (cli.ts's choice
// between lib/cli/main.bundle.js and the sources is for a checkout).
const { runCommand } = await import("../lib/cli/main.ts");
removeWasmStandIn();
await runCommand();
