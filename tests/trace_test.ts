/**
 * --trace, --trace=json, --trace-file and --stats with real guests (issue
 * 13): a Go program copying a slow stdin, the text format, a trace file that
 * keeps stderr clean, and exits that still leave a complete trace. Every case
 * runs under each runtime of tests/_helpers.ts.
 */
import assert from "node:assert/strict";
import { fixture, ROOT, runCli, runShell, type Runtime, RUNTIMES } from "./_helpers.ts";
import type { TraceRecord } from "../mod.ts";

const GO = fixture("go/main.wasm");
const C = fixture("c/main.wasm");
const text = new TextDecoder();
const EVENT_TYPES = ["clock", "fd_read", "fd_write"];

async function tempFile(): Promise<string> {
  return await Deno.makeTempFile({ prefix: "wasirun-trace-", suffix: ".log" });
}

/** Every line of `path`, each parsed as JSON (fails on a line that is not). */
async function jsonLines(path: string): Promise<TraceRecord[]> {
  const lines = (await Deno.readTextFile(path)).split("\n");
  assert.equal(lines.pop(), "", "the file ends with a newline");
  return lines.map((line) => {
    try {
      return JSON.parse(line);
    } catch {
      throw new Error(`not a JSON line: ${line}`);
    }
  });
}

/** Resolves once `path` has a line that `match` accepts (the guest got that far). */
async function waitForLine(path: string, match: (line: string) => boolean): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    const lines = await Deno.readTextFile(path).catch(() => "");
    if (lines.split("\n").some(match)) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`no matching line in ${path} after 30 s`);
}

/** `--stats` table rows by call name: the header's column names as keys. */
function statsRows(table: string): Map<string, Record<string, string>> {
  const lines = table.split("\n").filter((l) => l.trim() !== "" && !/^-+(\s+-+)*$/.test(l));
  const headerAt = lines.findIndex((l) => /^call\s+calls\s/.test(l));
  assert.ok(headerAt >= 0, `no stats header in:\n${table}`);
  const header = lines[headerAt].trim().split(/\s+/);
  const rows = new Map<string, Record<string, string>>();
  for (const line of lines.slice(headerAt + 1)) {
    const cells = line.trim().split(/\s+/);
    if (cells.length !== header.length) continue;
    rows.set(cells[0], Object.fromEntries(header.map((h, i) => [h, cells[i]])));
  }
  return rows;
}

function spawn(runtime: Runtime, args: string[], stdin: "piped" | "null") {
  const [cmd, ...pre] = runtime.command;
  return new Deno.Command(cmd, {
    args: [...pre, ...args],
    cwd: ROOT,
    stdin,
    stdout: "piped",
    stderr: "piped",
  }).spawn();
}

/** Checks what every record must carry, and poll_oneoff's decoding. */
function checkRecord(r: TraceRecord): void {
  const where = JSON.stringify(r);
  assert.equal(typeof r.t_ms, "number", where);
  assert.equal(typeof r.dur_us, "number", where);
  assert.ok(r.dur_us >= 0, where);
  assert.match(r.call, /^[a-z_]+$/, where);
  assert.equal(typeof r.args, "object", where);
  assert.ok(r.errno !== undefined || r.exit !== undefined, where);
  if (r.errno !== undefined) assert.match(r.errno, /^[A-Z0-9]+$/, where);
  if (r.errno === "AGAIN") assert.ok(r.reason && r.reason.length > 0, `no reason: ${where}`);
  if (r.woke !== undefined) assert.equal(typeof r.wait_us, "number", where);
  if (r.call === "poll_oneoff") {
    assert.ok(Array.isArray(r.subscriptions), where);
    assert.equal(r.subscriptions!.length, r.args.nsubscriptions, where);
    for (const s of r.subscriptions!) {
      assert.ok(EVENT_TYPES.includes(s.type), where);
      if (s.type === "clock") {
        assert.equal(typeof s.clock, "string", where);
        assert.equal(typeof s.abstime, "boolean", where);
        assert.notEqual(s.timeout_ns, undefined, where);
      } else {
        assert.equal(typeof s.fd, "number", where);
      }
    }
    if (r.errno === "SUCCESS") {
      assert.equal(r.events!.length, r.result!.nevents, where);
      const userdata = r.subscriptions!.map((s) => s.userdata);
      for (const e of r.events!) {
        assert.ok(userdata.includes(e.userdata), where);
        assert.ok(EVENT_TYPES.includes(e.type), where);
        assert.match(e.error, /^[A-Z0-9]+$/, where);
      }
    }
  }
}

