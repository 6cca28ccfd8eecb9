/**
 * Pipes without the pool (issue 11): where FFI is there (Deno with -A, Bun),
 * a pipe's bytes move straight between a private non-blocking description
 * of it and guest memory, and the runtime's pool serves only the calls that
 * must wait; `WASIRUN_STDIO=pool` (and Node, which has no FFI) keeps the
 * pool for everything. Both paths, real C and Go guests, every runtime.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import {
  DENO_NO_FFI,
  fixture,
  NODE_NO_FFI,
  readUntil,
  ROOT,
  runShell,
  type Runtime,
  RUNTIMES,
  sha256,
  shellQuote,
} from "./_helpers.ts";

const GO = fixture("go/main.wasm");
const C = fixture("c/main.wasm");
/** `fill`: 59-byte lines to stdout, one blocking write(2) each, until one fails. */
const FILL = fixture("c/efbig.wasm");

type Path = "ffi" | "pool";

/** The paths a runtime has: FFI only where the runtime offers it. */
function paths(runtime: Runtime): Path[] {
  return runtime.name === "node" ? ["pool"] : ["ffi", "pool"];
}

function env(path: Path): Record<string, string> {
  return { WASIRUN_STDIO: path === "pool" ? "pool" : "" };
}

function spawn(runtime: Runtime, path: Path, args: string[]): Deno.ChildProcess {
  const [cmd, ...pre] = runtime.command;
  return new Deno.Command(cmd, {
    args: [...pre, ...args],
    cwd: ROOT,
    env: env(path),
    stdin: "piped",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Deterministic bytes that no run of zeros could fake. */
function data(n: number): Uint8Array {
  const out = new Uint8Array(n);
  let x = 0x12345678;
  for (let i = 0; i < n; i++) {
    x ^= x << 13, x ^= x >>> 17, x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}

/**
 * Sends `input` through the guest's `cat` in uneven chunks with pauses (the
 * guest keeps finding its stdin empty), while the reader of its stdout stops
 * for a while after every 64 KiB (the pipe fills and the guest's writes must
 * wait): answers what came out.
 */
async function slowCat(runtime: Runtime, path: Path, wasm: string, input: Uint8Array) {
  const child = spawn(runtime, path, [wasm, "cat"]);
  const stderr = new Response(child.stderr).text();
  const writing = (async () => {
    const writer = child.stdin.getWriter();
    for (let off = 0, i = 0; off < input.length; i++) {
      const n = Math.min(input.length - off, 1 + ((i * 7919) % (128 << 10)));
      await writer.write(input.subarray(off, off + n));
      off += n;
      if (i % 4 === 0) await sleep(2);
    }
    await writer.close();
  })();
  const chunks: Uint8Array[] = [];
  let since = 0;
  for await (const chunk of child.stdout) {
    chunks.push(chunk);
    since += chunk.length;
    if (since >= 64 << 10) {
      since = 0;
      await sleep(3);
    }
  }
  await writing;
  const status = await child.status;
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let off = 0;
  for (const c of chunks) out.set(c, off), off += c.length;
  return { code: status.code, stdout: out, stderr: await stderr };
}

/** O_NONBLOCK in /proc/PID/fdinfo's octal `flags`. */
const O_NONBLOCK = 0o4000;

/** Every fd of `pid` open on the same pipe as its fd `fd`, with whether it is non-blocking. */
function descriptionsOf(pid: number, fd: number): { fd: number; nonblocking: boolean }[] {
  const target = Deno.readLinkSync(`/proc/${pid}/fd/${fd}`);
  const out = [];
  for (const entry of Deno.readDirSync(`/proc/${pid}/fd`)) {
    let link: string;
    try {
      link = Deno.readLinkSync(`/proc/${pid}/fd/${entry.name}`);
    } catch {
      continue; // closed meanwhile
    }
    if (link !== target) continue;
    const info = Deno.readTextFileSync(`/proc/${pid}/fdinfo/${entry.name}`);
    const flags = parseInt(/^flags:\s+(\d+)$/m.exec(info)![1], 8);
    out.push({ fd: Number(entry.name), nonblocking: (flags & O_NONBLOCK) !== 0 });
  }
  return out.sort((a, b) => a.fd - b.fd);
}

for (const runtime of RUNTIMES) {
  for (const path of paths(runtime)) {
    const t = (name: string, fn: () => Promise<void>) =>
      Deno.test({ name: `${runtime.name}, ${path}: ${name}`, fn });

    for (const [name, wasm] of [["C", C], ["Go", GO]]) {
      t(`a ${name} cat moves 4 MiB intact between a slow writer and a slow reader`, async () => {
        const input = data(4 << 20);
        const r = await slowCat(runtime, path, wasm, input);
        assert.equal(r.stderr, "");
        assert.equal(r.code, 0);
        assert.equal(r.stdout.length, input.length);
        assert.equal(await sha256(r.stdout), await sha256(input));
      });
    }

    t(
      "stdout and stderr on one pipe (2>&1) keep the order of the guest's writes",
      async () => {
        // 2,000 alternating unbuffered lines, then one write larger than the
        // pipe holds, a stderr line and a stdout line, into a late reader: a
        // tail of stdout still queued must not be overtaken by stderr.
        const [cmd, ...pre] = runtime.command;
        const wasirun = [cmd, ...pre].map(shellQuote).join(" ");
        const out = await runShell(`${wasirun} ${C} interleave 2>&1 | (sleep 0.3; cat)`, {
          env: env(path),
        });
        const lines = Array.from({ length: 2000 }, (_, i) => `out ${i}\nerr ${i}\n`).join("");
        const expected = `${lines}${"O".repeat(70000)}\nERR\nEND\n`;
        const got = out.stdout;
        assert.equal(out.code, 0, out.stderr);
        assert.equal(got.length, expected.length);
        assert.ok(
          got === expected,
          `first difference at byte ${[...got].findIndex((c, i) => c !== expected[i])}`,
        );
      },
    );

    t(
      "a Go guest whose stdin pipe already holds its data gets it without EAGAIN (FFI, Node)",
      async () => {
        // 16 KiB fit in the pipe and are all there, its write end closed,
        // before the CLI starts (bash >= 5.1 passes a short here-string
        // through a pipe; exit 99 says if it did not): the direct path reads
        // them at once, the pool path answers the first non-blocking read
        // with EAGAIN (nothing is read before the guest asks).
        const [cmd, ...pre] = runtime.command;
        const wasirun = [cmd, ...pre].map(shellQuote).join(" ");
        const out = await runShell(
          `x=$(head -c 16383 /dev/zero | tr '\\0' a); exec 0<<<"$x"; ` +
            `[ -p /dev/stdin ] || exit 99; exec ${wasirun} --trace ${GO} stdin-sum`,
          { env: env(path) },
        );
        const { stdout, stderr: trace } = out;
        assert.match(stdout, /^bytes=16384 fnv=/);
        assert.equal(out.code, 0, trace);
        const agains = trace.split("\n").filter((l) =>
          /^\[trace\].* fd_read\(fd=0.*= AGAIN/.test(l)
        );
        // Node reads its private non-blocking copy at once too (readSync).
        if (path === "ffi" || runtime.name === "node") {
          assert.equal(agains.length, 0, agains.join("\n"));
        } else assert.notEqual(agains.length, 0, trace);
      },
    );

    t(
      "the shared stdio pipes stay blocking; FFI reads and writes a private non-blocking copy",
      async () => {
        const child = spawn(runtime, path, [GO, "ticker-stdin"]);
        const reader = child.stdout.getReader();
        let seen = await readUntil(reader, "tick\n");
        // The guest waits on stdin now, after writing to stdout.
        const stdin = descriptionsOf(child.pid, 0);
        const stdout = descriptionsOf(child.pid, 1);
        const writer = child.stdin.getWriter();
        await writer.write(new TextEncoder().encode("done\n"));
        await writer.close();
        seen = await readUntil(reader, "line=done\n", seen);
        const status = await child.status; // main returns after the line
        await reader.cancel();
        await child.stderr.cancel();
        assert.match(seen, /line=done\n/);
        assert.equal(status.code, 0);
        assert.equal(stdin[0].fd, 0);
        assert.equal(stdin[0].nonblocking, false);
        assert.equal(stdout[0].fd, 1);
        assert.equal(stdout[0].nonblocking, false);
        // Deno may hold dups of fd 0 (same description, blocking): count the
        // non-blocking ones, which can only be private descriptions.
        const privateCopies = (fds: { nonblocking: boolean }[]) =>
          fds.filter((d) => d.nonblocking).length;
        if (path === "ffi") {
          assert.equal(privateCopies(stdin), 1);
          assert.equal(privateCopies(stdout), 1);
        } else if (runtime.name !== "node") {
          // (Node reads stdin through libuv on a private copy of its own.)
          assert.equal(privateCopies(stdin), 0);
          assert.equal(privateCopies(stdout), 0);
        }
      },
    );
  }
}

for (const runtime of RUNTIMES) {
  Deno.test(`${runtime.name}: a non-blocking writer that never waits is not refused while the pipe has room`, async () => {
    // Go's runtime prints its crash dump so, dropping what EAGAIN refuses: the queue, drained by
    // the event loop the guest never let run, answered AGAIN after 64 KiB though `wc` kept up.
    const guest = [...runtime.command, fixture("c/main.wasm"), "flood-nonblock", "4096"];
    const r = await runShell(`${guest.map(shellQuote).join(" ")} | wc -c`);
    const sent = Number(/^sent=(\d+)\n$/.exec(r.stderr)?.[1]);
    assert.equal(Number(r.stdout.trim()), sent * 1024, r.stderr);
    assert.ok(sent >= 2048, `only ${sent} of 4096 KiB went out`);
  });

  Deno.test(`${runtime.name}: a writer waiting for room on a stdout pipe whose reader leaves is told so by its poll`, async () => {
    // As natively (POLLERR): the event is a hangup, not room; a poll that said room sent the
    // writer on to a write that ends it by SIGPIPE (141). (Without FFI the kernel refuses
    // nothing: 64 KiB queued, then lost, end the run with 141 at that wait.)
    const guest = [...runtime.command, fixture("c/main.wasm"), "poll-full-stdout"];
    const r = await runShell(`${guest.map(shellQuote).join(" ")} | (sleep 0.3; exit 0)`);
    assert.equal(r.stderr, "revents: reader gone\n");
  });

  Deno.test(`${runtime.name}: a poll for room on a stdout pipe whose reader has left is a hangup before any write too`, async () => {
    // As natively (POLLERR). The kernel was asked only once a write had found the pipe full:
    // before, the poll said room, and the write it sent the guest on to met EPIPE.
    const guest = [...runtime.command, "--sigpipe", "ignore", C, "poll-gone-stdout"];
    const r = await runShell(`${guest.map(shellQuote).join(" ")} | true`);
    assert.equal(r.stderr, "poll: reader gone\nwrite: Broken pipe\n");
  });
}

for (const runtime of [...RUNTIMES, DENO_NO_FFI, NODE_NO_FFI]) {
  Deno.test(`${runtime.name}: a read that waits for stdin takes no more than it asked for; the rest is the next reader's`, async () => {
    const guest = [...runtime.command, fixture("c/main.wasm"), "read-once", "2"].map(shellQuote);
    // The data comes after the guest's read began to wait, as natively `cat` gets the rest.
    const r = await runShell(
      `(sleep 0.5; printf 'abcdef\\n') | (${guest.join(" ")}; echo "cat=$(cat)")`,
    );
    assert.equal(r.stdout, "read=ab\ncat=cdef\n", r.stderr);
    // And when it is there already.
    const now = await runShell(
      `printf 'abcdef\\n' | (sleep 0.3; ${guest.join(" ")}; echo "cat=$(cat)")`,
    );
    assert.equal(now.stdout, "read=ab\ncat=cdef\n", now.stderr);
    // A non-blocking reader (Go's bufio, 4096 bytes a read) whose data comes while it waits in
    // poll_oneoff: the wait takes no more than its last read asked for, as read(2) would have.
    const go = [...runtime.command, fixture("go/main.wasm"), "ticker-stdin"].map(shellQuote);
    const late = "import os, time; time.sleep(0.5); os.write(1, b'ab\\n' + b'x' * 5000)";
    const nonBlocking = await runShell(
      `python3 -c ${shellQuote(late)} | ` +
        `(${go.join(" ")} | grep -v tick; echo "cat=$(cat | wc -c)")`,
    );
    assert.equal(nonBlocking.stdout, "line=ab\ncat=907\n", nonBlocking.stderr);
    // A blocking reader that polls first (poll(2), then a read of 3 bytes): the poll reads
    // nothing, whether the data is there at the poll or comes while it waits (wasmtime 49 left
    // `cat` nothing in both; natively and under wazero it gets the rest).
    // Not Deno without FFI, which cannot look at a pipe without reading it: its poll reads up to
    // 64 KiB, as wasmtime 49's does (README, "Least privilege on Deno").
    const polling = [...runtime.command, fixture("c/main.wasm"), "poll-read-once", "3"];
    for (const delay of runtime === DENO_NO_FFI ? [] : ["", "sleep 0.5; "]) {
      const polled = await runShell(
        `(${delay}printf 'abcdefgh') | (${polling.map(shellQuote).join(" ")}; echo "cat=$(cat)")`,
      );
      assert.equal(polled.stdout, "read=abc\ncat=defgh\n", `${delay}: ${polled.stderr}`);
    }
    // A guest that polls and ends without reading leaves all of it, as poll(2) reads nothing:
    // the wait reads nothing where the host can wait for readability (Deno with FFI: its FFI
    // thread; Bun and Node: a poll thread, started once a wait has lasted 100 ms; before that,
    // poll(2)s on the main thread). Without FFI the wait still reads (Deno: 64 KiB, Node: 1
    // byte), as wasmtime 49's (all).
    const noFfi = runtime === DENO_NO_FFI || runtime === NODE_NO_FFI;
    for (const delay of noFfi ? [] : ["", "sleep 0.05; ", "sleep 0.5; "]) {
      const pollOnly = [...runtime.command, fixture("c/main.wasm"), "poll-read-once", "0"];
      const left = await runShell(
        `(${delay}printf 'abcdefgh') | (${pollOnly.map(shellQuote).join(" ")}; echo "cat=$(cat)")`,
      );
      assert.equal(left.stdout, "read=\ncat=abcdefgh\n", `${delay}: ${left.stderr}`);
    }
    // Nor is a pipe read ahead once a read is served (Deno without FFI read the next 64 KiB
    // while the guest went on, lost when it exited). A socket still is (RATIONALE.md).
    for (let i = 0; i < 3; i++) {
      const piped = await runShell(`printf 'abcdef\\n' | (${guest.join(" ")}; echo "cat=$(cat)")`);
      assert.equal(piped.stdout, "read=ab\ncat=cdef\n", piped.stderr);
    }
  });
}

for (const runtime of RUNTIMES) {
  Deno.test(`${runtime.name}: lines written before the guest computes are in the pipe while it computes, as natively`, async () => {
    // They waited in the write queue for the event loop, which a computing guest never lets run:
    // the reader saw them at the guest's exit, and a kill meanwhile lost them (a helper's
    // `nextpnr ... | tee log`, Ctrl-C: an empty log; on Node a reader gone went unseen as long).
    // The guest writes 200 lines and spins.
    const dir = await Deno.makeTempDir();
    try {
      const guest = [...runtime.command, fixture("c/progress.wasm"), "200"].map(shellQuote);
      const r = await runShell(
        `{ ${guest.join(" ")} & pid=$!; echo $pid > ${dir}/pid; ` +
          `(sleep 30; kill -KILL $pid) >/dev/null 2>&1 & killer=$!; ` +
          `wait $pid; kill $killer 2>/dev/null; } | ` +
          `{ head -n 200 | wc -l; kill -KILL "$(cat ${dir}/pid)"; }`,
      );
      assert.equal(r.stdout.trim(), "200", r.stderr);
      // 32 KiB more than the pipe holds (1 MiB once grown), to a reader that starts late: the
      // last blocking write returned with them queued (what the pipe had refused, under the
      // queue's 64 KiB), and they waited for the event loop as the lines had; write(2) returns
      // once the kernel has all of it.
      const bulk = [...runtime.command, fixture("c/progress.wasm"), "0", "1081344"];
      const full = await runShell(
        `{ ${bulk.map(shellQuote).join(" ")} & pid=$!; echo $pid > ${dir}/pid; ` +
          `(sleep 30; kill -KILL $pid) >/dev/null 2>&1 & killer=$!; ` +
          `wait $pid; kill $killer 2>/dev/null; } | ` +
          `{ sleep 1; head -c 1081344 | wc -c; kill -KILL "$(cat ${dir}/pid)"; }`,
      );
      assert.equal(full.stdout.trim(), "1081344", full.stderr);
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  });
}

for (const runtime of RUNTIMES) {
  Deno.test(`${runtime.name}: lines written to a stdout socket before the guest computes are in it while it computes`, async () => {
    // A socket for stdout (a supervisor's, inetd's): its writes all waited in the queue for the
    // event loop (only the first left), as a pipe's had. Now what the socket takes goes at once
    // (send with MSG_DONTWAIT; on Node through node:ffi). Python holds the other end.
    const guest = [...runtime.command, fixture("c/progress.wasm"), "200"].map(shellQuote);
    const reader = `import socket, subprocess, sys
a, b = socket.socketpair()
p = subprocess.Popen(sys.argv[1:], stdout=b, stdin=subprocess.DEVNULL)
b.close()
a.settimeout(30)
data = b""
try:
    while data.count(b"\\n") < 200:
        chunk = a.recv(65536)
        if not chunk: break
        data += chunk
except socket.timeout:
    pass
p.kill(); p.wait()
print(data.count(b"\\n"))`;
    const r = await runShell(`python3 -c ${shellQuote(reader)} ${guest.join(" ")}`);
    assert.equal(r.stdout.trim(), "200", r.stderr);
  });
}

for (const runtime of RUNTIMES) {
  Deno.test(`${runtime.name}: what a non-blocking write was told it wrote is in a stdout socket while the guest computes`, async () => {
    // As for a pipe (above): a non-blocking write that found the socket full was given up to
    // 64 KiB more into the write queue, which drains on the event loop, not while the guest
    // computes. Python holds the other end, reads 128 KiB late, then the rest.
    const total = 1245184;
    const guest = [...runtime.command, fixture("c/progress.wasm"), "0", `${total}`, "nonblock-poll"]
      .map(shellQuote);
    const reader = `import select, socket, subprocess, sys, time
a, b = socket.socketpair()
p = subprocess.Popen(sys.argv[1:], stdout=b, stdin=subprocess.DEVNULL, stderr=subprocess.PIPE)
b.close()
a.settimeout(20)
time.sleep(1)
got = 0
try:
    while got < 131072:
        got += len(a.recv(131072 - got))
    time.sleep(1)
    while got < ${total}:
        chunk = a.recv(65536)
        if not chunk: break
        got += len(chunk)
except socket.timeout:
    pass
said = p.stderr.readline() if select.select([p.stderr], [], [], 20)[0] else b""
p.kill(); p.wait()
print(got, said.decode().strip())`;
    const r = await runShell(`python3 -c ${shellQuote(reader)} ${guest.join(" ")}`);
    assert.equal(r.stdout.trim(), `${total} accepted=${total}`, r.stderr);
  });
}

const STALLED_CASES: [Runtime, string, string][] = [
  ...RUNTIMES.map((rt): [Runtime, string, string] => [rt, rt.name, GO]),
  // Deno's node:fs write(2) ran on its main thread: a C guest's blocking write into the full
  // pipe held the event loop, and the signal with it, until the reader read (helper-184).
  [DENO_NO_FFI, "deno without --allow-ffi", GO],
  [DENO_NO_FFI, "deno without --allow-ffi", FILL],
  [NODE_NO_FFI, "node without node:ffi", FILL],
];

for (const [runtime, label, guest] of STALLED_CASES) {
  const lang = guest === GO ? "Go" : "C";
  Deno.test(`${label}: SIGTERM ends a ${lang} guest blocked on a stdout pipe nobody reads, promptly (143)`, async () => {
    // The guest was interrupted, then its queued output waited for a reader
    // that never came: the process outlived SIGTERM for as long as the pipe
    // stayed full (for ever here). Now output that stops moving is given up.
    const [cmd, ...pre] = runtime.command;
    const child = new Deno.Command(cmd, {
      args: [...pre, guest, ...(guest === GO ? ["write-mb", "100"] : ["fill"])],
      cwd: ROOT,
      stdin: "null",
      stdout: "piped", // never read
      stderr: "null",
    }).spawn();
    await new Promise((r) => setTimeout(r, 1500));
    const t0 = performance.now();
    child.kill("SIGTERM");
    const killer = setTimeout(() => child.kill("SIGKILL"), 10_000);
    const status = await child.status;
    clearTimeout(killer);
    const ms = performance.now() - t0;
    await child.stdout.cancel();
    assert.equal(status.code, 143);
    assert.ok(ms < 3000, `exited ${Math.round(ms)} ms after SIGTERM`);
  });
}

const SHARED_NONBLOCKING_CASES: [Runtime, string][] = [
  ...RUNTIMES.map((rt): [Runtime, string] => [rt, rt.name]),
  [DENO_NO_FFI, "deno without --allow-ffi"],
  [NODE_NO_FFI, "node without node:ffi"],
];

for (const [runtime, label] of SHARED_NONBLOCKING_CASES) {
  Deno.test(`${label}: a stdout pipe another process made O_NONBLOCK, read slowly, gets the output once`, async () => {
    // Node makes its stdout pipe O_NONBLOCK, and a child it starts with that stdout shares the
    // flag. Deno's stdout (Deno without FFI) is Rust's line-buffered one, whose EAGAIN hides
    // what the write took: written again whole, a Go and a C cat repeated their output for
    // ever. Python makes the pipe, sets the flag and reads 8 KiB a millisecond.
    const guests = [[GO, "cat"], [C, "cat"]];
    const reader = `import fcntl, os, subprocess, sys, tempfile, time
data = bytes(i % 251 for i in range(1 << 20))  # a newline every 251 bytes
src = tempfile.TemporaryFile(); src.write(data); src.seek(0)
r, w = os.pipe()
fcntl.fcntl(w, fcntl.F_SETFL, fcntl.fcntl(w, fcntl.F_GETFL) | os.O_NONBLOCK)
p = subprocess.Popen(sys.argv[1:], stdin=src, stdout=w, stderr=subprocess.DEVNULL)
os.close(w)
out, t0 = bytearray(), time.time()
while time.time() - t0 < 30:
    time.sleep(0.001)
    chunk = os.read(r, 8192)
    if not chunk: break
    out += chunk
p.kill(); p.wait()
print(len(out), out == data)`;
    for (const guest of guests) {
      const cmd = [...runtime.command, ...guest].map(shellQuote).join(" ");
      const r = await runShell(`python3 -c ${shellQuote(reader)} ${cmd}`);
      assert.equal(r.stdout, `${1 << 20} True\n`, `${guest.join(" ")}: ${r.stderr}`);
    }
  });
}

// Deno without FFI only: the other hosts send on a socket themselves (exact, and slow to drain
// 4 KiB buffers: ~25 s here).
for (const [runtime, label] of [[DENO_NO_FFI, "deno without --allow-ffi"]] as const) {
  Deno.test(`${label}: a TCP stdout another process made O_NONBLOCK, with small buffers and read slowly, gets the output once`, async () => {
    // A socket takes part of any write (a pipe takes PIPE_BUF whole or nothing): on Deno without
    // FFI a line's partial send then its flush's EAGAIN hid the count, and lines repeated
    // (helper-192). 4 KiB buffers on loopback TCP make it fill often.
    const reader = `import os, socket, subprocess, sys, tempfile, time
data = bytes(i % 251 for i in range(1 << 20))  # a newline every 251 bytes
src = tempfile.TemporaryFile(); src.write(data); src.seek(0)
l = socket.socket(); l.bind(("127.0.0.1", 0)); l.listen(1)
b = socket.socket(); b.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, 4096)
b.connect(l.getsockname()); a, _ = l.accept(); l.close()
a.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
b.setblocking(False)
p = subprocess.Popen(sys.argv[1:], stdin=src, stdout=b.fileno(), stderr=subprocess.DEVNULL)
b.close()
a.settimeout(10)
out, t0 = bytearray(), time.time()
while time.time() - t0 < 60:
    time.sleep(0.001)
    try: chunk = a.recv(3000)
    except socket.timeout: break
    if not chunk: break
    out += chunk
p.kill(); p.wait()
print(len(out), out == data)`;
    const cmd = [...runtime.command, C, "cat"].map(shellQuote).join(" ");
    const r = await runShell(`python3 -c ${shellQuote(reader)} ${cmd}`);
    assert.equal(r.stdout, `${1 << 20} True\n`, r.stderr);
  });
}

for (const runtime of RUNTIMES) {
  Deno.test(`${runtime.name}: a TCP stdout whose reader left: a later write dies of SIGPIPE, as natively`, async () => {
    // The reader takes a byte and closes; "b" draws the reset, "c" meets it: natively SIGPIPE.
    // (Deno without FFI ends 0: every write goes through its queue, and a loss at the exit's
    // flush counts as a blocking write's queued rest, which fails quietly, as natively.)
    const driver = `import socket, subprocess, sys, threading, time
l = socket.socket(); l.bind(("127.0.0.1", 0)); l.listen(1)
c = socket.socket(); c.connect(l.getsockname()); s, _ = l.accept(); l.close()
def peer():
    s.recv(1); s.close()
threading.Thread(target=peer).start()
p = subprocess.Popen(sys.argv[1:], stdin=subprocess.PIPE, stdout=c.fileno(), stderr=subprocess.DEVNULL)
c.close()
for ch, pause in ((b"a", 1.0), (b"b", 0.5), (b"c", 0)):
    try: p.stdin.write(ch); p.stdin.flush()
    except BrokenPipeError: break
    time.sleep(pause)
try: p.stdin.close()
except BrokenPipeError: pass
print(p.wait(20))`;
    const cmd = [...runtime.command, C, "cat"].map(shellQuote).join(" ");
    const r = await runShell(`python3 -c ${shellQuote(driver)} ${cmd}`);
    assert.ok(["141\n", "-13\n"].includes(r.stdout), `${r.stdout} ${r.stderr}`);
  });
}

for (const [runtime, label] of SHARED_NONBLOCKING_CASES) {
  Deno.test(`${label}: --help into a full stdout pipe another process made O_NONBLOCK comes out once`, async () => {
    // The CLI's own lines on Deno go through Deno.stdout too, with or without FFI: its help
    // (4 KiB and more) came out twice into a full non-blocking pipe read late.
    const reader = `import fcntl, os, subprocess, sys, time
cmd = sys.argv[1:]
expected = subprocess.run(cmd, stdout=subprocess.PIPE).stdout
r, w = os.pipe()
fcntl.fcntl(w, fcntl.F_SETFL, fcntl.fcntl(w, fcntl.F_GETFL) | os.O_NONBLOCK)
filler = 0
try:
    while True: filler += os.write(w, b"." * 4096)
except BlockingIOError: pass
p = subprocess.Popen(cmd, stdout=w)
os.close(w)
time.sleep(0.3)
out, t0 = bytearray(), time.time()
while time.time() - t0 < 30:
    time.sleep(0.002)
    chunk = os.read(r, 1024)
    if not chunk: break
    out += chunk
p.kill(); p.wait()
print(len(expected) > 4096, bytes(out[filler:]) == expected)`;
    const cmd = [...runtime.command, "--help"].map(shellQuote).join(" ");
    const r = await runShell(`python3 -c ${shellQuote(reader)} ${cmd}`);
    assert.equal(r.stdout, "True True\n", r.stderr);
  });
}

for (const runtime of RUNTIMES) {
  Deno.test(`${runtime.name}: what a non-blocking write was told it wrote is in the pipe while the guest computes`, async () => {
    // A non-blocking writer (Go's) that found the pipe full was given up to 64 KiB more into the
    // write queue, which drains on the event loop; once it had all it wanted written it
    // computed, and those bytes never reached the reader (a kill lost them). Natively a
    // non-blocking write takes what the pipe takes and answers EAGAIN for the rest, and the
    // writer waits in poll(). The reader here reads 128 KiB late, then the rest later still.
    const dir = await Deno.makeTempDir();
    try {
      const total = 1245184; // 1 MiB (the pipe, once grown) + 192 KiB
      const guest = [...runtime.command, fixture("c/progress.wasm"), "0", `${total}`];
      const r = await runShell(
        `{ ${[...guest, "nonblock-poll"].map(shellQuote).join(" ")} 2>${dir}/err & pid=$!; ` +
          `echo $pid > ${dir}/pid; (sleep 20; kill -KILL $pid) >/dev/null 2>&1 & killer=$!; ` +
          `wait $pid; kill $killer 2>/dev/null; } | ` +
          `{ sleep 1; head -c 131072 >/dev/null; sleep 1; head -c ${total - 131072} | wc -c; ` +
          // The guest's line comes once its last write returns: a loaded machine may deschedule it
          // between the two longer than the reader takes to get here.
          `for i in $(seq 100); do [ -s ${dir}/err ] && break; sleep 0.05; done; ` +
          `kill -KILL "$(cat ${dir}/pid)"; }`,
      );
      assert.equal(Number(r.stdout.trim()), total - 131072, r.stderr);
      assert.equal(await Deno.readTextFile(`${dir}/err`), `accepted=${total}\n`);
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  });
}

for (const runtime of RUNTIMES) {
  Deno.test(`${runtime.name}: a non-blocking writer that found stdout's pipe full has it grown to 1 MiB`, async () => {
    // Node's writes never grew the pipe (Deno's and Bun's do, at the first write that would
    // wait): a Go program writing into a slower reader (s2d -c | sha256sum, 270 MB) then waited
    // in 64 KiB steps on polled readiness, each poll a timer of 1 ms or more while the reader
    // had emptied the pipe sooner: 4.6 s on Node, 1.0 once grown (Deno 1.7, wasmtime 1.3).
    // The reader, late, asks the kernel what its pipe holds (F_GETPIPE_SZ), then takes it all.
    const dir = await Deno.makeTempDir();
    try {
      const total = 262144;
      const guest = [...runtime.command, fixture("c/progress.wasm"), "0", `${total}`];
      const size = `import fcntl; print(fcntl.fcntl(0, 1032))`;
      const r = await runShell(
        `{ ${[...guest, "nonblock-poll"].map(shellQuote).join(" ")} 2>${dir}/err & pid=$!; ` +
          `echo $pid > ${dir}/pid; (sleep 20; kill -KILL $pid) >/dev/null 2>&1 & killer=$!; ` +
          `wait $pid; kill $killer 2>/dev/null; } | ` +
          `{ sleep 1; python3 -c ${shellQuote(size)}; head -c ${total} | wc -c; ` +
          `kill -KILL "$(cat ${dir}/pid)"; }`,
      );
      assert.deepEqual(r.stdout.trim().split(/\s+/), ["1048576", `${total}`], r.stderr);
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  });
}

// Deno under README's least-privilege command (reads scoped to the repository: /proc/self/status
// is not readable there, and sigaction(2) through FFI says what is ignored).
const LEAST_PRIVILEGE_DENO: Runtime = {
  name: "deno",
  command: [Deno.execPath(), "run", `--allow-read=${ROOT}`, "--allow-ffi", join(ROOT, "cli.ts")],
};

for (
  const [label, runtime] of [
    ...RUNTIMES.filter((r) => r.name !== "node").map((r) => [r.name, r] as const),
    ...RUNTIMES.some((r) => r.name === "deno")
      ? [
        ["deno (least privilege)", LEAST_PRIVILEGE_DENO] as const,
        // Unscoped reads: Deno says granted for /proc/self/status, then refuses it (all but -A):
        // SIGHUP killed it (helper-189).
        ["deno (--allow-read --allow-ffi)", {
          name: "deno",
          command: [Deno.execPath(), "run", "--allow-read", "--allow-ffi", join(ROOT, "cli.ts")],
        }] as const,
      ]
      : [],
  ]
) {
  Deno.test(`${label}: SIGHUP, SIGINT and SIGTERM its parent ignores stay ignored, as natively`, async () => {
    // A shell starts a script's background job with SIGINT ignored (Ctrl-C ends the script, not
    // the job), `nohup` its command with SIGHUP ignored. Bun keeps that, but wasirun's listener,
    // added while the guest waits, ended it with 130; Deno puts its own handler in place (about
    // half a second into any run), which ended it with 129 / 130 / 143. (Node resets the
    // disposition itself before any script runs: nothing is left to keep there.)
    const quoted = [...runtime.command, fixture("c/main.wasm"), "cat"].map(shellQuote).join(" ");
    const child = new Deno.Command("sh", {
      args: ["-c", `trap '' HUP INT TERM; exec ${quoted}`],
      cwd: ROOT,
      stdin: "piped",
      stdout: "piped",
      stderr: "piped",
    }).spawn();
    await new Promise((r) => setTimeout(r, 1500)); // the guest waits in its read
    for (const signal of ["SIGHUP", "SIGINT", "SIGTERM"] as const) {
      child.kill(signal);
      await new Promise((r) => setTimeout(r, 200));
    }
    const writer = child.stdin.getWriter();
    await writer.write(new TextEncoder().encode("still here\n"));
    await writer.close();
    const out = await child.output();
    assert.equal(out.code, 0, new TextDecoder().decode(out.stderr));
    assert.equal(new TextDecoder().decode(out.stdout), "still here\n");
  });
}

for (const runtime of RUNTIMES) {
  Deno.test(`${runtime.name}: a stdout socket its peer reset: the write is ECONNRESET once (EPIPE on a Unix socket), the guest's own status stands, the next write is SIGPIPE's`, async () => {
    // As send(2) answers (a native build of reset.c: `write: ECONNRESET`, then exit 3, or killed
    // by SIGPIPE at the write after). The reset was kept as the write queue's error: every later
    // write answered ECONNRESET again, and the exit was 141 whatever the guest chose, as if
    // output had been lost unseen. The peer reads "one", leaves "two" unread and closes: a reset.
    const reader = `import os, socket, subprocess, sys, tempfile, time
d = tempfile.mkdtemp(); sig = os.path.join(d, "go")
if FAMILY == "unix":
    a, b = socket.socketpair()
elif FAMILY == "seqpacket":
    a, b = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
else:
    l = socket.create_server(("127.0.0.1", 0)); b = socket.create_connection(l.getsockname())
    a, _ = l.accept(); l.close()
    if FAMILY == "tcp-cut":
        b.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, 65536)
        a.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 65536)
p = subprocess.Popen(sys.argv[1:] + ["--dir", d + "::/sig", "${
      fixture("c/reset.wasm")
    }", "/sig/go", MODE],
                     stdout=b, stdin=subprocess.DEVNULL, stderr=subprocess.PIPE)
b.close()
a.settimeout(30)
first = a.recv(4)
a.recv(4, socket.MSG_PEEK | socket.MSG_WAITALL)
if MODE.startswith("big"):
    open(sig, "w").close()
    if FAMILY == "tcp-cut":
        left = 512 * 1024
        while left > 0: left -= len(a.recv(min(left, 65536)))
        while not a.recv(1, socket.MSG_PEEK): time.sleep(0.01)
    else:
        while len(a.recv(65536, socket.MSG_PEEK)) < 65536: time.sleep(0.01)
    a.close()
else:
    a.close()
    open(sig, "w").close()
err = p.stderr.read().decode()
print(first.decode().strip(), p.wait(), err.replace("\\n", ";"))
os.unlink(sig); os.rmdir(d)`;
    const guest = runtime.command.map(shellQuote).join(" ");
    const run = (mode: string, family = "tcp") => {
      const script = reader.replaceAll("MODE", `"${mode}"`).replaceAll("FAMILY", `"${family}"`);
      return runShell(`python3 -c ${shellQuote(script)} ${guest}`);
    };
    const once = await run("once");
    assert.equal(once.stdout, "one 3 write: ECONNRESET;\n", once.stderr);
    const again = await run("again");
    assert.equal(again.stdout, "one 141 write: ECONNRESET;\n", again.stderr);
    // The reset met by a blocking write's rest, queued while it waited (16 MiB: more than the
    // kernel holds): natively that write returns what it sent and the next answers ECONNRESET;
    // a guest that writes no more exits with its own status. It was SIGPIPE's 141 either way.
    const big = await run("big");
    assert.equal(big.stdout, "one 3 big: ok;\n", big.stderr);
    const bigAgain = await run("big-again");
    assert.equal(bigAgain.stdout, "one 3 big: ok;again: ECONNRESET;\n", bigAgain.stderr);
    // The same with small socket buffers and a reader that takes 512 KiB before its reset: the rest
    // wasirun queued is then partly sent when the reset comes (what it took to pass 512 KiB). Node's
    // node:fs write (libuv) wrote again after that partial write, took the reset unseen, and the
    // next write found EPIPE: exit 141 with `big: ok` only, every time (once in a CI run above).
    const cut = await run("big-again", "tcp-cut");
    assert.equal(cut.stdout, "one 3 big: ok;again: ECONNRESET;\n", cut.stderr);
    // A Unix socket (a socketpair) answers the writer EPIPE, never the reset (native: SIGPIPE at
    // the first write after the close, or after the write that was cut). wasirun said ECONNRESET,
    // which the readiness check's SO_ERROR holds there, and (Deno) ended the cut write with 141.
    for (const [mode, expected] of [["once", "one 141 \n"], ["big", "one 3 big: ok;\n"]]) {
      const unix = await run(mode, "unix");
      assert.equal(unix.stdout, expected, `${mode}: ${unix.stderr}`);
    }
    const unixAgain = await run("big-again", "unix");
    assert.equal(unixAgain.stdout, "one 141 big: ok;\n", unixAgain.stderr);
    // A SOCK_SEQPACKET socketpair answers as TCP does, ECONNRESET once (native: `write:
    // ECONNRESET`, exit 3); taken for a Unix stream socket, it was SIGPIPE's 141.
    const seqpacket = await run("once", "seqpacket");
    assert.equal(seqpacket.stdout, "one 3 write: ECONNRESET;\n", seqpacket.stderr);
  });
}
