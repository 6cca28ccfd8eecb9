/** The library under Node 26's own test runner (tests/node/library.test.ts). */
import assert from "node:assert/strict";
import { NODE, ROOT } from "./_helpers.ts";

Deno.test("the library passes its Node tests under `node --test`", async () => {
  const out = await new Deno.Command(NODE.command[0], {
    args: ["--test", "--test-reporter=spec", "tests/node/library.test.ts"],
    cwd: ROOT,
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).output();
  const text = new TextDecoder().decode(out.stdout) + new TextDecoder().decode(out.stderr);
  assert.equal(out.code, 0, text);
  assert.match(text, /\bpass 6\b/);
  assert.match(text, /\bfail 0\b/);
});
