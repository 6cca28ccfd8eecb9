/**
 * The real-program suite (issue 11): CPython 3.12 for wasip1, a 26 MB module
 * (bench/fetch.sh python), starting and printing its version, and running a
 * compute-bound script (bench/guests/compute.py); and pandoc 3.10, a 58 MB
 * module GHC compiled (bench/fetch.sh pandoc), printing its version and
 * turning a generated 50 KB Markdown document into HTML. Natively: the
 * host's python3 and pandoc (other versions: references, not peers).
 */
import { join } from "node:path";
import {
  type Column,
  comparison,
  GUESTS,
  log,
  measure,
  type Runtime,
  type Tools,
  type Workload,
} from "./common.ts";

const VERSION_CODE = "import sys; print(sys.version)";
const COMPUTE = join(GUESTS, "compute.py");

export async function programsSuite(
  rts: Runtime[],
  tools: Tools,
  runs: number,
  tmp: string,
): Promise<string> {
  log("real-program suite");
  return [await python(rts, tools, runs, tmp), await pandoc(rts, tools, runs, tmp)].join("\n\n");
}

async function python(rts: Runtime[], tools: Tools, runs: number, tmp: string): Promise<string> {
  const wasm = tools.pythonWasm;
  if (typeof wasm !== "string") return `## Real programs: CPython\n\nNot run: ${wasm.missing}`;
  const workloads: Workload[] = [
    {
      key: "py-version",
      title: "python -c 'print(sys.version)'",
      wasm,
      args: ["-c", VERSION_CODE],
      native: "python",
      stdout: "piped",
      expect: /^3\.\d+\.\d+ /,
    },
    {
      key: "py-compute",
      title: "python compute.py",
      wasm,
      args: [COMPUTE],
      dir: GUESTS,
      native: "python",
      stdout: "piped",
      expect: /^fib=317811 sum=\d+\n$/,
    },
  ];
  return await wallSection(
    rts,
    workloads,
    runs,
    tmp,
    "CPython 3.12 for wasip1 (26 MB module)",
    "`python -c 'import sys; print(sys.version)'` is start-up: compiling (or loading from a " +
      "cache) 26 MB of wasm and initialising the interpreter. `compute.py` (bench/guests/) is " +
      "compute-bound. Native is the host's python3, another CPython version.",
  );
}

/**
 * wasmtime 49 refuses the module at compile time (after ~80 s of compiling
 * it on two cores) and wazero 1.9 cannot decode it: both lack the legacy
 * exception-handling instructions GHC's code uses.
 */
const PANDOC_CANNOT = {
  wasmtime: "cannot compile it: `legacy_exceptions feature required for try instruction`",
  wazero: "cannot decode it: `section unknown: invalid section id` (exception handling)",
};

async function pandoc(rts: Runtime[], tools: Tools, runs: number, tmp: string): Promise<string> {
  const wasm = tools.pandocWasm;
  if (typeof wasm !== "string") return `## Real programs: pandoc\n\nNot run: ${wasm.missing}`;
  const dir = join(tmp, "pandoc");
  Deno.mkdirSync(dir, { recursive: true });
  const input = join(dir, "in.md");
  Deno.writeTextFileSync(input, markdown(150));
  const workloads: Workload[] = [
    {
      key: "pandoc-version",
      title: "pandoc --version",
      wasm,
      args: ["--version"],
      native: "pandoc",
      stdout: "piped",
      expect: /^pandoc \d+\.\d+/,
      cannot: PANDOC_CANNOT,
    },
    {
      key: "pandoc-html",
      title: "pandoc -t html < in.md",
      wasm,
      args: ["-t", "html"],
      // pandoc creates "." (which exists) before it writes: it needs one preopen where it runs.
      dir: ".",
      stdin: `cat '${input}'`,
      native: "pandoc",
      stdout: "piped",
      expect: /^<h1 id="section-1">Section 1<\/h1>\n/,
      cannot: PANDOC_CANNOT,
    },
  ];
  return await wallSection(
    rts,
    workloads,
    runs,
    tmp,
    "pandoc 3.10 for wasip1 (58 MB module, compiled by GHC)",
    "`pandoc --version` is start-up: compiling 58 MB of wasm. `in.md` is a generated Markdown " +
      "document of ~50 KB (headings, lists, emphasis, links, code, tables): turning it into " +
      "HTML is compute-bound. Native is the host's pandoc, where there is one (another version).",
  );
}

/** One program's section: its workloads' wall times and ratios, under `title`, `what` said of them. */
async function wallSection(
  rts: Runtime[],
  workloads: Workload[],
  runs: number,
  tmp: string,
  title: string,
  what: string,
): Promise<string> {
  const results = await measure(rts, workloads, runs, tmp);
  const cols: Column[] = workloads.map((w) => ({ title: w.title, key: w.key, metric: "wall" }));
  return [
    `## Real programs: ${title}`,
    `Wall time of the whole process in ms (median of ${runs} runs, (min–max)). ${what}`,
    comparison(rts, results, cols),
  ].join("\n\n");
}

/** `sections` sections of Markdown with most of what a document has: the same bytes every run. */
function markdown(sections: number): string {
  const parts: string[] = [];
  for (let i = 1; i <= sections; i++) {
    parts.push(
      `# Section ${i}\n`,
      `Some *emphasis*, some **strong** text, \`code ${i}\` and a [link](https://example.org/${i}).\n`,
      `- item ${i}.1\n- item ${i}.2 with _more_\n  1. nested\n  2. list\n`,
      "```c\nint main(void) { return " + i + "; }\n```\n",
      `| a | b |\n|---|---|\n| ${i} | ${i * i} |\n`,
      `> A quote, number ${i}, with a footnote.[^${i}]\n\n[^${i}]: The note.\n`,
    );
  }
  return parts.join("\n");
}
