/**
 * wasirun on a real terminal (a pseudo-terminal), driven by Python's `pty`
 * helpers (tests/pty_background.py): Deno has no pty API. Skipped where
 * python3 is missing.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { DENO_NO_FFI, fixture, runProcess, RUNTIMES, sha256, shellQuote } from "./_helpers.ts";

const python = (() => {
  try {
    return new Deno.Command("python3", { args: ["-c", ""] }).outputSync().success;
  } catch {
    return false;
  }
})();
if (!python) console.warn("tests/tty_test.ts: python3 is missing: its pty tests are skipped");

for (const runtime of RUNTIMES) {
  Deno.test({
    name: `${runtime.name}: a background job reading the terminal stops (SIGTTIN), as natively`,
    ignore: !python,
    fn: async () => {
      // `wasirun app.wasm cat &` in an interactive shell: the job's first read of the terminal
      // stops it (the shell shows "Stopped (tty input)"); `fg` continues it, and it reads what
      // is typed then. On Node it sat waiting unstopped: libuv reads only once epoll says the
      // terminal is readable, which it never is for a job before something is typed.
      for (const wasm of ["c/main.wasm", "go/main.wasm"]) {
        const r = await runProcess("python3", [
          "tests/pty_background.py",
          ...runtime.command,
          fixture(wasm),
          "cat",
        ]);
        assert.equal(r.stdout, "stopped SIGTTIN\nexit 0\nq\nq\n", `${wasm}: ${r.stderr}`);
        // `timeout 5 wasirun app.wasm cat` typed in a shell (no --foreground): the job stops the
        // same way, and timeout's SIGTERM, sent with a SIGCONT, ends it, as natively. The
        // runtime's handler caught the SIGTERM, and the read, restarted, stopped the job again
        // for good (helper-194: Deno 4 in 10, Bun and Node 3 in 10; each such run waits 20 s).
        const term = await runProcess("python3", [
          "tests/pty_background.py",
          "--term",
          ...runtime.command,
          fixture(wasm),
          "cat",
        ]);
        assert.equal(term.stdout, "stopped SIGTTIN\nsignal 15\n", `${wasm}: ${term.stderr}`);
        // Started with SIGTERM ignored (`trap '' TERM`), it reads again and is stopped again, as
        // natively: the terminal's read with the default action died of it (helper-197). Deno
        // only: Node resets an ignored signal at its start, and Bun dies of it in its own reads.
        if (runtime.name !== "deno") continue;
        const quoted = [...runtime.command, fixture(wasm), "cat"].map(shellQuote).join(" ");
        const ignored = await runProcess("python3", [
          "tests/pty_background.py",
          "--term",
          "sh",
          "-c",
          `trap '' TERM; exec ${quoted}`,
        ]);
        assert.equal(ignored.stdout, "stopped SIGTTIN\nstopped again SIGTTIN\n", ignored.stderr);
      }
    },
  });
}

for (const runtime of RUNTIMES) {
  Deno.test({
    name: `${runtime.name}: lines typed ahead that the guest does not read stay for the shell`,
    ignore: !python,
    fn: async () => {
      // A read(2) of a terminal takes at most one line and no more than it asks for; what the
      // guest leaves is the shell's next command line. On Node, a read ahead of the guest (and
      // a poll's read of a whole line) took them, lost when the guest ended.
      const cases: [string, string[], string, string][] = [
        ["c/main.wasm", ["read-once", "3"], "read=abc", "def\\nghi\\n"],
        ["c/main.wasm", ["poll-stdin", "20000"], "ready read=abcdef", "ghi\\n"],
        ["go/main.wasm", ["ticker-stdin"], "line=abcdef", "ghi\\n"],
      ];
      for (const [wasm, args, out, left] of cases) {
        const r = await runProcess("python3", [
          "tests/pty_typeahead.py",
          ...runtime.command,
          fixture(wasm),
          ...args,
        ]);
        assert.equal(
          r.stdout,
          `${out}\nstatus 0\nleft b'${left}'\n`,
          `${wasm} ${args}: ${r.stderr}`,
        );
      }
    },
  });
}

for (const runtime of RUNTIMES.filter((r) => r.name !== "node")) {
  Deno.test({
    name:
      `${runtime.name}: a read waiting on the terminal when it hangs up fails with EIO, the next reads 0`,
    ignore: !python,
    fn: async () => {
      // SIGHUP ignored (nohup), the pty's master closed while the guest waits in read(2):
      // natively that read fails with EIO and the next one reads 0, as under wasmtime. Deno's
      // wait is a poll(2), after which the read found the hung-up terminal's 0: EOF. Node resets
      // an ignored SIGHUP at its start (README), so it dies of the hangup.
      const dir = await Deno.makeTempDir();
      try {
        const r = await runProcess("python3", [
          "tests/pty_hangup.py",
          `${dir}/log`,
          ...runtime.command,
          "--dir",
          dir,
          fixture("c/hangup.wasm"),
          `${dir}/log`,
        ]);
        assert.equal(r.stdout, "reading\nfirst: EIO\nsecond: 0\nstatus 0\n", r.stderr);
      } finally {
        await Deno.remove(dir, { recursive: true });
      }
    },
  });
}

for (const runtime of [...RUNTIMES, DENO_NO_FFI]) {
  Deno.test({
    name:
      `${runtime.name}: a terminal someone else made O_NONBLOCK gets the guest's output once, whole`,
    ignore: !python,
    fn: async () => {
      // A crashed Node program leaves the terminal's description O_NONBLOCK, shared with the
      // next program. The guest's blocking writes met EAGAIN once the terminal was full: an
      // internal error (exit 70) on every host, and Deno without FFI repeated output for ever.
      const dir = await Deno.makeTempDir();
      try {
        const input = join(dir, "input");
        const lines = Array.from({ length: 5000 }, (_, i) => `line ${i} ${"x".repeat(i % 70)}\n`);
        const bytes = new TextEncoder().encode(lines.join(""));
        await Deno.writeFile(input, bytes);
        const r = await runProcess("python3", [
          "tests/pty_nonblocking.py",
          input,
          ...runtime.command,
          fixture("c/main.wasm"),
          "cat",
        ]);
        const expected = `bytes=${bytes.length} sha256=${await sha256(bytes)} exit=0\n`;
        assert.equal(r.stdout, expected, r.stderr);
      } finally {
        await Deno.remove(dir, { recursive: true });
      }
    },
  });
}
