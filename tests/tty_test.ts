/**
 * wasirun on a real terminal (a pseudo-terminal), driven by Python's `pty`
 * helpers (tests/pty_background.py): Deno has no pty API. Skipped where
 * python3 is missing.
 */
import assert from "node:assert/strict";
import { fixture, runProcess, RUNTIMES } from "./_helpers.ts";

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
