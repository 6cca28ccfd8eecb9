/**
 * Many runs in one process, for tests/library_many_test.ts, which runs it on
 * Deno, Bun and Node 26 and compares what it prints: the case named by the
 * first argument prints one line per run (`name: what it saw`), then the
 * process must end by itself (nothing of a finished run may hold it).
 */
import { GuestTrap, run, WASI, type WasiOptions } from "../../mod.ts";

// deno-lint-ignore no-explicit-any
const g = globalThis as any;
const isDeno = "Deno" in globalThis;
/** A built-in module of Node's (Deno and Bun have them too). */
const builtin = async <T>(id: string): Promise<T> =>
  isDeno ? await import(id) : g.process.getBuiltinModule(id);
const fs = await builtin<typeof import("node:fs")>("node:fs");
const os = await builtin<typeof import("node:os")>("node:os");
const child = await builtin<typeof import("node:child_process")>("node:child_process");
const root = new URL("../../", import.meta.url);
const path = (p: string) => new URL(p, root).pathname;
const C = path("testdata/c/main.wasm");
const GO = path("testdata/go/main.wasm");
const FS = path("testdata/c/fs.wasm");
const text = new TextDecoder();
const bytes = (s: string) => new TextEncoder().encode(s);
const after = (ms: number) => new Promise((r) => setTimeout(r, ms));
const cModule = await WebAssembly.compile(fs.readFileSync(C));
const goModule = await WebAssembly.compile(fs.readFileSync(GO));

/** `parts` one by one, `ms` apart. */
function slowSource(parts: string[], ms: number): ReadableStream<Uint8Array> {
  return new ReadableStream({
    async pull(controller) {
      await after(ms);
      const part = parts.shift();
      if (part === undefined) controller.close();
      else controller.enqueue(bytes(part));
    },
  });
}

/** A stream that never gives anything, nor ends. */
const silent = () => new ReadableStream<Uint8Array>({ pull: () => new Promise(() => {}) });

/** A WASI of `options` started on a fresh instance of `module`. */
async function start(module: WebAssembly.Module, options: WasiOptions): Promise<number> {
  const wasi = new WASI(options);
  return await wasi.start(await WebAssembly.instantiate(module, wasi.getImportObject()));
}

/** Its outcome in a few words: a result, or the name and message it rejected with. */
async function outcome(p: Promise<unknown>, show: (v: never) => string): Promise<string> {
  try {
    return show(await p as never);
  } catch (e) {
    return `rejected ${(e as Error)?.name}: ${(e as Error)?.message}`;
  }
}

const shown = ({ code, stdout }: { code: number; stdout: Uint8Array }) =>
  `code=${code} ${JSON.stringify(text.decode(stdout))}`;

/** An AbortSignal aborted (with `reason`) as the run waits for the `nth` time. */
function abortAtWait(reason: string, nth = 1): Pick<WasiOptions, "signal" | "onWait"> {
  const controller = new AbortController();
  let waits = 0;
  return {
    signal: controller.signal,
    onWait: (waiting) => void (waiting && ++waits === nth && controller.abort(new Error(reason))),
  };
}

