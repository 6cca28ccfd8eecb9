/** The quality gate runs with the tests: formatting, lint, types, API docs. */
import assert from "node:assert/strict";
import { ROOT } from "./_helpers.ts";

async function deno(args: string[]) {
  const out = await new Deno.Command(Deno.execPath(), {
    args,
    cwd: ROOT,
    stdout: "piped",
    stderr: "piped",
  }).output();
  const text = new TextDecoder();
  return { code: out.code, output: text.decode(out.stdout) + text.decode(out.stderr) };
}

Deno.test("deno fmt --check finds nothing to change", async () => {
  const r = await deno(["fmt", "--check"]);
  assert.equal(r.code, 0, r.output);
});

Deno.test("deno lint finds no problem", async () => {
  const r = await deno(["lint"]);
  assert.equal(r.code, 0, r.output);
});

Deno.test("deno doc --lint mod.ts is clean: every export documented", async () => {
  const r = await deno(["doc", "--lint", "mod.ts"]);
  assert.equal(r.code, 0, r.output);
});

Deno.test("deno check passes on mod.ts, cli.ts, tests/ and bench/ (the Bun and Node files too)", async () => {
  const r = await deno(["check", "mod.ts", "cli.ts", "tests/", "bench/"]);
  assert.equal(r.code, 0, r.output);
});
