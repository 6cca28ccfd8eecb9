/**
 * Modules that try to make wasirun itself fail (issue 10): imports of the
 * wrong type, start sections that call WASI, counts no POSIX call accepts.
 * Each must end in one line and a documented exit code, or the guest's own
 * result, on every runtime.
 */
import assert from "node:assert/strict";
import { ImportTypeError, ProcExit, run, WASI, WasiRunError } from "../mod.ts";
import {
  assertStdout,
  fixture,
  ROOT,
  runCli,
  runningScript,
  runShell,
  RUNTIMES,
  shellQuote,
} from "./_helpers.ts";

const text = new TextDecoder();

const BAD_TYPES: [string, string][] = [
  [
    "wat/bad_sig_i64.wasm",
    "import 'wasi_snapshot_preview1.fd_write' has type (i64, i32, i32, i32) -> i32, " +
    "expected (i32, i32, i32, i32) -> i32",
  ],
  [
    "wat/bad_sig_exit.wasm",
    "import 'wasi_snapshot_preview1.proc_exit' has type (i64) -> (), expected (i32) -> ()",
  ],
  [
    "wat/bad_sig_arity.wasm",
    "import 'wasi_snapshot_preview1.fd_write' has type (i32, i32, i32) -> i32, " +
    "expected (i32, i32, i32, i32) -> i32",
  ],
  [
    "wat/bad_sig_result.wasm",
    "import 'wasi_snapshot_preview1.clock_time_get' has type (i32, i32, i32) -> i64, " +
    "expected (i32, i64, i32) -> i32",
  ],
  [
    "wat/bad_import_kind.wasm",
    "module imports 'wasi_snapshot_preview1.fd_write' as a global, but it is a function",
  ],
];

for (const runtime of RUNTIMES) {
  for (const [path, message] of BAD_TYPES) {
    Deno.test(`${runtime.name}: ${path} is refused at link time in one line with exit 1`, async () => {
      const r = await runCli(runtime, [fixture(path)]);
      assert.equal(r.stderr, `error: ${fixture(path)}: ${message}\n`);
      assert.equal(r.code, 1);
      assertStdout(r, "");
    });
  }

  Deno.test(`${runtime.name}: a start section's output comes out before _start's, into a pipe`, async () => {
    const r = await runCli(runtime, [fixture("wat/start_write.wasm")]);
    assertStdout(r, "hello from start\nhello from _start\n");
    assert.equal(r.stderr, "");
    assert.equal(r.code, 0);
  });

  Deno.test(`${runtime.name}: proc_exit in a start section ends the run with its code, output flushed`, async () => {
    const r = await runCli(runtime, [fixture("wat/start_exit.wasm")]);
    assertStdout(r, "exiting from start\n");
    assert.equal(r.stderr, "");
    assert.equal(r.code, 5);
  });

  Deno.test(`${runtime.name}: a start section may wait: a sleep and a read of a slow stdin pipe`, async () => {
    const [cmd, ...pre] = runtime.command;
    const child = new Deno.Command(cmd, {
      args: [...pre, fixture("wat/start_wait.wasm")],
      cwd: ROOT,
      stdin: "piped",
      stdout: "piped",
      stderr: "piped",
    }).spawn();
    await new Promise((r) => setTimeout(r, 300));
    const writer = child.stdin.getWriter();
    await writer.write(new TextEncoder().encode("late line\n"));
    await writer.close();
    const out = await child.output();
    assert.equal(text.decode(out.stdout), "late line\ndone\n");
    assert.equal(text.decode(out.stderr), "");
    assert.equal(out.code, 0);
  });
}

