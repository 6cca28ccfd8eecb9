/**
 * The files suite (issue 3): reading and writing a 256 MiB file in 4 KiB and
 * 64 KiB calls (C) and with io.Copy (Go), and a metadata storm (create, stat,
 * unlink 10,000 files; list a 10,000-entry directory). The guests time their
 * own work (bench/guests/files.c, gofiles.go), so start-up is not counted.
 *
 * Alone (issue 9), each beside the wasmtime CLI and wasirun on Node 26:
 * `--metadata` runs the metadata rows, `--smallfiles` a real program's small
 * files (CPython for wasip1 running bench/guests/smallfiles.py).
 */
import { copyFileSync, existsSync } from "node:fs";
import { join } from "node:path";
import {
  BENCH,
  capture,
  type Column,
  comparison,
  findTools,
  GUESTS,
  log,
  machine,
  markdownTable,
  measure,
  median,
  type Results,
  ROOT,
  type Runtime,
  runtimes,
  type Workload,
} from "./common.ts";

const MIB = 256;
const SIZE = MIB << 20;
const FILES = 10_000;
/**
 * The open + read row: small files spread over directories, each open in
 * another directory than the last (a compiler's includes, a search tool's
 * walk), few enough that a short run's warm-up shows, as in real programs.
 */
const TREE_DIRS = 200;
const TREE_FILES = 20;
/** Lines the stdio row writes to a file and to stdout (~6 MB each). */
const STDIO_LINES = 200_000;

/** A directory for the data: on tmpfs (/dev/shm) when there is one, so the disk adds no noise. */
export async function dataDir(tmp: string): Promise<string> {
  try {
    return await Deno.makeTempDir({ dir: "/dev/shm", prefix: "wasirun-bench-" });
  } catch {
    return tmp;
  }
}

/** Writes `size` bytes where byte i is i % 251; returns the guest's checksum of them. */
async function patternFile(path: string, size: number): Promise<number> {
  const block = new Uint8Array(251 * 4096); // whole periods, so blocks line up
  for (let i = 0; i < block.length; i++) block[i] = i % 251;
  using file = await Deno.open(path, { write: true, create: true, truncate: true });
  for (let off = 0; off < size; off += block.length) {
    const chunk = block.subarray(0, Math.min(block.length, size - off));
    for (let done = 0; done < chunk.length;) done += await file.write(chunk.subarray(done));
  }
  let sum = 0; // files.c: the sum of the bytes at offsets that are multiples of 64
  for (let off = 0; off < size; off += 64) sum += off % 251;
  return sum;
}

