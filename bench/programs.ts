/**
 * The real-program suite (issue 11): CPython 3.12 for wasip1, a 26 MB module
 * (bench/fetch.sh python), starting and printing its version, and running a
 * compute-bound script (bench/guests/compute.py). Natively: the host's
 * python3 (another CPython version: a reference, not a peer).
 */
import { join } from "node:path";
import {
  type Column,
  GUESTS,
  log,
  measure,
  RATIOS,
  ratioTable,
  resultTable,
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
  const wasm = tools.pythonWasm;
  if (typeof wasm !== "string") return `## Real programs\n\nNot run: ${wasm.missing}`;
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
  const results = await measure(rts, workloads, runs, tmp);
  const cols: Column[] = workloads.map((w) => ({ title: w.title, key: w.key, metric: "wall" }));
  return [
    "## Real programs: CPython 3.12 for wasip1 (26 MB module)",
    "Wall time of the whole process in ms (median of " + runs + " runs, (min–max)). " +
    "`python -c 'import sys; print(sys.version)'` is start-up: compiling (or loading from a " +
    "cache) 26 MB of wasm and initialising the interpreter. `compute.py` (bench/guests/) is " +
    "compute-bound. Native is the host's python3, another CPython version.",
    resultTable(rts, results, cols),
    RATIOS,
    ratioTable(rts, results, cols),
  ].join("\n\n");
}
