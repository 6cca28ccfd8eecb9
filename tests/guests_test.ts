/**
 * The guest fixtures (Go, C, Rust) in every mode, under Deno and Bun, through
 * the CLI as a subprocess. The mode contract is in testdata/README.md.
 */
import assert from "node:assert/strict";
import {
  assertStdout,
  fixture,
  fnv1a64,
  runCli,
  runShell,
  RUNTIMES,
  shellQuote,
} from "./_helpers.ts";

const GUESTS = { go: "go/main.wasm", c: "c/main.wasm", rust: "rust/main.wasm" } as const;

function pseudoRandomBytes(n: number, seed: number): Uint8Array {
  const out = new Uint8Array(n);
  let x = seed;
  for (let i = 0; i < n; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    out[i] = x >>> 24;
  }
  return out;
}

for (const runtime of RUNTIMES) {
  for (const [lang, path] of Object.entries(GUESTS)) {
    const wasm = fixture(path);
    const t = (name: string, fn: () => Promise<void>) =>
      Deno.test(`${runtime.name}: ${lang} guest ${name}`, fn);

    t("prints hello", async () => {
      const r = await runCli(runtime, [wasm, "hello"]);
      assertStdout(r, "hello, world\n");
      assert.equal(r.stderr, "");
      assert.equal(r.code, 0);
    });

    t("sees its arguments as UTF-8, argv[0] first", async () => {
      const r = await runCli(runtime, ["--argv0", "prög", wasm, "args", "ü", "日本語", "", "a b"]);
      assert.equal(
        r.stdout,
        "argc=6\nargv[0]=prög\nargv[1]=args\nargv[2]=ü\nargv[3]=日本語\nargv[4]=\nargv[5]=a b\n",
      );
    });

    t("sees an empty environment unless given one", async () => {
      const r = await runCli(runtime, [wasm, "env"], { env: { WASIRUN_LEAK: "1" } });
      assertStdout(r, "");
    });

    t(
      "sees --env values in order, non-ASCII included, and --env NAME copies the host's",
      async () => {
        const r = await runCli(
          runtime,
          [
            "--env",
            "A=1",
            "--env",
            "ÜBER=größe 日本",
            "--env",
            "WASIRUN_X",
            "--env",
            "EMPTY=",
            wasm,
            "env",
          ],
          { env: { WASIRUN_X: "from host" } },
        );
        assertStdout(r, "A=1\nÜBER=größe 日本\nWASIRUN_X=from host\nEMPTY=\n");
      },
    );

    t("keeps a name given twice once, with its last value (as env(1) and wazero)", async () => {
      const r = await runCli(
        runtime,
        [
          "--env",
          "A=1",
          "--env",
          "B=2",
          "--env",
          "A=3",
          "--env",
          "WASIRUN_X",
          "--env",
          "WASIRUN_X=4",
          wasm,
          "env",
        ],
        { env: { WASIRUN_X: "from host" } },
      );
      assertStdout(r, "A=3\nB=2\nWASIRUN_X=4\n");
    });

    t("sees the host environment with --inherit-env, --env overriding it", async () => {
      const r = await runCli(
        runtime,
        ["--inherit-env", "--env", "WASIRUN_Y=override", wasm, "env"],
        {
          env: { WASIRUN_X: "inherited", WASIRUN_Y: "host" },
        },
      );
      const lines = r.stdout.split("\n");
      assert.ok(lines.includes("WASIRUN_X=inherited"), r.stdout);
      assert.ok(lines.includes("WASIRUN_Y=override"), r.stdout);
      assert.ok(!lines.includes("WASIRUN_Y=host"), r.stdout);
    });

    for (const code of [0, 3, 42, 255]) {
      t(`exits with code ${code}`, async () => {
        const r = await runCli(runtime, [wasm, "exit", String(code)]);
        assert.equal(r.code, code);
        assert.equal(r.stdout + r.stderr, "");
      });
    }

    t("reads the realtime and monotonic clocks", async () => {
      const r = await runCli(runtime, [wasm, "clock"]);
      const m = /^realtime_s=(\d+)\nmonotonic=ok\n$/.exec(r.stdout);
      assert.ok(m, r.stdout);
      assert.ok(Math.abs(Number(m[1]) - Date.now() / 1000) < 60, r.stdout);
    });

    t("sleeps at least as long as asked", async () => {
      const start = performance.now();
      const r = await runCli(runtime, [wasm, "sleep", "300"]);
      assertStdout(r, "slept 300\n");
      assert.ok(performance.now() - start >= 300);
    });

    t("gets fresh random bytes each run", async () => {
      const a = await runCli(runtime, [wasm, "random"]);
      const b = await runCli(runtime, [wasm, "random"]);
      assert.match(a.stdout, /^random=[0-9a-f]{64}\n$/);
      assert.match(b.stdout, /^random=[0-9a-f]{64}\n$/);
      assert.notEqual(a.stdout, b.stdout);
      assert.notEqual(a.stdout, `random=${"0".repeat(64)}\n`);
    });

    t("copies a piped stdin to stdout byte for byte", async () => {
      const data = pseudoRandomBytes(300_000, 7);
      const r = await runCli(runtime, [wasm, "cat"], { stdin: data });
      assert.equal(r.code, 0);
      assert.deepEqual(r.stdoutBytes, data);
    });

    t("reads stdin redirected from a file", async () => {
      const r = await runCli(runtime, [wasm, "cat"], { stdinFile: "cli.ts" });
      assertStdout(r, await Deno.readTextFile("cli.ts"));
    });

    t("sees EOF at once on stdin from /dev/null", async () => {
      const r = await runCli(runtime, [wasm, "stdin-sum"], { stdin: "null" });
      assertStdout(r, `bytes=0 fnv=${fnv1a64(new Uint8Array())}\n`);
    });

    t("reads all of a 4 MB stdin pipe", async () => {
      const data = pseudoRandomBytes(4 << 20, 11);
      const r = await runCli(runtime, [wasm, "stdin-sum"], { stdin: data });
      assertStdout(r, `bytes=${data.length} fnv=${fnv1a64(data)}\n`);
    });

    t("writes stdout and stderr separately", async () => {
      const r = await runCli(runtime, [wasm, "stderr"]);
      assertStdout(r, "to stdout\n");
      assert.equal(r.stderr, "to stderr\n");
    });

    t("rejects an unknown mode with exit 2", async () => {
      const r = await runCli(runtime, [wasm, "no-such-mode"]);
      assert.equal(r.code, 2);
      assert.equal(r.stderr, "unknown mode: no-such-mode\n");
    });

    if (lang === "go") {
      t("panics in trap mode as Go does (exit 2, panic on stderr)", async () => {
        const r = await runCli(runtime, [wasm, "trap"]);
        assert.equal(r.code, 2);
        assert.match(r.stderr, /^panic: trap mode/m);
      });
    } else {
      t("traps with exit 134 and wasmtime's message", async () => {
        const r = await runCli(runtime, [wasm, "trap"]);
        assert.equal(r.code, 134);
        assert.equal(
          r.stderr,
          `error: ${wasm}: wasm trap: wasm \`unreachable\` instruction executed\n`,
        );
        // WASIRUN_DEBUG=1 adds the guest's frames, as wasmtime prints them (JSC gives none).
        const debug = await runCli(runtime, [wasm, "trap"], { env: { WASIRUN_DEBUG: "1" } });
        assert.equal(debug.code, 134);
        if (runtime.name === "bun") {
          assert.match(debug.stderr, /\nwasm backtrace: not given by this engine\n$/);
        } else {
          assert.match(debug.stderr, /\nwasm backtrace:\n {4}0: +0x[0-9a-f]+ - \S+\n/);
        }
      });

      t("reports a stack overflow with a hint and exit 134", async () => {
        const r = await runCli(runtime, [wasm, "stack"]);
        assert.equal(r.code, 134);
        // The hint names wasmtime's option, which raises the stack on every runtime.
        assert.match(r.stderr, /wasm trap: call stack exhausted\nhint: .*'-W max-wasm-stack=\d+'/);
      });
    }
  }
}