for (const runtime of RUNTIMES) {
  Deno.test(`${runtime.name}: a guest that catches its own exit (wasm exceptions) still exits with it`, async () => {
    // stdout a pipe: its write after the exit may wait, and the guest is parked there
    const piped = await runCli(runtime, [fixture("wat/catch_exit.wasm")]);
    assert.equal(piped.stdout, "");
    assert.equal(piped.stderr, "");
    assert.equal(piped.code, 3);
    // stdout /dev/null: nothing may wait, and its next proc_exit, caught for ever, ends the process
    const guest = [...runtime.command, fixture("wat/catch_exit.wasm")].map(shellQuote).join(" ");
    const r = await runShell(`${guest} > /dev/null`);
    assert.equal(r.stderr, "");
    assert.equal(r.code, 3);
  });

  Deno.test(`${runtime.name}: a command that exports _initialize too gets it run first, as under wasmtime`, async () => {
    const r = await runCli(runtime, [fixture("wat/init_and_start.wasm")]);
    assertStdout(r, "init\nstart\n");
    assert.equal(r.code, 0);
  });

  Deno.test(`${runtime.name}: a guest that catches its exit and calls the host again loses no queued output`, async () => {
    // random_get cannot wait, so the guest cannot be parked there: the CLI ended the process at
    // once, and the write queue's 64 KiB never reached the pipe (Deno).
    const trace = await Deno.makeTempFile({ prefix: "wasirun-catch-exit-" });
    try {
      const guest = [
        ...runtime.command,
        "--trace=json",
        "--trace-file",
        trace,
        fixture("wat/catch_exit_write.wasm"),
      ].map(shellQuote).join(" ");
      const r = await runShell(
        `cd ${shellQuote(ROOT)}; set -o pipefail; ${guest} | (sleep 1; wc -c)`,
      );
      const write = (await Deno.readTextFile(trace)).split("\n").filter((l) => l)
        .map((l) => JSON.parse(l)).find((record) => record.call === "fd_write");
      assert.equal(write?.errno, "SUCCESS");
      assert.ok(write.result.nwritten >= 65536, String(write.result.nwritten));
      assert.equal(r.stdout.trim(), String(write.result.nwritten));
      assert.equal(r.stderr, "");
      assert.equal(r.code, 3);
    } finally {
      await Deno.remove(trace);
    }
  });

  Deno.test(`${runtime.name}: a guest that catches every exception the host throws still ends at -W timeout`, async () => {
    const r = await runCli(runtime, ["-W", "timeout=500ms", fixture("wat/catch_interrupt.wasm")]);
    assert.match(r.stdout, /^(tick\n)+$/);
    assert.match(r.stderr, /ran past -W timeout=500ms\n$/);
    assert.equal(r.code, 142);
  });
}

Deno.test("run() with an abort signal ends a guest that catches every exception the host throws", async () => {
  const started = performance.now();
  await assert.rejects(
    run(fixture("wat/catch_interrupt.wasm"), { signal: AbortSignal.timeout(300) }),
    (e: Error) => e.name === "TimeoutError",
  );
  assert.ok(performance.now() - started < 5000);
});

Deno.test("run(): a guest that catches proc_exit and returns from _start still exits with its code", async () => {
  const r = await run(fixture("wat/catch_exit.wasm"));
  assert.equal(r.code, 3);
  assert.equal(r.stdout.length, 0);
});

Deno.test("run(): a guest that catches proc_exit and calls the host again ends with its code and output", async () => {
  // random_get cannot wait: the guest was handed its exit again, caught it, and looped for ever.
  const r = await run(fixture("wat/catch_exit_write.wasm"));
  assert.equal(r.code, 3);
  assert.ok(r.stdout.length > 0);
  assert.ok(r.stdout.every((b) => b === 0x78)); // "x"
});

Deno.test("run(): what an embedder's trace callback throws ends the run, though the guest catches every exception", async () => {
  // The guest caught it (in a call that answers at once, and in one that waits) and run() resolved 7.
  for (const failing of ["random_get", "poll_oneoff"]) {
    const calls: string[] = [];
    await assert.rejects(
      run(fixture("wat/catch_host_error.wasm"), {
        trace: (record) => {
          calls.push(record.call);
          if (record.call === failing) throw new Error(`trace callback broken at ${failing}`);
        },
      }),
      { message: `trace callback broken at ${failing}` },
    );
    assert.deepEqual(
      calls,
      failing === "random_get" ? ["random_get"] : ["random_get", "poll_oneoff"],
    );
  }
});

