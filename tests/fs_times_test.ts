/**
 * File times to the nanosecond (lib/host/libc.ts): exact through FFI
 * (`utimensat`, `futimens`, `statx`) under Deno with FFI allowed, under Bun,
 * and under Node 26 (`node:ffi` for the two calls that set times; the
 * wasi-testsuite's fd_filestat_set, path_filestat and symlink_filestat ask
 * for the exact time back); milliseconds through node:fs under Deno without
 * --allow-ffi; within a microsecond under Node without its FFI (node:fs sets
 * times through a double).
 */
import assert from "node:assert/strict";
import * as fs from "node:fs";
import {
  assertQuietStderr,
  DENO_NO_FFI,
  fixture,
  NODE,
  NODE_NO_FFI,
  runCli,
  type Runtime,
  RUNTIMES,
} from "./_helpers.ts";

const GO_EXACT = `chtimes: ok
atime=1600000000111111111 mtime=1700000000123456789
chtimes mtime only: ok
atime=1600000000111111111 mtime=1500000000000000005
`;

const C_EXACT = `utimensat: ok
atime=1600000000111111111 mtime=1700000000123456789
utimensat mtime only: ok
atime=1600000000111111111 mtime=1500000000000000005
futimens: ok
atime=1400000000999999999 mtime=1500000000000000005
`;

/** Deno with read and write permission but no FFI: node:fs keeps milliseconds. */

async function times(runtime: Runtime, guest: string, bestEffort = false): Promise<string> {
  const dir = fs.realpathSync(Deno.makeTempDirSync({ prefix: "wasirun-times-" }));
  try {
    const r = await runCli(runtime, ["--dir", `${dir}::/w`, fixture(guest), "times", "/w"]);
    assertQuietStderr(r.stderr, bestEffort);
    assert.deepEqual(fs.readdirSync(dir), []);
    return r.stdout;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Node without its experimental FFI: node:fs alone. */

/**
 * Node without FFI: node:fs reads times to the nanosecond but sets them
 * through a double of seconds (steps of ~240 ns at today's dates), so each
 * time is within a microsecond of the exact one and the rest is identical.
 */
function assertWithinMicrosecond(actual: string, exact: string): void {
  const numbers = /\d{10,}/g;
  assert.equal(actual.replace(numbers, "N"), exact.replace(numbers, "N"));
  const got = actual.match(numbers)!.map(BigInt);
  const want = exact.match(numbers)!.map(BigInt);
  got.forEach((ns, i) => {
    const off = ns > want[i] ? ns - want[i] : want[i] - ns;
    assert.ok(off < 1000n, `${ns} is ${off} ns from ${want[i]}`);
  });
}

for (const runtime of RUNTIMES) {
  Deno.test(`${runtime.name}: a Go guest sets and reads file times to the nanosecond`, async () => {
    assert.equal(await times(runtime, "go/fs/main.wasm"), GO_EXACT);
  });

  Deno.test(`${runtime.name}: a C guest's utimensat and futimens are exact to the nanosecond, UTIME_OMIT included`, async () => {
    assert.equal(await times(runtime, "c/fs.wasm"), C_EXACT);
  });
}

Deno.test({
  name: "node without its FFI: file times within a microsecond of those asked for",
  ignore: !RUNTIMES.includes(NODE),
  async fn() {
    assertWithinMicrosecond(await times(NODE_NO_FFI, "c/fs.wasm"), C_EXACT);
  },
});

Deno.test("deno without --allow-ffi: file times fall back to milliseconds", async () => {
  assert.equal(
    await times(DENO_NO_FFI, "go/fs/main.wasm", true),
    GO_EXACT.replace("111111111", "111000000").replace("111111111", "111000000")
      .replace("123456789", "123000000").replace("000000005", "000000000"),
  );
});
