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