Deno.test("run(): an async trace callback that rejects ends the run at the next call, not the host process", async () => {
  // Its rejection went unhandled, and Deno ended the embedding process after run() resolved.
  const calls: string[] = [];
  await assert.rejects(
    run(fixture("wat/catch_host_error.wasm"), {
      // deno-lint-ignore require-await
      trace: async (record) => {
        calls.push(record.call);
        if (record.call === "random_get") throw new Error("async trace callback broken");
      },
    }),
    { message: "async trace callback broken" },
  );
  // The rejection settles while the guest waits; the wait's own record ends the run.
  assert.deepEqual(calls, ["random_get"]);
});

Deno.test("run(): an async trace callback's rejection that no later call meets ends the run at its end", async () => {
  // A guest that never waited again (C hello, rejecting at args_get) finished first: run()
  // resolved with code 0 and the error was lost (helper-188).
  await assert.rejects(
    run(fixture("c/main.wasm"), {
      args: ["main", "hello"],
      // deno-lint-ignore require-await
      trace: async (record) => {
        if (record.call === "args_get") throw new Error("async trace rejected late");
      },
    }),
    { message: "async trace rejected late" },
  );
});

Deno.test("WASI.call(): an async trace rejection ends one call, as a throw does, not every later one", async () => {
  // After the call it ended, every later call() threw it again, even one making no WASI call.
  const bytes = new Uint8Array(await Deno.readFile(`${ROOT}${fixture("wat/reactor_rand.wasm")}`));
  const wasi = new WASI({
    trace: (r) =>
      r.call === "random_get" ? Promise.reject(new Error("async trace error")) : undefined,
  });
  const instance = await WebAssembly.instantiate(
    await WebAssembly.compile(bytes),
    wasi.getImportObject(),
  );
  await wasi.initialize(instance);
  await assert.rejects(wasi.call(instance, "rand"), { message: "async trace error" });
  assert.equal(await wasi.call(instance, "pure"), 42);
  assert.equal(await wasi.call(instance, "pure"), 42);
});

Deno.test("run() refuses an import of the wrong type with an ImportTypeError", async () => {
  const bytes = await Deno.readFile(`${ROOT}${fixture("wat/bad_sig_i64.wasm")}`);
  await assert.rejects(
    run(bytes),
    (e) =>
      e instanceof ImportTypeError && /expected \(i32, i32, i32, i32\) -> i32$/.test(e.message),
  );
});

Deno.test("a WASI user's own instance calling an import with the wrong type gets an ImportTypeError", async () => {
  for (const path of ["wat/bad_sig_i64.wasm", "wat/bad_sig_arity.wasm", "wat/bad_sig_exit.wasm"]) {
    const wasi = new WASI({ stdout: "null" });
    const module = await WebAssembly.compile(await Deno.readFile(`${ROOT}${fixture(path)}`));
    const instance = await WebAssembly.instantiate(module, wasi.getImportObject());
    await assert.rejects(
      wasi.start(instance),
      (e) => e instanceof ImportTypeError && /was called with \(.*\), expected/.test(e.message),
      path,
    );
  }
});

Deno.test("a WASI user's own instance importing a function with the wrong result type gets an ImportTypeError", async () => {
  const wasi = new WASI({ stdout: "null" });
  const bytes = await Deno.readFile(`${ROOT}${fixture("wat/bad_sig_result.wasm")}`);
  const instance = await WebAssembly.instantiate(
    await WebAssembly.compile(bytes),
    wasi.getImportObject(),
  );
  await assert.rejects(
    wasi.start(instance),
    (e) =>
      e instanceof ImportTypeError &&
      /^a WASI function's result does not convert to the type the module imports it with \(.+\); run\(\) given the module's bytes checks its import types$/
        .test(e.message),
  );
});

