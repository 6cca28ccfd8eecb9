/**
 * A file grown past the host's RLIMIT_FSIZE: every way (ftruncate,
 * posix_fallocate, pwrite, lseek + write) answers EFBIG to the guest, never
 * an internal error or a SIGXFSZ death (testdata/c/efbig.c). Needs FFI under
 * Deno (wasirun ignores SIGXFSZ through it); Bun ignores it itself.
 */
import assert from "node:assert/strict";
import * as fs from "node:fs";
import { fixture, RUNTIMES, shellQuote } from "./_helpers.ts";

const EXPECTED = `ftruncate: File too large
posix_fallocate: File too large
pwrite: File too large
lseek+write: File too large
small write: ok
`;

for (const runtime of RUNTIMES) {
  for (const resolver of ["openat2", "procfs"]) {
    Deno.test(`${runtime.name}, ${resolver}: growing a file past RLIMIT_FSIZE is EFBIG`, async () => {
      const dir = fs.realpathSync(Deno.makeTempDirSync({ prefix: "wasirun-fsize-" }));
      try {
        const cmd = [...runtime.command, "--dir", `${dir}::/w`, fixture("c/efbig.wasm"), "/w"]
          .map(shellQuote).join(" ");
        const out = await new Deno.Command("sh", {
          args: ["-c", `ulimit -f 102400; exec ${cmd}`],
          env: { WASIRUN_RESOLVER: resolver },
          stdout: "piped",
          stderr: "piped",
        }).output();
        assert.equal(new TextDecoder().decode(out.stderr), "");
        assert.equal(new TextDecoder().decode(out.stdout), EXPECTED);
        assert.equal(out.code, 0);
        assert.equal(fs.statSync(`${dir}/big`).size, 2);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });
  }
}
