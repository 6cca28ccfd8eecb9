/**
 * What a run's FFI bindings cost on Deno (issue 11's start-up): runs the
 * CLI on a module in fresh processes with every `Deno.dlopen` timed by
 * `performance.now()` around it (a `--preload` script), and prints each
 * run's dlopens (their symbols, ms) and their sum, then the median sum.
 * `deno run -A bench/dlopen_cost.ts [--runs=5] [--root=DIR] MODULE [ARGS...]`
 * (`--root`: another checkout's cli.ts, to compare). RATIONALE.md,
 * "Fifty-fifth round".
 */
import { join } from "node:path";

const flag = (name: string) => Deno.args.find((a) => a.startsWith(`--${name}=`))?.split("=")[1];
const runs = Number(flag("runs") ?? 5);
const root = flag("root") ?? join(import.meta.dirname!, "..");
const rest = Deno.args.filter((a) => !/^--(runs|root)=/.test(a));
if (rest.length === 0) {
  console.error("usage: deno run -A bench/dlopen_cost.ts [--runs=N] [--root=DIR] MODULE [ARGS...]");
  Deno.exit(2);
}

const preload = await Deno.makeTempFile({ suffix: ".js" });
await Deno.writeTextFile(
  preload,
  `const dlopen = Deno.dlopen;
Deno.dlopen = function (path, symbols) {
  const t = performance.now();
  try {
    return dlopen.call(this, path, symbols);
  } finally {
    const ms = performance.now() - t;
    console.error("dlopen\\t" + Object.keys(symbols).join(",") + "\\t" + ms.toFixed(3));
  }
};
`,
);

const sums: number[] = [];
try {
  for (let i = 0; i < runs; i++) {
    const { stderr } = await new Deno.Command(Deno.execPath(), {
      args: ["run", "-A", "--preload", preload, join(root, "cli.ts"), ...rest],
      stdin: "null",
      stdout: "null",
      stderr: "piped",
    }).output();
    const lines = new TextDecoder().decode(stderr).split("\n").filter((l) =>
      l.startsWith("dlopen\t")
    );
    const sum = lines.reduce((s, l) => s + Number(l.split("\t")[2]), 0);
    sums.push(sum);
    console.log(lines.map((l) => l.slice("dlopen\t".length).replace("\t", " ")).join(" | "));
    console.log(`  ${lines.length} dlopens, ${sum.toFixed(2)} ms`);
  }
} finally {
  await Deno.remove(preload);
}
sums.sort((a, b) => a - b);
console.log(`median of ${runs}: ${sums[Math.floor(runs / 2)].toFixed(2)} ms`);