Deno.test("a TypeError from an embedder's own import reaches start() as it was thrown, not as an ImportTypeError", async () => {
  // It was taken for the engine failing to convert a WASI function's result: the embedder's bug
  // reported as a type mismatch in wasirun's functions, its stack gone.
  const bytes = await Deno.readFile(`${ROOT}${fixture("wat/embedder_import.wasm")}`);
  const module = await WebAssembly.compile(bytes);
  const thrown = new TypeError("Cannot read properties of undefined (reading 'verbose')");
  const wasi = new WASI({ stdout: "null" });
  const instance = await WebAssembly.instantiate(module, {
    ...wasi.getImportObject(),
    env: {
      cb: () => {
        throw thrown;
      },
    },
  });
  await assert.rejects(wasi.start(instance), (e) => e === thrown);
  // The engine's own conversion failure still is one, with the engine's error as its cause.
  const mismatch = new WASI({ stdout: "null" });
  const result = await WebAssembly.instantiate(
    await WebAssembly.compile(await Deno.readFile(`${ROOT}${fixture("wat/bad_sig_result.wasm")}`)),
    mismatch.getImportObject(),
  );
  await assert.rejects(
    mismatch.start(result),
    (e) => e instanceof ImportTypeError && e.cause instanceof TypeError,
  );
});

Deno.test("a trace callback that calls into the guest, whose own trace callback throws, ends start() with that error", async () => {
  // The inner error came out wrapped twice: start() rejected with a bare RuntimeError.
  const bytes = await Deno.readFile(`${ROOT}${fixture("wat/embedder_import.wasm")}`);
  const thrown = new Error("my callback failed");
  let depth = 0;
  const self: { instance?: WebAssembly.Instance } = {};
  const wasi = new WASI({
    stdout: "null",
    trace: () => {
      if (++depth === 2) throw thrown;
      (self.instance!.exports._start as () => void)();
    },
  });
  const instance = self.instance = await WebAssembly.instantiate(await WebAssembly.compile(bytes), {
    ...wasi.getImportObject(),
    env: { cb: () => {} },
  });
  await assert.rejects(wasi.start(instance), (e) => e === thrown);
});

Deno.test("run() runs a start section like _start: output, then proc_exit's code", async () => {
  const bytes = await Deno.readFile(`${ROOT}${fixture("wat/start_exit.wasm")}`);
  const r = await run(bytes);
  assert.equal(r.code, 5);
  assert.equal(text.decode(r.stdout), "exiting from start\n");
  const both = await run(await Deno.readFile(`${ROOT}${fixture("wat/start_write.wasm")}`));
  assert.equal(text.decode(both.stdout), "hello from start\nhello from _start\n");
});

Deno.test("a start section instantiated by the user: typed errors, never an internal error", async () => {
  // The start section runs inside WebAssembly.instantiate, before wasirun
  // knows the instance's memory: a plain fd_write cannot work and says so.
  const module = await WebAssembly.compile(
    await Deno.readFile(`${ROOT}${fixture("wat/start_write.wasm")}`),
  );
  const quiet = new WASI({ stdin: "null", stdout: "null", stderr: "null" });
  await assert.rejects(
    WebAssembly.instantiate(module, quiet.getImportObject()),
    (e) =>
      e instanceof WasiRunError &&
      /'fd_write' was called before the module's memory was known: while it was being instantiated/
        .test(e.message),
  );
  // A JSPI-suspending fd_write (stdout may wait) cannot even be entered
  // outside WebAssembly.promising: the engine throws its SuspendError.
  const streaming = new WASI({ stdout: new WritableStream() });
  await assert.rejects(
    WebAssembly.instantiate(module, streaming.getImportObject()),
    (e) => (e as Error).name === "SuspendError",
  );
  // run() with a precompiled module says what to do instead.
  await assert.rejects(
    run(module),
    (e) => e instanceof WasiRunError && /pass the module's bytes/.test(e.message),
  );
});

Deno.test("proc_exit from a start section the user instantiates rejects with ProcExit", async () => {
  // A hand-made module: (start $s) where $s calls proc_exit(9), no memory needed.
  const module = await WebAssembly.compile(EXIT_IN_START);
  const wasi = new WASI({ stdout: "null" });
  await assert.rejects(
    WebAssembly.instantiate(module, wasi.getImportObject()),
    (e) => e instanceof ProcExit && e.code === 9,
  );
  assert.equal((await run(module)).code, 9);
  // From bytes, the start section runs after instantiation: no memory and no
  // _start needed to end there.
  assert.equal((await run(EXIT_IN_START)).code, 9);
});

