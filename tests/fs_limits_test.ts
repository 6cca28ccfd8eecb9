/**
 * A file grown past the host's RLIMIT_FSIZE: every way (ftruncate,
 * posix_fallocate, pwrite, lseek + write) answers EFBIG to the guest, never
 * an internal error or a SIGXFSZ death (testdata/c/efbig.c): wasirun ignores
 * SIGXFSZ through FFI, or with a no-op handler without it (Deno without
 * --allow-ffi); Bun ignores it itself.
 */
import assert from "node:assert/strict";
import * as fs from "node:fs";
import {
  assertQuietStderr,
  DENO_NO_FFI,
  fixture,
  runShell,
  type Runtime,
  RUNTIMES,
  shellQuote,
} from "./_helpers.ts";

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

for (const runtime of RUNTIMES) {
  Deno.test(`${runtime.name}: a stdout write cut short by RLIMIT_FSIZE tells the guest what it wrote, then EFBIG`, async () => {
    // The write that crossed the limit answered EFBIG though its first bytes had landed, and a
    // guest writing again wrote them twice (a helper's full disk; the same for ENOSPC).
    const dir = Deno.makeTempDirSync({ prefix: "wasirun-fsize-" });
    try {
      const cmd = [...runtime.command, fixture("c/efbig.wasm"), "fill"].map(shellQuote).join(" ");
      const r = await runShell(`trap '' XFSZ; ulimit -f 1; exec ${cmd} > ${shellQuote(dir)}/out`);
      assert.equal(r.stderr, "short 21\nfailed: File too large after 1024\n");
      assert.equal(r.code, 0);
      assert.equal(fs.statSync(`${dir}/out`).size, 1024);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
}

/** What testdata/c/far.c prints on tmpfs natively (2^63 - 1 its largest file), with FFI here. */
const FAR_EXPECTED = `pwrite 2^53+1: 1
pread 2^53+1: 1
byte: C
size: 9007199254740994
lseek 2^53+2: 9007199254740994
write: 2
tell: 9007199254740996
lseek 2^53+1: 9007199254740993
read: 3
bytes: CDE
ftruncate 2^62+3: 0
size: 4611686018427387907
posix_fallocate: ok
size: 4611686018427387912
ftruncate 2^40: 0
pread 2^53+1 past the end: 0
`;

const TMPFS = "/dev/shm";

for (const runtime of RUNTIMES) {
  Deno.test({
    name: `${runtime.name}: offsets and sizes past 2^53 reach a tmpfs file exactly, as natively`,
    ignore: !fs.existsSync(TMPFS),
    fn: async () => {
      const dir = fs.realpathSync(Deno.makeTempDirSync({ dir: TMPFS, prefix: "wasirun-far-" }));
      try {
        const out = await new Deno.Command(runtime.command[0], {
          args: [...runtime.command.slice(1), "--dir", `${dir}::/w`, fixture("c/far.wasm"), "/w"],
          stdout: "piped",
          stderr: "piped",
        }).output();
        assertQuietStderr(new TextDecoder().decode(out.stderr), false);
        assert.equal(new TextDecoder().decode(out.stdout), FAR_EXPECTED);
        assert.equal(out.code, 0);
        assert.equal(fs.statSync(`${dir}/far`, { bigint: true }).size, 1n << 40n);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    },
  });
}

/** What testdata/c/far.c's `stdio` mode prints natively: a transfer ending past 2^63 - 1. */
const STDIO_FAR_EXPECTED = `stdin pread at 2^63-1: Invalid argument
stdout pwrite at 2^63-1: Invalid argument
`;

for (const [runtime, resolver] of CASES) {
  Deno.test(`${runtime.name}, ${resolver}: stdio on files, a pread or pwrite ending past 2^63 - 1 is EINVAL, as natively`, async () => {
    const dir = fs.realpathSync(Deno.makeTempDirSync({ prefix: "wasirun-stdiofar-" }));
    try {
      fs.writeFileSync(`${dir}/in`, "hi\n");
      fs.writeFileSync(`${dir}/out`, "");
      const cmd = [...runtime.command, fixture("c/far.wasm"), "stdio"].map(shellQuote).join(" ");
      const out = await new Deno.Command("sh", {
        args: ["-c", `exec ${cmd} <${shellQuote(`${dir}/in`)} 1<>${shellQuote(`${dir}/out`)}`],
        env: { WASIRUN_RESOLVER: resolver.split(" ")[0] },
        stdout: "piped",
        stderr: "piped",
      }).output();
      assert.equal(new TextDecoder().decode(out.stderr), STDIO_FAR_EXPECTED);
      assert.equal(out.code, 0);
      assert.equal(fs.statSync(`${dir}/out`).size, 0); // nothing written anywhere
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
}

/** What testdata/c/far.c's `times` mode prints under wasmtime: past u64 nanoseconds is EOVERFLOW. */
const TIMES_EXPECTED = `stat late: Value too large for data type
fstat late: Value too large for data type
stat last: 18446744073
fstat last: 18446744073
`;

// Deno without -A may not open /dev/shm (its permissions keep /dev for -A): the procfs cases
// take node:fs's stats, as that one would.
for (const [runtime, resolver] of CASES.filter(([rt]) => rt !== DENO_NO_FFI)) {
  Deno.test({
    name:
      `${runtime.name}, ${resolver}: a file time past 2^64 ns (2554) is EOVERFLOW, as wasmtime answers`,
    ignore: !fs.existsSync(TMPFS), // tmpfs keeps such times; ext4 clamps them to 2446
    fn: async () => {
      const dir = fs.realpathSync(Deno.makeTempDirSync({ dir: TMPFS, prefix: "wasirun-times-" }));
      try {
        // 2^64 ns is 18446744073709.551616 ms: one ms past it, and the ms before.
        for (const [name, ms] of [["late", 18446744073710], ["last", 18446744073709]] as const) {
          fs.writeFileSync(`${dir}/${name}`, "");
          fs.utimesSync(`${dir}/${name}`, new Date(ms), new Date(ms));
        }
        const out = await new Deno.Command(runtime.command[0], {
          args: [
            ...runtime.command.slice(1),
            "--dir",
            `${dir}::/w`,
            fixture("c/far.wasm"),
            "times",
            "/w",
          ],
          env: { WASIRUN_RESOLVER: resolver.split(" ")[0] },
          stdout: "piped",
          stderr: "piped",
        }).output();
        assert.equal(
          new TextDecoder().decode(out.stdout),
          TIMES_EXPECTED,
          new TextDecoder().decode(out.stderr),
        );
        assert.equal(out.code, 0);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    },
  });
}
