/**
 * Non-blocking I/O and poll_oneoff with real programs (issue 4): Go's EAGAIN
 * contract, slow producers and consumers, exits that lose nothing, signals,
 * CPU while waiting. Every case runs under Deno and Bun.
 */
import assert from "node:assert/strict";
import { pathToFileURL } from "node:url";
import {
  assertStdout,
  fixture,
  fnv1a64,
  ROOT,
  runCli,
  runningScript,
  runShell,
  type Runtime,
  RUNTIMES,
  sha256,
  shellQuote,
} from "./_helpers.ts";

const GO = fixture("go/main.wasm");
const C = fixture("c/main.wasm");
const RUST = fixture("rust/main.wasm");
const STDIN_EXIT = fixture("wat/stdin_exit.wasm");

/** Runs a shell pipeline in which `$WASIRUN` is the CLI under `runtime`. */
function sh(runtime: Runtime, script: string) {
  // word-split by the shell: no spaces in these paths
  return runShell(`set -o pipefail; ${script}`, { env: { WASIRUN: runtime.command.join(" ") } });
}

/** The bytes Go's `write-mb N` mode writes: i % 251 over the whole output. */
function pattern(n: number): Uint8Array {
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = i % 251;
  return out;
}

/** The CLI under `runtime` as a child with all three stdio fds piped. */
function spawnPiped(runtime: Runtime, args: string[]): Deno.ChildProcess {
  const [cmd, ...pre] = runtime.command;
  return new Deno.Command(cmd, {
    args: [...pre, ...args],
    cwd: ROOT,
    stdin: "piped",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
}

/**
 * Starts the CLI under `runtime` with piped stdio and resolves once the
 * guest has printed its first "tick" line: from then on it is waiting.
 */
async function spawnUntilTick(runtime: Runtime, args: string[]) {
  const child = spawnPiped(runtime, args);
  const text = new TextDecoder();
  let out = "";
  const errText = new Response(child.stderr).text();
  const reader = child.stdout.getReader();
  const { promise: ticked, resolve: resolveTick } = Promise.withResolvers<void>();
  const reading = (async () => {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      out += text.decode(value, { stream: true });
      if (out.includes("tick\n")) resolveTick();
    }
    resolveTick();
  })();
  await ticked;
  const writer = child.stdin.getWriter();
  return {
    stdout: () => out,
    kill: (signal: Deno.Signal) => child.kill(signal),
    async writeAndClose(data: string) {
      await writer.write(new TextEncoder().encode(data));
      await writer.close();
    },
    /** The end of the run; one that is still running after `withinMs` fails. */
    async done(withinMs = Infinity) {
      const status = await statusWithin(child, withinMs);
      await writer.close().catch(() => {});
      await reading;
      return { code: status.code, signal: status.signal, stdout: out, stderr: await errText };
    },
  };
}

/**
 * The child's exit status, or an assertion error if it is still running
 * `withinMs` from now (the child is then killed, so the test ends).
 */
async function statusWithin(child: Deno.ChildProcess, withinMs: number) {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<"late">((resolve) => {
    if (withinMs !== Infinity) timer = setTimeout(() => resolve("late"), withinMs);
  });
  const status = await Promise.race([child.status, late]);
  clearTimeout(timer);
  if (status !== "late") return status;
  child.kill("SIGKILL");
  await child.status;
  throw new assert.AssertionError({ message: `still running ${withinMs} ms later` });
}

/**
 * Runs the CLI under `runtime` with stdin a pipe that stays open and empty
 * (nobody writes, nobody closes it) and resolves once it ends, which must be
 * within `withinMs`.
 */
async function runOnOpenStdin(runtime: Runtime, args: string[], withinMs: number) {
  const child = spawnPiped(runtime, args);
  const stdout = new Response(child.stdout).text();
  const stderr = new Response(child.stderr).text();
  try {
    const status = await statusWithin(child, withinMs);
    return { code: status.code, stdout: await stdout, stderr: await stderr };
  } finally {
    await child.stdin.close().catch(() => {});
  }
}

/** CPU seconds (user + system) a live process has used so far. */
async function cpuSeconds(pid: number): Promise<number> {
  const fields = (await Deno.readTextFile(`/proc/${pid}/stat`)).split(") ")[1].split(" ");
  return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in clock ticks (USER_HZ)
}

/**
 * Starts `wasirun ARGS` under `runtime`, measures the share of a core it
 * uses for `seconds` once past start-up and compilation (0.7 s), then
 * `kill`s it or lets it finish, and answers that share with its output.
 */
async function coreShare(
  runtime: Runtime,
  args: string[],
  seconds: number,
  kill = false,
): Promise<{ share: number; out: Deno.CommandOutput }> {
  const [cmd, ...pre] = runtime.command;
  const child = new Deno.Command(cmd, {
    args: [...pre, ...args],
    cwd: ROOT,
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  await new Promise((r) => setTimeout(r, 700));
  const before = await cpuSeconds(child.pid);
  await new Promise((r) => setTimeout(r, seconds * 1000));
  const used = (await cpuSeconds(child.pid)) - before;
  if (kill) child.kill("SIGKILL");
  return { share: used / seconds, out: await child.output() };
}

for (const runtime of RUNTIMES) {
  const t = (name: string, fn: () => Promise<void>) => Deno.test(`${runtime.name}: ${name}`, fn);

  t("Go keeps ticking while it waits for a slow stdin producer, then gets the line", async () => {
    // The producer's 1.5 s start when the guest is already waiting (its first tick).
    const guest = await spawnUntilTick(runtime, [GO, "ticker-stdin"]);
    await new Promise((r) => setTimeout(r, 1500));
    const during = guest.stdout().split("\n").filter((l) => l === "tick").length - 1;
    await guest.writeAndClose("late\n");
    const r = await guest.done();
    assert.equal(r.stdout.trimEnd().split("\n").at(-1), "line=late", r.stdout + r.stderr);
    assert.ok(during >= 5, `only ${during} ticks during a 1.5 s wait`);
    assert.equal(r.code, 0);
  });

  t(
    "Go that calls signal.Notify reads a slow stdin pipe and FIFO, and writes into a slow reader",
    async () => {
      // Its runtime then never polls: an AGAIN would leave it spinning for ever (`timeout`: 124).
      const notify = fixture("go/notify/main.wasm");
      const read = await sh(
        runtime,
        `(sleep 0.5; printf late) | timeout 20 $WASIRUN ${notify} cat`,
      );
      assert.equal(read.code, 0, read.stderr);
      assert.equal(read.stdout, "late");
      assert.equal(read.stderr, "copied 4 <nil>\n");
      const wrote = await sh(
        runtime,
        `timeout 20 $WASIRUN ${notify} write-mb 3 | (sleep 0.5; wc -c)`,
      );
      assert.equal(wrote.code, 0, wrote.stderr);
      assert.equal(wrote.stdout.trim(), String(3 << 20));
      assert.equal(wrote.stderr, "wrote 3145728 <nil>\n");
      // A FIFO it opens by path, whose writer comes late and pauses.
      const dir = await Deno.makeTempDir();
      try {
        const fifo = await sh(
          runtime,
          // The writer bounded: one waiting for ever for a reader that never came (a failed
          // run) would hold the test's pipes open, and the test with them.
          `mkfifo ${dir}/ff && (sleep 0.3; timeout 25 sh -c 'exec 3>"$1"; echo a >&3; ` +
            `sleep 0.3; echo b >&3' sh ${dir}/ff) & ` +
            `timeout 20 $WASIRUN --dir ${dir}::/d ${notify} fifo /d/ff`,
        );
        assert.equal(fifo.code, 0, fifo.stderr);
        assert.equal(fifo.stdout, "a\nb\n");
        assert.equal(fifo.stderr, "copied 4 <nil>\n");
      } finally {
        await Deno.remove(dir, { recursive: true });
      }
    },
  );

  t(
    "Go that calls signal.Notify copies between socket stdio (a socketpair), its peer late",
    async () => {
      // A host socket as stdin and stdout (a supervisor's, inetd's) answered AGAIN as wasirun's
      // own sockets do, so the guest spun for ever (gxz -dc, which calls Notify); it waits in
      // place as a pipe does. Python holds both other ends and sends after 0.5 s.
      const notify = fixture("go/notify/main.wasm");
      const driver = `import socket, subprocess, sys, time
a_in, b_in = socket.socketpair()
a_out, b_out = socket.socketpair()
p = subprocess.Popen(sys.argv[1:], stdin=b_in, stdout=b_out, stderr=subprocess.PIPE)
b_in.close(); b_out.close()
time.sleep(0.5)
a_in.sendall(b"late" * 50000); a_in.shutdown(socket.SHUT_WR)
a_out.settimeout(20)
data = b""
try:
    while True:
        chunk = a_out.recv(65536)
        if not chunk: break
        data += chunk
except socket.timeout:
    p.kill()
print(len(data), data[:8].decode(), p.wait(), p.stderr.read().decode().strip())`;
      const guest = [...runtime.command, notify, "cat"].map(shellQuote).join(" ");
      const r = await runShell(`python3 -c ${shellQuote(driver)} ${guest}`);
      assert.equal(r.stdout, "200000 latelate 0 copied 200000 <nil>\n", r.stderr);
    },
  );

  t("Go reads every byte of a 10 MB stdin pipe, a file redirect and /dev/null", async () => {
    const data = new Uint8Array(10 << 20).map((_, i) => (i * 7 + (i >> 12)) & 0xff);
    const piped = await runCli(runtime, [GO, "stdin-sum"], { stdin: data });
    assert.equal(piped.stdout, `bytes=${data.length} fnv=${fnv1a64(data)}\n`);
    const file = await Deno.makeTempFile();
    try {
      await Deno.writeFile(file, data);
      const redirected = await runCli(runtime, [GO, "stdin-sum"], { stdinFile: file });
      assert.equal(redirected.stdout, piped.stdout);
    } finally {
      await Deno.remove(file);
    }
    const empty = await runCli(runtime, [GO, "stdin-sum"], { stdin: "null" });
    assert.equal(empty.stdout, "bytes=0 fnv=cbf29ce484222325\n");
  });

  t("Go writes 100 MB into a slow consumer: every byte arrives, exit 0", async () => {
    // The consumer reads 64 KiB at a time and naps every 16 reads.
    // The consumer (Deno itself: nothing else is sure to be installed) reads
    // what is there and naps every 16 reads.
    const script = `import { createHash } from "node:crypto";
      const h = createHash("sha256"); let n = 0; let i = 0;
      for await (const chunk of Deno.stdin.readable) {
        h.update(chunk); n += chunk.length;
        if (++i % 16 === 0) await new Promise((r) => setTimeout(r, 2));
      }
      console.log(n, h.digest("hex"));`;
    const consumer = `${shellQuote(Deno.execPath())} eval ${shellQuote(script)}`;
    const r = await sh(runtime, `$WASIRUN ${GO} write-mb 100 | ${consumer}`);
    const size = 100 << 20;
    assert.equal(r.stdout, `${size} ${await sha256(pattern(size))}\n`, r.stderr);
    assert.equal(r.code, 0);
  });

  t("the shell's stdio pipes are left blocking, whatever the run's end", async () => {
    // Node makes a pipe O_NONBLOCK when it builds process.stderr, and the command's _exit
    // skipped Node's own putting back: the next writer into the shell's pipe got EAGAIN.
    const flags = `python3 -c 'import fcntl, os
print([fcntl.fcntl(fd, fcntl.F_GETFL) & os.O_NONBLOCK != 0 for fd in (0, 1, 2)])'`;
    for (const run of ["hello >/dev/null", "exit 3", "trap", "stderr"]) {
      const r = await sh(runtime, `echo | ( $WASIRUN ${C} ${run}; ${flags} ) 2>&1 | tail -1`);
      assertStdout({ ...r, stderr: `${run}: ${r.stderr}` }, "[False, False, False]\n");
    }
  });

  t("`| head -1` ends the guest quietly with SIGPIPE's status, as natively", async () => {
    for (const wasm of [GO, C]) {
      const mode = wasm === GO ? "write-mb 50" : "cat < /dev/zero";
      const r = await sh(
        runtime,
        `$WASIRUN ${wasm} ${mode} | head -c 100 >/dev/null; echo "status=\${PIPESTATUS[0]}"`,
      );
      assertStdout(r, "status=141\n");
      assert.equal(r.stderr, "");
    }
  });

  t(
    "output lost after the guest was told it went out ends the run with 141, whatever followed",
    async () => {
      // A native program dies of SIGPIPE in that write (or blocks in it until its reader leaves);
      // the guest, told its write succeeded, went on to its own exit code or a trap, which won
      // (Node: any write into a pipe already closed; everywhere: a tail queued beyond the pipe).
      const lost = fixture("c/lost.wasm");
      const reactor = fixture("wat/write_reactor.wasm");
      const leaves = "(sleep 0.5; exec 0<&-; sleep 0.3)";
      for (
        const [run, ...statuses] of [
          [`$WASIRUN ${lost} 1100000 exit 3 | ${leaves}`, 141],
          [`$WASIRUN ${lost} 1100000 trap | ${leaves}`, 141],
          [`{ sleep 0.3; $WASIRUN ${lost} 10 exit 5; } | true`, 141],
          // Lost while the guest sleeps: it ends then, as a native writer died in its write (it
          // slept on, and a signal while it computed after was taken for the status).
          [`timeout -s KILL 10 $WASIRUN ${lost} 1100000 exit 0 20000 | ${leaves}`, 141],
          // A reactor's export too (--invoke: its output lost after it returned).
          [`$WASIRUN --invoke write ${reactor} 1100000 | ${leaves}`, 141],
          [`$WASIRUN ${lost} 10 exit 5 | cat >/dev/null`, 5],
          // With SIGPIPE ignored a native program goes on to its own exit: only after 0 is it
          // 141. (Or the guest saw EPIPE, on Node where a write into the full pipe waits, and
          // ended with 1.)
          [`$WASIRUN --sigpipe ignore ${lost} 1100000 exit 3 | ${leaves}`, 3, 1],
          [`$WASIRUN --sigpipe ignore ${lost} 1100000 exit 0 | ${leaves}`, 141, 1],
          // --invoke's too, once its export returned (it exited 0; where the guest saw EPIPE and
          // returned -1, its result line meets the closed pipe: 141 as well).
          [`$WASIRUN --sigpipe ignore --invoke write ${reactor} 1100000 | ${leaves}`, 141],
          // Lost, then the timeout: the loss ends the run, so no timeout line (a guest that slept
          // on to the timeout ended 141 with it).
          [`$WASIRUN -W timeout=10 ${lost} 1100000 exit 0 20000 | ${leaves}`, 141],
        ] as const
      ) {
        const r = await sh(runtime, `${run}; echo "status=\${PIPESTATUS[0]}"`);
        assert.ok(
          statuses.some((status) => r.stdout === `status=${status}\n`),
          `${run}: ${r.stdout} ${r.stderr}`,
        );
        assert.equal(r.stderr, "", run);
      }
    },
  );

  t("output lost into a FIFO the guest opened ends it at its next wait too (141)", async () => {
    const dir = await Deno.makeTempDir();
    try {
      await new Deno.Command("mkfifo", { args: [`${dir}/fifo`] }).output();
      // The guest writes 1.1 MB into the FIFO, whose reader takes a little and leaves, then sleeps
      // 20 s: it ends at once (it slept on to the timeout, whose line said it ran past it).
      const r = await sh(
        runtime,
        `timeout 25 sh -c 'exec <"$1"; sleep 0.5; exec 0<&-; sleep 0.3' sh ${dir}/fifo & ` +
          `$WASIRUN -W timeout=10 --dir ${dir}::/d ${fixture("c/lost.wasm")} ` +
          `1100000 exit 0 20000 /d/fifo; echo "status=$?"; wait`,
      );
      assertStdout(r, "status=141\n");
      assert.equal(r.stderr, "");
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  });

  t("a signal and lost output: whichever came first gives the status (143 or 141)", async () => {
    const dir = await Deno.makeTempDir();
    // 1.1 MB: more than a pipe Deno or Bun made 1 MiB takes, so a tail stays queued.
    const guest = `$WASIRUN ${fixture("c/lost.wasm")} 1100000 exit 0 4000`;
    const run = (reader: string) =>
      sh(
        runtime,
        `{ ${guest} & echo $! > ${dir}/pid; wait $!; echo "status=$?" > ${dir}/status; } | ` +
          `{ ${reader}; }; cat ${dir}/status`,
      );
    const kill = `kill -TERM "$(cat ${dir}/pid)"`;
    try {
      // The reader takes a little, sends SIGTERM, and leaves while the queued tail still drains.
      const signalFirst = await run(`head -c 10 >/dev/null; ${kill}; sleep 0.1`);
      assert.equal(signalFirst.stdout, "status=143\n", signalFirst.stderr);
      // The reader leaves unread while the tail is queued (the guest sleeps), then sends SIGTERM
      // (a guest slow to start meets the closed pipe in its write: 141 too).
      const lostFirst = await run(`sleep 1.5; exec 0<&-; sleep 0.5; ${kill}`);
      assert.equal(lostFirst.stdout, "status=141\n", lostFirst.stderr);
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  });

  t("one fd_write of 256 MiB into a pipe read late comes out whole and in order", async () => {
    // The queue took all of it (two copies: ~600 MB); now at most 1 MiB more
    // than there is room for, and the rest as the pipe drains.
    const { createHash } = await import("node:crypto");
    const block = new Uint8Array(16 << 20).map((_, i) => i % 251);
    const hash = createHash("sha256");
    for (let i = 0; i < 16; i++) hash.update(block);
    const r = await sh(
      runtime,
      `$WASIRUN ${fixture("wat/write_256m.wasm")} | (sleep 0.3; sha256sum)`,
    );
    assert.equal(r.stdout, `${hash.digest("hex")}  -\n`, r.stderr);
    assert.equal(r.code, 0);
  });

  t(
    "`--sigpipe ignore` with stdout and stderr on one pipe (2>&1): a guest that goes on ends 0",
    async () => {
      // fd 1 told the guest EPIPE; fd 2, on the same pipe and queue, still
      // counted its output lost at the end: exit 141 (SQLite's shell `2>&1 | head`).
      const wasm = fixture("wat/write_ignore.wasm");
      const r = await sh(
        runtime,
        `$WASIRUN --sigpipe ignore ${wasm} 2>&1 | head -c 10 >/dev/null; echo "status=\${PIPESTATUS[0]}"`,
      );
      assert.equal(r.stdout, "status=0\n", r.stderr);
    },
  );

  t(
    "a FIFO's writer whose reader leaves ends with SIGPIPE's status, whatever wasirun's stdio is",
    async () => {
      // With wasirun's stdin and stdout not pipes, the FIFO is a plain file: its
      // EPIPE reached the guest (exit 1) where as a stream it ended it (141).
      const dir = await Deno.makeTempDir();
      try {
        assert.ok((await new Deno.Command("mkfifo", { args: [`${dir}/fifo`] }).output()).success);
        for (const [flags, status] of [["", 141], ["--sigpipe ignore", 1]] as const) {
          const r = await sh(
            runtime,
            `(timeout 25 head -c 10 ${dir}/fifo >/dev/null &); $WASIRUN ${flags} --dir ${dir}::/d ${C} ` +
              `fifo-write /d/fifo </dev/null >${dir}/out; echo "status=$?"`,
          );
          assert.equal(r.stdout, `status=${status}\n`, r.stderr);
          if (status === 1) assert.equal(r.stderr, "write: Broken pipe\n");
        }
      } finally {
        await Deno.remove(dir, { recursive: true });
      }
    },
  );

  t(
    "a FIFO's writer whose reader left writes again once another reader has opened it",
    async () => {
      // As natively: a full FIFO's poll for room waits (the pipe, grown by the write it refused,
      // had room at once); its reader leaving is a hangup and EPIPE; and once a second reader
      // has opened it, its poll says room and its write goes through (EPIPE stayed for good: a
      // Go writer by path failed every write after). Every byte it was told went reaches reader 2.
      const dir = await Deno.makeTempDir();
      try {
        assert.ok((await new Deno.Command("mkfifo", { args: [`${dir}/fifo`] }).output()).success);
        const readers =
          `exec 3<"$1"; sleep 1; exec 3<&-; sleep 0.5; timeout 10 cat "$1" | wc -c >"$2"`;
        const r = await sh(
          runtime,
          `timeout 25 sh -c ${shellQuote(readers)} sh ${dir}/fifo ${dir}/got & ` +
            `timeout 25 $WASIRUN --sigpipe ignore --dir ${dir}::/d ${C} fifo-write-again /d/fifo; ` +
            `echo "status=$?"; wait`,
        );
        const written = /^written: (\d+)$/m.exec(r.stderr)?.[1];
        assert.equal(
          r.stderr,
          "full: none\nreader 1: reader gone\nwrite: Broken pipe\nreader 2: room, write taken\n" +
            `written: ${written}\n`,
        );
        assert.equal(r.stdout, "status=0\n");
        assert.equal((await Deno.readTextFile(`${dir}/got`)).trim(), written);
      } finally {
        await Deno.remove(dir, { recursive: true });
      }
    },
  );

  t("a blocking write whose reader leaves while it waits for room is not a success", async () => {
    // One fd_write of 4 MiB into a pipe `head` leaves after 100 bytes: it
    // answered SUCCESS once the queue gave up, and the guest went on (exit 3).
    // Not on Bun: its FileSink, which takes what the pipe cannot yet, now and
    // then reports such a write done (1 run in ~20 here; README, "Exit codes").
    if (runtime.name === "bun") return;
    const wasm = fixture("wat/bigwrite.wasm");
    for (const [flags, status] of [["", 141], ["--sigpipe ignore", 64]] as const) {
      const r = await sh(
        runtime,
        `$WASIRUN ${flags} ${wasm} | head -c 100 >/dev/null; echo "status=\${PIPESTATUS[0]}"`,
      );
      assert.equal(r.stdout, `status=${status}\n`, r.stderr);
    }
  });

  t(
    "SIGTERM ends a guest in a big blocking write to a slow but steady reader at once",
    async () => {
      // The 4 MiB write's rest waited in the queue, never answered to the guest (a native program
      // killed in write(2) never writes it); on Deno each partial write of it counted as progress
      // for the flush's stall rule, so the run went on until the reader had taken it all (~40 s
      // here; a 50 MB write held a SIGTERM 148 s), where Bun and Node gave it up after 250 ms.
      const reader = `python3 -c 'import os, time
while os.read(0, 4096): time.sleep(0.05)'`;
      const r = await sh(
        runtime,
        `exec 3> >(${reader}); reader=$!; ` +
          `$WASIRUN ${fixture("wat/bigwrite.wasm")} >&3 & pid=$!; exec 3>&-; sleep 1; ` +
          `start=$(date +%s%N); kill -TERM $pid; wait $pid; code=$?; ` +
          `echo "code=$code ms=$(( ($(date +%s%N) - start) / 1000000 ))"; kill $reader`,
      );
      const [, code, ms] = /^code=(\d+) ms=(\d+)\n$/.exec(r.stdout) ?? [];
      assert.equal(code, "143", r.stdout + r.stderr);
      assert.ok(Number(ms) < 5000, `ended ${ms} ms after SIGTERM`);
    },
  );

  t("`--sigpipe ignore`: the guest's write into a closed pipe fails with EPIPE", async () => {
    // As for a native program that ignores SIGPIPE (and under wasmtime): the
    // guest sees the error, reports it and ends with its own status.
    for (const wasm of [GO, C]) {
      const mode = wasm === GO ? "write-mb 50" : "cat < /dev/zero";
      const r = await sh(
        runtime,
        `$WASIRUN --sigpipe ignore ${wasm} ${mode} | head -c 100 >/dev/null; ` +
          `echo "status=\${PIPESTATUS[0]}"`,
      );
      assertStdout(r, "status=1\n");
      assert.match(r.stderr, /^error: write( \/dev\/stdout)?: Broken pipe\n$/);
    }
  });

  for (const [signal, code] of [["INT", 130], ["TERM", 143]] as const) {
    t(
      `SIG${signal} while the guest waits flushes its output, then dies of it (${code})`,
      async () => {
        // The signal comes once the guest waits on stdin (after its first
        // tick), a pipe the test holds open: the exit must not wait for it.
        const guest = await spawnUntilTick(runtime, [GO, "ticker-stdin"]);
        guest.kill(`SIG${signal}`);
        const r = await guest.done(3000);
        assert.equal(r.code, code, r.stderr);
        // Killed by the signal, as a native program, not an exit with its code (a shell loop stops).
        assert.equal(r.signal, `SIG${signal}`);
        assert.ok(r.stdout.startsWith("tick\n"), r.stdout);
        assert.ok(!r.stdout.includes("line="));
      },
    );
  }

  // Node's exit joins its thread pool: a pool thread blocked reading stdin
  // held the process until the pipe got data or EOF (RATIONALE.md, "Node.js
  // as a host"). Start-up under load may take a second or two, hence 5 s.
  t("proc_exit while a stdin read is pending ends the process at once with its code", async () => {
    const r = await runOnOpenStdin(runtime, [STDIN_EXIT], 5000);
    assert.equal(r.code, 3, r.stderr);
  });

  t("_start returning while a stdin read is pending ends the process at once", async () => {
    // poll() starts a host read of stdin, times out after 200 ms, returns.
    const r = await runOnOpenStdin(runtime, [C, "poll-stdin", "200"], 5000);
    assert.equal(r.stdout, "timeout\n", r.stderr);
    assert.equal(r.code, 0);
  });

  t(
    "a guest that used up every fd can still wait (Deno panicked making its signal fd)",
    async () => {
      const dir = await Deno.makeTempDir();
      try {
        const r = await sh(
          runtime,
          `ulimit -n 256; $WASIRUN --dir ${dir} ${fixture("wat/fd_exhaust.wasm")}`,
        );
        assert.equal(r.stdout, "waited after MFILE\n", r.stderr);
        assert.equal(r.code, 0);
      } finally {
        await Deno.remove(dir);
      }
    },
  );

  t(
    "a guest that used up every fd it may have still writes all its output to a slow pipe",
    async () => {
      // The runtime keeps a few fds: a guest that took every one left Bun none for its stdout's
      // writer (a dup): 64 KiB of 200000 arrived, and the run ended 141 (helper-207). At a limit
      // of 32 the reserve is an eighth of it (helper-209).
      const dir = await Deno.makeTempDir();
      try {
        await Deno.writeTextFile(`${dir}/file`, "x");
        for (const limit of [256, 32]) {
          const r = await sh(
            runtime,
            `ulimit -n ${limit}; $WASIRUN --dir ${dir} ${C} exhaust-write ${dir}/file | (sleep 0.3; wc -c)`,
          );
          assert.equal(
            r.stderr,
            "opens: No file descriptors available\nwrite: 200000\n",
            `${limit}`,
          );
          assert.equal(r.stdout.trim(), "200000", `ulimit -n ${limit}`);
        }
      } finally {
        await Deno.remove(dir, { recursive: true });
      }
    },
  );

  t("SIGINT ends a guest that is busy in wasm at once", async () => {
    const r = await sh(
      runtime,
      `timeout --preserve-status -s INT 1 $WASIRUN ${fixture("wat/spin.wasm")}`,
    );
    assert.equal(r.code, 130);
  });

  t(
    "SIGUSR1 ends a waiting or computing guest with 138, as natively, not with the JS runtime's debugger",
    async () => {
      // Deno and Node open their inspector on SIGUSR1 (on 127.0.0.1:9229) and let the guest go on;
      // Deno since 2.9.2 ~0.5 s into a run whatever listener there is, so the signal comes later.
      for (const guest of ["wat/long_wait.wasm", "wat/spin.wasm"]) {
        const r = await sh(
          runtime,
          `timeout --preserve-status -k 5 -s USR1 1.2 $WASIRUN ${fixture(guest)}`,
        );
        assert.equal(r.code, 138, `${guest}: ${r.stderr}`);
        assert.doesNotMatch(r.stderr, /Debugger/);
      }
    },
  );

  t(
    "a Go and a C cat driven a line at a time: each line's echo before the next is sent",
    async () => {
      // The reads find stdin empty and wait a moment on the thread, or on the event loop when the
      // line comes later (RATIONALE.md, "Pipes without the pool"); for Go's poll_oneoff a line
      // that came between the two looks was once no wait at all: EINVAL, and Go's fatal error.
      // The driver is bench/pipe_roundtrip.py (it fails when an echo does not come back whole).
      for (const guest of ["go/main.wasm", "c/main.wasm"]) {
        const r = await sh(
          runtime,
          `python3 ${ROOT}/bench/pipe_roundtrip.py --runs=1 --rounds=3000 -- ` +
            `$WASIRUN ${fixture(guest)} cat`,
        );
        assert.equal(r.code, 0, `${guest}: ${r.stderr}`);
        assert.match(r.stdout, /^ *\d+\.\d us /);
      }
    },
  );

  t(
    "-W timeout and SIGTERM end a blocking reader whose data keeps coming just after it asks",
    async () => {
      // The shell writes a line at a time: the guest's reads often find the pipe empty and the
      // next line there within microseconds, so the CLI waits for it on its thread (a brief
      // poll(2), RATIONALE.md, "Pipes without the pool"). A signal then has no listener and takes
      // its default action, as while the guest computes: 142 with the watchdog's line, 143.
      const producer = "while :; do printf 'line\\n'; done";
      const cat = `${fixture("c/main.wasm")} cat`;
      const timed = await sh(runtime, `${producer} | $WASIRUN -W timeout=300ms ${cat} >/dev/null`);
      assert.equal(timed.code, 142, timed.stderr);
      assert.match(timed.stderr, /^error: \S+: the guest ran past -W timeout=300ms$/m);
      const termed = await sh(
        runtime,
        `${producer} | timeout --preserve-status -k 5 -s TERM 0.5 $WASIRUN ${cat} >/dev/null`,
      );
      assert.equal(termed.code, 143, termed.stderr);
    },
  );

  t("-W timeout ends the run while stderr is a full pipe nobody reads yet", async () => {
    // `yes` keeps the pipe (fd 3) full; its reader starts after 4 s. The watchdog's line could not
    // be written before that (Deno and Bun waited in the write; Node failed with EAGAIN, exit 1).
    // The shell's own stderr is elsewhere: it reports a child killed by SIGALRM there.
    const out = await Deno.makeTempFile();
    try {
      const r = await sh(
        runtime,
        `{ yes >&3 & Y=$!; s=$(date +%s%N); $WASIRUN -W timeout=300ms ${
          fixture("wat/spin.wasm")
        } ` +
          `2>&3; echo "$? $(( ($(date +%s%N) - s) / 1000000 ))" > ${out}; kill $Y; } 3>&1 2>/dev/null | ` +
          `{ sleep 4; cat > /dev/null; }`,
      );
      const [code, ms] = (await Deno.readTextFile(out)).trim().split(" ").map(Number);
      assert.equal(code, 142, r.stderr);
      assert.ok(ms < 3500, `ended after ${ms} ms`);
    } finally {
      await Deno.remove(out);
    }
  });

  t("-W timeout ends a guest busy in wasm, and one waiting, with its line and 142", async () => {
    // A guest sleeping 1 µs at a time turns the signal listeners on and off all the time (Node
    // lost the one SIGALRM there): the watchdog sends it until the run has it.
    for (const wasm of ["wat/spin.wasm", "wat/long_wait.wasm", "wat/sleep_loop.wasm"]) {
      const started = performance.now();
      const r = await sh(runtime, `$WASIRUN -W timeout=300ms ${fixture(wasm)}`);
      assert.equal(r.code, 142, `${wasm}: ${r.stderr}`);
      assert.match(r.stderr, /^error: \S+: the guest ran past -W timeout=300ms$/m);
      assert.ok(performance.now() - started < 10_000);
    }
    // Started with SIGALRM ignored (`trap '' ALRM`): the waiting guest still ends with 142, the
    // busy one (ignoring it there) by SIGKILL after 2 s of resends.
    const ignored = await sh(
      runtime,
      `trap '' ALRM; $WASIRUN -W timeout=200ms ${fixture("wat/long_wait.wasm")}`,
    );
    assert.equal(ignored.code, 142, ignored.stderr);
    const busy = await sh(
      runtime,
      `trap '' ALRM; $WASIRUN -W timeout=200ms ${fixture("wat/spin.wasm")}`,
    );
    assert.ok(busy.code === 142 || busy.code === 137, `${busy.code}: ${busy.stderr}`);
    assert.match(busy.stderr, /the guest ran past -W timeout=200ms$/m);
    // A run that ends first is not held up by its watchdog.
    const started = performance.now();
    const done = await sh(runtime, `$WASIRUN -W timeout=60 ${fixture("wat/hello.wasm")}`);
    assert.equal(done.stdout, "hello from wat\n", done.stderr);
    assert.equal(done.code, 0);
    assert.ok(performance.now() - started < 30_000);
  });

  t(
    "SIGINT and SIGTERM end a guest that waits 1 µs at a time (Node dropped one in two)",
    async () => {
      // Its waits turn the listeners on and off all the time: a signal caught by one must not be
      // dropped when it goes (lib/host/signals.ts).
      for (const [signal, code] of [["INT", 130], ["TERM", 143], ["INT", 130], ["TERM", 143]]) {
        const r = await sh(
          runtime,
          `timeout --preserve-status -k 5 -s ${signal} 0.5 $WASIRUN ${
            fixture("wat/sleep_loop.wasm")
          }`,
        );
        assert.equal(r.code, code, `SIG${signal}: ${r.stderr}`);
      }
    },
  );

  t(
    "SIGINT or SIGTERM with stdin's EOF right after ends the run by the signal (Ctrl-C on a pipe)",
    async () => {
      // Ctrl-C on `producer | app` signals both, and the producer's end is the app's EOF: on Deno
      // and Node the EOF ended the read before the signal's listener ran, and the guest went on to
      // exit 0 (helper-191). Natively, and under wasmtime, it dies of the signal.
      const driver = `import os, signal, subprocess, sys, time
out = []
for sig in (signal.SIGINT, signal.SIGTERM):
    for guest in sys.argv[1:3]:
        r, w = os.pipe()
        p = subprocess.Popen(sys.argv[3:] + [guest, "cat"], stdin=r, stdout=subprocess.DEVNULL)
        os.close(r)
        time.sleep(0.6)
        p.send_signal(sig)
        os.close(w)
        try: p.wait(10)
        except subprocess.TimeoutExpired: p.kill(); p.wait()
        out.append(str(p.returncode))
print(" ".join(out))`;
      const r = await runShell(
        `python3 -c ${shellQuote(driver)} ${[C, GO, ...runtime.command].map(shellQuote).join(" ")}`,
      );
      assert.equal(r.stdout, "-2 -2 -15 -15\n", r.stderr);
    },
  );

  t("SIGINT or SIGTERM as stdout's reader leaves ends the run by the signal, not 141", async () => {
    // The same race on a write wait: a full stdout pipe whose reader leaves as the signal comes.
    // Bun, which did not wait for a signal at the run's end, ended 141 (helper-192).
    const driver = `import os, signal, subprocess, sys, time
out = []
for sig in (signal.SIGINT, signal.SIGTERM):
    for guest in (sys.argv[1:4], sys.argv[4:6]):
        r, w = os.pipe()
        zero = open("/dev/zero", "rb")
        p = subprocess.Popen(sys.argv[6:] + guest, stdin=zero, stdout=w)
        zero.close()
        os.close(w)
        time.sleep(0.8)
        p.send_signal(sig)
        os.close(r)
        try: p.wait(10)
        except subprocess.TimeoutExpired: p.kill(); p.wait()
        out.append(str(p.returncode))
print(" ".join(out))`;
    const guests = [GO, "write-mb", "100", C, "cat"]; // C's: 64 KiB writes of /dev/zero
    const r = await runShell(
      `python3 -c ${shellQuote(driver)} ${
        [...guests, ...runtime.command].map(shellQuote).join(" ")
      }`,
    );
    assert.equal(r.stdout, "-2 -2 -15 -15\n", r.stderr);
  });

  t("a guest sleeping 2 s uses under 5% of a core", async () => {
    const { share, out } = await coreShare(runtime, [C, "sleep", "3000"], 2);
    assert.equal(new TextDecoder().decode(out.stdout), "slept 3000\n");
    assert.ok(share < 0.05, `used ${(share * 100).toFixed(1)}% of a core while sleeping`);
  });

  t("a guest waiting 30 days in poll_oneoff uses no core (longer than any JS timer)", async () => {
    // A timer over 2^31 - 1 ms fires after ~1 ms: the wait must be split, not spun.
    const { share, out } = await coreShare(runtime, [fixture("wat/long_wait.wasm")], 1.5, true);
    assert.equal(new TextDecoder().decode(out.stderr), ""); // no TimeoutOverflowWarning
    assert.ok(share < 0.1, `used ${(share * 100).toFixed(1)}% of a core while waiting`);
  });

  t("a guest taking 2 ms naps does not keep a core busy", async () => {
    // JS timers wait in whole milliseconds and Deno's fire ~1 ms late: the
    // last stretch of each wait must not be spent spinning the event loop.
    const { share, out } = await coreShare(runtime, [C, "naps", "1500"], 1.5);
    assert.equal(new TextDecoder().decode(out.stdout), "napped 1500\n");
    // Spinning the last 1.5 ms of each nap costs ~75% of a core; waking
    // 500 times a second costs a few percent.
    assert.ok(share < 0.3, `used ${(share * 100).toFixed(1)}% of a core while napping`);
  });

  for (const mode of ["poll-stdin", "select-stdin"]) {
    t(`C ${mode}() with a timeout: data that arrives in time, a timeout, EOF`, async () => {
      const ready = await sh(runtime, `(sleep 0.3; echo late) | $WASIRUN ${C} ${mode} 5000`);
      assert.equal(ready.stdout, "ready read=late\n");
      const timeout = await sh(runtime, `(sleep 3; echo late) | $WASIRUN ${C} ${mode} 300`);
      assert.equal(timeout.stdout, "timeout\n");
      const eof = await sh(runtime, `$WASIRUN ${C} ${mode} 5000 < /dev/null`);
      assert.equal(eof.stdout, "ready eof\n");
    });
  }

  t("C poll() of stdin with an always-ready stdout sees stdin's data", async () => {
    // Answered at once for stdout, the guest never suspended, and Node, which
    // learns of stdin's data through its event loop, never saw it.
    const r = await sh(runtime, `(printf abc; sleep 2) | $WASIRUN ${C} poll-stdin-stdout 20000`);
    assert.equal(r.stdout, "stdin readable: yes\nready read=abc\n", r.stderr);
  });

  t("10,000 subscriptions to stdin in one poll_oneoff each get their event", async () => {
    // Each fd is asked once a call however often it is subscribed to (Node: 47 ms a poll before).
    const many = "poll-many 10000";
    const r = await sh(runtime, `(printf abc; sleep 2) | $WASIRUN ${C} ${many}`);
    assert.equal(r.stdout, "events=10001 reads=10000 writes=1 clocks=0 distinct=yes\n", r.stderr);
    const idle = await sh(runtime, `sleep 2 | $WASIRUN ${C} ${many} | cat`);
    assert.equal(idle.stdout, "events=1 reads=0 writes=1 clocks=0 distinct=yes\n", idle.stderr);
  });

  t("blocking C and Rust readers get every byte from a slow pipe", async () => {
    for (const wasm of [C, RUST]) {
      const r = await sh(
        runtime,
        `(echo one; sleep 0.3; echo two; sleep 0.3; echo three) | $WASIRUN ${wasm} cat`,
      );
      assertStdout(r, "one\ntwo\nthree\n");
    }
  });

  t("Go reads interactive terminal input line by line (through a pty)", async () => {
    // script(1) gives the guest a real terminal on stdin and stdout.
    const r = await sh(
      runtime,
      `(sleep 0.8; printf 'first\\n'; sleep 0.5; printf 'second\\n'; sleep 0.5; printf '\\004') | ` +
        `script -qec "$WASIRUN ${GO} lines" /dev/null`,
    );
    const got = r.stdout.replaceAll("\r", "").split("\n").filter((l) => l.startsWith("got: "));
    assert.deepEqual(got, ["got: first", "got: second"], r.stdout);
    assert.equal(r.code, 0);
  });

  t("a terminal reads on after a Ctrl-D, as natively (a pipe's EOF stays)", async () => {
    const r = await sh(
      runtime,
      `(sleep 0.8; printf 'first\\n'; sleep 0.4; printf '\\004'; sleep 0.4; printf 'second\\n'; ` +
        `sleep 0.4; printf '\\004') | script -qec "$WASIRUN ${C} reread 2" /dev/null`,
    );
    const reads = r.stdout.replaceAll("\r", "").split("\n").filter((l) => /^(got|eof) /.test(l));
    assert.deepEqual(reads, ["got 6", "eof 1", "got 7", "eof 2"], r.stdout);
    assert.equal(r.code, 0);
    assertStdout(await sh(runtime, `echo | $WASIRUN ${C} reread 2`), "got 1\neof 1\neof 2\n");
  });
}

// Not on Bun: there an embedder whose guest left a stdin read pending still
// lingers until the pipe gets data or EOF (its pool read cannot be cancelled
// or unref'd); the CLI exits explicitly, so it does not.
// Not Node: its exit waits for the pool's threads, one of them in the open, which the run's end
// still frees by opening the other end a moment (RATIONALE.md, "FIFOs opened through path_open").
for (const runtime of RUNTIMES.filter((r) => r.name !== "node")) {
  Deno.test(`${runtime.name}: a run ended while its path_open waits for a FIFO's other end lets no one else through`, async () => {
    // As a native process killed in open(2). The open was freed by opening the other end a
    // moment, which another process waiting on the FIFO took for its peer: a `cat` of it read
    // EOF and left, an `echo >` got through. The CLI's process ends with the run, and the open
    // with it.
    const dir = await Deno.makeTempDir();
    try {
      assert.ok((await new Deno.Command("mkfifo", { args: [`${dir}/fifo`] }).output()).success);
      for (
        const [other, guest] of [
          ['cat "$1" >/dev/null', "readfile"],
          ['echo hello >"$1"', "fifo-write"],
        ]
      ) {
        const r = await sh(
          runtime,
          `timeout 20 sh -c ${shellQuote(other)} sh ${dir}/fifo 2>/dev/null & other=$!; ` +
            `$WASIRUN -W timeout=1s --dir ${dir}::/d ${C} ${guest} /d/fifo 2>/dev/null; ` +
            `echo "status=$?"; sleep 0.5; kill -0 $other && echo "still waits"; kill $other`,
        );
        assert.equal(r.stdout, "status=142\nstill waits\n", `${guest}: ${r.stderr}`);
      }
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  });
}

for (const runtime of RUNTIMES.filter((r) => r.name !== "bun")) {
  Deno.test(`${runtime.name}: an embedder ends when start() resolves with a stdin read pending`, async () => {
    const dir = await Deno.makeTempDir();
    try {
      const script = `${dir}/embedder.mjs`;
      await Deno.writeTextFile(
        script,
        `import { WASI } from ${JSON.stringify(pathToFileURL(`${ROOT}mod.ts`).href)};
        import { readFileSync } from "node:fs";
        for (const [wasm, args] of [
          [${JSON.stringify(STDIN_EXIT)}, ["stdin_exit"]],
          // A poll of stdin that timed out: on Deno its poll(2) went on on the FFI thread, on
          // an fd closed at the end and reused meanwhile, holding the process open for ever.
          [${JSON.stringify(C)}, ["main", "poll-stdin", "200"]],
        ]) {
          const wasi = new WASI({ args, returnOnExit: true });
          const module = await WebAssembly.compile(readFileSync(wasm));
          const code = await wasi.start(await WebAssembly.instantiate(module, wasi.getImportObject()));
          console.log("start resolved to", code);
        }`,
      );
      // No process.exit: the process ends when nothing keeps its event loop alive.
      const r = await runOnOpenStdin(runningScript(runtime, script), [], 5000);
      assert.equal(r.stdout, "start resolved to 3\ntimeout\nstart resolved to 0\n", r.stderr);
      assert.equal(r.code, 0);
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  });
}

for (const runtime of RUNTIMES) {
  const t = (name: string, fn: () => Promise<void>) => Deno.test(`${runtime.name}: ${name}`, fn);

  t("Go os.ReadFile of a preopened file returns all of it (the EAGAIN-as-EOF bug)", async () => {
    const dir = await Deno.makeTempDir();
    try {
      const data = new Uint8Array(5 << 20).map((_, i) => (i * 31) >> 3);
      await Deno.writeFile(`${dir}/data.bin`, data);
      const r = await runCli(runtime, ["--dir", `${dir}::/d`, GO, "readfile", "/d/data.bin"]);
      assert.equal(r.stderr, "");
      assert.equal(r.stdoutBytes.length, data.length);
      assert.deepEqual(r.stdoutBytes, data);
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  });

  t("Go goroutines read four FIFOs written in reverse order (TestNonblock's shape)", async () => {
    // On Bun each waiting read held a thread of its pool (one per core): with two waiting, the
    // rest, and stdout's own pool writes, queued behind them for ever. Deno and Node (stdin
    // /dev/null) blocked in the first open, which waited for data on the main thread.
    const dir = await Deno.makeTempDir();
    try {
      const fifos = [0, 1, 2, 3].map((i) => `${dir}/f${i}`);
      assert.ok((await new Deno.Command("mkfifo", { args: fifos }).output()).success);
      // Writers held from the start (read-write: no wait), so the guest's opens need none.
      const writers = await Promise.all(
        fifos.map((path) => Deno.open(path, { read: true, write: true })),
      );
      const [cmd, ...pre] = runtime.command;
      const child = new Deno.Command(cmd, {
        args: [...pre, "--dir", `${dir}::/d`, GO, "together", ...fifos.map((_, i) => `/d/f${i}`)],
        cwd: ROOT,
        stdin: "null",
        stdout: "piped",
        stderr: "piped",
      }).spawn();
      const output = child.output();
      // Written only once the guest holds all four (its fds in /proc), last first, each closed
      // after its line: a FIFO whose writer left before the guest opened it would wait for ever.
      const opened = () =>
        new Set(
          [...Deno.readDirSync(`/proc/${child.pid}/fd`)].map((e) => {
            try {
              return Deno.readLinkSync(`/proc/${child.pid}/fd/${e.name}`);
            } catch {
              return "";
            }
          }).filter((target) => fifos.includes(target)),
        ).size;
      const deadline = Date.now() + 30_000;
      while (opened() < 4 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      for (const i of [3, 2, 1, 0]) {
        await writers[i].write(new TextEncoder().encode(`fifo${i}\n`));
        writers[i].close();
        await new Promise((r) => setTimeout(r, 100));
      }
      const r = await output;
      const line = (i: number) => {
        const data = new TextEncoder().encode(`fifo${i}\n`);
        return `/d/f${i} bytes=${data.length} fnv=${fnv1a64(data)}\n`;
      };
      const empty = fnv1a64(new Uint8Array());
      assert.equal(
        new TextDecoder().decode(r.stdout),
        [0, 1, 2, 3].map(line).join("") + `stdin bytes=0 fnv=${empty}\nslept\n`,
        new TextDecoder().decode(r.stderr),
      );
      assert.equal(r.code, 0);
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  });

  t("Go goroutines read several files and a slow stdin while another sleeps", async () => {
    const dir = await Deno.makeTempDir();
    try {
      const a = new Uint8Array(3 << 20).map((_, i) => i * 7);
      const b = new TextEncoder().encode("small file\n");
      await Deno.writeFile(`${dir}/a`, a);
      await Deno.writeFile(`${dir}/b`, b);
      const stdin = new TextEncoder().encode("slow stdin\n");
      const r = await sh(
        runtime,
        `(sleep 0.5; echo slow stdin) | $WASIRUN --dir ${dir}::/d ${GO} together /d/a /d/b`,
      );
      assert.equal(
        r.stdout,
        `/d/a bytes=${a.length} fnv=${fnv1a64(a)}\n/d/b bytes=${b.length} fnv=${fnv1a64(b)}\n` +
          `stdin bytes=${stdin.length} fnv=${fnv1a64(stdin)}\nslept\n`,
      );
      assert.equal(r.code, 0);
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  });
}