/** (module (import "wasi_snapshot_preview1" "proc_exit" (func (param i32))) (func (call 0 (i32.const 9))) (start 1)) */
const EXIT_IN_START = new Uint8Array([
  0x00,
  0x61,
  0x73,
  0x6d,
  0x01,
  0x00,
  0x00,
  0x00, // magic, version
  0x01,
  0x08,
  0x02,
  0x60,
  0x01,
  0x7f,
  0x00,
  0x60,
  0x00,
  0x00, // types: (i32)->(), ()->()
  0x02,
  0x24,
  0x01,
  0x16,
  ...new TextEncoder().encode("wasi_snapshot_preview1"),
  0x09,
  ...new TextEncoder().encode("proc_exit"),
  0x00,
  0x00, // import func type 0
  0x03,
  0x02,
  0x01,
  0x01, // one function of type 1
  0x08,
  0x01,
  0x01, // start: function 1
  0x0a,
  0x08,
  0x01,
  0x06,
  0x00,
  0x41,
  0x09,
  0x10,
  0x00,
  0x0b, // code: i32.const 9; call 0
]);

const LIMITS = [
  "fd_write_50M=28",
  "fd_read_50M=28",
  "fd_write_1024=0",
  "fd_write_1025=28",
  "fd_read_1025=28",
  "open=0",
  "fd_pwrite_1025=28",
  "fd_pread_1025=28",
  "fd_pwrite_1024=0",
  "poll_65536=0",
  "poll_65536_events=0",
  "poll_65537=28",
  "poll_huge=28",
  "path_4095=0",
  "path_4096=37",
  "mkdir_huge=37",
  "readdir_400M=0",
  "readdir_used_small=0",
].join("\n") + "\n";

