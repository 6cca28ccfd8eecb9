/** The library under Node 26's own test runner (tests/node/library.test.ts). */
import assert from "node:assert/strict";
import { NODE, runProcess } from "./_helpers.ts";

Deno.test("the library passes its Node tests under `node --test`", async () => {
  const out = await runProcess(NODE.command[0], [
    "--test",
    "--test-reporter=spec",
    "tests/node/library.test.ts",
  ]);
  const text = out.stdout + out.stderr;
  assert.equal(out.code, 0, text);
  assert.match(text, /\bpass 6\b/);
  assert.match(text, /\bfail 0\b/);
});