/** The hand-written WAT mode program: the same contract for the modes it has. */
for (const runtime of RUNTIMES) {
  const wasm = fixture("wat/modes.wasm");
  const t = (name: string, fn: () => Promise<void>) =>
    Deno.test(`${runtime.name}: wat guest ${name}`, fn);

  t("prints hello, its arguments and its environment", async () => {
    assert.equal((await runCli(runtime, [wasm, "hello"])).stdout, "hello, world\n");
    const args = await runCli(runtime, ["--argv0", "w", wasm, "args", "ü", ""]);
    assert.equal(args.stdout, "argc=4\nargv[0]=w\nargv[1]=args\nargv[2]=ü\nargv[3]=\n");
    const env = await runCli(runtime, ["--env", "A=1", "--env", "Ü=ß", wasm, "env"]);
    assert.equal(env.stdout, "A=1\nÜ=ß\n");
  });

  t("exits with the code asked for, reads the clocks and random bytes", async () => {
    assert.equal((await runCli(runtime, [wasm, "exit", "42"])).code, 42);
    const clock = await runCli(runtime, [wasm, "clock"]);
    const m = /^realtime_s=(\d+)\nmonotonic=ok\n$/.exec(clock.stdout);
    assert.ok(m && Math.abs(Number(m[1]) - Date.now() / 1000) < 60, clock.stdout);
    const [a, b] = await Promise.all([
      runCli(runtime, [wasm, "random"]),
      runCli(runtime, [wasm, "random"]),
    ]);
    assert.match(a.stdout, /^random=[0-9a-f]{64}\n$/);
    assert.notEqual(a.stdout, b.stdout);
  });

  t("copies stdin, traps, and rejects an unknown mode", async () => {
    const data = new Uint8Array(200_000).map((_, i) => i * 13);
    assert.deepEqual((await runCli(runtime, [wasm, "cat"], { stdin: data })).stdoutBytes, data);
    const trap = await runCli(runtime, [wasm, "trap"]);
    assert.equal(trap.code, 134);
    const unknown = await runCli(runtime, [wasm, "nope"]);
    assert.deepEqual([unknown.code, unknown.stderr], [2, "unknown mode: nope\n"]);
  });
}