export async function filesSuite(rts: Runtime[], runs: number, tmp: string): Promise<string> {
  log("files suite");
  const dir = await dataDir(tmp);
  try {
    const big = join(dir, "big");
    const out = join(dir, "out");
    const sum = await patternFile(big, SIZE);
    const files = join(GUESTS, "files.wasm"), gofiles = join(GUESTS, "gofiles.wasm");
    const common = { dir, stdout: "file" as const };
    const readC = (buf: number): Workload => ({
      ...common,
      key: `read-${buf}`,
      title: `read ${buf >> 10} KiB calls`,
      wasm: files,
      args: ["read", big, String(buf)],
      native: "files",
      expect: new RegExp(`^ms=\\S+ bytes=${SIZE} sum=${sum}\\n$`),
    });
    const removeOut = () => existsSync(out) && Deno.removeSync(out);
    const writeC = (buf: number): Workload => ({
      ...common,
      key: `write-${buf}`,
      title: `write ${buf >> 10} KiB calls`,
      wasm: files,
      args: ["write", out, String(buf), String(MIB)],
      native: "files",
      expect: new RegExp(`^ms=\\S+ bytes=${SIZE}\\n$`),
      before: removeOut,
    });
    const workloads: Workload[] = [
      readC(4096),
      readC(65536),
      {
        ...common,
        key: "read-go",
        title: "Go io.Copy(io.Discard, f)",
        wasm: gofiles,
        args: ["read", big],
        native: "gofiles",
        expect: new RegExp(`^ms=\\S+ bytes=${SIZE}\\n$`),
      },
      writeC(4096),
      writeC(65536),
      {
        ...common,
        key: "write-go",
        title: "Go io.Copy(f, generated)",
        wasm: gofiles,
        args: ["write", out, String(MIB)],
        native: "gofiles",
        expect: new RegExp(`^ms=\\S+ bytes=${SIZE}\\n$`),
        before: removeOut,
      },
      { ...writeC(4096), key: "write-4096-pipe", stdout: "piped" },
      {
        ...common,
        key: "stdio",
        title: "C stdio",
        wasm: files,
        args: ["stdio", join(dir, "stdio.txt"), String(STDIO_LINES)],
        native: "files",
        expect: new RegExp(`fprintf_ms=\\S+ fread_ms=\\S+ printf_ms=\\S+ lines=${STDIO_LINES}\\n$`),
      },
      ...await metadataRows(dir),
    ];
    const results = await measure(rts, workloads, runs, tmp);

    const io: Column[] = [
      { title: "read, 4 KiB calls", key: "read-4096", metric: "ms" },
      { title: "read, 64 KiB calls", key: "read-65536", metric: "ms" },
      { title: "Go read (io.Copy to io.Discard)", key: "read-go", metric: "ms" },
      { title: "write, 4 KiB calls", key: "write-4096", metric: "ms" },
      { title: "write, 64 KiB calls", key: "write-65536", metric: "ms" },
      { title: "Go write (io.Copy)", key: "write-go", metric: "ms" },
      { title: "write, 4 KiB calls, stdout a pipe", key: "write-4096-pipe", metric: "ms" },
    ];
    const where = dir.startsWith("/dev/shm") ? "tmpfs (/dev/shm)" : `${dir} (no /dev/shm)`;
    return [
      "## Files",
      `Guest-measured ms (median of ${runs} runs, (min–max)); the files are on ${where}; the ` +
      "guest's stdout and stderr are regular files (so wasirun binds fd_write as a plain " +
      "import), except in the last column, where they are pipes (fd_write `Suspending`).",
      `### Reading and writing ${MIB} MiB`,
      comparison(rts, results, io),
      `### Metadata: ${FILES} files`,
      comparison(rts, results, METADATA_COLUMNS),
      "### The C library's streams",
      `${STDIO_LINES} lines of ~30 bytes \`fprintf\`'d to a file, the file read back with ` +
      "`fread` of 3,000-byte records, the lines `printf`'d to stdout (a file): wasi-libc gives " +
      "each flush and each refill of its buffer two iovecs (its buffer and the caller's bytes).",
      comparison(rts, results, STDIO_COLUMNS),
    ].join("\n\n");
  } finally {
    if (dir !== tmp) await Deno.remove(dir, { recursive: true });
  }
}

/** The stdio workload's three phases. */
const STDIO_COLUMNS: Column[] = [
  { title: "fprintf to a file", key: "stdio", metric: "fprintf_ms" },
  { title: "fread of it", key: "stdio", metric: "fread_ms" },
  { title: "printf to stdout", key: "stdio", metric: "printf_ms" },
];

/** The metadata columns: one workload's three phases and the readdir. */
const METADATA_COLUMNS: Column[] = [
  { title: `create ${FILES} files`, key: "meta", metric: "create_ms" },
  { title: `stat ${FILES} files`, key: "meta", metric: "stat_ms" },
  { title: `unlink ${FILES} files`, key: "meta", metric: "unlink_ms" },
  { title: `readdir of ${FILES} entries`, key: "readdir", metric: "ms" },
  {
    title: `open + read ${TREE_DIRS * TREE_FILES} files in ${TREE_DIRS} directories`,
    key: "tree",
    metric: "open_ms",
  },
];

/**
 * The metadata workloads in `dir`, with the ${FILES}-entry directory they list
 * and the tree they open made first.
 */
async function metadataRows(dir: string): Promise<Workload[]> {
  const list = join(dir, "list");
  const meta = join(dir, "meta");
  const tree = join(dir, "tree");
  for (let d = 0; d < TREE_DIRS; d++) {
    await Deno.mkdir(join(tree, `d${d}`), { recursive: true });
    for (let f = 0; f < TREE_FILES; f++) {
      await Deno.writeTextFile(join(tree, `d${d}`, `f${f}`), `file ${f} of directory ${d}\n`);
    }
  }
  await Deno.mkdir(list);
  for (let i = 0; i < FILES; i++) {
    await Deno.writeFile(join(list, `entry-${i}`), new Uint8Array());
  }
  const common = {
    dir,
    stdout: "file" as const,
    wasm: join(GUESTS, "files.wasm"),
    native: "files",
  };
  return [
    {
      ...common,
      key: "meta",
      title: "metadata",
      args: ["meta", dir, String(FILES)],
      expect: new RegExp(`^create_ms=\\S+ stat_ms=\\S+ unlink_ms=\\S+ files=${FILES}\\n$`),
      before: () => existsSync(meta) && Deno.removeSync(meta, { recursive: true }),
    },
    {
      ...common,
      key: "readdir",
      title: "readdir",
      args: ["readdir", list],
      expect: new RegExp(`^ms=\\S+ entries=${FILES}\\n$`),
    },
    {
      ...common,
      key: "tree",
      title: "open + read",
      args: ["tree", tree, String(TREE_DIRS), String(TREE_FILES)],
      expect: new RegExp(`^open_ms=\\S+ files=${TREE_DIRS * TREE_FILES}\\n$`),
    },
  ];
}

