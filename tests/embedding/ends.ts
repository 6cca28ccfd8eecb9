/**
 * One embedding case per run, named by the first argument, for
 * tests/embedding_test.ts, which runs it on Deno, Bun and Node 26 and checks
 * what it prints and that the process then ends by itself: nothing of a
 * finished run may hold the embedder's event loop (no process.exit here).
 */
import { run, TcpListener, WASI } from "../../mod.ts";

const root = new URL("../../", import.meta.url);
const read = async (path: string): Promise<Uint8Array> => {
  const url = new URL(path, root);
  if ("Deno" in globalThis) return await Deno.readFile(url);
  const fs = await import("node:fs");
  return new Uint8Array(fs.readFileSync(url));
};
const C = "testdata/c/main.wasm";
const compiled = async (path: string) =>
  await WebAssembly.compile(await read(path) as BufferSource);
const after = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A stream whose writes never complete: a consumer that stopped reading. */
const stuck = () => new WritableStream<Uint8Array>({ write: () => new Promise(() => {}) });

const cases: Record<string, () => Promise<string>> = {
  // A guest asleep for 30 s, interrupted: its timer must not hold the process.
  async "sleep-interrupt"() {
    const wasi = new WASI({ args: ["main", "sleep", "30000"], stdout: "null" });
    const instance = await WebAssembly.instantiate(await compiled(C), wasi.getImportObject());
    setTimeout(() => wasi.interrupt(130), 200);
    return `code=${await wasi.start(instance)}`;
  },
  // A guest reading the inherited stdin, a pipe nobody writes to, interrupted: the read left
  // waiting must not hold the process (Bun's pool read did, until data or EOF).
  async "stdin-interrupt"() {
    const wasi = new WASI({ args: ["main", "cat"], stdout: "null" });
    const instance = await WebAssembly.instantiate(await compiled(C), wasi.getImportObject());
    setTimeout(() => wasi.interrupt(130), 200);
    return `code=${await wasi.start(instance)}`;
  },
  // A guest polling the inherited stdin, a pipe nobody writes to, for 300 ms: the poll's wait
  // (off the main thread, reading nothing) must not hold the process after the run (a poll(2) of
  // 250 ms held Deno's, Node's for up to that).
  async "stdin-poll"() {
    const wasi = new WASI({ args: ["main", "poll-stdin", "300"] });
    const instance = await WebAssembly.instantiate(await compiled(C), wasi.getImportObject());
    return `code=${await wasi.start(instance)}`;
  },
  // Runs whose guest polls that stdin a little past 100 ms, when Bun's and Node's poll thread is
  // asked for, so that each run ends while it starts: no eventfd of theirs stays (Bun's did, one
  // a run), nor a private copy's (Deno's).
  async "stdin-polls-fds"() {
    const fs = await import("node:fs");
    const eventfds = () =>
      fs.readdirSync("/proc/self/fd").filter((fd) => {
        try {
          return fs.readlinkSync(`/proc/self/fd/${fd}`) === "anon_inode:[eventfd]";
        } catch {
          return false; // the directory's own fd, gone
        }
      }).length;
    const codes: number[] = [];
    const run = async () => {
      const wasi = new WASI({ args: ["main", "poll-stdin", "105"], stdout: "null" });
      const instance = await WebAssembly.instantiate(await compiled(C), wasi.getImportObject());
      codes.push(await wasi.start(instance));
    };
    await run(); // the runtime's own eventfds made
    await after(300);
    const before = eventfds();
    for (let i = 0; i < 6; i++) await run();
    await after(300); // the last thread up, and ended
    return `codes=${codes.join(",")} eventfds=+${eventfds() - before}`;
  },
  // A guest polling a FIFO it opened non-blocking, which no writer opens, for 300 ms: the poll's
  // wait, off the main thread, must not hold the process after the run (a poll(2) of 250 ms held
  // Deno's for up to that).
  async "fifo-poll"() {
    const fs = await import("node:fs");
    const os = await import("node:os");
    const { execFileSync } = await import("node:child_process");
    const dir = fs.mkdtempSync(`${os.tmpdir()}/wasirun-fifo-`);
    try {
      execFileSync("mkfifo", [`${dir}/p`]);
      const wasi = new WASI({
        args: ["main", "fifo-poll-once", "/w/p"],
        preopens: { "/w": dir },
      });
      const instance = await WebAssembly.instantiate(await compiled(C), wasi.getImportObject());
      return `code=${await wasi.start(instance)}`;
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  },
  // A 30-day wait, aborted.
  async "wait-abort"() {
    const ac = new AbortController();
    setTimeout(() => ac.abort(new Error("stop")), 200);
    return await run(new URL("testdata/wat/long_wait.wasm", root), { signal: ac.signal })
      .then(() => "resolved", (e) => `rejected: ${(e as Error).message}`);
  },
  // Output that can never drain: an abort gives it up.
  async "stuck-abort"() {
    const ac = new AbortController();
    const wasi = new WASI({ args: ["main", "hello"], stdout: stuck(), signal: ac.signal });
    // hello's one line waits in the queue: the guest has ended, its output cannot.
    const instance = await WebAssembly.instantiate(await compiled(C), wasi.getImportObject());
    setTimeout(() => ac.abort(new Error("stop")), 200);
    return await wasi.start(instance).then(() => "resolved", (e) => `rejected: ${e.message}`);
  },
  // ... and so does an interrupt, once nothing of it moves for a while.
  async "stuck-interrupt"() {
    // More than the queue holds: the guest waits for room, and is interrupted there.
    const wasi = new WASI({ args: ["main", "interleave"], stdout: stuck(), stderr: "null" });
    const instance = await WebAssembly.instantiate(await compiled(C), wasi.getImportObject());
    setTimeout(() => wasi.interrupt(7), 100);
    return `code=${await wasi.start(instance)}`;
  },
  // A client that connects before the guest runs is served, as from a kernel's backlog.
  async "listener-early"() {
    const net = (globalThis as { process?: { getBuiltinModule(id: string): unknown } }).process
      ?.getBuiltinModule("node:net") as typeof import("node:net");
    const listener = await TcpListener.listen("127.0.0.1", 0);
    const reply = new Promise<string>((resolve, reject) => {
      let got = "";
      const socket = net.connect(listener.port, "127.0.0.1", () => socket.end("early\nquit\n"));
      socket.on("data", (d) => got += d);
      socket.on("end", () => resolve(got));
      socket.on("error", reject);
    });
    await after(300);
    const result = await run(new URL("testdata/net/c/main.wasm", root), { listeners: [listener] });
    const again = await run(C, { listeners: [listener] }).then(() => "ran", (e) => e.message);
    return `code=${result.code} reply=${JSON.stringify(await reply)} reuse=${again}`;
  },
  // close() while the guest runs closes nothing: it rejects, and the guest's output still arrives
  // (start() resolved 0 with the output lost).
  async "close-during-start"() {
    let out = "";
    const stdout = new WritableStream<Uint8Array>({
      write: (c) => void (out += String.fromCharCode(...c)),
    });
    const wasi = new WASI({ args: ["main", "sleep", "300"], stdout });
    const instance = await WebAssembly.instantiate(await compiled(C), wasi.getImportObject());
    const started = wasi.start(instance);
    await after(100);
    const closed = await wasi.close().then(() => "resolved", (e) => `${e.name}: ${e.message}`);
    return `code=${await started} close=${closed} out=${JSON.stringify(out)}`;
  },
  // A locked stdio stream, a module URL nobody serves: one WasiRunError each (raw TypeErrors, each
  // runtime's own).
  async "bad-streams"() {
    const net = (globalThis as { process?: { getBuiltinModule(id: string): unknown } }).process
      ?.getBuiltinModule("node:net") as typeof import("node:net");
    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as { port: number };
    await new Promise((resolve) => server.close(resolve)); // nothing listens there now
    const locked = new WritableStream<Uint8Array>();
    locked.getWriter();
    const lockedIn = new ReadableStream<Uint8Array>();
    lockedIn.getReader();
    const attempts = [
      () => Promise.resolve().then(() => new WASI({ stdout: locked })),
      () => run(C, { args: ["main", "cat"], stdin: lockedIn }),
      () => run(new URL(`http://127.0.0.1:${port}/x.wasm`)),
    ];
    const out: string[] = [];
    for (const attempt of attempts) {
      out.push(
        await attempt().then(() => "ok", (e) => `${(e as Error).name}: ${(e as Error).message}`),
      );
    }
    return out.join(" | ");
  },
  // Host fds no host call takes, or not open: one WasiRunError each, when the WASI is made (Node
  // threw an internal error at the first write, Deno a TypeError, Bun wrote to the low 32 bits).
  // deno-lint-ignore require-await
  async "bad-stdio-fd"() {
    const fds: [string, number][] = [["stdout", 2 ** 32 + 2], ["stdin", 2 ** 31], [
      "stderr",
      2 ** 31 - 1,
    ]];
    return fds.map(([name, fd]) => {
      try {
        new WASI({ [name]: fd });
        return "made";
      } catch (e) {
        return `${(e as Error).name}: ${(e as Error).message}`;
      }
    }).join(" | ");
  },
};

const name = ("Deno" in globalThis ? Deno.args : (globalThis as unknown as {
  process: { argv: string[] };
}).process.argv.slice(2))[0];
const started = performance.now();
console.log(await cases[name]());
// How long the run took; the test compares it with how long the process took. And when it ended.
console.log(`ms=${Math.round(performance.now() - started)}`);
console.log(`end=${Date.now()}`);
