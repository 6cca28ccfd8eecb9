/**
 * The deepest recursion a command passes: `deno run -A bench/stack_depth.ts
 * 'COMMAND' ...`, where each COMMAND ends in the guest's depth argument,
 * left off (`bun cli.ts -W max-wasm-stack=2097152 testdata/c/main.wasm
 * depth`, `wasmtime run -W max-wasm-stack=2097152 testdata/c/main.wasm
 * depth`). Bisects the depth D at which `COMMAND D` (under `bash -c`) exits
 * 0, to within 2 %, from 1,000 to `--max=N` (default 20,000,000). Prints
 * one line per command. The worst case on Bun, JSC's optimising tier never
 * arriving: `BUN_JSC_useOMGJIT=0 bun cli.ts ...` (RATIONALE.md, "Traps").
 */
const maxArg = Deno.args.find((a) => a.startsWith("--max="));
const max = maxArg ? Number(maxArg.slice("--max=".length)) : 20_000_000;
const passes = async (command: string, depth: number) =>
  (await new Deno.Command("bash", {
    args: ["-c", `${command} ${depth}`],
    stdin: "null",
    stdout: "null",
    stderr: "null",
  }).output()).success;
for (const command of Deno.args.filter((a) => !a.startsWith("--max="))) {
  let [lo, hi] = [1000, max];
  if (!await passes(command, lo)) {
    console.log(`below ${lo}\t${command}`);
    continue;
  }
  while (hi - lo > lo / 50) {
    const mid = Math.floor((lo + hi) / 2);
    if (await passes(command, mid)) lo = mid;
    else hi = mid;
  }
  console.log(`${lo}\t${command}`);
}