/**
 * The metadata rows alone, beside the wasmtime CLI (`wasmtime run --dir`) and,
 * with `--before=CHECKOUT`, wasirun from another checkout (e.g. main) in the
 * same run: `deno run -A bench/files.ts --metadata [--runs=N] [--before=DIR]`.
 */
async function metadataOnly(args: string[]): Promise<void> {
  const runs = Number(args.find((a) => a.startsWith("--runs="))?.slice(7) ?? "5");
  const before = args.find((a) => a.startsWith("--before="))?.slice(9);
  const tmp = await Deno.makeTempDir({ prefix: "wasirun-bench-" });
  const dir = await dataDir(tmp);
  try {
    const tools = await findTools(tmp);
    const base = runtimes(tools, tmp).filter((rt) => !rt.startupOnly);
    const [wasmtimeCli, ...ours] = issue9Runtimes(before);
    const rts = [...base.slice(0, 2), ...ours, ...base.slice(2), wasmtimeCli];
    const workloads = await metadataRows(dir);
    const results = await measure(rts, workloads, runs, tmp);
    const cols = METADATA_COLUMNS;
    console.log([
      ...machine(),
      `Guest-measured ms (median of ${runs} runs, (min–max)), files on ${dir}.`,
      comparison(rts, results, cols),
    ].join("\n\n"));
  } finally {
    await Deno.remove(dir, { recursive: true });
    if (dir !== tmp) await Deno.remove(tmp, { recursive: true });
  }
}

const NODE26 = "node26";
const BUN = Deno.env.get("WASIRUN_BUN") ?? "bun";

/**
 * The rows issue 9 adds: the wasmtime CLI (`wasmtime run --dir D::D`; first),
 * wasirun on Node 26 with the resolver it falls back to where `node:ffi` is
 * missing or not allowed (`WASIRUN_RESOLVER=procfs`),
 * and with `before` (a checkout) wasirun from there on Deno and Bun.
 */
function issue9Runtimes(before: string | undefined): Runtime[] {
  const dirArgs = (w: Workload) => w.dir ? ["--dir", w.dir] : [];
  const rts: Runtime[] = [{
    name: "wasmtime CLI (run --dir)",
    kind: "peer",
    launch: (
      w,
    ) => ["wasmtime", "run", ...w.dir ? ["--dir", `${w.dir}::${w.dir}`] : [], w.wasm, ...w.args],
  }, {
    name: "wasirun, Node 26, procfs resolver",
    kind: "wasirun",
    launch: (w) => [
      "env",
      "WASIRUN_RESOLVER=procfs",
      NODE26,
      join(ROOT, "cli.ts"),
      ...dirArgs(w),
      w.wasm,
      ...w.args,
    ],
  }];
  if (before) {
    const cli = join(before, "cli.ts");
    rts.push({
      name: "wasirun before, Deno",
      kind: "wasirun",
      launch: (w) => [Deno.execPath(), "run", "-A", cli, ...dirArgs(w), w.wasm, ...w.args],
    }, {
      name: "wasirun before, Bun",
      kind: "wasirun",
      launch: (w) => [BUN, cli, ...dirArgs(w), w.wasm, ...w.args],
    });
  }
  return rts;
}

/** CPython 3.12 for wasip1, fetched (not committed) by `bash bench/fetch.sh python`. */
const PYTHON_WASM = join(BENCH, "results", "python-3.12.0.wasm");
const SMALL_FILES = 2_000;

/**
 * A real program's small files: CPython for wasip1 runs
 * bench/guests/smallfiles.py (create 2,000 files in nested directories,
 * os.walk them, rename each, delete all), under wasirun (Deno, Bun, Node 26),
 * node:wasi, wazero and the wasmtime CLI; natively, the host's python3:
 * `deno run -A bench/files.ts --smallfiles [--runs=N] [--before=CHECKOUT]`.
 */
