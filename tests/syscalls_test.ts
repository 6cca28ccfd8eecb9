/**
 * Syscall-level behaviour seen by guests that call WASI directly (the WAT
 * fixtures and the C fixture's raw modes): exact errno per call.
 */
import assert from "node:assert/strict";
import { assertStdout, fixture, runCli, RUNTIMES } from "./_helpers.ts";

const EFAULT_CALLS = [
  "args_sizes_get",
  "args_get",
  "environ_sizes_get",
  "environ_get",
  "clock_res_get",
  "clock_time_get",
  "random_get",
  "fd_write_iovs",
  "fd_write_buf",
  "fd_read_iovs",
  "fd_read_buf",
  "fd_fdstat_get",
  "fd_prestat_get",
  "fd_prestat_dir_name",
];
/** Zero-length buffers at out-of-bounds addresses touch nothing: 0, as Linux and wasmtime answer. */
const ZERO_LENGTH_CALLS = [
  "zero_random_get",
  "zero_fd_write_buf",
  "zero_fd_write_iovs",
  "zero_fd_read_buf",
];

for (const runtime of RUNTIMES) {
  const t = (name: string, fn: () => Promise<void>) => Deno.test(`${runtime.name}: ${name}`, fn);

  t(
    "every out-of-bounds pointer or length gives EFAULT, never a crash; zero bytes anywhere are fine",
    async () => {
      const r = await runCli(
        runtime,
        ["--env", "A=1", "--dir", "testdata", fixture("wat/efault.wasm"), "arg"],
        { stdin: "null" },
      );
      assert.equal(
        r.stdout,
        EFAULT_CALLS.map((c) => `${c}=21\n`).join("") +
          ZERO_LENGTH_CALLS.map((c) => `${c}=0\n`).join("") + "done\n",
      );
      assert.equal(r.stderr, "");
      assert.equal(r.code, 0);
    },
  );

  t("proc_raise signals nothing and answers NOTSUP, as wasmtime", async () => {
    const r = await runCli(runtime, [fixture("wat/proc_raise.wasm")]);
    assert.deepEqual([r.code, r.stderr], [58, ""]);
  });

  t("every fd-taking call on an unknown fd gives EBADF", async () => {
    const r = await runCli(runtime, [fixture("wat/badfd.wasm")]);
    assert.equal(
      r.stdout,
      "fd_write=8\nfd_read=8\nfd_fdstat_get=8\nfd_close=8\nfd_prestat_get=8\n",
    );
  });

  t(
    "clocks answer as wasmtime: realtime and monotonic work at a resolution of 1 ns, CPU clocks BADF, others INVAL",
    async () => {
      const r = await runCli(runtime, [fixture("wat/clocks.wasm")]);
      assert.equal(
        r.stdout,
        "res0=0 ns=1 time0=0 nonzero=1\nres1=0 ns=1 time1=0 nonzero=1\n" +
          "res2=8 ns=0 time2=8 nonzero=0\nres3=8 ns=0 time3=8 nonzero=0\n" +
          "res4=28 ns=0 time4=28 nonzero=0\n",
      );
    },
  );

  t(
    "clocks read in a loop never go back, and an absolute MONOTONIC deadline uses the same clock",
    async () => {
      // 5,000 reads: past lib/host/clock.ts's switch to clock_gettime through FFI (Deno, -A).
      const r = await runCli(runtime, [fixture("wat/clock_loop.wasm")]);
      assert.equal(r.stderr, "");
      assert.equal(r.code, 0); // see the fixture for what 1..5 mean
    },
  );

  t("guest memory views stay valid after memory.grow", async () => {
    const r = await runCli(runtime, [fixture("wat/grow.wasm")]);
    assertStdout(r, "grown\n");
  });

  t("a 4 GiB memory's last aligned words are read and written (iovec, nwritten)", async () => {
    const r = await runCli(runtime, [fixture("wat/grow_4g.wasm")]);
    assertStdout(r, "4g\n");
    assert.equal(r.code, 0); // 1: nwritten never written; see the fixture
  });

  t("preopens are listed in --dir order from fd 3, then EBADF", async () => {
    const r = await runCli(runtime, [
      "--dir",
      "testdata",
      "--dir",
      "lib::/lib",
      "--dir=tests::/ünï",
      fixture("c/main.wasm"),
      "preopens",
    ]);
    assertStdout(r, "fd3=testdata\nfd4=/lib\nfd5=/ünï\nend errno=8\n");
  });

  t("fd_fdstat_get reports what the host stdio fds really are", async () => {
    const pipe = await runCli(runtime, [fixture("c/main.wasm"), "fdstat"], { stdin: "x" });
    // stdin is a pipe, stdout and stderr are pipes to the test
    assert.equal(pipe.stdout, "fd0=unknown\nfd1=unknown\nfd2=unknown\n");
    const devnull = await runCli(runtime, [fixture("c/main.wasm"), "fdstat"], { stdin: "null" });
    assert.match(devnull.stdout, /^fd0=character_device\n/);
    const file = await runCli(runtime, [fixture("c/main.wasm"), "fdstat"], { stdinFile: "cli.ts" });
    assert.match(file.stdout, /^fd0=regular_file\n/);
    // `< dir`: a directory, as natively and in wazero (its reads fail with EISDIR)
    const dir = await runCli(runtime, [fixture("c/main.wasm"), "fdstat"], { stdinFile: "lib" });
    assert.match(dir.stdout, /^fd0=directory\n/);
    const cat = await runCli(runtime, [fixture("c/main.wasm"), "cat"], { stdinFile: "lib" });
    assert.equal(cat.code, 1);
    assert.equal(cat.stderr, "error: read: Is a directory\n");
  });

  t("a closed fd answers EBADF afterwards", async () => {
    const r = await runCli(runtime, [fixture("c/main.wasm"), "close-stdout"]);
    assert.equal(r.stderr, "write errno=8\n");
    assertStdout(r, "");
  });
}