for (const runtime of RUNTIMES) {
  const t = (name: string, fn: () => Promise<void>) => Deno.test(`${runtime.name}: ${name}`, fn);

  t("--trace=json --trace-file --stats: a Go program copying a slow stdin", async () => {
    const file = await tempFile();
    const child = spawn(
      runtime,
      ["--trace=json", "--trace-file", file, "--stats", GO, "cat"],
      "piped",
    );
    const output = child.output();
    const writer = child.stdin.getWriter();
    // Feed stdin only once the guest has found it empty: it must wait for it.
    const again = (l: string) => l.includes('"call":"fd_read"') && l.includes('"AGAIN"');
    await waitForLine(file, again);
    await new Promise((r) => setTimeout(r, 500)); // into poll_oneoff's wait
    await writer.write(new TextEncoder().encode("first line\n"));
    await waitForLine(file, (l) => l.includes('"nwritten":11'));
    await writer.write(new TextEncoder().encode("second line\n"));
    await writer.close();
    const out = await output;
    const stderr = text.decode(out.stderr);
    assert.equal(text.decode(out.stdout), "first line\nsecond line\n", stderr);
    assert.equal(out.code, 0, stderr);

    const records = await jsonLines(file);
    records.forEach(checkRecord);
    const reads = records.filter((r) => r.call === "fd_read" && r.args.fd === 0);
    assert.ok(reads.some((r) => r.errno === "AGAIN"), "Go found stdin empty");
    assert.deepEqual(
      reads.filter((r) => r.errno === "SUCCESS").map((r) => r.result!.nread),
      [11, 12, 0],
    );
    const iovs = reads[0].args.iovs as { count: number; bytes: number };
    assert.equal(iovs.count, 1);
    assert.ok(iovs.bytes >= 12, "room for the longer line");
    // Go waits for stdin in poll_oneoff; data woke it once, EOF at the end.
    const waits = records.filter((r) => r.call === "poll_oneoff" && r.woke !== undefined);
    assert.ok(waits.some((r) => r.woke === "data"), JSON.stringify(waits));
    const woken = waits.find((r) => r.woke === "data")!;
    assert.ok(woken.subscriptions!.some((s) => s.type === "fd_read" && s.fd === 0));
    assert.ok(woken.events!.some((e) => e.type === "fd_read" && e.error === "SUCCESS"));
    const writes = records.filter((r) => r.call === "fd_write" && r.args.fd === 1);
    assert.deepEqual(writes.map((r) => r.result!.nwritten), [11, 12]);
    const exit = records.at(-1)!;
    assert.equal(exit.call, "proc_exit");
    assert.equal(exit.exit, 0);

    // The table went to stderr (the trace file holds JSON Lines only), and
    // nothing else did: no trace line.
    const rows = statsRows(stderr);
    assert.doesNotMatch(stderr, /^\{|\[trace\]/m);
    const fdRead = records.filter((r) => r.call === "fd_read");
    assert.equal(Number(rows.get("fd_read")!.calls), fdRead.length);
    assert.equal(
      Number(rows.get("fd_read")!.errors),
      fdRead.filter((r) => r.errno !== "SUCCESS").length,
    );
    assert.equal(Number(rows.get("fd_read")!.bytes), 23);
    assert.equal(Number(rows.get("total")!.calls), records.length);
    assert.ok(Number(rows.get("poll_oneoff")!.waited_ms) > 0);
    await Deno.remove(file);
  });

  t("--trace lines carry the time since start and the duration", async () => {
    const child = spawn(runtime, ["--trace", GO, "cat"], "piped");
    const output = child.output();
    const writer = child.stdin.getWriter();
    await writer.write(new TextEncoder().encode("x\n"));
    await writer.close();
    const out = await output;
    assert.equal(text.decode(out.stdout), "x\n");
    const lines = text.decode(out.stderr).split("\n").filter((l) => l !== "");
    assert.ok(lines.length > 10);
    for (const line of lines) {
      assert.match(
        line,
        /^\[trace\] \d+\.\d{3}ms [a-z_]+\(.*\)( subscriptions=\[.*\])? (= [A-Z0-9]+|-> exit \d+).* <\d+\.\d{3}ms>$/,
      );
    }
    const times = lines.map((l) => Number(/ (\d+\.\d{3})ms /.exec(l)![1]));
    assert.ok(times.at(-1)! > times[0], "time since start grows");
    assert.ok(lines.some((l) => /fd_fdstat_set_flags\(fd=0, flags=NONBLOCK\)/.test(l)));
  });

  t("--trace-file takes the trace off stderr and leaves the guest's stdio alone", async () => {
    const file = await tempFile();
    const out = await spawn(
      runtime,
      ["--trace", "--trace-file", file, "--stats", C, "stderr"],
      "null",
    )
      .output();
    assert.equal(text.decode(out.stdout), "to stdout\n");
    assert.equal(text.decode(out.stderr), "to stderr\n");
    assert.equal(out.code, 0);
    const content = await Deno.readTextFile(file);
    const writes = content.split("\n").filter((l) => /^\d+\.\d{3}ms fd_write\(/.test(l));
    assert.deepEqual(
      writes.map((l) => /fd=(\d), iovs=\{\d+ iovecs?, (\d+) bytes\}/.exec(l)!.slice(1).join(":")),
      ["1:10", "2:10"],
    );
    // A text trace file gets the table too, after the trace.
    assert.equal(statsRows(content).get("fd_write")!.calls, "2");
    await Deno.remove(file);
  });

  t("--stats alone: the table on stderr, no trace lines", async () => {
    const out = await spawn(runtime, ["--stats", C, "hello"], "null").output();
    assert.equal(out.code, 0);
    assert.equal(text.decode(out.stdout), "hello, world\n");
    const stderr = text.decode(out.stderr);
    assert.doesNotMatch(stderr, /\[trace\]|^\{/m);
    const rows = statsRows(stderr);
    assert.deepEqual(
      [rows.get("fd_write")!.calls, rows.get("fd_write")!.errors, rows.get("fd_write")!.bytes],
      ["1", "0", "13"],
    );
    assert.equal(
      Number(rows.get("total")!.calls),
      [...rows].filter(([name]) => name !== "total").reduce((n, [, r]) => n + Number(r.calls), 0),
    );
  });

  t("proc_exit still leaves a complete trace file and stats", async () => {
    const file = await tempFile();
    const out = await spawn(runtime, [
      "--trace=json",
      "--trace-file",
      file,
      "--stats",
      GO,
      "exit",
      "7",
    ], "null")
      .output();
    assert.equal(out.code, 7);
    const records = await jsonLines(file);
    records.forEach(checkRecord);
    assert.deepEqual(
      [records.at(-1)!.call, records.at(-1)!.args, records.at(-1)!.exit],
      ["proc_exit", { rval: 7 }, 7],
    );
    assert.equal(statsRows(text.decode(out.stderr)).get("proc_exit")!.calls, "1");
    await Deno.remove(file);
  });

  t("a trap still leaves a complete trace file and stats", async () => {
    const file = await tempFile();
    const out = await spawn(
      runtime,
      ["--trace", "--trace-file", file, "--stats", C, "trap"],
      "null",
    )
      .output();
    assert.equal(out.code, 134);
    assert.match(text.decode(out.stderr), /^error: .*wasm trap/m);
    const content = await Deno.readTextFile(file);
    const rows = statsRows(content);
    const traced = content.split("\n").filter((l) => /^\d+\.\d{3}ms /.test(l));
    assert.ok(traced.length > 0);
    assert.equal(Number(rows.get("total")!.calls), traced.length);
    await Deno.remove(file);
  });

  t("SIGINT during a wait: the trace says the interrupt woke it", async () => {
    const file = await tempFile();
    const child = spawn(runtime, ["--trace=json", "--trace-file", file, GO, "lines"], "piped");
    const output = child.output();
    await waitForLine(file, (l) => l.includes('"call":"fd_read"') && l.includes('"AGAIN"'));
    await new Promise((r) => setTimeout(r, 500)); // into poll_oneoff's wait
    child.kill("SIGINT");
    const out = await output;
    await child.stdin.close().catch(() => {});
    assert.equal(out.code, 130, text.decode(out.stderr));
    const records = await jsonLines(file);
    records.forEach(checkRecord);
    const last = records.at(-1)!;
    assert.equal(last.call, "poll_oneoff");
    assert.equal(last.woke, "interrupt");
    assert.equal(last.exit, 130);
    await Deno.remove(file);
  });

  t(
    "a blocking read's wait is counted from the read's start, its waits on wasirun's thread too",
    async () => {
      // The C cat reads stdin, a pipe whose lines come 150 ms apart. Before it suspended, a read
      // waited on wasirun's thread (a brief wait of 1 ms, the first patient poll(2) of 2 ms),
      // which the trace counted as the call's own time: each wait 3-4.6 ms short (helper-200).
      const file = await tempFile();
      const cli = [...runtime.command, "--trace=json", "--trace-file", file, C];
      // The lines begin once the guest runs (its first trace line is out): a start slower than
      // 150 ms (Node's, under load) found lines there already, which no read waited for.
      const out = await runShell(
        `(while [ ! -s "$TRACE" ]; do sleep 0.01; done; for l in a b c d; do sleep 0.15; echo $l; done) | "$@" cat`,
        { args: [...cli], env: { TRACE: file } },
      );
      assert.equal(out.stdout, "a\nb\nc\nd\n", out.stderr);
      const records = await jsonLines(file);
      records.forEach(checkRecord);
      const woken = records.filter((r) => r.call === "fd_read" && r.woke === "data");
      assert.equal(woken.length, 4, JSON.stringify(woken));
      // The first read also sets up stdin's reader: the others are the wait and the read alone.
      const unaccounted = woken.slice(1).map((r) => r.dur_us - r.wait_us!);
      assert.ok(Math.min(...unaccounted) < 2500, `call time beside the wait: ${unaccounted} us`);
      // Each after the first began as a line came, and waited for the next (the first, for the
      // line that came 150 ms after the guest's first call).
      for (const r of woken.slice(1)) assert.ok(r.wait_us! > 100_000, JSON.stringify(r));
      await Deno.remove(file);
    },
  );

  t("a broken stdout pipe (exit 141) still leaves a complete trace file", async () => {
    const file = await tempFile();
    const cli = [...runtime.command, "--trace=json", "--trace-file", file, GO, "write-mb", "50"];
    const out = await runShell(`"$@" | head -c 100 >/dev/null; echo "status=\${PIPESTATUS[0]}"`, {
      args: cli,
    });
    assert.equal(out.stdout, "status=141\n");
    const records = await jsonLines(file);
    records.forEach(checkRecord);
    // The write that met the closed pipe, or the wait for room in which the loss of what was
    // queued ended the guest.
    const last = records.at(-1)!;
    assert.ok(last.call === "fd_write" || last.call === "poll_oneoff", last.call);
    assert.equal(last.exit, 141);
    await Deno.remove(file);
  });

  t(
    "a slow stdout consumer: AGAIN says the kernel's buffer or the queue is full, room wakes the wait",
    async () => {
      const file = await tempFile();
      const cli = [...runtime.command, "--trace=json", "--trace-file", file, GO, "write-mb", "4"];
      const out = await runShell(`"$@" | (sleep 0.5; wc -c)`, { args: cli });
      assert.equal(out.stdout.trim(), String(4 << 20));
      const records = await jsonLines(file);
      records.forEach(checkRecord);
      const full = records.filter((r) => r.call === "fd_write" && r.errno === "AGAIN");
      assert.ok(full.length > 0, "the guest outran the consumer");
      // Go's writes are non-blocking: refused by the kernel's full pipe (the queue only where it
      // cannot ask the kernel: Node without node:ffi).
      for (const r of full) {
        assert.match(r.reason!, /^(the kernel's buffer is full|write queue full)/);
      }
      const room = records.filter((r) => r.call === "poll_oneoff" && r.woke === "room");
      assert.ok(
        room.some((r) => r.subscriptions!.some((s) => s.type === "fd_write" && s.fd === 1)),
      );
      await Deno.remove(file);
    },
  );

  t(
    "guest strings and arrays are shown in bounded form, labelled only for what they are",
    async () => {
      // A 64 MiB path made Deno decode it for seconds and Bun write a line of 64 MB (1 GiB: 12 s);
      // Deno called a valid path longer than V8's strings "<invalid utf-8>", Node "<out of bounds>".
      const dir = await Deno.makeTempDir({ prefix: "wasirun-trace-long-" });
      const file = await tempFile();
      try {
        const guest = fixture("wat/trace_long.wasm");
        const args = ["--dir", `${dir}::/d`, guest];
        const json = await spawn(runtime, ["--trace=json", "--trace-file", file, ...args], "null")
          .output();
        assert.equal(json.code, 0, text.decode(json.stderr));
        const records = await jsonLines(file);
        records.filter((r) => r.call !== "poll_oneoff").forEach(checkRecord); // it lists no subscription
        const paths = records.filter((r) => r.call === "path_filestat_get").map((r) => r.args.path);
        assert.deepEqual(paths, [
          "a".repeat(1023) + "…(67108864 bytes)", // cut before the "é" that straddles byte 1024
          "<invalid utf-8>",
          "c".repeat(1024),
          "<out of bounds>",
        ]);
        const write = records.find((r) => r.call === "fd_write")!;
        assert.equal(write.args.iovs, "<1048576 iovecs, more than IOV_MAX>");
        assert.equal(write.errno, "INVAL");
        const poll = records.find((r) => r.call === "poll_oneoff")!;
        assert.deepEqual(poll.subscriptions, []);
        assert.equal(poll.errno, "INVAL");
        // The text form: the same, every line short.
        const plain = await spawn(runtime, ["--trace", ...args], "null").output();
        assert.equal(plain.code, 0);
        const lines = text.decode(plain.stderr).trimEnd().split("\n");
        assert.equal(lines.length, records.length);
        for (const line of lines) assert.ok(line.length < 1200, `a line of ${line.length}`);
        assert.ok(lines[0].includes(`path="${"a".repeat(1023)}…(67108864 bytes)"`), lines[0]);
      } finally {
        await Deno.remove(dir, { recursive: true });
        await Deno.remove(file);
      }
    },
  );

  t("bad trace options get one line and a documented exit code", async () => {
    const cases: [string[], number, RegExp][] = [
      [
        ["--trace=yaml", C, "hello"],
        2,
        /^error: invalid --trace format 'yaml': expected 'text' or 'json'\nhint: /,
      ],
      [
        ["--trace-file", "/tmp/x.log", C, "hello"],
        2,
        /^error: --trace-file needs --trace, --trace=json or --stats\n/,
      ],
      [
        ["--trace", "--trace-file", "/nonexistent/dir/t.log", C, "hello"],
        1,
        /^error: .*cannot open trace file '\/nonexistent\/dir\/t\.log': no such file or directory\n$/,
      ],
    ];
    for (const [args, code, stderr] of cases) {
      const out = await spawn(runtime, args, "null").output();
      assert.equal(out.code, code, args.join(" "));
      assert.match(text.decode(out.stderr), stderr);
      assert.equal(text.decode(out.stdout), "");
    }
    // A trace file that fills up: said once, and the guest runs on.
    const full = await spawn(runtime, ["--trace", "--trace-file", "/dev/full", C, "hello"], "null")
      .output();
    assert.equal(full.code, 0);
    assert.equal(text.decode(full.stdout), "hello, world\n");
    assert.match(
      text.decode(full.stderr),
      /^wasirun: cannot write trace file '\/dev\/full': .*\n$/,
    );
  });
}

for (const runtime of RUNTIMES) {
  Deno.test(`${runtime.name}: a preview0 call is traced and counted under its module's name`, async () => {
    const file = await tempFile();
    try {
      // testdata/c/preview0.c opens p0.txt through wasi_unstable; with no preopen, BADF.
      const r = await runCli(runtime, [
        "--trace=json",
        "--trace-file",
        file,
        "--stats",
        fixture("c/preview0.wasm"),
      ]);
      const records = await jsonLines(file);
      const open = records.find((x) => x.call === "path_open");
      assert.equal(open?.module, "wasi_unstable", r.stderr);
      assert.equal(open?.errno, "BADF");
      // libc's own calls are preview1's: no module named.
      assert.ok(records.some((x) => x.call === "fd_write" && x.module === undefined));
      assert.equal(statsRows(r.stderr).get("wasi_unstable.path_open")?.errors, "1", r.stderr);
      const text = await runCli(runtime, ["--trace", fixture("c/preview0.wasm")]);
      assert.match(text.stderr, /^\[trace\] [\d.]+ms wasi_unstable\.path_open\(fd=3, /m);
      assert.match(text.stderr, /^\[trace\] [\d.]+ms fd_write\(fd=1, /m);
    } finally {
      await Deno.remove(file);
    }
  });
}
