/**
 * Calls of several iovecs (testdata/c/iov.c): readv/writev/preadv/pwritev
 * fill and take their buffers in order, skip empty ones wherever they point,
 * and a writev of a few bytes is one write on the host, so two writers'
 * lines in one pipe never split (lib/syscalls/_transfer.ts `joined`); an
 * appending writev lands whole, so two appenders' records never split
 * (lib/fd/fd.ts `appendedTogether`).
 */
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { assertStdout, fixture, runCli, runShell, RUNTIMES, shellQuote } from "./_helpers.ts";

const IOV = fixture("c/iov.wasm");

/** What `iov order FILE` prints: each call's count and the buffers it filled. */
const ORDER = [
  "writev 10", // "abc", an empty iovec at 0xfffffff0, "defgh", "ij"
  "preadv 10 abcd efg hij.......", // 4 + (empty) + 3 + 10 bytes asked
  "pwritev 3", // "XY" "Z" at offset 2
  "readv 10 abXghij.....", // 6 bytes, then 4 more from o + 3: the second buffer over the first
  "readv at end 0",
  "",
].join("\n");

for (const runtime of RUNTIMES) {
  Deno.test(`${runtime.name}: readv, writev, preadv and pwritev move their buffers in order`, async () => {
    const dir = mkdtempSync("/tmp/wasirun-iov-");
    try {
      const r = await runCli(runtime, ["--dir", `${dir}::/d`, IOV, "order", "/d/f"]);
      assertStdout(r, ORDER);
      assert.equal(r.code, 0);
      assert.equal(readFileSync(join(dir, "f"), "latin1"), "abXYZfghij");
    } finally {
      rmSync(dir, { recursive: true });
    }
  });

  // A blocking write that finds the pipe full queues only its own bytes and waits until they went
  // as one write (Deno and Bun through FFI, Node through its own non-blocking description); the
  // runtime's pool (Deno without --allow-ffi) batches what it queued, which a concurrent writer may
  // split (RATIONALE.md, "Several iovecs in one call").
  Deno.test(`${runtime.name}: two writers' writevs of a line share a pipe unsplit`, async () => {
    const lines = 20_000;
    const [a, b] = ["a".repeat(39), "b".repeat(47)];
    const run = (text: string) =>
      [...runtime.command, IOV, "lines", text, String(lines)].map(shellQuote).join(" ");
    // Both write at once into the pipe `sort | uniq -c` reads: a line written as two
    // writes would let the other writer's bytes in between.
    const r = await runShell(`(${run(a)} & ${run(b)}; wait) | sort | uniq -c`);
    const counts = r.stdout.trim().split("\n").map((l) => l.trim()).sort();
    assert.deepEqual(counts, [`${lines} ${a}`, `${lines} ${b}`], r.stderr);
  });

  // Two writers append 40 KiB records, each one writev of two 20 KiB iovecs (more than the
  // 16 KiB any write joins), to one file: opened with O_APPEND by the guest, and as stdout given
  // `>>`. Buffer by buffer, the other's bytes could land between a record's halves.
  for (const target of ["a file it opens", "stdout"]) {
    Deno.test(`${runtime.name}: two appenders' writevs land whole (${target})`, async () => {
      const dir = mkdtempSync("/tmp/wasirun-iov-");
      try {
        const records = 400;
        const run = (c: string) => {
          const args = target === "stdout"
            ? [IOV, "append", "-", c, String(records)]
            : ["--dir", `${dir}::/d`, IOV, "append", "/d/f", c, String(records)];
          const command = [...runtime.command, ...args].map(shellQuote).join(" ");
          return target === "stdout" ? `${command} >> ${shellQuote(join(dir, "f"))}` : command;
        };
        const r = await runShell(`${run("a")} & ${run("b")}; wait`);
        assert.equal(r.stderr, "");
        const lines = readFileSync(join(dir, "f"), "latin1").split("\n");
        assert.equal(lines.pop(), "");
        const whole = new Map<string, number>();
        for (const line of lines) whole.set(line, (whole.get(line) ?? 0) + 1);
        const record = (c: string) => c.repeat((40 << 10) - 1);
        assert.equal(whole.get(record("a")), records, `${whole.size} different lines`);
        assert.equal(whole.get(record("b")), records, `${whole.size} different lines`);
      } finally {
        rmSync(dir, { recursive: true });
      }
    });
  }
}