async function smallFilesOnly(args: string[]): Promise<void> {
  if (!existsSync(PYTHON_WASM)) {
    console.error(`no ${PYTHON_WASM}: fetch it with bash bench/fetch.sh python`);
    Deno.exit(1);
  }
  const runs = Number(args.find((a) => a.startsWith("--runs="))?.slice(7) ?? "3");
  const before = args.find((a) => a.startsWith("--before="))?.slice(9);
  const tmp = await Deno.makeTempDir({ prefix: "wasirun-bench-" });
  const dir = await dataDir(tmp);
  try {
    const tools = await findTools(tmp);
    const base = runtimes(tools, tmp).filter((rt) =>
      !rt.startupOnly && rt.kind !== "native" && !rt.name.includes("Python API")
    );
    const [wasmtimeCli, ...ours] = issue9Runtimes(before);
    const python3 = (await capture("python3", ["--version"]))?.stdout.trim() ?? "python3";
    const native: Runtime = {
      name: `native (${python3})`,
      kind: "native",
      launch: (w) => ["python3", ...w.args],
    };
    const nodeWasi26: Runtime = {
      name: "node:wasi, Node 26",
      kind: "peer",
      launch: (
        w,
      ) => [
        NODE26,
        "--no-warnings",
        join(BENCH, "node_wasi.mjs"),
        "--dir",
        w.dir!,
        w.wasm,
        ...w.args,
      ],
    };
    const rts = [...base.slice(0, 2), ...ours, ...base.slice(2), nodeWasi26, wasmtimeCli, native];
    const script = join(dir, "smallfiles.py");
    copyFileSync(join(GUESTS, "smallfiles.py"), script);
    const workloads: Workload[] = [{
      dir,
      stdout: "file",
      key: "smallfiles",
      title: "smallfiles.py",
      wasm: PYTHON_WASM,
      args: [script, join(dir, "work"), String(SMALL_FILES)],
      native: "python3",
      expect: new RegExp(
        `^python_ms=\\S+ create_ms=\\S+ walk_ms=\\S+ rename_ms=\\S+ ` +
          `delete_ms=\\S+ total_ms=\\S+ files=${SMALL_FILES}\\n$`,
      ),
    }];
    const results = await measure(rts, workloads, runs, tmp);
    const metric = (m: string, title: string): Column => ({ title, key: "smallfiles", metric: m });
    const cols: Column[] = [
      metric("total_ms", "files total"),
      metric("create_ms", "create"),
      metric("walk_ms", "os.walk + stat"),
      metric("rename_ms", "rename"),
      metric("delete_ms", "delete"),
      metric("python_ms", "the same Python, no files"),
      metric("wall", "whole process (wall)"),
    ];
    console.log([
      ...machine(),
      `Guest-measured ms (time.perf_counter; median of ${runs} runs, (min–max)), ${SMALL_FILES} ` +
      `files on ${dir}; every runtime runs once a round, in turn.`,
      comparison(rts, results, cols),
      "Against the wasmtime CLI (wasirun's median ÷ wasmtime's):",
      vsOne(rts, results, cols, wasmtimeCli.name),
    ].join("\n\n"));
  } finally {
    await Deno.remove(dir, { recursive: true });
    if (dir !== tmp) await Deno.remove(tmp, { recursive: true });
  }
}

/** wasirun's medians ÷ one peer's, per column. */
function vsOne(rts: Runtime[], results: Results, cols: Column[], peer: string): string {
  const med = (name: string, c: Column) => {
    const cell = results.get(name)?.get(c.key);
    if (cell === undefined || typeof cell === "string") return undefined;
    const xs = cell.map((s) => s[c.metric]).filter((x) => x !== undefined);
    return xs.length ? median(xs) : undefined;
  };
  const rows = rts.filter((rt) => rt.kind === "wasirun").map((rt) => [
    rt.name,
    ...cols.map((c) => {
      const ours = med(rt.name, c), theirs = med(peer, c);
      return ours === undefined || theirs === undefined ? "–" : `${(ours / theirs).toFixed(1)}×`;
    }),
  ]);
  return markdownTable([`÷ ${peer}`, ...cols.map((c) => c.title)], rows);
}

if (import.meta.main && Deno.args.includes("--metadata")) await metadataOnly(Deno.args);
if (import.meta.main && Deno.args.includes("--smallfiles")) await smallFilesOnly(Deno.args);