for (const runtime of RUNTIMES) {
  Deno.test(`${runtime.name}: counts beyond IOV_MAX, poll's bound and PATH_MAX get EINVAL / ENAMETOOLONG at once`, async () => {
    const scratch = await Deno.makeTempDir({ prefix: "wasirun-limits-" });
    try {
      const r = await runCli(runtime, ["--dir", scratch, fixture("c/limits.wasm")], {
        stdin: "null",
      });
      assert.equal(r.stderr, "");
      assertStdout(r, LIMITS);
      assert.equal(r.code, 0);
    } finally {
      await Deno.remove(scratch, { recursive: true });
    }
  });

  Deno.test(`${runtime.name}: file sizes past the host's limit are EFBIG (or fine), never an internal error; transfers ending past 2^63 - 1 are EINVAL`, async () => {
    const scratch = await Deno.makeTempDir({ prefix: "wasirun-limits-" });
    try {
      const r = await runCli(runtime, ["--dir", scratch, fixture("c/limits.wasm"), "sizes"]);
      assert.equal(r.stderr, "");
      assert.equal(
        r.stdout,
        "open=0\nsizes_past_the_limit_ok=0\nset_size_2^63=28\npread_2^63-1=28\npwrite_2^63-2=28\npread_2^63-2_one=0\n",
      );
      assert.equal(r.code, 0);
    } finally {
      await Deno.remove(scratch, { recursive: true });
    }
  });

  Deno.test(`${runtime.name}: a module with no memory runs; a call that needs one is one line, exit 1`, async () => {
    // It was refused before _start for exporting no memory (wasmtime runs it).
    const ran = await runCli(runtime, [fixture("wat/no_memory.wasm")]);
    assert.equal(ran.stderr, "");
    assert.equal(ran.code, 0);
    const wrote = await runCli(runtime, [fixture("wat/no_memory_write.wasm")]);
    assert.match(
      wrote.stderr,
      /^error: testdata\/wat\/no_memory_write\.wasm: 'fd_write' was called before the module's memory was known: .*'memory'\n$/,
    );
    assert.equal(wrote.code, 1);
  });

  Deno.test(`${runtime.name}: a read into iovecs of 4 GiB in all gets a count, not 0 (EOF) from a wrapped u32`, async () => {
    // 256 iovecs of 16 MiB: the count cut where Linux cuts readv (0x7ffff000).
    const r = await runCli(runtime, [fixture("wat/iov_total.wasm")], { stdinFile: "/dev/zero" });
    assert.equal(r.stderr, "");
    assert.equal(r.code, 0);
  });

  if (runtime.name !== "deno") {
    Deno.test(`${runtime.name}: a memory the host cannot reserve (ulimit -v) is one line and exit 1, never an internal error`, async () => {
      // The engine's RangeError read as a bug in wasirun (exit 70) on Bun and Node; and a
      // small module's read buffer (a WebAssembly.Memory: 8 GiB of address space on Node) left a
      // C hello's own memory no room under ulimit -v 16 GiB (a helper's finds). (Deno is not
      // run: its Oilpan heap cannot even start under ulimit -v 32 GiB.)
      const cli = runtime.command.map(shellQuote).join(" ");
      const big = shellQuote(fixture("wat/huge_memory.wasm"));
      const r = await runShell(`ulimit -v 4194304; ${cli} ${big}`);
      assert.equal(
        r.stderr,
        "error: testdata/wat/huge_memory.wasm: cannot allocate the module's memory: the host is " +
          "out of memory (or its address space is limited: ulimit -v)\n",
      );
      assert.equal(r.code, 1);
      const hello = await runShell(
        `ulimit -v 16777216; ${cli} ${shellQuote(fixture("c/main.wasm"))} hello`,
      );
      assertStdout(hello, "hello, world\n");
      assert.equal(hello.code, 0);
    });
  }

  Deno.test(`${runtime.name}: random_get of 2 GiB in one call fills it, never an internal error`, async () => {
    // Node read /dev/urandom with readSync, whose length is an int32: 2 GiB was negative.
    const r = await runCli(runtime, [fixture("wat/random_big.wasm")]);
    assert.equal(r.stderr, "");
    assert.equal(r.code, 0);
  });

  Deno.test(`${runtime.name}: stdin and stdout whose rights the guest dropped answer ENOTCAPABLE, as a file`, async () => {
    const r = await runCli(runtime, [fixture("wat/rights_stdio.wasm")], { stdin: "x" });
    assertStdout(r, "");
    assert.equal(r.code, 0, r.stderr);
  });

  Deno.test(`${runtime.name}: a stderr that cannot be written (/dev/full) costs wasirun's message, not its exit code`, async () => {
    // The message's write failed (ENOSPC) and became an internal error and a JS stack, exit 1.
    const status = async (args: string[]) => {
      const quoted = [...runtime.command, ...args].map(shellQuote).join(" ");
      const sh = new Deno.Command("sh", {
        args: ["-c", `exec ${quoted} 2>/dev/full`],
        cwd: ROOT,
        stdin: "null",
        stdout: "null",
      });
      return (await sh.output()).code;
    };
    assert.equal(await status([fixture("wat/trap.wasm")]), 134);
    assert.equal(await status(["--frobnicate", fixture("wat/hello.wasm")]), 2);
  });

  Deno.test(`${runtime.name}: an exception escaping a WASI call is an internal error naming the call, exit 70`, async () => {
    const script = `${ROOT}tests/_broken_random.ts`;
    const runtimeBroken = runningScript(runtime, script);
    const args = [fixture("wat/modes.wasm"), "random"];
    const r = await runCli(runtimeBroken, args);
    assert.equal(
      r.stderr,
      "error: internal error in wasirun during random_get(buf=0x40, buf_len=32): " +
        "getRandomValues is broken on purpose\n" +
        "hint: this is a bug in wasirun, not in the module; please report it with this message " +
        "(WASIRUN_DEBUG=1 adds the stack)\n",
    );
    assert.equal(r.code, 70);
    const debug = await runCli(runtimeBroken, args, { env: { WASIRUN_DEBUG: "1" } });
    assert.equal(debug.code, 70);
    assert.match(debug.stderr, /\n\s+at .*random_get/); // the stack, on request only
  });

  Deno.test(`${runtime.name}: a guest that catches every exception cannot swallow wasirun's own errors`, async () => {
    // With wasm exceptions, try/catch_all caught them and the guest went on ("went on", exit 7).
    const broken = await runCli(runningScript(runtime, `${ROOT}tests/_broken_random.ts`), [
      fixture("wat/catch_host_error.wasm"),
    ]);
    assert.equal(broken.stdout, "");
    assert.match(broken.stderr, /^error: internal error in wasirun during random_get\(/);
    assert.equal(broken.code, 70);
    const noMemory = await runCli(runtime, [fixture("wat/catch_no_memory.wasm")]);
    assert.equal(noMemory.stdout, "");
    assert.match(
      noMemory.stderr,
      /^error: testdata\/wat\/catch_no_memory\.wasm: 'fd_write' was called before the module's memory was known: .*'memory'\n$/,
    );
    assert.equal(noMemory.code, 1);
  });
}

for (const runtime of RUNTIMES) {
  Deno.test(`${runtime.name}: --trace into a stderr pipe read late loses no line and does not crash`, async () => {
    // Node opens stdio pipes non-blocking: a full pipe made writeSync throw
    // EAGAIN, and the trace crashed the CLI with a JS stack.
    const scratch = await Deno.makeTempDir({ prefix: "wasirun-trace-pipe-" });
    try {
      const [cmd, ...pre] = runtime.command;
      const child = new Deno.Command(cmd, {
        args: [
          ...pre,
          "--trace",
          "--dir",
          `${scratch}::/scratch`,
          fixture("fuzz/fuzz.wasm"),
          "7",
          "5000",
        ],
        cwd: ROOT,
        stdin: "null",
        stdout: "piped",
        stderr: "piped",
      }).spawn();
      const stdout = new Response(child.stdout).text();
      await new Promise((r) => setTimeout(r, 1000)); // let the pipe fill up
      const stderr = await new Response(child.stderr).text();
      const { code } = await child.status;
      assert.match(await stdout, /^fuzz seed=7 calls=5000 ok=\d+ hash=[0-9a-f]{16}\n$/);
      const lines = stderr.trimEnd().split("\n");
      assert.deepEqual(lines.filter((l) => !l.startsWith("[trace] ")), []);
      // One line per call made (a few loop turns skip fd_sync/fd_datasync).
      assert.ok(lines.length >= 4500, `only ${lines.length} trace lines`);
      assert.equal(code, 0);
    } finally {
      await Deno.remove(scratch, { recursive: true });
    }
  });
}

/** A wasm section: its id, then its content's size and the content. */
function wasmSection(id: number, content: number[]): number[] {
  const size: number[] = [];
  let n = content.length;
  do {
    size.push((n & 0x7f) | (n >= 0x80 ? 0x80 : 0));
    n >>>= 7;
  } while (n > 0);
  return [id, ...size, ...content];
}

const wasmName = (s: string) => [s.length, ...new TextEncoder().encode(s)];

/**
 * A module whose type section has GC types (a recursion group of a struct
 * subtype and a function taking a typed reference to it, a packed array)
 * before the function types, and `imports` from preview1 with the type
 * index each names: 3 is `(i32 i32 i32 i32) -> i32` (fd_write's), 6
 * `(i32 i64 i32) -> i64` (clock_time_get's, with the wrong result), 7
 * `() -> (ref 0)`. Its start section writes "start\n"; `_start` does
 * nothing; `f` returns its (i32, i64) as (i32, i64). Assembled here: wabt
 * cannot write GC types.
 */
function gcModule(imports: [string, string, number][]): Uint8Array {
  const I32 = 0x7f, I64 = 0x7e;
  const types = [
    0x07, // entries: the recursion group counts as one
    ...[0x4e, 0x02, 0x50, 0x00, 0x5f, 0x02, I32, 0x00, 0x63, 0x00, 0x01], // rec: sub struct
    ...[0x60, 0x01, 0x63, 0x00, 0x01, I32], // ... func (ref null 0) -> i32
    ...[0x5e, 0x78, 0x01], // 2: array (mut i8)
    ...[0x60, 0x04, I32, I32, I32, I32, 0x01, I32], // 3
    ...[0x60, 0x00, 0x00], // 4: () -> ()
    ...[0x60, 0x02, I32, I64, 0x02, I32, I64], // 5
    ...[0x60, 0x03, I32, I64, I32, 0x01, I64], // 6
    ...[0x60, 0x00, 0x01, 0x64, 0x00], // 7: () -> (ref 0)
  ];
  const imported = imports.flatMap(([m, n, t]) => [...wasmName(m), ...wasmName(n), 0x00, t]);
  const k = imports.length; // the module's own functions come after the imports
  const write = imports.findIndex(([, n]) => n === "fd_write");
  const startBody = write < 0
    ? [0x00, 0x0b]
    : [0x00, 0x41, 1, 0x41, 0, 0x41, 1, 0x41, 8, 0x10, write, 0x1a, 0x0b];
  const bodies = [startBody, [0x00, 0x0b], [0x00, 0x20, 0x00, 0x20, 0x01, 0x0b]];
  const data = [
    16,
    0,
    0,
    0,
    6,
    0,
    0,
    0,
    0,
    0,
    0,
    0,
    0,
    0,
    0,
    0,
    ...new TextEncoder().encode("start\n"),
  ];
  return new Uint8Array([
    ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00],
    ...wasmSection(1, types),
    ...wasmSection(2, [k, ...imported]),
    ...wasmSection(3, [3, 4, 4, 5]),
    ...wasmSection(5, [1, 0x00, 1]),
    ...wasmSection(7, [
      3,
      ...[...wasmName("memory"), 0x02, 0],
      ...[...wasmName("_start"), 0x00, k + 1],
      ...[...wasmName("f"), 0x00, k + 2],
    ]),
    ...wasmSection(8, [k]),
    ...wasmSection(10, [3, ...bodies.flatMap((b) => [b.length, ...b])]),
    ...wasmSection(11, [1, 0x00, 0x41, 0, 0x0b, data.length, ...data]),
  ]);
}

