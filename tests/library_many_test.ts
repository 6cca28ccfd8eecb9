/**
 * Many runs in one process, as an embedder has them: tests/embedding/many.ts
 * runs one case on each runtime, printing one line per run, and its process
 * must end by itself afterwards (a hang is killed and fails the test).
 */
import assert from "node:assert/strict";
import { ROOT, runCli, runningScript, RUNTIMES } from "./_helpers.ts";

const SCRIPT = `${ROOT}tests/embedding/many.ts`;
/** What `main args N` prints, as the case shows it. */
const args = (n: number) => JSON.stringify(`argc=3\nargv[0]=main\nargv[1]=args\nargv[2]=${n}\n`);

const CASES: [string, string[]][] = [
  [
    "at-once",
    [
      ...[0, 1, 2, 3].map((k) => `exit ${k}: code=${k} ""`),
      `failing stdin: code=1 "x\\n" "error: read: I/O error\\n"`,
      "go 1 MiB into a slow stream: code=0 bytes=1048576 bad=0",
      "go 2 MiB into a slow stream: code=0 bytes=2097152 bad=0",
      ...[40, 41, 42, 43].map((k) => `go exit ${k}: code=${k} ""`),
      `go failing stdin: code=1 "x\\n" "error: read /dev/stdin: I/O error\\n"`,
      "go panic: code=2 panic: trap mode",
      "go sleep, aborted: rejected Error: c",
      `go sleep: code=0 "slept 120\\n"`,
      `go slow stdin: code=0 "A\\nB\\n"`,
      ...[0, 1, 2, 3, 4, 5, 6, 7].map((i) => `module reused ${i}: code=0 ${args(i)}`),
      "naps, aborted at the 20th: rejected Error: d",
      "open stdin, aborted: rejected Error: a",
      `runs from a stdout callback: code=0 inner codes=0 "P\\nQ\\n"`,
      "sleep, aborted: rejected Error: b",
      `sleep: code=0 "slept 100\\n"`,
      `slow stdin: code=0 "a\\nb\\nc\\n"`,
      "trap: rejected Error: a GuestTrap",
    ],
  ],
  [
    "fifo-opens",
    [
      "readfile 0: code=20",
      "fifo-write 1: code=21",
      "readfile 2: code=22",
      "fifo-write 3: code=23",
      "readfile 4: rejected Error: stop",
      "fifo-write 5: rejected Error: stop",
      `beside: code=0 "slept 50\\n"`,
      "own fs call: true",
      "fds into the directory at exit: 0",
    ],
  ],
  [
    "fifo-open-parent",
    [
      ...[1, 2, 3, 4].map(() => `code=0 ""`),
      `a: code=0 ""`,
      `b: code=0 "held x\\n"`,
      `b's file: "b's own\\n"`,
    ],
  ],
  [
    "stalled-beside-moving",
    [
      "stalled: code=7",
      "the other's output moved meanwhile: true",
      "moving: rejected Error: stop",
    ],
  ],
];

for (const runtime of RUNTIMES) {
  for (const [name, expected] of CASES) {
    Deno.test(`${runtime.name}: many runs in one process (${name}): each its own, then the process ends`, async () => {
      const r = await runCli(runningScript(runtime, SCRIPT), [name]);
      assert.equal(r.stderr, "");
      assert.equal(r.code, 0);
      assert.deepEqual(r.stdout.trimEnd().split("\n"), expected);
    });
  }
}
