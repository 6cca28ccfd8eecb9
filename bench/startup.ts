/**
 * The start-up suite: whole-process wall times of small programs and of
 * 1M-call syscall loops (whose 0-call runs give per-call costs), plus the
 * in-process micro-benchmarks bench/jspi_cost.ts and bench/ab_imports.ts.
 */
import { join } from "node:path";
import {
  BENCH,
  capture,
  cellText,
  type Column,
  GUESTS,
  lastLine,
  log,
  markdownTable,
  measure,
  median,
  ms,
  RATIOS,
  ratioTable,
  ROOT,
  type Runtime,
  type Sample,
  type Tools,
  UNTIMED_VARIABLES,
  type Workload,
} from "./common.ts";

const CALLS = 1_000_000;
const HELLO = /^hello, world\n$/;
const WORKLOADS: Workload[] = [
  {
    key: "hello-c",
    title: "C hello",
    wasm: join(ROOT, "testdata/c/main.wasm"),
    args: ["hello"],
    native: "c-main",
    stdout: "piped",
    expect: HELLO,
  },
  {
    key: "hello-go",
    title: "Go hello",
    wasm: join(ROOT, "testdata/go/main.wasm"),
    args: ["hello"],
    native: "go-main",
    stdout: "piped",
    expect: HELLO,
  },
  {
    key: "clock",
    title: "1M clock_time_get",
    wasm: join(GUESTS, "clock.wasm"),
    args: [String(CALLS)],
    native: "clock",
    stdout: "piped",
    expect: new RegExp(`^calls=${CALLS} checksum=\\d+\\n$`),
  },
  {
    key: "write",
    title: "1M fd_write → /dev/null",
    wasm: join(GUESTS, "write.wasm"),
    args: [String(CALLS)],
    native: "write",
    stdout: "null",
  },
  // The same guests with 0 calls: their start-up, subtracted for per-call costs.
  {
    key: "clock0",
    title: "clock guest, 0 calls",
    wasm: join(GUESTS, "clock.wasm"),
    args: ["0"],
    native: "clock",
    stdout: "piped",
    expect: /^calls=0 checksum=0\n$/,
  },
  {
    key: "write0",
    title: "write guest, 0 calls",
    wasm: join(GUESTS, "write.wasm"),
    args: ["0"],
    native: "write",
    stdout: "null",
  },
];

/** `name<TAB>number` lines of a micro-benchmark, or the reason it failed. */
async function micro(
  argv: string[] | undefined,
  stdout: "piped" | "null",
): Promise<Map<string, string> | string> {
  if (!argv) return "runtime not found";
  const out = await capture(argv[0], argv.slice(1), { stdout });
  if (!out) return "cannot start";
  if (out.code !== 0) return `exit ${out.code}: ${lastLine(out.stderr)}`;
  const lines = (stdout === "piped" ? out.stdout : out.stderr).split("\n");
  return new Map(
    lines.filter((l) => l.includes("\t")).map((l) => l.split("\t") as [string, string]),
  );
}

function microTable(
  title: string,
  cols: [string, Map<string, string> | string][],
): string {
  const names = new Set<string>();
  for (const [, r] of cols) if (typeof r !== "string") { for (const k of r.keys()) names.add(k); }
  const rows = [...names].map((n) =>
    `| ${n} | ${cols.map(([, r]) => typeof r === "string" ? "–" : r.get(n) ?? "–").join(" | ")} |`
  );
  const failures = cols.filter(([, r]) => typeof r === "string").map(([c, r]) => `${c}: ${r}`);
  return [
    `| ${title} | ${cols.map(([c]) => c).join(" | ")} |`,
    `| --- |${cols.map(() => " ---: |").join("")}`,
    ...rows,
    ...(failures.length ? ["", `Failed: ${failures.join("; ")}`] : []),
  ].join("\n");
}

const walls = (r: Sample[] | string | undefined) =>
  r === undefined ? "not run" : typeof r === "string" ? r : r.map((s) => s.wall);

