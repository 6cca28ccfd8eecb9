/**
 * What an embedding of the library sees on each runtime, in a process of its
 * own: tests/embedding/ends.ts runs one case, and the process must end by
 * itself soon after the run (a timer, a pending flush or a listener of a
 * finished run held it for the rest of a guest's sleep, or for ever).
 */
import assert from "node:assert/strict";
import { ROOT, runCli, runningScript, type Runtime, RUNTIMES } from "./_helpers.ts";

const SCRIPT = `${ROOT}tests/embedding/ends.ts`;

const CASES: [string, RegExp][] = [
  ["sleep-interrupt", /^code=130$/],
  ["wait-abort", /^rejected: stop$/],
  ["stuck-abort", /^rejected: stop$/],
  ["stuck-interrupt", /^code=7$/],
  [
    "close-during-start",
    /^code=0 close=WasiRunError: the guest is running: await start\(\)\/call\(\) before close\(\) out="slept 300\\n"$/,
  ],
  [
    "bad-streams",
    new RegExp(
      "^WasiRunError: options.stdout is a locked stream: another writer holds it " +
        "\\(a stream serves one run: wasirun closes it at the end\\) " +
        "\\| WasiRunError: options.stdin is a locked stream: another reader holds it " +
        "\\| WasiRunError: cannot fetch http://127.0.0.1:\\d+/x.wasm: [^|]+$",
    ),
  ],
  [
    "bad-stdio-fd",
    new RegExp(
      "^WasiRunError: options.stdout must be a host fd \\(an integer from 0 to 2147483647\\), " +
        "not 4294967298 \\| WasiRunError: options.stdin must be a host fd .*, not 2147483648 " +
        "\\| WasiRunError: options.stderr: fd 2147483647 is not open$",
    ),
  ],
  [
    "listener-early",
    /^code=0 reply="echo: early\\n" reuse=the listener on port \d+ is closed$/,
  ],
];

/**
 * tests/embedding/ends.ts's `name` case with stdin a pipe that stays open, never written: its
 * stdout, its exit code, and when it exited (`Date.now()`).
 */
async function withSilentStdin(
  runtime: Runtime,
  name: string,
): Promise<{ text: string; code: number; exited: number }> {
  const [cmd, ...pre] = runningScript(runtime, SCRIPT).command;
  const child = new Deno.Command(cmd, {
    args: [...pre, name],
    cwd: ROOT,
    stdin: "piped", // open, never written
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const killer = setTimeout(() => child.kill("SIGKILL"), 10_000);
  const status = await child.status;
  const exited = Date.now();
  clearTimeout(killer);
  const out = await child.output();
  await child.stdin.close().catch(() => {});
  const text = new TextDecoder().decode(out.stdout);
  assert.equal(status.code, 0, new TextDecoder().decode(out.stderr));
  return { text, code: status.code, exited };
}

for (const runtime of RUNTIMES) {
  Deno.test(`${runtime.name}: an embedding whose guest waited on a stdin pipe nobody writes ends`, async () => {
    const { text } = await withSilentStdin(runtime, "stdin-interrupt");
    assert.match(text, /^code=130\nms=\d+\nend=\d+\n$/);
  });

  Deno.test(`${runtime.name}: an embedding whose guest polled a stdin pipe nobody writes ends at once`, async () => {
    const { text, exited } = await withSilentStdin(runtime, "stdin-poll");
    const m = text.match(/^timeout\ncode=0\nms=\d+\nend=(\d+)\n$/);
    assert.ok(m, text);
    // The guest's poll, 300 ms, waits on a thread (Deno's FFI thread, Bun's and Node's Worker)
    // in poll(2)s of 250 ms: one still out held Deno's and Node's process up to the rest of it
    // (~200 ms here); closing the run now ends it (~10 ms).
    const lingered = exited - Number(m[1]);
    assert.ok(lingered < 150, `the process ended ${lingered} ms after the run`);
  });

  Deno.test(`${runtime.name}: an embedding whose guest polled a FIFO it opened ends at once`, async () => {
    const { text, exited } = await withSilentStdin(runtime, "fifo-poll");
    const m = text.match(
      /^poll: 0\ncode=0\nms=\d+\nend=(\d+)\n$/,
    );
    assert.ok(m, text);
    // As the stdin pipe's above: the poll's wait, in poll(2)s of 250 ms on Deno's FFI thread,
    // is ended by the FIFO's close.
    const lingered = exited - Number(m[1]);
    assert.ok(lingered < 150, `the process ended ${lingered} ms after the run`);
  });

  Deno.test(`${runtime.name}: runs whose guest polled a stdin pipe leave no eventfd behind`, async () => {
    const { text } = await withSilentStdin(runtime, "stdin-polls-fds");
    assert.match(text, /^codes=0,0,0,0,0,0,0 eventfds=\+0\nms=\d+\nend=\d+\n$/);
  });

  for (const [name, expected] of CASES) {
    Deno.test(`${runtime.name}: an embedding's ${name} run ends, and so does its process`, async () => {
      const t0 = performance.now();
      const r = await runCli(runningScript(runtime, SCRIPT), [name]);
      const wall = performance.now() - t0;
      assert.equal(r.code, 0, r.stderr);
      const [line, ms] = r.stdout.trim().split("\n");
      assert.match(line, expected);
      assert.ok(Number(ms.slice(3)) < 5000, r.stdout);
      // The process's own start and end around the run: seconds only if something held it.
      assert.ok(
        wall < Number(ms.slice(3)) + 5000,
        `process took ${Math.round(wall)} ms: ${r.stdout}`,
      );
    });
  }
}
