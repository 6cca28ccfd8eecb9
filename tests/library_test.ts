/**
 * The embedding API (mod.ts) in-process: every stdio option, Web streams
 * with slow producers and consumers, AbortSignal, reactors and run().
 */
import assert from "node:assert/strict";
import {
  GuestTrap,
  ProcExit,
  run,
  TcpListener,
  type TraceRecord,
  WASI,
  type WasiOptions,
  WasiRunError,
} from "../mod.ts";
import { fixture, ROOT } from "./_helpers.ts";

const C = fixture("c/main.wasm");
const GO = fixture("go/main.wasm");
const text = new TextDecoder();

async function start(path: string, options: WasiOptions): Promise<number> {
  const wasi = new WASI(options);
  const module = await WebAssembly.compile(await Deno.readFile(`${ROOT}${path}`));
  return await wasi.start(await WebAssembly.instantiate(module, wasi.getImportObject()));
}

function sink(delayMs = 0) {
  const chunks: Uint8Array[] = [];
  return {
    stream: new WritableStream<Uint8Array>({
      async write(chunk) {
        if (delayMs) await new Promise((r) => setTimeout(r, delayMs));
        chunks.push(chunk.slice());
      },
    }, { highWaterMark: 1 }),
    text: () => chunks.map((c) => text.decode(c, { stream: true })).join(""),
    bytes: () => chunks.reduce((n, c) => n + c.length, 0),
  };
}

/** A stream that delivers `parts` one by one, `delayMs` apart. */
function slowSource(parts: string[], delayMs: number): ReadableStream<Uint8Array> {
  let i = 0;
  return new ReadableStream({
    async pull(controller) {
      await new Promise((r) => setTimeout(r, delayMs));
      if (i < parts.length) controller.enqueue(new TextEncoder().encode(parts[i++]));
      else controller.close();
    },
  });
}

for (const [lang, path] of [["C", C], ["Go", GO]]) {
  Deno.test(`a ${lang} guest reads a slow stdin stream and writes into a slow stdout stream`, async () => {
    const out = sink(5);
    const code = await start(path, {
      args: ["main", "cat"],
      stdin: slowSource(["one\n", "two\n", "three\n"], 100),
      stdout: out.stream,
    });
    assert.equal(code, 0);
    assert.equal(out.text(), "one\ntwo\nthree\n");
  });
}

Deno.test("the trace option receives one record per call: a blocking C read that waited", async () => {
  const records: TraceRecord[] = [];
  const out = sink();
  const code = await start(C, {
    args: ["main", "cat"],
    stdin: slowSource(["one\n", "two\n"], 100),
    stdout: out.stream,
    trace: (record) => records.push(record),
  });
  assert.equal(code, 0);
  assert.equal(out.text(), "one\ntwo\n");
  const reads = records.filter((r) => r.call === "fd_read");
  assert.deepEqual(reads.map((r) => [r.args.fd, r.errno, r.result?.nread]), [
    [0, "SUCCESS", 4],
    [0, "SUCCESS", 4],
    [0, "SUCCESS", 0],
  ]);
  // C's stdin is blocking: each read suspended until the stream delivered.
  assert.deepEqual(reads.map((r) => r.woke), ["data", "data", "eof"]);
  for (const r of reads) assert.ok(r.wait_us! > 0 && r.wait_us! <= r.dur_us);
  const writes = records.filter((r) => r.call === "fd_write");
  assert.deepEqual(writes.map((r) => [r.args.iovs, r.result]), [
    [{ count: 1, bytes: 4 }, { nwritten: 4 }],
    [{ count: 1, bytes: 4 }, { nwritten: 4 }],
  ]);
  for (let i = 1; i < records.length; i++) {
    assert.ok(records[i].t_ms >= records[i - 1].t_ms, "records come in call order here");
  }
});

Deno.test("trace records name flags: path_open's lookup flags, oflags, rights", async () => {
  const dir = await Deno.makeTempDir();
  await Deno.writeTextFile(`${dir}/f.txt`, "hi\n");
  const records: TraceRecord[] = [];
  const { code, stdout } = await run(C, {
    args: ["main", "readfile", "/d/f.txt"],
    preopens: [{ host: dir, guest: "/d" }],
    trace: (record) => records.push(record),
  });
  assert.equal(code, 0);
  assert.equal(text.decode(stdout), "hi\n");
  const open = records.find((r) => r.call === "path_open")!;
  assert.equal(open.errno, "SUCCESS");
  assert.equal(open.args.path, "f.txt");
  assert.deepEqual(open.args.dirflags, ["SYMLINK_FOLLOW"]);
  assert.deepEqual(open.args.oflags, []);
  assert.ok((open.args.fs_rights_base as string[]).includes("FD_READ"));
  assert.ok(!(open.args.fs_rights_base as string[]).includes("FD_WRITE"));
  const fd = open.result!.opened_fd;
  const read = records.find((r) => r.call === "fd_read" && r.args.fd === fd)!;
  assert.equal(read.result!.nread, 3);
  const clock = records.find((r) => r.call === "clock_time_get");
  if (clock) assert.match(String(clock.args.id), /^(REALTIME|MONOTONIC)$/);
  await Deno.remove(dir, { recursive: true });
});

Deno.test("a Go guest writing 8 MB into a slow stream gets backpressure, not loss", async () => {
  const out = sink(1);
  const code = await start(GO, { args: ["main", "write-mb", "8"], stdout: out.stream });
  assert.equal(code, 0);
  assert.equal(out.bytes(), 8 << 20);
});

Deno.test("stdin, stdout and stderr can be null", async () => {
  const code = await start(C, {
    args: ["main", "stdin-sum"],
    stdin: "null",
    stdout: "null",
    stderr: "null",
  });
  assert.equal(code, 0);
  const out = sink();
  await start(C, { args: ["main", "stdin-sum"], stdin: "null", stdout: out.stream });
  assert.equal(out.text(), "bytes=0 fnv=cbf29ce484222325\n");
});