/** The runtimes alone: `deno run empty.js`, `bun empty.js`, `node empty.js`. */
async function bareStarts(tools: Tools, tmp: string, runs: number): Promise<string> {
  const empty = join(BENCH, "empty.js");
  const bare = (name: string, argv: string[] | undefined): Runtime => ({
    name,
    kind: "peer",
    launch: () => argv ?? "runtime not found",
  });
  const rts = [
    bare("deno run empty.js", [Deno.execPath(), "run", empty]),
    bare("bun empty.js", tools.bun ? [tools.bun, empty] : undefined),
    bare("node empty.js", tools.node ? [tools.node, empty] : undefined),
  ];
  const w: Workload = {
    key: "empty",
    title: "empty.js",
    wasm: "",
    args: [],
    native: "",
    stdout: "piped",
  };
  const results = await measure(rts, [w], runs, tmp);
  return markdownTable(
    ["bare runtime", "wall (ms)"],
    rts.map((rt) => [rt.name, cellText(walls(results.get(rt.name)!.get("empty")), ms)]),
  );
}

export async function startupSuite(
  rts: Runtime[],
  tools: Tools,
  tmp: string,
  runs: number,
  withMicro: boolean,
): Promise<string> {
  log("start-up suite");
  const results = await measure(rts, WORKLOADS, runs, tmp);
  const bare = await bareStarts(tools, tmp, runs);
  const main = WORKLOADS.filter((w) => !w.key.endsWith("0"));
  const out: string[] = [];
  out.push(
    "Every process: stdin /dev/null, stdout a pipe whose output is checked (the write guest's:" +
      ` /dev/null), our environment without ${UNTIMED_VARIABLES.join(", ")}; one warm-up run per` +
      " cell, then" +
      " the runs interleaved round by round.",
    "",
    `## Wall time of the whole process (ms: median of ${runs} runs, (min–max))`,
    "",
    `| runtime | ${main.map((w) => w.title).join(" | ")} |`,
    `| --- |${main.map(() => " ---: |").join("")}`,
  );
  for (const rt of rts) {
    const cells = results.get(rt.name)!;
    out.push(
      `| ${rt.name} | ${main.map((w) => cellText(walls(cells.get(w.key)), ms)).join(" | ")} |`,
    );
  }
  const cols: Column[] = main.map((w) => ({ title: w.title, key: w.key, metric: "wall" }));
  out.push(
    "",
    RATIOS,
    "",
    ratioTable(rts, results, cols),
    "",
    "What the runtimes alone cost, measured the same way (the floor under wasirun's C hello):",
    "",
    bare,
    "",
    "## Per-call costs",
    "",
    `ns per call = (median time of ${CALLS} calls − median time of the same guest with 0 calls)` +
      ` / ${CALLS}.`,
    "",
    "| runtime | clock guest, 0 calls (ms) | clock_time_get (ns/call) |" +
      " write guest, 0 calls (ms) | fd_write to /dev/null (ns/call) |",
    "| --- | ---: | ---: | ---: | ---: |",
  );
  for (const rt of rts) {
    const cells = results.get(rt.name)!;
    const med = (k: string) => {
      const r = walls(cells.get(k));
      return typeof r === "string" ? undefined : median(r);
    };
    const perCall = (k: string) => {
      const all = med(k), zero = med(k + "0");
      return all === undefined || zero === undefined
        ? "–"
        : ((all - zero) * 1e6 / CALLS).toFixed(0);
    };
    const zero = (k: string) => {
      const m = med(k);
      return m === undefined ? "–" : ms(m);
    };
    out.push(
      `| ${rt.name} | ${zero("clock0")} | ${perCall("clock")} | ${zero("write0")} | ` +
        `${perCall("write")} |`,
    );
  }
  const parts = [out.join("\n")];
  if (withMicro) {
    log("micro-benchmarks: jspi_cost.ts and ab_imports.ts under Deno and Bun");
    const deno = (file: string) => [Deno.execPath(), "run", "-A", join(BENCH, file)];
    const bun = (file: string) => tools.bun ? [tools.bun, join(BENCH, file)] : undefined;
    const jspi = [
      ["Deno", await micro(deno("jspi_cost.ts"), "piped")],
      ["Bun", await micro(bun("jspi_cost.ts"), "piped")],
    ] as [string, Map<string, string> | string][];
    const ab = [
      ["Deno", await micro(deno("ab_imports.ts"), "null")],
      ["Bun", await micro(bun("ab_imports.ts"), "null")],
    ] as [string, Map<string, string> | string][];
    parts.push(
      "## Micro-benchmarks (ns per call, best of 5 × 1M calls)",
      "bench/jspi_cost.ts: a tiny hand-made module calling one import in a loop; JS loops.",
      microTable("measurement", jspi),
      "bench/ab_imports.ts: the real guests on lib/'s syscalls in-process, one import replaced; " +
        "(1M calls − 0 calls) / 1M.",
      microTable("variant", ab),
    );
  }
  return parts.join("\n\n");
}
