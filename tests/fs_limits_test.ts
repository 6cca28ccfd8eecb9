/**
 * A file grown past the host's RLIMIT_FSIZE: every way (ftruncate,
 * posix_fallocate, pwrite, lseek + write) answers EFBIG to the guest, never
 * an internal error or a SIGXFSZ death (testdata/c/efbig.c): wasirun ignores
 * SIGXFSZ through FFI, or with a no-op handler without it (Deno without
 * --allow-ffi); Bun ignores it itself.
 */
import assert from "node:assert/strict";
import * as fs from "node:fs";
import { assertQuietStderr, CLI, fixture, type Runtime, RUNTIMES, shellQuote } from "./_helpers.ts";

/** Deno without FFI: node:fs on host paths, no way to ignore the signal but a handler. */
const DENO_NO_FFI: Runtime = {
  name: "deno",
  command: [Deno.execPath(), "run", "--allow-read", "--allow-write", "--allow-env", CLI],
};

const EXPECTED = `ftruncate: File too large
posix_fallocate: File too large
pwrite: File too large
lseek+write: File too large
small write: ok
`;

const CASES: [Runtime, string][] = [
  ...RUNTIMES.flatMap((rt): [Runtime, string][] => [[rt, "openat2"], [rt, "procfs"]]),
  [DENO_NO_FFI, "paths (no --allow-ffi)"],
];

for (const [runtime, resolver] of CASES) {
  Deno.test(`${runtime.name}, ${resolver}: growing a file past RLIMIT_FSIZE is EFBIG`, async () => {
    const dir = fs.realpathSync(Deno.makeTempDirSync({ prefix: "wasirun-fsize-" }));
    try {
      const cmd = [...runtime.command, "--dir", `${dir}::/w`, fixture("c/efbig.wasm"), "/w"]
        .map(shellQuote).join(" ");
      const out = await new Deno.Command("sh", {
        args: ["-c", `ulimit -f 102400; exec ${cmd}`],
        env: { WASIRUN_RESOLVER: resolver.split(" ")[0] },
        stdout: "piped",
        stderr: "piped",
      }).output();
      assertQuietStderr(new TextDecoder().decode(out.stderr), resolver.startsWith("paths"));
      assert.equal(new TextDecoder().decode(out.stdout), EXPECTED);
      assert.equal(out.code, 0);
      assert.equal(fs.statSync(`${dir}/big`).size, 2);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
}