Deno.test("stdin, stdout and stderr can be host files", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await Deno.writeTextFile(`${dir}/in.txt`, "from a file\n");
    const code = await start(C, {
      args: ["main", "cat"],
      stdin: `${dir}/in.txt`,
      stdout: `${dir}/out.txt`,
    });
    assert.equal(code, 0);
    assert.equal(await Deno.readTextFile(`${dir}/out.txt`), "from a file\n");
    await start(C, { args: ["main", "stderr"], stdout: "null", stderr: `${dir}/err.txt` });
    assert.equal(await Deno.readTextFile(`${dir}/err.txt`), "to stderr\n");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("an AbortSignal stops a waiting guest: start() rejects with the reason, output is kept", async () => {
  const controller = new AbortController();
  let abortedAt = 0;
  const out: string[] = [];
  // Abort once the guest has ticked (it then waits on stdin), however slow its start.
  const stdout = new WritableStream<Uint8Array>({
    write(chunk) {
      out.push(text.decode(chunk));
      if (!abortedAt && out.join("").includes("tick\n")) {
        abortedAt = performance.now();
        controller.abort(new Error("enough"));
      }
    },
  });
  await assert.rejects(
    start(GO, {
      args: ["main", "ticker-stdin"],
      stdin: slowSource([], 60_000),
      stdout,
      signal: controller.signal,
    }),
    /enough/,
  );
  assert.ok(abortedAt > 0 && performance.now() - abortedAt < 2000);
  assert.match(out.join(""), /^tick\n/);
});

Deno.test("an already aborted signal stops the guest before it runs", async () => {
  const controller = new AbortController();
  controller.abort(new Error("not today"));
  await assert.rejects(
    start(C, { args: ["main", "hello"], signal: controller.signal }),
    /not today/,
  );
});

Deno.test("a reactor is initialized once, then its exports are called", async () => {
  const out = sink();
  const wasi = new WASI({ stdout: out.stream });
  const module = await WebAssembly.compile(
    await Deno.readFile(`${ROOT}${fixture("wat/reactor.wasm")}`),
  );
  const instance = await WebAssembly.instantiate(module, wasi.getImportObject());
  await wasi.initialize(instance);
  assert.equal(await wasi.call(instance, "add", 2, 3), 5);
  assert.equal(await wasi.call(instance, "mul64", 3n, 5000000000n), 15000000000n);
  await wasi.call(instance, "hello");
  await assert.rejects(
    wasi.call(instance, "quit", 4),
    (e) => e instanceof ProcExit && e.code === 4,
  );
  await wasi.close();
  assert.equal(out.text(), "initialized\nhello from reactor\n");
});

Deno.test("initialize() not awaited, as node:wasi's: _initialize has run when it returns", async () => {
  const out = sink();
  const wasi = new WASI({ stdout: out.stream });
  const module = await WebAssembly.compile(
    await Deno.readFile(`${ROOT}${fixture("wat/reactor.wasm")}`),
  );
  const instance = await WebAssembly.instantiate(module, wasi.getImportObject());
  const initialized = wasi.initialize(instance); // node:wasi's initialize() returns when done
  const { add } = instance.exports as { add(a: number, b: number): number };
  assert.equal(add(1, 2), 3); // was -37: _initialize had not run yet
  await initialized;
  await wasi.close();
  assert.equal(out.text(), "initialized\n");
});

Deno.test("a reactor's exports called directly after a proc_exit run on, as under node:wasi", async () => {
  const wasi = new WASI({ stdin: "null", stdout: "null", stderr: "null" }); // nothing may wait
  const module = await WebAssembly.compile(
    await Deno.readFile(`${ROOT}${fixture("wat/reactor.wasm")}`),
  );
  const instance = await WebAssembly.instantiate(module, wasi.getImportObject());
  await wasi.initialize(instance);
  const { quit, hello } = instance.exports as { quit(code: number): void; hello(): void };
  assert.throws(() => quit(4), (e) => e instanceof ProcExit && e.code === 4);
  hello(); // its fd_write: no trap for an exit that was another call's
  await assert.rejects(wasi.call(instance, "quit", 5), (e) => e instanceof ProcExit);
  hello();
  await wasi.close();
});

Deno.test("run() takes a path, bytes or a module and returns code, stdout and stderr", async () => {
  const byPath = await run(C, { args: ["main", "stderr"] });
  assert.deepEqual([byPath.code, text.decode(byPath.stdout), text.decode(byPath.stderr)], [
    0,
    "to stdout\n",
    "to stderr\n",
  ]);
  const bytes = await Deno.readFile(`${ROOT}${C}`);
  const byBytes = await run(bytes, { args: ["main", "cat"], stdin: "piped in" });
  assert.equal(text.decode(byBytes.stdout), "piped in");
  const byModule = await run(await WebAssembly.compile(bytes), { args: ["main", "exit", "5"] });
  assert.equal(byModule.code, 5);
});

Deno.test("a trap in an embedding rejects with a GuestTrap and leaves the host running", async () => {
  await assert.rejects(
    run(C, { args: ["main", "trap"] }),
    (e) => e instanceof GuestTrap && e.reason === "wasm `unreachable` instruction executed",
  );
});

Deno.test("README's library example runs as written", async () => {
  const readme = await Deno.readTextFile(`${ROOT}README.md`);
  const example = /## Library\n[\s\S]*?```ts\n([\s\S]*?)```/.exec(readme)?.[1];
  assert.ok(example, "README has a ts example under ## Library");
  const file = `${ROOT}.readme_example_test.ts`;
  await Deno.writeTextFile(file, example);
  try {
    const out = await new Deno.Command(Deno.execPath(), {
      args: ["run", "-A", file],
      cwd: ROOT,
      stdout: "piped",
      stderr: "piped",
    }).output();
    assert.equal(text.decode(out.stderr), "");
    assert.equal(out.code, 0);
    assert.equal(text.decode(out.stdout), "hello, world\n");
  } finally {
    await Deno.remove(file);
  }
});

/**
 * Resolves once no fd of this process names `fifo` (a wait given up frees its
 * open on the pool, and closes what it held, a moment later); fails after 5 s.
 */
async function noFdOn(fifo: string): Promise<void> {
  for (let i = 0; i < 500; i++) {
    const open = [...Deno.readDirSync("/proc/self/fd")].some((e) => {
      try {
        return Deno.readLinkSync(`/proc/self/fd/${e.name}`) === fifo;
      } catch {
        return false;
      }
    });
    if (!open) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  assert.fail(`an fd on ${fifo} stayed open`);
}

/** A new FIFO in a temporary directory; `use` gets its path, and the directory goes after. */
async function withFifo(use: (fifo: string) => Promise<void>): Promise<void> {
  const dir = await Deno.makeTempDir();
  try {
    const fifo = `${dir}/fifo`;
    assert.ok((await new Deno.Command("mkfifo", { args: [fifo] }).output()).success);
    await use(fifo);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test("a FIFO as options.stdin waits for its writer without freezing the host: late, early, aborted, interrupted, closed", async () => {
  // Its open(2), which waits for a writer, ran in the constructor on the main thread: timers,
  // other runs and the AbortSignal all stopped until a writer came (helper-148).
  const module = await WebAssembly.compile(await Deno.readFile(`${ROOT}${C}`));
  const cat = async (options: WasiOptions, during?: (wasi: WASI) => void) => {
    const out = sink();
    const wasi = new WASI({ args: ["main", "cat"], stdout: out.stream, ...options });
    const instance = await WebAssembly.instantiate(module, wasi.getImportObject());
    during?.(wasi);
    return { code: await wasi.start(instance), out };
  };
  const write = (fifo: string, line: string) =>
    new Deno.Command("bash", { args: ["-c", `printf '${line}\\n' > ${fifo}`] }).output();
  // The writer comes 300 ms after the constructor, which returned at once; timers ran meanwhile.
  await withFifo(async (fifo) => {
    let ticks = 0;
    const timer = setInterval(() => ticks++, 20);
    const writer = new Promise((r) => setTimeout(r, 300)).then(() => write(fifo, "late"));
    const [{ code, out }] = await Promise.all([cat({ stdin: fifo }), writer]);
    clearInterval(timer);
    assert.equal(code, 0);
    assert.equal(out.text(), "late\n");
    assert.ok(ticks >= 5, `${ticks} ticks`);
  });
  // A writer that came, wrote and left after the constructor and before start().
  await withFifo(async (fifo) => {
    const out = sink();
    const wasi = new WASI({ args: ["main", "cat"], stdin: fifo, stdout: out.stream });
    assert.ok((await write(fifo, "early")).success);
    const instance = await WebAssembly.instantiate(module, wasi.getImportObject());
    assert.equal(await wasi.start(instance), 0);
    assert.equal(out.text(), "early\n");
  });
  // No writer: an abort, an interrupt and close() each end the wait, and leave no one at the
  // FIFO (a writer and a reader meet there afterwards).
  await withFifo(async (fifo) => {
    const controller = new AbortController();
    const aborted = cat({ stdin: fifo, signal: controller.signal });
    setTimeout(() => controller.abort(new Error("given up")), 100);
    await assert.rejects(aborted, /given up/);
    await noFdOn(fifo);
  });
  await withFifo(async (fifo) => {
    const { code } = await cat(
      { stdin: fifo },
      (wasi) => setTimeout(() => wasi.interrupt(130), 100),
    );
    assert.equal(code, 130);
    await noFdOn(fifo);
  });
  await withFifo(async (fifo) => {
    const wasi = new WASI({ stdin: fifo });
    await wasi.close();
    await noFdOn(fifo);
    const reader = new Deno.Command("cat", { args: [fifo], stdout: "piped" }).output();
    assert.ok((await write(fifo, "after")).success);
    assert.equal(text.decode((await reader).stdout), "after\n");
  });
});

Deno.test("a WASI whose stdio FIFO's other end never comes, never started, lets the process end", async () => {
  // Its wait was a blocking open on the pool, started in the constructor: the process never ended.
  await withFifo(async (fifo) => {
    const script = `import { WASI } from ${JSON.stringify(`${ROOT}/mod.ts`)};\n` +
      `new WASI({ stdin: ${JSON.stringify(fifo)} }); new WASI({ stdout: ${
        JSON.stringify(fifo)
      } });`;
    const child = new Deno.Command("timeout", {
      args: ["20", Deno.execPath(), "eval", script],
      stdout: "piped",
      stderr: "piped",
    });
    const out = await child.output();
    assert.equal(out.code, 0, text.decode(out.stderr));
  });
});

Deno.test("a FIFO as options.stdout waits for its reader without freezing the host", async () => {
  await withFifo(async (fifo) => {
    const reader = new Promise((r) => setTimeout(r, 300)).then(() =>
      new Deno.Command("cat", { args: [fifo], stdout: "piped" }).output()
    );
    const [code, read] = await Promise.all([
      start(C, { args: ["main", "hello"], stdout: fifo }),
      reader,
    ]);
    assert.equal(code, 0);
    assert.equal(text.decode(read.stdout), "hello, world\n");
  });
});

Deno.test("a FIFO in a preopen is a stream: its open and reads wait without freezing the host", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const fifo = `${dir}/fifo`;
    const made = await new Deno.Command("mkfifo", { args: [fifo] }).output();
    assert.ok(made.success);
    // The writer is this very process, 300 ms later: if the guest's open or
    // read of the FIFO blocked the event loop, it would never come.
    const writer = (async () => {
      await new Promise((r) => setTimeout(r, 300));
      const file = await Deno.open(fifo, { write: true });
      await file.write(new TextEncoder().encode("first\n"));
      await new Promise((r) => setTimeout(r, 200));
      await file.write(new TextEncoder().encode("second\n"));
      file.close();
    })();
    for (const path of [C, GO]) {
      const out = sink();
      const done = start(path, {
        args: ["main", "readfile", "/d/fifo"],
        preopens: [{ host: dir, guest: "/d" }],
        stdin: new ReadableStream(),
        stdout: out.stream,
      });
      if (path === C) await Promise.all([done, writer]);
      else {
        await Promise.all([
          done,
          (async () => {
            await new Promise((r) => setTimeout(r, 100));
            const file = await Deno.open(fifo, { write: true });
            await file.write(new TextEncoder().encode("go reads\n"));
            file.close();
          })(),
        ]);
      }
      assert.equal(await done, 0);
      assert.equal(out.text(), path === C ? "first\nsecond\n" : "go reads\n");
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("a FIFO waits without freezing the host with stdin /dev/null too (no stdio fd waits)", async () => {
  // No stdio fd could wait, so fd_read and path_open were plain imports and the
  // guest's open of the FIFO waited in poll(2) on the main thread for data that
  // this very process was to write: the host froze (Go's TestNonblock hung so).
  const dir = await Deno.makeTempDir();
  try {
    const fifo = `${dir}/fifo`;
    assert.ok((await new Deno.Command("mkfifo", { args: [fifo] }).output()).success);
    for (const path of [C, GO]) {
      const out = sink();
      const done = start(path, {
        args: ["main", "readfile", "/d/fifo"],
        preopens: [{ host: dir, guest: "/d" }],
        stdin: "null",
        stdout: out.stream,
      });
      await new Promise((r) => setTimeout(r, 300));
      const file = await Deno.open(fifo, { write: true });
      await file.write(new TextEncoder().encode("late\n"));
      await new Promise((r) => setTimeout(r, 200));
      await file.write(new TextEncoder().encode("later\n"));
      file.close();
      assert.equal(await done, 0);
      assert.equal(out.text(), "late\nlater\n");
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("a FIFO whose writer came first, wrote and left: the guest reads what it wrote", async () => {
  // The open's non-blocking probe was closed before a blocking reopen: the
  // writer's bytes went with it and the reopen waited for a writer for ever.
  const dir = await Deno.makeTempDir();
  try {
    const fifo = `${dir}/fifo`;
    assert.ok((await new Deno.Command("mkfifo", { args: [fifo] }).output()).success);
    for (const path of [C, GO]) {
      // Waits in open(2) until the guest's open meets it, writes, exits.
      const writer = new Deno.Command("bash", { args: ["-c", `echo early > ${fifo}`] }).spawn();
      await new Promise((r) => setTimeout(r, 200));
      const out = sink();
      const done = start(path, {
        args: ["main", "readfile", "/d/fifo"],
        preopens: [{ host: dir, guest: "/d" }],
        stdin: new ReadableStream(),
        stdout: out.stream,
      });
      assert.equal((await writer.status).code, 0);
      assert.equal(await done, 0);
      assert.equal(out.text(), "early\n");
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("a FIFO a guest opens with stdin /dev/null is read and written as natively", async () => {
  // Its reads and writes were once pread/pwrite: ESPIPE ("Invalid seek").
  const dir = await Deno.makeTempDir();
  try {
    const fifo = `${dir}/fifo`;
    assert.ok((await new Deno.Command("mkfifo", { args: [fifo] }).output()).success);
    const writer = new Deno.Command("bash", { args: ["-c", `echo from bash > ${fifo}`] }).spawn();
    let out = sink();
    const read = start(C, {
      args: ["main", "readfile", "/d/fifo"],
      preopens: [{ host: dir, guest: "/d" }],
      stdin: "null",
      stdout: out.stream,
    });
    assert.equal((await writer.status).code, 0);
    assert.equal(await read, 0);
    assert.equal(out.text(), "from bash\n");

    const reader = new Deno.Command("cat", { args: [fifo], stdout: "piped" }).spawn();
    out = sink();
    const wrote = start(C, {
      args: ["main", "writefile", "/d/fifo"],
      preopens: [{ host: dir, guest: "/d" }],
      stdin: "null",
      stdout: out.stream,
    });
    assert.equal(await wrote, 0);
    assert.equal(
      new TextDecoder().decode((await reader.output()).stdout),
      "written by the guest\n",
    );
    // A FIFO has no offset: lseek is ESPIPE, as natively; a regular file's is where the write ended.
    assert.equal(out.text(), "offset: Invalid seek\n");
    out = sink();
    const file = start(C, {
      args: ["main", "writefile", "/d/file"],
      preopens: [{ host: dir, guest: "/d" }],
      stdin: "null",
      stdout: out.stream,
    });
    assert.equal(await file, 0);
    assert.equal(out.text(), "offset: 21\n");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("a stdout stream that fails while the output drains ends with SIGPIPE's status, not 0", async () => {
  // The guest's writes are accepted into the queue; the consumer fails on
  // the first chunk, after the guest's last write returned. Natively, that
  // last flush into a closed pipe ends the program with status 141.
  const failing = new WritableStream<Uint8Array>({
    write: () => Promise.reject(new Error("consumer gone")),
  });
  const args = ["main", "hello"];
  assert.equal(await start(C, { args, stdout: failing, stdin: "null" }), 141);
  // The same program into a working stream ends with its own 0.
  const out = sink();
  assert.equal(await start(C, { args, stdout: out.stream, stdin: "null" }), 0);
  assert.equal(out.text(), "hello, world\n");
});

Deno.test("run() of a guest that traps: the GuestTrap carries what it wrote before", async () => {
  const trap = await run(fixture("wat/write_trap.wasm")).then(() => undefined, (e) => e);
  assert.ok(trap instanceof GuestTrap, String(trap));
  assert.equal(text.decode(trap.stdout), "before\n");
  assert.equal(text.decode(trap.stderr), "panicked\n");
});

Deno.test("run() refuses a _start with a v128 in its type before it runs, as a WasiRunError", async () => {
  await assert.rejects(
    run(fixture("wat/v128_start.wasm")),
    (e) =>
      e instanceof WasiRunError &&
      e.message === "cannot call export '_start': its type () -> v128 has a v128, which " +
          "JavaScript (and so wasirun) cannot pass or receive",
  );
});

Deno.test("a WASI object runs once: a second start() or initialize() throws, as node:wasi's", async () => {
  // The second start() answered 0 and ran nothing: stdio had been closed.
  const wasi = new WASI({ args: ["main", "hello"], stdout: "null" });
  const module = await WebAssembly.compile(await Deno.readFile(C));
  assert.equal(await wasi.start(await WebAssembly.instantiate(module, wasi.getImportObject())), 0);
  const again = await WebAssembly.instantiate(module, wasi.getImportObject());
  await assert.rejects(wasi.start(again), WasiRunError);
  await assert.rejects(wasi.initialize(again), WasiRunError);
});

Deno.test("a preopen that cannot be opened is refused when the WASI object is made", () => {
  // It was accepted, and the guest got ENOENT or ENOTDIR later (the CLI refused it); then
  // refused as BADF. Now in the CLI's words.
  const cases: [string, string][] = [
    ["/no/such/dir", "no such file or directory"],
    [`${ROOT}README.md`, "not a directory"],
  ];
  for (const [host, reason] of cases) {
    assert.throws(
      () => new WASI({ preopens: [{ host, guest: "/d" }] }),
      (e) => e instanceof WasiRunError && e.message === `cannot preopen '${host}': ${reason}`,
    );
  }
});

Deno.test("a stdin stream may give any bytes (an ArrayBuffer, a DataView); a number is EIO, not a crash", async () => {
  const bytes = new TextEncoder().encode("abc\n");
  const chunks: unknown[] = [bytes.buffer.slice(0, 2), new DataView(bytes.buffer, 2, 2)];
  const out = await run(C, {
    args: ["main", "cat"],
    stdin: new ReadableStream<unknown>({
      pull(c) {
        const next = chunks.shift();
        if (next === undefined) c.close();
        else c.enqueue(next);
      },
    }) as ReadableStream<Uint8Array>,
  });
  assert.equal(text.decode(out.stdout), "abc\n");
  const bad = await run(C, {
    args: ["main", "cat"],
    stdin: new ReadableStream<unknown>({
      start: (c) => (c.enqueue(42), c.close()),
    }) as ReadableStream<Uint8Array>,
  });
  assert.notEqual(bad.code, 0);
  assert.match(text.decode(bad.stderr), /I\/O error|Input\/output/i);
});

Deno.test("a stdio object that only looks like a Web stream is a WasiRunError or EIO, never a TypeError", async () => {
  // A getWriter() without close() threw "writer.close is not a function" out of start(), and a
  // reader whose read() resolved to null was an internal error in fd_read.
  const startC = (options: WasiOptions, args: string[]) =>
    start("testdata/c/main.wasm", { args, ...options });
  const refused: [WasiOptions, RegExp][] = [
    [{ stdout: { getWriter: () => ({}) } as never }, /^options\.stdout: cannot use the stream: /],
    [{ stderr: { getWriter: () => null } as never }, /^options\.stderr: cannot use the stream: /],
    [
      { stdin: { getReader: () => ({ read: async () => {} }) } as never },
      /^options\.stdin: cannot use the stream: /,
    ],
  ];
  for (const [options, message] of refused) {
    assert.throws(
      () => new WASI(options),
      (e) => e instanceof WasiRunError && message.test(e.message),
      Object.keys(options)[0],
    );
  }
  // Methods that throw, or return what is not a promise: the guest's EPIPE or EIO, as a stream's.
  const writer = { write: () => 5, close: () => 5 };
  assert.equal(
    await startC({ stdout: { getWriter: () => writer } as never }, ["main", "hello"]),
    0,
  );
  const throwing = {
    write: () => {
      throw new Error("no");
    },
    close: () => {
      throw new Error("no");
    },
  };
  const lost = await startC({ stdout: { getWriter: () => throwing } as never }, ["main", "hello"]);
  assert.equal(lost, 141);
  for (const read of [() => Promise.resolve(null), () => 5, () => Promise.resolve(7)]) {
    const stdin = { getReader: () => ({ read, cancel: () => undefined }) };
    const code = await startC({ stdin: stdin as never, stderr: "null" }, ["main", "cat"]);
    assert.equal(code, 1, String(read)); // main.c's cat: "error: read: I/O error"
  }
});
Deno.test("options of the wrong type are a WasiRunError naming the option, not an internal error", async () => {
  // They surfaced as TypeErrors from inside wasirun ("args.map is not a
  // function"), or were taken: env "A=1" gave the guest 0=A, 1==, 2=1.
  const bad: [string, unknown][] = [
    ["args", "main hello"],
    ["args", [{}, 2]],
    ["env", "A=1"],
    ["env", { A: {} }],
    ["preopens", "/tmp"],
    ["preopens", [{ host: 1, guest: "/d" }]],
    ["returnOnExit", "no"],
    ["trace", true],
    ["sigpipe", "ignor"],
    ["signal", {}],
    ["stdout", -5],
    ["stdout", 1.5],
    ["stdout", 2 ** 32 + 2], // no host call takes it (Bun wrote to fd 2)
    ["stdin", {}],
  ];
  for (const [name, value] of bad) {
    assert.throws(
      () => new WASI({ [name]: value } as WasiOptions),
      (e) =>
        e instanceof WasiRunError && new RegExp(`^options\\.${name}(\\S*) must be`).test(e.message),
      `${name}: ${JSON.stringify(value)}`,
    );
  }
  const wasi = new WASI({ stdout: "null" });
  await assert.rejects(wasi.start({} as WebAssembly.Instance), WasiRunError);
  // As node:wasi: a name whose value is undefined is left out.
  const out = await run(C, { args: ["main", "env"], env: { A: "1", B: undefined } as never });
  assert.equal(text.decode(out.stdout), "A=1\n");
  // And writes numbers and booleans as strings, args' too (`env: { PORT: 8080 }` was refused).
  const coerced = await run(C, {
    args: ["main", "env", 5 as never],
    env: { PORT: 8080, DEBUG: false },
  });
  assert.equal(text.decode(coerced.stdout), "PORT=8080\nDEBUG=false\n");
  const args = await run(C, { args: ["main", "args", 5, true] as never });
  assert.equal(
    text.decode(args.stdout),
    "argc=4\nargv[0]=main\nargv[1]=args\nargv[2]=5\nargv[3]=true\n",
  );
});

Deno.test("bad input from an embedder is a WasiRunError that says what was wrong", async () => {
  // Each surfaced as an internal error or a TypeError from deep inside
  // wasirun, or was silently changed (a NUL cut a preopen's path short).
  const bad: [WasiOptions, RegExp][] = [
    // deno-lint-ignore no-sparse-arrays
    [{ args: ["main", , "x"] as string[] }, /^options\.args\[1\] must be a string, not undefined/],
    [{ args: ["main", {}] as never }, /^options\.args\[1\] must be a string, not object/],
    [
      { env: { N: {} } as never },
      /^options\.env\.N must be a string \(or undefined: left out\), not object/,
    ],
    [{ args: ["a\0b"] }, /^options\.args\[0\] contains a NUL byte/],
    [{ env: { "A=B": "1" } }, /^options\.env has the name "A=B"/],
    [{ env: [["", "1"]] }, /^options\.env has the name ""/],
    [{ env: { A: "x\0y" } }, /NUL byte/],
    // deno-lint-ignore no-sparse-arrays
    [
      { preopens: [, { host: ROOT, guest: "/" }] as never },
      /^options\.preopens\[0\] must be a \{ host, guest \} entry, not undefined/,
    ],
    // Each named by its place (the line said arrays were refused, which they are not).
    [{ preopens: [{ host: "/tmp" }] as never }, /^options\.preopens\[0\]\.guest must be a string/],
    [{ preopens: ["/tmp"] as never }, /^options\.preopens\[0\] must be a \{ host, guest \} entry/],
    [{ preopens: { "/d": 5 } as never }, /^options\.preopens\["\/d"\] must be a host path/],
    [{ preopens: [{ host: `${ROOT}\0x`, guest: "/" }] }, /^options\.preopens\[0\] contains a NUL/],
    [{ listeners: [1] as never }, /^options\.listeners must be an array of TcpListener/],
    [{ listeners: {} as never }, /^options\.listeners must be/],
    [{ stdout: "" }, /^options\.stdout is an empty path/],
    [{ stdin: "/no/such/file" }, /^cannot open options\.stdin '\/no\/such\/file': no such file/],
    [{ stdout: "/no/such/dir/out" }, /^cannot open options\.stdout '.*': no such file/],
    [{ stdin: 2 ** 31 - 1 }, /^options\.stdin: fd 2147483647 is not open$/],
  ];
  for (const [options, message] of bad) {
    assert.throws(
      () => new WASI(options),
      (e) => e instanceof WasiRunError && message.test(e.message),
      JSON.stringify(options),
    );
  }
  const wasi = new WASI({ stdout: "null" });
  for (const code of ["x", NaN, 3.5, -1, 2 ** 40, undefined]) {
    assert.throws(() => wasi.interrupt(code as number), WasiRunError, String(code));
  }
  await assert.rejects(wasi.call(null as never, "x"), WasiRunError);
  for (const source of [0, null, {}, true]) {
    await assert.rejects(run(source as never), /^WasiRunError: run\(\) takes a module/);
  }
  await assert.rejects(
    run("/no/such.wasm"),
    /^WasiRunError: cannot read module '\/no\/such\.wasm': no such file/,
  );
  await assert.rejects(run(C, null as never), /^WasiRunError: run\(\)'s options must be an object/);
  // Plain JavaScript may give run() an output option: it collected the output instead, silently.
  await assert.rejects(
    run(C, { stdout: "inherit" } as never),
    /^WasiRunError: run\(\) takes no options\.stdout: it collects the guest's output/,
  );
  await assert.rejects(run(C, { stderr: 2 } as never), /run\(\) takes no options\.stderr/);
  await assert.rejects(run(C, { stdin: 5 as never }), /^WasiRunError: options\.stdin of run\(\)/);
  // Any view of the module's bytes is its bytes; an ArrayBuffer is stdin's bytes too.
  const bytes = await Deno.readFile(C);
  const out = await run(new DataView(bytes.buffer), {
    args: ["main", "cat"],
    stdin: new TextEncoder().encode("ab").buffer as never,
  });
  assert.equal(text.decode(out.stdout), "ab");
});

Deno.test("a failed WASI leaves no host fd open, and a closed one runs nothing", async () => {
  // Only the fds on what this test opens: Deno opens files of its own meanwhile (its code cache's
  // database, in a fresh clone), which a count of every fd took for a leak.
  const ours = [C, ROOT.replace(/\/$/, "")].map((p) => Deno.realPathSync(p));
  const fds = () =>
    [...Deno.readDirSync("/proc/self/fd")].filter((e) => {
      try {
        return ours.includes(Deno.readLinkSync(`/proc/self/fd/${e.name}`));
      } catch {
        return false; // the directory's own fd, gone by now
      }
    }).length;
  const module = await WebAssembly.compile(await Deno.readFile(C));
  const before = fds();
  for (let i = 0; i < 20; i++) {
    // stdin's file was opened before stdout's path failed.
    assert.throws(() => new WASI({ stdin: C, stdout: "/no/such/dir/out" }), WasiRunError);
    assert.throws(
      () => new WASI({ preopens: [{ host: ROOT, guest: "/" }, { host: "/no/such", guest: "/x" }] }),
      WasiRunError,
    );
  }
  // run() of a module whose instantiation fails (a start section that waits, precompiled).
  const waits = await WebAssembly.compile(await Deno.readFile(fixture("wat/start_wait.wasm")));
  for (let i = 0; i < 5; i++) {
    await assert.rejects(run(waits, { preopens: [{ host: ROOT, guest: "/" }] }));
  }
  assert.equal(fds(), before);
  const wasi = new WASI({ args: ["main", "hello"], stdout: "null" });
  await wasi.close();
  const instance = await WebAssembly.instantiate(module, wasi.getImportObject());
  await assert.rejects(wasi.start(instance), /this WASI object is closed/);
});

Deno.test("stdout and stderr may be one stream: the guest's writes arrive in its order", async () => {
  // It was "TypeError: The stream is already locked".
  const out = sink();
  const code = await start("testdata/c/main.wasm", {
    args: ["main", "interleave"],
    stdout: out.stream,
    stderr: out.stream,
  });
  assert.equal(code, 0);
  let expected = "";
  for (let i = 0; i < 2000; i++) expected += `out ${i}\nerr ${i}\n`;
  expected += "O".repeat(70000) + "\nERR\nEND\n";
  assert.equal(out.text(), expected);
});

Deno.test("initialize() is for reactors, and a guest runs one call at a time", async () => {
  const module = await WebAssembly.compile(await Deno.readFile(C));
  const wasi = new WASI({ args: ["main", "sleep", "200"], stdout: "null" });
  const command = await WebAssembly.instantiate(module, wasi.getImportObject());
  await assert.rejects(wasi.initialize(command), /initialize\(\) is for reactors/);
  // A second call into a guest that waits would run on its stack and memory.
  const started = wasi.start(command);
  await new Promise((r) => setTimeout(r, 50));
  await assert.rejects(wasi.call(command, "_start"), /one call at a time/);
  // Nor may its fds close under it (start() resolved 0 with the output lost).
  await assert.rejects(wasi.close(), /^WasiRunError: the guest is running: await start\(\)/);
  assert.equal(await started, 0);
  // An instance made with one WASI's imports, started by another: the message says so.
  const [w1, w2] = [new WASI({ stdout: "null" }), new WASI({ stdout: "null" })];
  const crossed = await WebAssembly.instantiate(module, w1.getImportObject());
  await assert.rejects(w2.start(crossed), /imports of a WASI object it was not started with/);
});

Deno.test("run()'s maxMemorySize caps memory.grow, unknownImports stands in for missing imports", async () => {
  const grow = fixture("wat/grow_limit.wasm");
  const capped = await run(grow, { maxMemorySize: 10_000_000 });
  assert.equal(text.decode(capped.stdout), "grew\nrefused\n");
  assert.equal(text.decode((await run(grow)).stdout), "grew\ngrew\n");
  await assert.rejects(
    run(grow, { maxMemorySize: 100_000 }),
    (e) => e instanceof WasiRunError && /starts at 2 pages .* allows 1$/.test(e.message),
  );
  const unknown = fixture("wat/unknown_imports.wasm");
  await assert.rejects(run(unknown), /sock_open', which wasirun does not provide$/);
  const zeros = await run(await Deno.readFile(unknown), { unknownImports: "default" });
  assert.equal(text.decode(zeros.stdout), "start\nzeros\n");
  const module = await WebAssembly.compile(await Deno.readFile(unknown));
  for (const source of [unknown, module]) {
    await assert.rejects(
      run(source, { unknownImports: "trap" }),
      (e) =>
        e instanceof WasiRunError &&
        e.message === "called 'env.i32', which wasirun does not provide",
    );
  }
  // What needs the bytes is refused for a compiled module, and bad values in one line.
  await assert.rejects(run(module, { unknownImports: "default" }), /needs the module's bytes/);
  await assert.rejects(run(module, { maxMemorySize: 1 << 20 }), /needs the module's bytes/);
  for (const bad of [1.5, NaN, 10n, "5"]) {
    await assert.rejects(
      run(grow, { maxMemorySize: bad as number }),
      (e) =>
        e instanceof WasiRunError && /^options\.maxMemorySize must be .*, not \S+$/.test(e.message),
    );
  }
  await assert.rejects(
    run(grow, { unknownImports: "yes" as "trap" }),
    /options\.unknownImports must be "trap" or "default", not "yes"/,
  );
});

Deno.test("a reactor called 40,000 times keeps its memory (each call's flush left a reaction)", async () => {
  // Every call() flushes the output, and each flush added a reaction to the instance's
  // interrupt, pending for the WASI's life: ~2 KB a call (80 MB here) on every runtime.
  const dir = await Deno.makeTempDir();
  try {
    const script = `${dir}/calls.mjs`;
    await Deno.writeTextFile(
      script,
      `import { WASI } from ${JSON.stringify(new URL("../mod.ts", import.meta.url).href)};
      const wasi = new WASI({ stdout: "null" });
      const module = new WebAssembly.Module(Deno.readFileSync(${
        JSON.stringify(fixture("wat/reactor.wasm"))
      }));
      const instance = new WebAssembly.Instance(module, wasi.getImportObject());
      await wasi.initialize(instance);
      const heap = async (calls) => {
        for (let i = 0; i < calls; i++) await wasi.call(instance, "add", 1, 2);
        globalThis.gc(); globalThis.gc();
        return Deno.memoryUsage().heapUsed;
      };
      const before = await heap(5000);
      const after = await heap(40000);
      console.log(Math.round((after - before) / 1048576));`,
    );
    const out = await new Deno.Command(Deno.execPath(), {
      args: ["run", "-A", "--v8-flags=--expose-gc", script],
      stdout: "piped",
      stderr: "piped",
    }).output();
    const grownMb = Number(text.decode(out.stdout));
    assert.equal(out.code, 0, text.decode(out.stderr));
    assert.ok(grownMb < 10, `the heap grew by ${grownMb} MB over 40,000 calls`);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("start() resolves once an output stream's own close is done (it may write its last bytes then)", async () => {
  // Node's Writable.toWeb resolves each write before its bytes are out, and only close()
  // waits for them: start() resolved before that close, and the file was empty or missing.
  let pending = "";
  let committed = "";
  const stdout = new WritableStream<Uint8Array>({
    write(chunk) {
      pending += text.decode(chunk);
    },
    async close() {
      await new Promise((resolve) => setTimeout(resolve, 50));
      committed = pending;
    },
  });
  const wasi = new WASI({ args: ["main", "hello"], stdout });
  const module = await WebAssembly.compile(await Deno.readFile(C));
  const code = await wasi.start(await WebAssembly.instantiate(module, wasi.getImportObject()));
  assert.equal(code, 0);
  assert.equal(committed, "hello, world\n");
});

Deno.test("an output stream with highWaterMark 0 gets the guest's output (its ready never resolves)", async () => {
  const chunks: string[] = [];
  const stdout = new WritableStream<Uint8Array>(
    { write: (c) => void chunks.push(text.decode(c)) },
    { highWaterMark: 0 },
  );
  const wasi = new WASI({ args: ["main", "hello"], stdout });
  const module = await WebAssembly.compile(await Deno.readFile(C));
  const code = await wasi.start(await WebAssembly.instantiate(module, wasi.getImportObject()));
  assert.equal(code, 0);
  assert.equal(chunks.join(""), "hello, world\n");
});

Deno.test("call() with an argument the engine cannot convert rejects with the engine's TypeError", async () => {
  const wasi = new WASI({ stdout: "null" });
  const module = await WebAssembly.compile(await Deno.readFile(fixture("wat/reactor.wasm")));
  const instance = await WebAssembly.instantiate(module, wasi.getImportObject());
  await wasi.initialize(instance);
  // add(i32, i32): a BigInt is no i32.
  await assert.rejects(wasi.call(instance, "add", 1n, 2), (e) => e?.constructor === TypeError);
  assert.equal(await wasi.call(instance, "add", 1, 2), 3);
});

Deno.test("call() refuses an instance other than the one the WASI serves (it would use that one's memory)", async () => {
  const chunks: string[] = [];
  const stdout = new WritableStream<Uint8Array>({ write: (c) => void chunks.push(text.decode(c)) });
  const wasi = new WASI({ stdout });
  const module = await WebAssembly.compile(await Deno.readFile(fixture("wat/reactor.wasm")));
  const a = await WebAssembly.instantiate(module, wasi.getImportObject());
  const b = await WebAssembly.instantiate(module, wasi.getImportObject());
  await wasi.initialize(a);
  await assert.rejects(
    wasi.call(b, "hello"),
    (e) => e instanceof WasiRunError && /serves another instance/.test(e.message),
  );
  await wasi.call(a, "hello");
  await wasi.close();
  assert.equal(chunks.join(""), "initialized\nhello from reactor\n");
});

Deno.test("finalizeBindings() binds a module's imported memory, as node:wasi's", async () => {
  const chunks: string[] = [];
  const stdout = new WritableStream<Uint8Array>({ write: (c) => void chunks.push(text.decode(c)) });
  const wasi = new WASI({ stdout });
  const memory = new WebAssembly.Memory({ initial: 1 });
  const module = await WebAssembly.compile(
    await Deno.readFile(fixture("wat/imported_memory.wasm")),
  );
  const instance = await WebAssembly.instantiate(module, {
    ...wasi.getImportObject(),
    env: { memory },
  });
  assert.throws(() => new WASI().finalizeBindings(instance), /exports no memory; give it as/);
  wasi.finalizeBindings(instance, { memory });
  await wasi.call(instance, "hello");
  await wasi.close();
  assert.equal(chunks.join(""), "hello from imported memory\n");
  assert.throws(() => wasi.finalizeBindings(instance, { memory }), WasiRunError);
});

Deno.test("an output stream whose own close fails ends start() with 141, as a lost write does", async () => {
  // A sink that fails as it closes (a file's last flush: ENOSPC) lost what the guest was told went
  // out; start() resolved 0 and the error went nowhere.
  const failingClose = () =>
    new WritableStream<Uint8Array>({
      write() {},
      close: () => Promise.reject(new Error("disk full")),
    });
  const module = await WebAssembly.compile(await Deno.readFile(C));
  const startWith = async (args: string[], options: WasiOptions = {}) => {
    const wasi = new WASI({ args, stdout: failingClose(), ...options });
    return await wasi.start(await WebAssembly.instantiate(module, wasi.getImportObject()));
  };
  assert.equal(await startWith(["main", "hello"]), 141);
  assert.equal(await startWith(["main", "exit", "3"]), 141); // a native program dies of SIGPIPE
  // With SIGPIPE ignored, not over an exit code of the guest's own.
  assert.equal(await startWith(["main", "hello"], { sigpipe: "ignore" }), 141);
  assert.equal(await startWith(["main", "exit", "3"], { sigpipe: "ignore" }), 3);
  // A close that succeeds changes nothing.
  const fine = new WASI({ args: ["main", "hello"], stdout: new WritableStream({ write() {} }) });
  assert.equal(await fine.start(await WebAssembly.instantiate(module, fine.getImportObject())), 0);
});

Deno.test("a command whose exports run after _start: finalizeBindings() and call('_start') keep its fds", async () => {
  // start() ends the run as a process's exit does (its fds closed, its streams too), so what an
  // export writes after it goes nowhere (BADF), where node:wasi leaves its fds open. A command
  // called after its _start (TinyGo's exports) is run this way instead, and close()d at the end.
  const chunks: string[] = [];
  const stdout = new WritableStream<Uint8Array>({ write: (c) => void chunks.push(text.decode(c)) });
  const wasi = new WASI({ args: ["main", "hello"], stdout });
  const module = await WebAssembly.compile(await Deno.readFile(C));
  const instance = await WebAssembly.instantiate(module, wasi.getImportObject());
  wasi.finalizeBindings(instance);
  await wasi.call(instance, "_start");
  await wasi.call(instance, "_start");
  assert.equal(chunks.join(""), "hello, world\nhello, world\n");
  await wasi.close();
  await assert.rejects(wasi.call(instance, "_start"), /this WASI object is closed/);

  const after: string[] = [];
  const started = new WASI({
    args: ["main", "hello"],
    stdout: new WritableStream<Uint8Array>({ write: (c) => void after.push(text.decode(c)) }),
  });
  const again = await WebAssembly.instantiate(module, started.getImportObject());
  assert.equal(await started.start(again), 0);
  await started.call(again, "_start"); // its stdout closed with the run: nothing arrives
  assert.equal(after.join(""), "hello, world\n");
});

Deno.test("a stdin stream of strings gives the guest their UTF-8, as run()'s string stdin", async () => {
  // A stream piped through a TextDecoderStream yields strings: the guest read EIO, and the
  // reason reached nobody.
  const stdin = ReadableStream.from(["héllo ", "wörld\n"]);
  const out = await run(C, { args: ["main", "cat"], stdin });
  assert.equal(text.decode(out.stdout), "héllo wörld\n");
  assert.equal(out.code, 0);
});

Deno.test("start() also waits for the close of an output stream the guest closed itself", async () => {
  let closed = false;
  const stdout = new WritableStream<Uint8Array>({
    async close() {
      await new Promise((resolve) => setTimeout(resolve, 100));
      closed = true;
    },
  });
  const wasi = new WASI({ args: ["main", "close-stdout"], stdout, stderr: "null" });
  const module = await WebAssembly.compile(await Deno.readFile(C));
  assert.equal(await wasi.start(await WebAssembly.instantiate(module, wasi.getImportObject())), 0);
  assert.equal(closed, true, "start() resolved before fd_close(1)'s stream was closed");
});

Deno.test("an abort ends a start() whose output stream's close never settles", async () => {
  const stdout = new WritableStream<Uint8Array>({ close: () => new Promise(() => {}) });
  const abort = new AbortController();
  const wasi = new WASI({ args: ["main", "hello"], stdout, signal: abort.signal });
  const module = await WebAssembly.compile(await Deno.readFile(C));
  const instance = await WebAssembly.instantiate(module, wasi.getImportObject());
  const timer = setTimeout(() => abort.abort(), 200);
  let guard: ReturnType<typeof setTimeout> | undefined;
  const settled = await Promise.race([
    wasi.start(instance).then(() => "settled", () => "settled"),
    new Promise((resolve) => guard = setTimeout(() => resolve("still pending"), 5000)),
  ]);
  clearTimeout(timer);
  clearTimeout(guard);
  assert.equal(settled, "settled");
});

Deno.test("a stdin stream of strings may cut a surrogate pair between chunks", async () => {
  const stdin = ReadableStream.from(["a\uD83D", "\uDE00b", "\uD83D"]);
  const out = await run(C, { args: ["main", "cat"], stdin });
  assert.deepEqual([...out.stdout], [0x61, 0xf0, 0x9f, 0x98, 0x80, 0x62, 0xef, 0xbf, 0xbd]);
});

Deno.test("without WebAssembly (--jitless) the library loads and says why it cannot run", async () => {
  const script = `
    import { run, WASI, WasiRunError } from ${JSON.stringify(`${ROOT}mod.ts`)};
    const said = [typeof WebAssembly];
    try { new WASI(); } catch (e) { said.push(e instanceof WasiRunError, e.message); }
    try { await run("testdata/c/main.wasm"); } catch (e) { said.push(e instanceof WasiRunError); }
    console.log(JSON.stringify(said));`;
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["eval", "--v8-flags=--jitless", script],
    cwd: ROOT,
    stdout: "piped",
    stderr: "piped",
  }).output();
  assert.deepEqual(JSON.parse(text.decode(out.stdout)), [
    "undefined", // the stand-in it loaded over is gone
    true,
    "this JavaScript runtime has no WebAssembly (was it started with --jitless?); " +
    "wasirun needs WebAssembly with JSPI",
    true,
  ], text.decode(out.stderr));
});

Deno.test("TcpListener.listen with no host listens on every address, as node:net's listen", async () => {
  // Deno's check of its net permission looks the host up first: an empty one must not be.
  const listener = await TcpListener.listen("", 0);
  try {
    assert.ok(listener.port > 0);
    assert.match(listener.host, /^(::|0\.0\.0\.0)$/);
  } finally {
    listener.close();
  }
});