for (const runtime of RUNTIMES) {
  Deno.test(`${runtime.name}: a module with GC types is checked at link time, and its start section and exports run`, async () => {
    const dir = Deno.makeTempDirSync({ prefix: "wasirun-gc-" });
    try {
      const P1 = "wasi_snapshot_preview1";
      const good = `${dir}/good.wasm`, bad = `${dir}/bad.wasm`, ref = `${dir}/ref.wasm`;
      Deno.writeFileSync(good, gcModule([[P1, "fd_write", 3]]));
      Deno.writeFileSync(bad, gcModule([[P1, "fd_write", 3], [P1, "clock_time_get", 6]]));
      Deno.writeFileSync(ref, gcModule([[P1, "fd_write", 3], ["env", "f", 7]]));
      assert.ok(WebAssembly.validate(Deno.readFileSync(good)));
      const ran = await runCli(runtime, [good]);
      assert.equal(ran.stderr, "");
      assertStdout(ran, "start\n");
      assert.equal(ran.code, 0);
      const invoked = await runCli(runtime, ["--invoke", "f", good, "5", "7"]);
      assertStdout(invoked, "start\n5\n7\n");
      assert.equal(invoked.code, 0);
      const refused = await runCli(runtime, [bad]);
      assert.equal(
        refused.stderr,
        `error: ${bad}: import '${P1}.clock_time_get' has type (i32, i64, i32) -> i64, ` +
          "expected (i32, i64, i32) -> i32\n",
      );
      assert.equal(refused.code, 1);
      const noZero = await runCli(runtime, ["-W", "unknown-imports-default", ref]);
      assert.equal(
        noZero.stderr,
        `error: ${ref}: cannot return zeros for 'env.f': its result type (ref 0) cannot be ` +
          "null (a stand-in that ends the run, 'trap', can stand in for it)\n",
      );
      assert.equal(noZero.code, 1);
    } finally {
      Deno.removeSync(dir, { recursive: true });
    }
  });
}

for (const runtime of RUNTIMES) {
  Deno.test(`${runtime.name}: a tail call to a WASI call that waits runs, or (Bun) is refused in one line`, async () => {
    const path = fixture("wat/tail_call_wait.wasm");
    const r = await runCli(runtime, [path]);
    if (runtime.name === "bun") {
      assert.match(
        r.stderr,
        /^error: .*tail_call_wait\.wasm: the engine cannot suspend the guest in a WASI call that waits here \(JSPI stack scan failed: [^\n]*\): run it on Deno or Node\n$/,
      );
      assert.equal(r.code, 1);
    } else {
      assert.equal(r.stderr, "");
      assertStdout(r, "ok\n");
      assert.equal(r.code, 0);
    }
  });
}
