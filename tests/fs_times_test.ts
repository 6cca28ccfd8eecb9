/**
 * File times to the nanosecond (lib/host/libc.ts): exact through FFI
 * (`utimensat`, `futimens`, `statx`) under Deno with FFI allowed and under
 * Bun; milliseconds through node:fs under Deno without --allow-ffi.
 */
import assert from "node:assert/strict";
import * as fs from "node:fs";
import { CLI, fixture, runCli, type Runtime, RUNTIMES } from "./_helpers.ts";

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
const DENO_NO_FFI: Runtime = {
  name: "deno",
  command: [Deno.execPath(), "run", "--allow-read", "--allow-write", "--allow-env", CLI],
};

async function times(runtime: Runtime, guest: string): Promise<string> {
  const dir = fs.realpathSync(Deno.makeTempDirSync({ prefix: "wasirun-times-" }));
  try {
    const r = await runCli(runtime, ["--dir", `${dir}::/w`, fixture(guest), "times", "/w"]);
    assert.equal(r.stderr, "");
    assert.deepEqual(fs.readdirSync(dir), []);
    return r.stdout;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

for (const runtime of RUNTIMES) {
  Deno.test(`${runtime.name}: a Go guest sets and reads file times to the nanosecond`, async () => {
    assert.equal(await times(runtime, "go/fs/main.wasm"), GO_EXACT);
  });

  Deno.test(`${runtime.name}: a C guest's utimensat and futimens are exact, UTIME_OMIT included`, async () => {
    assert.equal(await times(runtime, "c/fs.wasm"), C_EXACT);
  });
}

Deno.test("deno without --allow-ffi: file times fall back to milliseconds", async () => {
  assert.equal(
    await times(DENO_NO_FFI, "go/fs/main.wasm"),
    GO_EXACT.replace("111111111", "111000000").replace("111111111", "111000000")
      .replace("123456789", "123000000").replace("000000005", "000000000"),
  );
});