const POLL_CASES = (stdinHangup: 0 | 1) =>
  [
    "zero-subscriptions errno=28",
    "bad-fd errno=0 nevents=1 [ud=1 type=1 error=8 hangup=0]",
    "stdout-writable errno=0 nevents=1 [ud=3 type=2 error=0 hangup=0]",
    "cputime-clock errno=0 nevents=1 [ud=5 type=0 error=0 hangup=0]",
    "bad-clock-flags errno=0 nevents=1 [ud=6 type=0 error=28 hangup=0]",
    "bad-clock-flags-timeout-0 errno=0 nevents=1 [ud=7 type=0 error=28 hangup=0]",
    "zero-timeout-monotonic clean=yes  errno=0 nevents=1 [ud=18364758544493064720 type=0 error=0 hangup=0]",
    "zero-timeout-realtime clean=yes  errno=0 nevents=1 [ud=18364758544493064721 type=0 error=0 hangup=0]",
    "monotonic-relative errno=0 nevents=1 waited=ok",
    "monotonic-absolute errno=0 nevents=1 waited=ok",
    "realtime-relative errno=0 nevents=1 waited=ok",
    "realtime-absolute errno=0 nevents=1 waited=ok",
    "earliest-clock errno=0 nevents=1 [ud=21 type=0 error=0 hangup=0]",
    `stdin-read errno=0 nevents=1 [ud=30 type=1 error=0 hangup=${stdinHangup}]`,
    "bad-pointer errno=21",
    "",
  ].join("\n");

for (const runtime of RUNTIMES) {
  Deno.test(`${runtime.name}: poll_oneoff answers each edge case in the event, not the call`, async () => {
    const devnull = await runCli(runtime, [fixture("c/main.wasm"), "poll-cases"], {
      stdin: "null",
    });
    assert.equal(devnull.stdout, POLL_CASES(0));
    const emptyPipe = await runCli(runtime, [fixture("c/main.wasm"), "poll-cases"], { stdin: "" });
    assert.equal(emptyPipe.stdout, POLL_CASES(1));
  });
}