for (const runtime of RUNTIMES) {
  Deno.test(`${runtime.name}: fstat of stdin tells a file's size and times, a pipe's zeros, both with an inode`, async () => {
    const dir = Deno.makeTempDirSync({ prefix: "wasirun-stdin-" });
    try {
      const file = `${dir}/in`;
      Deno.writeTextFileSync(file, "0123456789abcdef");
      const fromFile = await runCli(runtime, [fixture("c/main.wasm"), "stdin-stat"], {
        stdinFile: file,
      });
      assert.equal(
        fromFile.stdout,
        "regular=1 size=16 nlink=1 ino=set times=set\n",
        fromFile.stderr,
      );
      const fromPipe = await runCli(runtime, [fixture("c/main.wasm"), "stdin-stat"], {
        stdin: "hi\n",
      });
      assert.equal(fromPipe.stdout, "regular=0 size=0 nlink=1 ino=set times=0\n", fromPipe.stderr);
    } finally {
      Deno.removeSync(dir, { recursive: true });
    }
  });
}

for (const runtime of RUNTIMES) {
  Deno.test(`${runtime.name}: stdin and stdout on files seek as natively, on the offsets the shell shares`, async () => {
    const dir = Deno.makeTempDirSync({ prefix: "wasirun-seek-" });
    try {
      Deno.writeTextFileSync(`${dir}/in`, "abcdefghij");
      const guest = [...runtime.command, fixture("c/main.wasm"), "seek-stdio"].map(shellQuote);
      // One open file description each, shared with the shell: cat goes on where the guest left them.
      const r = await runShell(`(${guest.join(" ")}; cat) < "$1/in" > "$1/out"`, { args: [dir] });
      assert.equal(r.stderr, "read=abc told=3 at1=bc end=10 tail=ij pread=ef out=12\n");
      assert.equal(r.code, 0);
      assert.equal(Deno.readTextFileSync(`${dir}/out`), "Jello World\nghij");
    } finally {
      Deno.removeSync(dir, { recursive: true });
    }
  });
}

for (const runtime of RUNTIMES) {
  Deno.test(`${runtime.name}: stdout opened for appending says so, and the guest can switch it off, as natively`, async () => {
    const dir = Deno.makeTempDirSync({ prefix: "wasirun-append-" });
    try {
      Deno.writeTextFileSync(`${dir}/out`, "abc");
      const guest = [...runtime.command, fixture("c/main.wasm"), "append-stdio"].map(shellQuote);
      const r = await runShell(`${guest.join(" ")} >> "$1/out"`, { args: [dir] });
      assert.equal(r.stderr, "append=1 after=0\n");
      assert.equal(r.code, 0);
      // "X" went to the end despite the seek to 0, "Y" over the first byte once O_APPEND was off.
      assert.equal(Deno.readTextFileSync(`${dir}/out`), "YbcX");
    } finally {
      Deno.removeSync(dir, { recursive: true });
    }
  });
}

for (const runtime of RUNTIMES) {
  Deno.test(`${runtime.name}: /dev/null on stdin is no terminal and seeks to 0; a pipe does neither`, async () => {
    const devNull = await runCli(runtime, [fixture("c/main.wasm"), "isatty"], { stdin: "null" });
    assert.equal(devNull.stdout, "isatty=000 seek0=0\n", devNull.stderr);
    const pipe = await runCli(runtime, [fixture("c/main.wasm"), "isatty"], { stdin: "x\n" });
    assert.equal(pipe.stdout, "isatty=000 seek0=-1\n", pipe.stderr);
  });
}
