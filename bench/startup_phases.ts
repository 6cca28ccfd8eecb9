/**
 * Where wasirun's start-up goes, in-process, on the runtime that runs it:
 * `deno run -A bench/startup_phases.ts MODULE.wasm [ARGS...]`, `bun ...`,
 * `node ...` (Node 26). Prints one `phase<TAB>ms` line per phase to stderr
 * (the guest owns stdout):
 *
 * - boot: the runtime's own start, until this file's first line runs
 *   (`performance.now()`, whose origin is the process start);
 * - node builtins: `node:fs` and `node:process` (on Deno this
 *   starts its Node compatibility layer);
 * - wasirun modules: the dynamic import of cli.ts and everything it imports;
 * - compile: `WebAssembly.compile` of the module's bytes, alone;
 * - main: cli.ts's `main()` for the module (reading, compiling again,
 *   instantiating, running the guest, flushing its output).
 */
const t0 = performance.now();
const fs = await import("node:fs");
await import("node:process");
const t1 = performance.now();
const cli = await import("../cli.ts");
const t2 = performance.now();
const args = typeof Deno === "undefined"
  ? (await import("node:process")).default.argv.slice(2)
  : Deno.args;
const bytes = fs.readFileSync(args[0]);
await WebAssembly.compile(bytes);
const t3 = performance.now();
const code = await cli.main(args);
const t4 = performance.now();
const line = (name: string, ms: number) => fs.writeSync(2, `${name}\t${ms.toFixed(1)}\n`);
line("boot", t0);
line("node builtins", t1 - t0);
line("wasirun modules", t2 - t1);
line("compile", t3 - t2);
line("main", t4 - t3);
line("exit code", code);