const cases: Record<string, () => Promise<string[]>> = {
  // Runs of every kind at once: each one's code, output and error are its own.
  async "at-once"() {
    const runs: Record<string, () => Promise<string>> = {};
    for (let k = 0; k < 4; k++) {
      runs[`exit ${k}`] = () => outcome(run(C, { args: ["main", "exit", `${k}`] }), shown);
      runs[`go exit ${k + 40}`] = () =>
        outcome(run(goModule, { args: ["main", "exit", `${k + 40}`] }), shown);
    }
    runs["trap"] = () =>
      outcome(
        run(cModule, { args: ["main", "trap"] }).catch((e) => {
          throw e instanceof GuestTrap ? new Error("a GuestTrap") : e;
        }),
        shown,
      );
    runs["go panic"] = () =>
      outcome(
        run(goModule, { args: ["main", "trap"] }),
        (r: { code: number; stderr: Uint8Array }) =>
          `code=${r.code} ${text.decode(r.stderr).split("\n")[0]}`,
      );
    runs["slow stdin"] = () =>
      outcome(
        run(C, { args: ["main", "cat"], stdin: slowSource(["a\n", "b\n", "c\n"], 20) }),
        shown,
      );
    runs["go slow stdin"] = () =>
      outcome(run(GO, { args: ["main", "cat"], stdin: slowSource(["A\n", "B\n"], 30) }), shown);
    const failing = () => {
      let n = 0;
      return new ReadableStream<Uint8Array>({
        async pull(controller) {
          await after(10);
          if (n++ === 0) controller.enqueue(bytes("x\n"));
          else controller.error(new Error("the source broke"));
        },
      });
    };
    const withErr = (r: { code: number; stdout: Uint8Array; stderr: Uint8Array }) =>
      `${shown(r)} ${JSON.stringify(text.decode(r.stderr))}`;
    runs["failing stdin"] = () =>
      outcome(run(cModule, { args: ["main", "cat"], stdin: failing() }), withErr);
    runs["go failing stdin"] = () =>
      outcome(run(goModule, { args: ["main", "cat"], stdin: failing() }), withErr);
    runs["open stdin, aborted"] = () =>
      outcome(run(C, { args: ["main", "cat"], stdin: silent(), ...abortAtWait("a") }), shown);
    runs["sleep"] = () => outcome(run(cModule, { args: ["main", "sleep", "100"] }), shown);
    runs["go sleep"] = () => outcome(run(goModule, { args: ["main", "sleep", "120"] }), shown);
    runs["sleep, aborted"] = () =>
      outcome(run(C, { args: ["main", "sleep", "60000"], ...abortAtWait("b") }), shown);
    runs["go sleep, aborted"] = () =>
      outcome(run(GO, { args: ["main", "sleep", "60000"], ...abortAtWait("c") }), shown);
    runs["naps, aborted at the 20th"] = () =>
      outcome(run(cModule, { args: ["main", "naps", "100000"], ...abortAtWait("d", 20) }), shown);
    // Megabytes into a consumer slower than the guest: each gets all of its own, in order.
    for (const mb of [1, 2]) {
      runs[`go ${mb} MiB into a slow stream`] = async () => {
        let got = 0, bad = 0;
        const stdout = new WritableStream<Uint8Array>({
          async write(chunk) {
            for (let i = 0; i < chunk.length; i++) if (chunk[i] !== (got + i) % 251) bad++;
            got += chunk.length;
            await after(1);
          },
        }, { highWaterMark: 1 });
        const code = await start(goModule, { args: ["main", "write-mb", `${mb}`], stdout });
        return `code=${code} bytes=${got} bad=${bad}`;
      };
    }
    // One compiled module, instantiated by many runs at once.
    for (let i = 0; i < 8; i++) {
      runs[`module reused ${i}`] = () =>
        outcome(run(i % 2 ? goModule : cModule, { args: ["main", "args", `${i}`] }), shown);
    }
    // A run started from another's stdout stream, awaited there (its backpressure).
    runs["runs from a stdout callback"] = async () => {
      const inner: string[] = [];
      const stdout = new WritableStream<Uint8Array>({
        async write(chunk) {
          const r = await run(goModule, { args: ["main", "cat"], stdin: chunk.slice() });
          inner.push(`${r.code}`, text.decode(r.stdout).toUpperCase());
        },
      });
      const stdin = slowSource(["p\n", "q\n"], 20);
      const code = await start(cModule, { args: ["main", "cat"], stdin, stdout });
      // (Two writes may arrive as one chunk.)
      const codes = inner.filter((_, i) => i % 2 === 0);
      const out = inner.filter((_, i) => i % 2 === 1).join("");
      return `code=${code} inner codes=${[...new Set(codes)]} ${JSON.stringify(out)}`;
    };
    const names = Object.keys(runs);
    const results = await Promise.all(names.map((name) => runs[name]()));
    return names.map((name, i) => `${name}: ${results[i]}`).sort();
  },

  // Runs waiting to open FIFOs (for reading: no writer; for writing: no reader), interrupted or
  // aborted there, beside one that completes: the runs end, and nothing of them stays (the
  // waiting opens held threads of the blocking pool, the embedder's own fs calls queued behind
  // them on Node and Bun, and their fds for ever: the process never ended).
  async "fifo-opens"() {
    const dir = fs.mkdtempSync(`${os.tmpdir()}/wasirun-many-`);
    const intoDir = () =>
      fs.readdirSync("/proc/self/fd").filter((fd) => {
        try {
          return fs.readlinkSync(`/proc/self/fd/${fd}`).startsWith(dir);
        } catch {
          return false;
        }
      }).length;
    const runs = Array.from({ length: 6 }, async (_, i) => {
      const fifo = `f${i}`;
      child.execFileSync("mkfifo", [`${dir}/${fifo}`]);
      const mode = i % 2 ? "fifo-write" : "readfile";
      const controller = new AbortController();
      const wasi: WASI = new WASI({
        args: ["main", mode, `/d/${fifo}`],
        preopens: { "/d": dir },
        stdin: "null",
        stdout: "null",
        stderr: "null",
        signal: controller.signal,
        // As soon as it waits (its open): interrupted, or aborted.
        onWait: (waiting) =>
          void (waiting && (i < 4 ? wasi.interrupt(20 + i) : controller.abort(new Error("stop")))),
      });
      const instance = await WebAssembly.instantiate(cModule, wasi.getImportObject());
      return `${mode} ${i}: ${await outcome(wasi.start(instance), (c: number) => `code=${c}`)}`;
    });
    const beside = outcome(run(GO, { args: ["main", "sleep", "50"] }), shown);
    const lines = [...await Promise.all(runs), `beside: ${await beside}`];
    // The embedder's own fs calls still run (Node's pool has 4 threads, Bun's a few).
    const read = await fs.promises.readFile(path("testdata/c/main.c"), "utf8");
    lines.push(`own fs call: ${read.length > 0}`);
    // Once the process has nothing left to do: no fd into the directory stays open.
    const atExit = () => {
      console.log(`fds into the directory at exit: ${intoDir()}`);
      fs.rmSync(dir, { recursive: true, force: true });
    };
    if (isDeno) globalThis.addEventListener("unload", atExit);
    else g.process.on("exit", atExit);
    return lines;
  },
  // A FIFO open that waits for a thread of the blocking pool (four other runs' FIFO opens hold
  // Node's four), beside another run whose calls push the open's parent directory out of the
  // resolver's cache and then open a directory of its own, which takes the number of the fd the
  // cache closed: the queued open ran in that directory, and read the other run's file there
  // (helper-212). Each run sees only its own files.
  async "fifo-open-parent"() {
    const dir = fs.mkdtempSync(`${os.tmpdir()}/wasirun-many-`);
    const waiters = [1, 2, 3, 4];
    for (
      const d of [
        "a/d",
        "b/x",
        "b/a1",
        "b/a2",
        "b/a3",
        "b/a4",
        ...waiters.map((i) => `c${i}`),
      ]
    ) {
      fs.mkdirSync(`${dir}/${d}`, { recursive: true });
    }
    child.execFileSync("mkfifo", [`${dir}/a/d/p`, ...waiters.map((i) => `${dir}/c${i}/q`)]);
    fs.writeFileSync(`${dir}/b/x/p`, "b's own\n");
    const runs = waiters.map((i) =>
      outcome(
        run(C, { args: ["main", "readfile", "/c/q"], preopens: { "/c": `${dir}/c${i}` } }),
        shown,
      )
    );
    await after(300);
    const a = outcome(
      run(C, { args: ["main", "readfile", "/a/d/p"], preopens: { "/a": `${dir}/a` } }),
      shown,
    );
    await after(300);
    const names = ["a1/f", "a2/f", "a3/f", "a4/f", "x"];
    const b = outcome(
      run(FS, { args: ["fs", "stat-open", "/b", ...names], preopens: { "/b": `${dir}/b` } }),
      shown,
    );
    await after(300);
    // Writers come and go: the four waiting runs read EOF, and their threads are free.
    for (const i of waiters) fs.closeSync(fs.openSync(`${dir}/c${i}/q`, "w"));
    await after(500);
    // A writer for a's FIFO, which its open (waiting, a reader) lets through at once.
    const writer = fs.constants.O_WRONLY | fs.constants.O_NONBLOCK;
    fs.closeSync(fs.openSync(`${dir}/a/d/p`, writer));
    const lines = [...await Promise.all(runs), `a: ${await a}`, `b: ${await b}`];
    lines.push(`b's file: ${JSON.stringify(fs.readFileSync(`${dir}/b/x/p`, "utf8"))}`);
    fs.rmSync(dir, { recursive: true, force: true });
    return lines;
  },
  // A run interrupted with output that cannot drain (a consumer that stopped taking it), beside
  // one whose output keeps moving: the first is given up once its own output stops moving (all
  // runs' moving output counted as its progress: it waited as long as the other wrote).
  async "stalled-beside-moving"() {
    const controller = new AbortController();
    let moved = 0;
    const moving = new WritableStream<Uint8Array>({
      write: async (chunk) => void (moved += chunk.length, await after(1)),
    }, { highWaterMark: 1 });
    const mover = start(goModule, {
      args: ["main", "write-mb", "4096"],
      stdout: moving,
      signal: controller.signal,
    });
    const stuck = new WritableStream<Uint8Array>({ write: () => new Promise(() => {}) });
    let movedBefore = -1;
    const stalled: WASI = new WASI({
      args: ["main", "interleave"],
      stdout: stuck,
      stderr: "null",
      // More than the queue holds: it waits for room, and is interrupted there.
      onWait: (waiting) => {
        if (!waiting || movedBefore >= 0) return;
        movedBefore = moved;
        stalled.interrupt(7);
      },
    });
    const instance = await WebAssembly.instantiate(cModule, stalled.getImportObject());
    const lines = [
      `stalled: ${await outcome(stalled.start(instance), (c: number) => `code=${c}`)}`,
    ];
    lines.push(`the other's output moved meanwhile: ${moved > movedBefore}`);
    controller.abort(new Error("stop"));
    lines.push(`moving: ${await outcome(mover, (c: number) => `code=${c}`)}`);
    return lines;
  },
};

const name = (isDeno ? Deno.args : g.process.argv.slice(2))[0];
for (const line of await cases[name]()) console.log(line);
